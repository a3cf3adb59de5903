"""Prior antidepressant trials and treatment-resistant depression (clinical reference 2.3)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, Final, cast

import attrs

from ketacore._choices import choose, choose_set
from ketacore._text import shown
from ketacore._validators import boolean, check_instance, count, fail, text
from ketacore.exceptions import PatientError
from ketacore.units import (
    Quantity,
    _hold,
    checked_magnitude,
    format_quantity,
    magnitude,
    parse_quantity,
)

__all__ = [
    "AntidepressantTrial",
    "TrdCriteria",
    "TreatmentResistance",
    "TrialOutcome",
    "treatment_resistance",
]


class TrialOutcome(enum.Enum):
    """How the patient responded to an antidepressant trial."""

    REMISSION = "remission"
    """Remission."""
    RESPONSE = "response"
    """Response: at least 50% improvement (clinical reference 2.1)."""
    PARTIAL_RESPONSE = "partial_response"
    """Partial response: 25-49% improvement (clinical reference 2.1, [?])."""
    NO_RESPONSE = "no_response"
    """No response: under 25% improvement (clinical reference 2.1)."""


def _to_outcome(value: object) -> TrialOutcome:
    return choose(TrialOutcome, value, field="outcome", error=PatientError)


def _to_duration(value: object) -> object:
    if isinstance(value, str):
        return parse_quantity(value, kind="time", field="duration", example="8 wk")
    return _hold(cast(Quantity, value))


def _above_zero(fix: str) -> Any:
    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not checked_magnitude(value, "time", "wk", field=attribute.name) > 0:
            fail(
                PatientError,
                attribute.name,
                value,
                "a duration above zero",
                fix,
                got=shown(format_quantity(value)),
            )

    return validate


_BOOLEAN: Final = boolean(error=PatientError)


@attrs.frozen(kw_only=True)
class AntidepressantTrial:
    """One prior antidepressant trial: drug, dose adequacy, duration and outcome.

    >>> trial = AntidepressantTrial(drug="sertraline", dose_adequate=True,
    ...                             duration="8 wk", outcome="no_response")
    >>> trial.duration
    <Quantity(8.0, 'week')>
    """

    drug: str = attrs.field(validator=text(error=PatientError, example="sertraline"))
    """The antidepressant (or combination) tried."""
    dose_adequate: bool = attrs.field(validator=_BOOLEAN)
    """Whether the dose was adequate, as judged by the clinician."""
    duration: Quantity = attrs.field(
        converter=_to_duration,
        validator=_above_zero("write how long the drug was taken, for example '8 wk'"),
    )
    """How long it was taken at that dose (a pint time, or text such as ``"8 wk"``)."""
    outcome: TrialOutcome = attrs.field(converter=_to_outcome)
    """The outcome."""
    current_episode: bool = attrs.field(default=True, validator=_BOOLEAN)
    """Whether the trial was in the current depressive episode."""
    oral: bool = attrs.field(default=True, validator=_BOOLEAN)
    """Whether the antidepressant was oral (the US indication counts oral drugs)."""


_INADEQUATE_BELOW_50: Final = frozenset({TrialOutcome.PARTIAL_RESPONSE, TrialOutcome.NO_RESPONSE})


def _to_outcomes(values: object) -> frozenset[TrialOutcome]:
    name_them = "name the outcomes that count, such as {TrialOutcome.NO_RESPONSE}"
    return choose_set(
        TrialOutcome, values, field="inadequate_outcomes", error=PatientError, if_empty=name_them
    )


@attrs.frozen(kw_only=True)
class TrdCriteria:
    """What counts as treatment-resistant depression (clinical reference 2.3).

    The defaults follow the US indication: inadequate response to at least two
    oral antidepressants of adequate dose and duration in the current episode
    (Spravato US PI, [2+]); the EU wording, "at least two different
    antidepressant treatments", is ``oral_only=False`` (EU SmPC, [1]).

    ``min_duration`` has no default: the labels say "adequate duration" without
    a number, so each clinic states its own.
    """

    min_duration: Quantity = attrs.field(
        converter=_hold,
        validator=_above_zero("write the shortest adequate trial, such as quantity(6, 'wk')"),
    )
    """The shortest trial that counts as adequate in duration (no sourced default)."""
    min_trials: int = attrs.field(default=2, validator=count(error=PatientError, minimum=1))
    """How many failed adequate trials make depression treatment-resistant (US PI; EU: 2)."""
    inadequate_outcomes: frozenset[TrialOutcome] = attrs.field(
        default=_INADEQUATE_BELOW_50, converter=_to_outcomes
    )
    """Outcomes that count as inadequate response [?]: default under 50% improvement
    (partial or no response); ``{TrialOutcome.NO_RESPONSE}`` for the 25% reading
    (NCT04599855; Fava 2020)."""
    oral_only: bool = attrs.field(default=True, validator=_BOOLEAN)
    """Count only oral antidepressants (US PI); False for the EU wording."""

    def counts(self, trial: AntidepressantTrial) -> bool:
        """Whether *trial* is an adequate trial, in the current episode, that failed."""
        return (
            trial.current_episode
            and trial.dose_adequate
            and (trial.oral or not self.oral_only)
            and trial.outcome in self.inadequate_outcomes
            and magnitude(trial.duration, "wk") >= magnitude(self.min_duration, "wk")
        )


@attrs.frozen(kw_only=True)
class TreatmentResistance:
    """The answer of :func:`treatment_resistance`: the verdict and the trials behind it."""

    resistant: bool
    """Whether the depression is treatment-resistant under the criteria."""
    failed_trials: tuple[AntidepressantTrial, ...]
    """The adequate, failed trials that counted (one per distinct drug)."""
    criteria: TrdCriteria
    """The criteria applied."""


def treatment_resistance(
    trials: Iterable[AntidepressantTrial], criteria: TrdCriteria
) -> TreatmentResistance:
    """Judge treatment resistance from prior antidepressant trials.

    Trials of the same drug (ignoring case) count once: both wordings ask for
    *different* antidepressants.

    >>> from ketacore.units import quantity
    >>> trials = [
    ...     AntidepressantTrial(drug="sertraline", dose_adequate=True, duration="8 wk",
    ...                         outcome="no_response"),
    ...     AntidepressantTrial(drug="venlafaxine", dose_adequate=True, duration="10 wk",
    ...                         outcome="partial_response"),
    ... ]
    >>> treatment_resistance(trials, TrdCriteria(min_duration=quantity(6, "wk"))).resistant
    True

    Raises:
        PatientError: an item is not an :class:`AntidepressantTrial`.
    """
    failed: dict[str, AntidepressantTrial] = {}
    for trial in trials:
        check_instance(trial, AntidepressantTrial, field="trials", error=PatientError)
        if criteria.counts(trial):
            failed.setdefault(trial.drug.strip().casefold(), trial)
    chosen = tuple(failed.values())
    return TreatmentResistance(
        resistant=len(chosen) >= criteria.min_trials, failed_trials=chosen, criteria=criteria
    )
