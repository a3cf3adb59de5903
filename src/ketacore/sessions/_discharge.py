"""The discharge check: at a given moment, what is still missing before the patient may leave.

It is a pure function of the session, the moment and the criteria; it never
reads the clock. It does not replace the clinician's judgement that the
patient is clinically stable (Spravato US PI); it lists the documented
requirements that are not yet met.

Esketamine (:data:`ESKETAMINE_DISCHARGE`): the REMS monitoring plan (2 h of
observation, blood pressure before dosing, about 40 min after and before
discharge; clinical reference 5.1), the latest blood pressure after dosing
acceptable, sedation resolved (MOAA/S back to 5) and no unresolved moderate or
severe adverse event. The Spravato US PI (section 2, blood-pressure
assessment, and 5.6, Increase in Blood Pressure, in the 2019 numbering) says
to keep monitoring blood pressure after dosing until the values are
acceptable, and gives no number for "acceptable" (clinical reference 5.1).
ketacore takes the limit the reference does give for acceptable blood
pressure, the US pre-dose one (J&J guidance, clinical reference section 4),
from :mod:`ketacore.vitals`. It is the named parameter
:attr:`DischargeCriteria.blood_pressure_limits` (``"us"``): pass ``"eu"``
with ``age=`` for the EU SmPC limits, or a clinic's own. The label also allows
discharge when blood pressure is decreasing and the patient is clinically
stable; that is the clinician's judgement, which this check does not make.

Racemic ketamine (:data:`KETAMINE_DISCHARGE`): no standard numeric rule was
found **[?]** (reference 5.2), so every check is configurable. The defaults are
the reference's suggestions: MOAA/S back to 5, CADSS back to about baseline,
blood pressure within the clinic's limit (default: the US pre-dose limit from
:mod:`ketacore.vitals`) and an escort present (ketamine injection label:
release into the care of a responsible adult).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final, Literal, TypeAlias

import attrs

from ketacore import _validators as v
from ketacore._choices import choose
from ketacore._dates import instant
from ketacore.doses import Drug
from ketacore.exceptions import SessionError
from ketacore.sessions._assessments import dissociation_threshold
from ketacore.sessions._common import check_bool, check_source, format_offset
from ketacore.sessions._dosing import DosingSession
from ketacore.sessions._events import Severity
from ketacore.sessions._monitoring import (
    ESKETAMINE_MONITORING,
    KETAMINE_MONITORING,
    MissingItem,
    MonitoringPlan,
    Requirement,
    monitoring_gaps,
    resolve_moment,
)
from ketacore.sessions._readings import cadss_readings, moaas_readings
from ketacore.vitals import (
    EU_BLOOD_PRESSURE_LIMITS,
    US_BLOOD_PRESSURE_LIMITS,
    BloodPressureLimit,
    blood_pressure_limit,
)

__all__ = [
    "ESKETAMINE_DISCHARGE",
    "KETAMINE_DISCHARGE",
    "BloodPressureLimits",
    "DischargeCriteria",
    "DischargeReport",
    "discharge_check",
]

BloodPressureLimits: TypeAlias = Literal["us", "eu"] | tuple[BloodPressureLimit, ...]
"""A named limit set from :mod:`ketacore.vitals` or a clinic's own limits."""


_LIMITS_EXPECTED: Final = (
    "None, 'us', 'eu' or a non-empty sequence of ketacore.vitals.BloodPressureLimit"
)


def _to_limits(value: Any) -> BloodPressureLimits | None:
    if value is None or value in ("us", "eu"):
        return value  # type: ignore[no-any-return]
    limits = tuple(value) if isinstance(value, Sequence) and not isinstance(value, str) else ()
    if not limits or not all(isinstance(limit, BloodPressureLimit) for limit in limits):
        v.fail(SessionError, "blood_pressure_limits", value, _LIMITS_EXPECTED)
    return limits


def _to_severity(value: Severity | str | None) -> Severity | None:
    if value is None or isinstance(value, Severity):
        return value
    return choose(
        Severity,
        value,
        field="blocking_severity",
        error=SessionError,
        hint="grade it mild, moderate or severe, or None so that no event blocks",
    )


_TOLERANCE: Final = v.whole_number(error=SessionError, maximum=92, unit="CADSS points")


_PLAN: Final = v.instance_of(
    MonitoringPlan,
    error=SessionError,
    example="ESKETAMINE_MONITORING or MonitoringPlan(minimum_observation=None)",
)


@attrs.frozen(kw_only=True)
class DischargeCriteria:
    """What must hold before discharge. Every check can be switched off.

    >>> from ketacore.sessions import KETAMINE_DISCHARGE
    >>> KETAMINE_DISCHARGE.escort_required, KETAMINE_DISCHARGE.cadss_back_to_baseline
    (True, True)
    """

    monitoring: MonitoringPlan = attrs.field(validator=_PLAN)
    """The monitoring plan whose gaps also block discharge."""
    moaas_back_to_5: bool = attrs.field(default=True, validator=check_bool)
    """Require the latest MOAA/S after dosing to be 5 (sedation resolved; ref. 1.15, 5.2)."""
    cadss_back_to_baseline: bool = attrs.field(default=False, validator=check_bool)
    """Require the latest CADSS after dosing to be back to about the pre-dose total (ref. 5.2).

    "About baseline" means no longer a dissociation event (total above 4 and
    above the pre-dose total; Spravato programme, ref. 1.8), with
    :attr:`cadss_tolerance` extra points allowed above the pre-dose total.
    """
    cadss_tolerance: int = attrs.field(default=0, validator=_TOLERANCE)
    """Points above the pre-dose CADSS total still counted as "about baseline" [?]; default 0."""
    blood_pressure_limits: BloodPressureLimits | None = attrs.field(
        default=None, converter=_to_limits
    )
    """Limit the latest blood pressure must be within, or None for no limit."""
    blocking_severity: Severity | None = attrs.field(
        default=Severity.MODERATE, converter=_to_severity
    )
    """Unresolved adverse events at or above this severity block discharge; None: none do."""
    escort_required: bool = attrs.field(default=False, validator=check_bool)
    """Require a responsible adult to be present (ketamine injection label; ref. 5.2)."""
    source: str = attrs.field(default="clinic policy", validator=check_source)
    """Where the criteria come from."""


ESKETAMINE_DISCHARGE: Final = DischargeCriteria(
    monitoring=ESKETAMINE_MONITORING,
    # Spravato US PI section 2 / 5.6 (2019): monitor blood pressure until values are acceptable;
    # the label gives no number, so the US pre-dose limit from ketacore.vitals (clinical
    # reference sections 4 and 5.1) is the acceptable one.
    blood_pressure_limits="us",
    source="Spravato US PI / REMS (clinical reference 5.1): BP monitored until acceptable, "
    "judged by the US pre-dose limit (reference section 4); MOAA/S 5 and adverse events are "
    "ketacore's proxies for 'clinically stable'",
)
"""Esketamine: REMS plan, BP within 140/90 mmHg, MOAA/S back to 5, no moderate/severe event."""

KETAMINE_DISCHARGE: Final = DischargeCriteria(
    monitoring=KETAMINE_MONITORING,
    cadss_back_to_baseline=True,
    blood_pressure_limits="us",
    escort_required=True,
    source="Suggested configurable checks, no standard numeric rule [?] (clinical reference 5.2)",
)
"""Racemic ketamine: MOAA/S 5, CADSS about baseline, BP within 140/90 mmHg, escort [?]."""


@attrs.frozen
class DischargeReport:
    """What the discharge check found at one moment."""

    at: datetime
    """The moment judged."""
    missing: tuple[MissingItem, ...]
    """What is still missing, in a fixed order; empty when discharge may proceed."""

    @property
    def ready(self) -> bool:
        """Whether nothing is missing."""
        return not self.missing

    @property
    def messages(self) -> tuple[str, ...]:
        """The missing items' messages."""
        return tuple(item.message for item in self.missing)

    @property
    def requirements(self) -> frozenset[Requirement]:
        """The requirements not yet met."""
        return frozenset(item.requirement for item in self.missing)


_NAMED_LIMITS: Final = {"us": US_BLOOD_PRESSURE_LIMITS, "eu": EU_BLOOD_PRESSURE_LIMITS}


def _default_criteria(session: DosingSession) -> DischargeCriteria:
    return ESKETAMINE_DISCHARGE if session.drug is Drug.ESKETAMINE else KETAMINE_DISCHARGE


def _limit(limits: BloodPressureLimits, age: int | None) -> BloodPressureLimit:
    if age is not None:
        return blood_pressure_limit(age, limits)
    chosen = _NAMED_LIMITS[limits] if isinstance(limits, str) else limits
    if any(limit.min_age > 0 for limit in chosen):
        v.fail(
            SessionError,
            "age",
            None,
            f"the patient's age in years, as the blood-pressure limits {limits!r} change with age",
            "pass age= in years",
        )
    return blood_pressure_limit(0, limits)


def discharge_check(
    session: DosingSession,
    *,
    at: datetime,
    criteria: DischargeCriteria | None = None,
    age: int | None = None,
    escort_present: bool | None = None,
) -> DischargeReport:
    """List exactly what is still missing before *session*'s patient may be discharged at *at*.

    *criteria* defaults to :data:`ESKETAMINE_DISCHARGE` for esketamine and to
    :data:`KETAMINE_DISCHARGE` otherwise. Only readings, assessments and
    events recorded at or before *at* count. *age* (years) is needed only when
    the blood-pressure limits depend on age (the EU ones).

    The escort is read from :attr:`DosingSession.escort_present`, so a stored
    session reproduces its decision. *escort_present*, when given, overrides
    the record for this check (for example an escort who has just arrived);
    record it on the session to keep it. An escort not recorded (None) is
    reported as not recorded, never as absent.

    Items come in a fixed order: monitoring gaps (observation, then the
    blood pressures), blood-pressure limit, MOAA/S, CADSS, adverse events,
    escort. See ``docs/sessions.md`` for worked examples.

    Raises:
        SessionError: *at* is naive or before the session started; *age* is
            needed but missing.
    """
    chosen = _default_criteria(session) if criteria is None else criteria
    v.check_instance(
        chosen,
        DischargeCriteria,
        field="criteria",
        error=SessionError,
        example="ketacore.sessions.KETAMINE_DISCHARGE",
    )
    if escort_present is not None and not isinstance(escort_present, bool):
        v.fail(
            SessionError,
            "escort_present",
            escort_present,
            "True or False (whether a responsible adult is present to take the patient home), "
            "or None to use the session's record",
        )
    moment = resolve_moment(session, at)
    dosed = session.dosed_at
    start, end = instant(dosed), instant(moment)
    missing = list(monitoring_gaps(session, at=moment, plan=chosen.monitoring))

    if chosen.blood_pressure_limits is not None:
        limit = _limit(chosen.blood_pressure_limits, age)
        # The vitals are in time order: the latest blood pressure up to the moment.
        last = next(
            (
                v
                for v in reversed(session.vitals)
                if v.has_blood_pressure and instant(v.taken_at) <= end
            ),
            None,
        )
        if last is not None and instant(last.taken_at) > start and limit.exceeded_by(last):
            latest = last
            missing.append(
                MissingItem(
                    Requirement.BLOOD_PRESSURE_LIMIT,
                    f"blood pressure {latest.blood_pressure} at "
                    f"{format_offset(latest.taken_at, dosed)} is above the {limit} limit",
                )
            )

    if chosen.moaas_back_to_5:
        levels = [(t, lvl) for t, lvl in moaas_readings(session) if start < instant(t) <= end]
        if not levels:
            missing.append(MissingItem(Requirement.MOAAS, "no MOAA/S recorded after dosing"))
        elif levels[-1][1] != 5:
            when, level = levels[-1]
            missing.append(
                MissingItem(
                    Requirement.MOAAS,
                    f"MOAA/S not yet 5 (last {level} at {format_offset(when, dosed)})",
                )
            )

    if chosen.cadss_back_to_baseline:
        item = _cadss_gap(session, moment, chosen.cadss_tolerance)
        if item is not None:
            missing.append(item)

    if chosen.blocking_severity is not None:
        for event in session.adverse_events:
            if (
                instant(event.onset) <= end
                and not event.is_resolved(moment)
                and event.severity.rank >= chosen.blocking_severity.rank
            ):
                missing.append(
                    MissingItem(
                        Requirement.ADVERSE_EVENTS,
                        f"{event.label()} ({event.severity.value}, onset "
                        f"{format_offset(event.onset, dosed)}) not resolved",
                    )
                )

    escort = session.escort_present if escort_present is None else escort_present
    if chosen.escort_required and escort is None:
        missing.append(
            MissingItem(
                Requirement.ESCORT,
                "escort not recorded (whether a responsible adult is present); record "
                "escort_present on the session",
            )
        )
    elif chosen.escort_required and not escort:
        missing.append(MissingItem(Requirement.ESCORT, "no escort (a responsible adult) present"))
    return DischargeReport(at=moment, missing=tuple(missing))


def _cadss_gap(session: DosingSession, moment: datetime, tolerance: int) -> MissingItem | None:
    dosed = session.dosed_at
    start, end = instant(dosed), instant(moment)
    totals = [(t, total) for t, total in cadss_readings(session) if instant(t) <= end]
    before = [total for t, total in totals if instant(t) <= start]
    after = [(t, total) for t, total in totals if instant(t) > start]
    if not before:
        return MissingItem(Requirement.CADSS, "no pre-dose CADSS to compare with")
    if not after:
        return MissingItem(Requirement.CADSS, "no CADSS recorded after dosing")
    baseline = before[-1]
    when, latest = after[-1]
    rule = dissociation_threshold()
    assert rule.min_total is not None
    if latest >= rule.min_total and latest - baseline >= rule.min_change + tolerance:
        return MissingItem(
            Requirement.CADSS,
            f"CADSS not back to baseline (last {latest} at {format_offset(when, dosed)}, "
            f"pre-dose {baseline})",
        )
    return None
