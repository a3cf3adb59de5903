"""ketacore: typed, unit-aware models of ketamine and esketamine therapy.

The top-level package is a thin re-export.
Submodules (``ketacore.units``, ``ketacore.doses``, ...) load on first use, so
``import ketacore`` stays light and does not import pint.
"""

from __future__ import annotations

from ketacore.exceptions import (
    BatchError,
    CdiscError,
    ConsentRequiredError,
    CourseError,
    DoseError,
    DuplicateSessionError,
    FhirError,
    FrozenQuantityError,
    KetacoreError,
    KetacoreWarning,
    MissingMeasurementError,
    NotInInstrumentError,
    PatientError,
    PatientMismatchError,
    RedcapError,
    RemsError,
    ResponseError,
    ScoringError,
    ScreeningError,
    SerializationError,
    SessionError,
    StaleMeasurementWarning,
    TableError,
    UnitError,
    UnknownInstrumentError,
    UnknownRuleError,
    ValidationError,
)

TYPE_CHECKING = False  # typing itself costs ~9 ms to import; mypy honours this name
if TYPE_CHECKING:
    __version__: str

__all__ = [
    "BatchError",
    "CdiscError",
    "ConsentRequiredError",
    "CourseError",
    "DoseError",
    "DuplicateSessionError",
    "FhirError",
    "FrozenQuantityError",
    "KetacoreError",
    "KetacoreWarning",
    "MissingMeasurementError",
    "NotInInstrumentError",
    "PatientError",
    "PatientMismatchError",
    "RedcapError",
    "RemsError",
    "ResponseError",
    "ScoringError",
    "ScreeningError",
    "SerializationError",
    "SessionError",
    "StaleMeasurementWarning",
    "TableError",
    "UnitError",
    "UnknownInstrumentError",
    "UnknownRuleError",
    "ValidationError",
    "__version__",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("ketacore")
    raise AttributeError(f"module 'ketacore' has no attribute {name!r}")
