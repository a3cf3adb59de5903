"""Private pieces of :mod:`ketacore.serialization`, one concept per module."""
