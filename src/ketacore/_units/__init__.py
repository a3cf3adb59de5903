"""Private pieces of :mod:`ketacore.units`, one concept per module."""
