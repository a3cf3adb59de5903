"""The exceptions and warnings that ketacore raises.

Every exception ketacore raises on purpose is a :class:`KetacoreError`.
Errors about bad input also subclass :class:`ValueError`, so code that already
catches ``ValueError`` keeps working.

Messages name the field, the value received, what was expected and how to fix
it. They never contain a patient identifier or name.
"""

from __future__ import annotations

from typing import Any, Final

from ketacore._text import shown

__all__ = [
    "WITHHELD",
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
]


class KetacoreError(Exception):
    """Base class of every exception that ketacore raises on purpose.

    Catch this to handle any ketacore failure in one place.
    """


class _Withheld:
    """The :attr:`ValidationError.value` of an error about a value never shown (an identifier)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<withheld>"

    def __reduce__(self) -> str:
        return "WITHHELD"


WITHHELD: Final[Any] = _Withheld()
"""Stands for a rejected value that ketacore does not keep or show (a patient identifier)."""


class ValidationError(KetacoreError, ValueError):
    """Raised when input is rejected: a value of the wrong type, range or shape.

    The message names the field, the value received, what was expected and a fix.
    Construction fails as a whole: no half-built object is ever returned.

    The parts of the message are also attributes, so code can react without
    reading prose: :attr:`field`, :attr:`value`, :attr:`expected`, :attr:`fix`
    and, for rating-scale items, :attr:`item`. When *field* is given the message
    is built from them as ``"<field>: got <value>; expected <expected>; <fix>"``.

    >>> from ketacore.exceptions import ValidationError
    >>> error = ValidationError(field="weight", value="70", expected="a mass such as '70 kg'",
    ...                         fix="write the unit")
    >>> str(error)
    "weight: got '70' (str); expected a mass such as '70 kg'; write the unit"
    >>> error.field, error.value
    ('weight', '70')
    """

    field: str | None
    """The name of the rejected field or argument (``"dose"``, ``"items[3]"``), if known."""
    value: Any
    """The rejected value, or :data:`WITHHELD` when it is not kept (an identifier), or ``None``."""
    expected: str | None
    """What the field accepts, in words."""
    fix: str | None
    """How to correct the input, in words."""
    item: int | None
    """The rating-scale item number concerned (1-based), if the error is about one item."""

    def __init__(
        self,
        message: str | None = None,
        /,
        *,
        field: str | None = None,
        value: Any = None,
        got: str | None = None,
        expected: str | None = None,
        fix: str | None = None,
        item: int | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        self.fix = fix
        self.item = item
        if message is None:
            message = _compose(field, value, got, expected, fix)
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only attributes survive pickling (multiprocessing, Dask workers).
        return (_rebuild, (type(self), str(self), dict(self.__dict__)))


def _compose(
    field: str | None, value: Any, got: str | None, expected: str | None, fix: str | None
) -> str:
    if got is None:
        got = (
            "a value that is not shown"
            if value is WITHHELD
            else f"{shown(value)} ({type(value).__name__})"
        )
    parts = [f"{field or 'value'}: got {got}"]
    if expected:
        parts.append(f"expected {expected}")
    if fix:
        parts.append(fix)
    return "; ".join(parts)


def _rebuild(cls: type[ValidationError], message: str, state: dict[str, Any]) -> ValidationError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class UnitError(ValidationError):
    """Raised when a quantity's text or unit is rejected.

    For example no unit (``"35"``), an unknown unit (``"35 mgs"``), an
    expression (``"1 mg + 1 g"``), a comma decimal (``"0,5 mg"``), or a unit of
    the wrong kind for the field (``"70 cm"`` as a body weight).
    """


class DoseError(ValidationError):
    """Raised when a dose record cannot exist as entered.

    For example a dose that is a volume rather than a mass, a zero or negative
    amount, esketamine written in mg/kg, or a route the drug is not given by.
    """


class FrozenQuantityError(KetacoreError, AttributeError):
    """Raised when code tries to change a quantity that ketacore made or holds.

    Every quantity ketacore returns or keeps inside a value is immutable:
    converting it in place (pint's ``ito`` family), an in-place operator on an
    array magnitude, or assigning an attribute raises this error. Use
    ``q.to(unit)``, which returns a new quantity. It is also an
    :class:`AttributeError`, as assigning to a frozen attribute is in Python.
    """


class ScoringError(ValidationError):
    """Raised when rating-scale responses cannot be scored.

    For example the wrong number of items, an unknown item number, or a value
    outside the item's allowed range. The message names the instrument and item.
    """


class BatchError(ValidationError):
    """Raised when a batch of administrations cannot be scored as asked.

    For example an array that is not 2-D, the wrong number of item columns, a
    boolean or complex array, an unknown missing-item policy or band set, or a
    DataFrame column that does not exist. Bad *rows* never raise: they are
    reported in :attr:`ketacore.batch.BatchScores.errors` and the batch goes on.
    """


class SessionError(ValidationError):
    """Raised when a treatment-session record cannot exist as entered.

    For example a naive datetime, observation ending before dosing, vital signs
    taken outside the session, an adverse event resolved before its onset, or an
    esketamine dose that is not a whole number of 28 mg devices.
    """


class CourseError(ValidationError):
    """Raised when a treatment course, or a question asked of one, cannot exist as entered.

    For example a session before the course starts, a dose of another drug or
    route than the course's, two sessions with one id, a session of another
    patient, a patient under the protocol's minimum age, a dosing session before
    consent was signed, an unknown protocol id or a phase the protocol does not
    have. The message never contains a patient identifier.
    """


class ResponseError(ValidationError):
    """Raised when a response-status question is asked with bad arguments.

    For example a threshold outside 0–100 %, a partial-response threshold above
    the response threshold, a rule name the instrument does not have, a companion
    rating on the wrong instrument, or a trajectory whose dates are unsorted,
    duplicated, or mix naive and aware datetimes.
    Data that merely cannot be classified (a missing score, a baseline of 0) is
    not an error: :func:`ketacore.response.classify` reports it as not evaluable.
    """


class SerializationError(ValidationError):
    """Raised when a JSON document cannot be read back into a ketacore value.

    The message lists every problem with its JSON path
    (``$.data.amount.unit: ...``). Also raised for a document written by a
    newer ketacore than the one reading it.
    """

    problems: tuple[tuple[str, str], ...] = ()
    """Each problem as ``(JSON path, message)``, in document order (at most 20).

    ``(("$.data.amount.unit", "unit: got 'mgs', ..."),)``: the path says where,
    as in cattrs' errors, so code need not parse the message.
    """


class PatientError(ValidationError):
    """Raised when a patient record, or a part of one, cannot exist as entered.

    For example a weight of zero, a birth date after a measurement, a
    Child-Pugh class ``"D"`` or two weights on the same day. The message never
    contains the patient's identifier.
    """


class ScreeningError(ValidationError):
    """Raised when a contraindication screen cannot be run as asked.

    For example a patient under 18 (the rules are for adult clinics), an
    unknown rule id given to a rule set, or a naive datetime as the screening date.
    """


class TableError(ValidationError):
    """Raised when a research table, file or cohort request cannot be used as asked.

    For example an unreadable or empty file, a CSV without the item columns of the
    instrument asked for, a patient id that is not in the table, or Parquet input
    without pyarrow installed. The message names the file or column, the value and a fix.
    """


class CdiscError(ValidationError):
    """Raised when CDISC (SDTM / ADaM) rows or codes cannot be read or written as asked.

    For example an unknown ``QSTESTCD``, an answer outside the item's codelist, a
    ``QSCAT`` holding test codes of another instrument, a duplicated record, or a
    sponsor code table whose codes collide. Besides :attr:`field` (the SDTM
    variable, such as ``"QSTESTCD"``), :attr:`value`, :attr:`expected` and
    :attr:`fix`, it names the input row (0-based) in :attr:`row` when it is about one.
    Readers that keep good rows return these errors instead of raising them.
    """

    row: int | None
    """The 0-based index of the input row concerned, if the error is about one row."""

    def __init__(
        self,
        message: str | None = None,
        /,
        *,
        row: int | None = None,
        field: str | None = None,
        value: Any = None,
        got: str | None = None,
        expected: str | None = None,
        fix: str | None = None,
        item: int | None = None,
    ) -> None:
        self.row = row
        if message is None and row is not None:
            message = f"row {row}: " + _compose(field, value, got, expected, fix)
        super().__init__(
            message, field=field, value=value, got=got, expected=expected, fix=fix, item=item
        )


class FhirError(ValidationError):
    """Raised when a FHIR resource cannot be read or written as asked.

    For example a resource of the wrong type, an unknown questionnaire, an answer code
    not in the instrument's answer list, a duplicated or unknown ``linkId``, a value
    out of range, a unit that is not UCUM or not a mass, or an Observation without
    subject or effective time. :attr:`path` is the FHIR path of the bad element
    (``item[3].answer[0].valueCoding.code``); it is also :attr:`field`.
    """

    @property
    def path(self) -> str | None:
        """The FHIR path of the rejected element, e.g. ``item[3].answer[0].valueCoding.code``."""
        return self.field


class RedcapError(TableError):
    """Raised when a REDCap data dictionary or records export cannot be used as asked.

    For example a dictionary without the ``Variable / Field Name`` column, a records
    export that is not CSV or the API's JSON, or a form whose choices do not match
    the instrument's range when that form is asked for by name. It is a
    :class:`TableError`, so the command line reports it as it reports other input.
    Bad *rows* never raise: :mod:`ketacore.redcap` lists them, with their line, as
    :class:`ketacore.redcap.RowProblem` values and keeps the good rows.
    """


class RemsError(ValidationError):
    """Raised when a SPRAVATO REMS monitoring record cannot be built as asked.

    For example a session that is not an esketamine session, a session still in
    progress given where a finished one is needed, a monitoring end before its
    start, an unknown form version, or a setting, prescriber or patient identity
    of the wrong type. Identifying values (name, date of birth) are never shown:
    :attr:`~ValidationError.value` is :data:`WITHHELD` for them.
    """


class KetacoreWarning(UserWarning):
    """Base class of the warnings ketacore emits.

    Footguns are flagged, not forbidden: filter this class to silence them all.
    """


class StaleMeasurementWarning(KetacoreWarning):
    """Emitted when the measurement in force on a date is older than the allowed age.

    For example a body weight taken five months before a weight-based dose.
    The value is still returned; filter this warning to silence it.
    """


class UnknownInstrumentError(KetacoreError, LookupError, ValueError):
    """Raised when an instrument id is not in the catalogue.

    The message suggests the closest id, when one is close, and lists the known
    ids. It is also a :class:`LookupError` and a
    :class:`ValueError`.
    """


class NotInInstrumentError(KetacoreError, LookupError, ValueError):
    """Raised when an instrument has no item, band set or rule by the number or name asked for.

    The message lists what the instrument has. It is also a :class:`LookupError`
    and a :class:`ValueError`.
    """


class MissingMeasurementError(PatientError, LookupError):
    """Raised when a patient has no weight or height measured on or before the day asked about.

    :attr:`field` is ``"weight"`` or ``"height"`` and :attr:`value` the day. It is
    also a :class:`LookupError`, so code can tell "not recorded yet" from a bad record.
    """


class UnknownRuleError(ScreeningError, LookupError):
    """Raised when a rule set has no rule with the id asked for.

    :attr:`value` is the id; the message lists the ids the set has. It is also a
    :class:`LookupError`, as ``rules["id"]`` is a lookup.
    """


class DuplicateSessionError(CourseError):
    """Raised when a course would hold two sessions with one id.

    :attr:`~ValidationError.field` names the second one (``"sessions[3].id"``).
    """


class ConsentRequiredError(CourseError):
    """Raised when a course holds a dosing session with no consent signed on or before it.

    Record the consent with ``Patient.with_consent(ConsentRecord(...))``.
    Planned and psychotherapy sessions need no consent.
    """


class PatientMismatchError(CourseError):
    """Raised when a session or course is given for another patient than the course's.

    Neither identifier is kept or shown (:attr:`~ValidationError.value` is
    :data:`WITHHELD`).
    """
