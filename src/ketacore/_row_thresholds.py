"""The response thresholds for one table row: the one policy's rules for its course type.

A table row carries its course type as a cell (``"iv_ketamine"``, ``"esketamine"``,
anything else or nothing when the drug is not known). :func:`row_thresholds` is the
one place that turns such a cell into :class:`~ketacore.response.Thresholds`, for
:mod:`ketacore.tables`, :mod:`ketacore.plots`, the ``ketacore summary`` footnote and
:mod:`ketacore.batch`'s visit classification.
"""

from __future__ import annotations

from ketacore.exceptions import ResponseError, ValidationError
from ketacore.instruments import Instrument
from ketacore.response import Thresholds, thresholds_for
from ketacore.response._policy import course_type_of

__all__ = ["row_thresholds"]


def row_thresholds(
    instrument: Instrument,
    course: object,
    *,
    remission_rule: str | None = None,
    field: str = "remission_rule",
    error: type[ValidationError] = ValidationError,
) -> Thresholds:
    """The thresholds for a row whose course-type cell is ``course``.

    Args:
        instrument: The instrument scored.
        course: The row's course-type cell; a value that is not one of
            :data:`ketacore.response.COURSE_TYPES` means the drug is not known.
        remission_rule: A remission rule name that replaces the policy's.
        field: The argument named when ``remission_rule`` is not a rule of the instrument.
        error: The class of that error.

    Raises:
        ValidationError: (of class *error*) ``remission_rule`` names no remission rule
            of ``instrument``.
    """
    try:
        return thresholds_for(
            instrument, course_type=course_type_of(course), remission_rule=remission_rule
        )
    except ResponseError:
        if remission_rule is None:  # pragma: no cover - the policy's own rules always resolve
            raise
        names = [rule.name for rule in instrument.remission_rules]
        expected = (
            f"one of {instrument.short_name}'s remission rules: {', '.join(names)}"
            if names
            else f"no rule name: {instrument.short_name} has no remission rule"
        )
        raise error(
            field=field,
            value=remission_rule,
            expected=expected,
            fix="name a rule listed, or leave the rule to the policy",
        ) from None
