"""A deterministic generator of synthetic treatment cohorts (no real patient data).

Every number below that stands for a clinical fact cites the section of ketacore's
clinical reference (``shared/domain/clinical-reference.md``) it was drawn from.
Randomness comes from :meth:`random.Random.random` only, seeded by the caller:
Python guarantees that sequence across versions, whereas ``randint``, ``choice``
and ``gauss`` may change their algorithms. So the same seed gives the same
cohort (and the bundled files) on every Python version.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import TypeVar

from attrs import frozen

from ketacore.exceptions import TableError
from ketacore.instruments import CADSS, MADRS, PHQ9, QIDS_SR16, Instrument
from ketacore.response import thresholds_for
from ketacore.tables import Row

_T = TypeVar("_T")

# The public names are listed once, in ketacore.cohort.__all__.

DEFAULT_SEED = 20261125
"""Seed of the bundled cohort."""

SYNTHETIC_COLUMN = "synthetic"
"""A column in every row of every table, always ``True``: the data are made up."""

TABLES: tuple[str, ...] = (
    "patients",
    "sessions",
    "vitals",
    "madrs",
    "phq9",
    "qids_sr16",
    "cadss23",
)
"""Table names, in file order; each is stored as ``<name>.csv``."""

RESPONSE_TARGET = 0.554
"""Probability that a patient responds (>= 50 % reduction) by the end of the course.

ELEKT-D (Anand et al., NEJM 2023): response on QIDS-SR16 in 55.4 % of the
ketamine arm (ref §3.1). Applied to every instrument and both course types: the
reference gives no acute esketamine response rate.
"""

REMISSION_TARGET = 0.46
"""Probability that a patient remits by the end of the course.

KetECT: remission (MADRS <= 10) in 46 % of the ketamine arm (ref §3.1). Applied
to every instrument's own remission rule and both course types.
"""

_PARTIAL_TARGET = 0.20
"""Share with a 25–49 % reduction (partial response, ref §2.1): a modelling choice."""

_DISSOCIATION_TARGET = 0.72
"""Share with at least one dissociation event (CADSS > 4 and above pre-dose).

Middle of 61–84 % on esketamine (ref §1.8, §5.3); used for IV ketamine too,
for which the reference gives no rate.
"""

_BP_SURGE_TARGET = 0.135
"""Share of patients with one session whose SBP rises >= 40 mmHg at 40 min.

Esketamine: 8–19 % (middle 13.5 %, ref §5.3). Applied to IV ketamine too, where
the Yale cohort saw severe hypertension in 12.5 % of patients (ref §5.2).
"""

_IV_PEAK_RISE = (16.0, 11.0)
"""Mean SBP / DBP rise in mmHg about 40 min into an IV infusion (Yale cohort, ref §5.2)."""

_ESKETAMINE_PEAK_RISE = (12.0, 8.0)
"""Mean SBP / DBP rise 40 min after esketamine: a modelling choice (no mean in the reference)."""

_PROTOCOLS = {"iv_ketamine": "ketamine-iv-elekt-d", "esketamine": "esketamine-trd"}
"""The :data:`ketacore.courses.PROTOCOLS` id each course type follows."""

# Ages (18-75), weights (68/76 +- 11 kg), resting BP and heart rate (124/78 mmHg,
# 74/min), baseline score ranges and CADSS magnitudes below are plausible values
# chosen to make synthetic data, not clinical facts; only the rates and dosing
# numbers named with a reference section are drawn from the reference.


@frozen
class _Regimen:
    """The dosing numbers the cohort uses, read from the course protocols (not restated)."""

    iv_mg_per_kg: float
    iv_minutes: float
    esketamine_start_mg: float
    esketamine_reduced_mg: float
    esketamine_reduced_age: int
    device_mg: float


def _regimen() -> _Regimen:
    # Imported here: generating is rare, and ketacore.cohort stays free of pint on import.
    from ketacore.courses import ESKETAMINE_TRD, KETAMINE_IV_ELEKT_D
    from ketacore.doses import ESKETAMINE_DEVICE
    from ketacore.units import magnitude

    iv = KETAMINE_IV_ELEKT_D.start_dose
    start, reduced = ESKETAMINE_TRD.start_dose, ESKETAMINE_TRD.reduced_start_dose
    # The built-in protocols define all of these; the asserts narrow the types.
    assert iv is not None
    assert iv.duration is not None
    assert start is not None
    assert reduced is not None
    assert ESKETAMINE_TRD.reduced_start_age is not None
    return _Regimen(
        iv_mg_per_kg=magnitude(iv.amount, "mg/kg"),
        iv_minutes=magnitude(iv.duration, "min"),
        esketamine_start_mg=magnitude(start.amount, "mg"),
        esketamine_reduced_mg=magnitude(reduced.amount, "mg"),
        esketamine_reduced_age=ESKETAMINE_TRD.reduced_start_age,
        device_mg=ESKETAMINE_DEVICE,
    )


_VISIT_DAYS = {"iv_ketamine": (0, 7, 14, 21), "esketamine": (0, 7, 14, 28)}
"""Rating days: IV = 6 infusions over about 3 weeks (ELEKT-D, ref §3.1); esketamine =
end of the 4-week twice-weekly induction (ref §3.3)."""

_SESSION_DAYS = {
    "iv_ketamine": (0, 3, 7, 10, 14, 17),
    "esketamine": (0, 3, 7, 10, 14, 17, 21, 24),
}
"""Twice-weekly sessions: 6 infusions (ELEKT-D) or 8 induction sessions (ref §3.1, §3.3)."""

_VITAL_MINUTES = {"iv_ketamine": (0, 40, 90), "esketamine": (0, 40, 120)}
"""Pre-dose, the 40-min peak (ref §5.1, §5.2) and a pre-discharge reading."""

_CADSS_MINUTES = (0, 40)
"""CADSS before dosing and at the 40-min peak (ref §1.8)."""

_BASELINE = {"madrs": (30, 44), "phq9": (15, 25), "qids_sr16": (14, 23)}
"""Baseline totals: moderate to severe depression (bands in ref §1.1, §1.3, §1.5)."""

_MISSING_ITEM_RATE = 0.03
"""Share of interim (not baseline or endpoint) PHQ-9 forms with one item left blank."""


@frozen
class Cohort:
    """A synthetic cohort: one tuple of tidy rows per table.

    Every row has a ``synthetic`` column that is always ``True``, a ``patient_id``
    such as ``"SYN-0001"`` and a ``course_type`` (``"iv_ketamine"`` or
    ``"esketamine"``; course objects are not attached).

    Attributes:
        seed: The seed it was generated with.
        patients: ``patient_id``, ``course_type``, ``protocol`` (a
            :data:`ketacore.courses.PROTOCOLS` id: ``ketamine-iv-elekt-d`` or
            ``esketamine-trd``), ``age_years``, ``sex``, ``weight_kg``.
        sessions: One dosing session per row: ``session``, ``day``, ``drug``, ``route``,
            ``dose_mg``, ``dose_mg_per_kg`` (IV only), ``duration_min`` (IV only),
            ``devices`` (esketamine only).
        vitals: One reading per row: ``session``, ``day``, ``minutes_after_dose``,
            ``systolic_mmhg``, ``diastolic_mmhg``, ``heart_rate_bpm``.
        madrs: MADRS administrations: ``visit``, ``day``, ``madrs_1`` … ``madrs_10``.
        phq9: PHQ-9 administrations: ``visit``, ``day``, ``phq9_1`` … ``phq9_9``.
        qids_sr16: QIDS-SR16 administrations: ``visit``, ``day``, ``qids_sr16_1`` … ``_16``.
        cadss23: CADSS ratings: ``session``, ``day``, ``minutes_after_dose``,
            ``cadss23_1`` … ``cadss23_23``.
    """

    seed: int
    patients: tuple[Row, ...]
    sessions: tuple[Row, ...]
    vitals: tuple[Row, ...]
    madrs: tuple[Row, ...]
    phq9: tuple[Row, ...]
    qids_sr16: tuple[Row, ...]
    cadss23: tuple[Row, ...]

    def table(self, name: str) -> tuple[Row, ...]:
        """Return the table called ``name`` (one of :data:`TABLES`).

        Raises:
            TableError: No such table.
        """
        check_table(name)
        rows: tuple[Row, ...] = getattr(self, name)
        return rows

    @property
    def patient_ids(self) -> tuple[str, ...]:
        """Patient ids in order."""
        return tuple(str(p["patient_id"]) for p in self.patients)


class _Rng:
    """Integer, choice, uniform and normal draws built on ``random()`` alone."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed).random

    def random(self) -> float:
        return self._random()

    def randint(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``, both included."""
        return low + min(int(self._random() * (high - low + 1)), high - low)

    def randrange(self, stop: int) -> int:
        return self.randint(0, stop - 1)

    def choice(self, options: Sequence[_T]) -> _T:
        return options[self.randrange(len(options))]

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self._random()

    def gauss(self, mu: float, sigma: float) -> float:
        """A normal draw by the Box–Muller transform."""
        u1 = 1.0 - self._random()  # in (0, 1]: log is defined
        u2 = self._random()
        return mu + sigma * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def _spread(rng: _Rng, total: int, maxima: Sequence[int]) -> list[int]:
    """Random item values, each within its maximum, summing to ``total``."""
    values = [0] * len(maxima)
    room = [i for i, m in enumerate(maxima) if m > 0]
    for _ in range(min(total, sum(maxima))):
        i = rng.choice(room)
        values[i] += 1
        if values[i] == maxima[i]:
            room.remove(i)
    return values


_QIDS_DOMAINS: tuple[tuple[int, ...], ...] = (
    (1, 2, 3, 4),
    (5,),
    (6, 7, 8, 9),
    (10,),
    (11,),
    (12,),
    (13,),
    (14,),
    (15, 16),
)


def _items(rng: _Rng, inst: Instrument, total: int) -> list[int]:
    """Item values whose total under ``inst``'s rule is ``total``."""
    if inst is QIDS_SR16:
        domains = _spread(rng, total, [3] * len(_QIDS_DOMAINS))
        values = [0] * 16
        for value, members in zip(domains, _QIDS_DOMAINS, strict=True):
            lead = rng.choice(members)
            for number in members:
                values[number - 1] = value if number == lead else rng.randint(0, value)
        return values
    return _spread(rng, total, [item.high for item in inst.items])


def _remission_max(inst: Instrument, course: str) -> int:
    """The remission threshold the one policy gives the instrument for the course type."""
    found = thresholds_for(inst, course_type=course).remission_max_total
    assert found is not None  # every generated instrument has a remission rule
    return found


def _endpoint(rng: _Rng, outcome: str, baseline: int, remission_max: int, top: int) -> int:
    if outcome == "remission":
        return rng.randint(0, remission_max)
    if outcome == "response":
        return rng.randint(remission_max + 1, baseline // 2)
    if outcome == "partial":
        return rng.randint(baseline // 2 + 1, (3 * baseline) // 4)
    return rng.randint((3 * baseline) // 4 + 1, min(top, baseline + 3))


def _outcome(rng: _Rng) -> str:
    draw = rng.random()
    if draw < REMISSION_TARGET:
        return "remission"
    if draw < RESPONSE_TARGET:
        return "response"
    if draw < RESPONSE_TARGET + _PARTIAL_TARGET:
        return "partial"
    return "non-response"


def check_table(name: object) -> None:
    """Refuse a table name that is not one of :data:`TABLES`."""
    if name not in TABLES:
        raise TableError(field="table", value=name, expected=f"one of {', '.join(TABLES)}")


def _check_args(n_patients: object, seed: object) -> None:
    if isinstance(n_patients, bool) or not isinstance(n_patients, int) or n_patients < 1:
        raise TableError(
            field="n_patients", value=n_patients, expected="a whole number >= 1, e.g. 200"
        )
    if n_patients > 9999:
        raise TableError(
            field="n_patients",
            value=n_patients,
            expected="at most 9999 (ids are SYN-0001 … SYN-9999)",
        )
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TableError(field="seed", value=seed, expected=f"an integer, e.g. {DEFAULT_SEED}")


def generate_cohort(n_patients: int = 200, seed: int = DEFAULT_SEED) -> Cohort:
    """Generate a synthetic cohort of ``n_patients`` on IV ketamine or esketamine courses.

    Half the patients (alternating) are on a twice-weekly IV ketamine course of 6
    infusions of 0.5 mg/kg over 40 min (ELEKT-D, APA 2017; ref §3.1), half on a
    4-week twice-weekly esketamine induction, 56 mg on day 1 (28 mg at 65 or
    older) then 56 or 84 mg (ref §3.3). Each patient gets an outcome — remission,
    response, partial response or non-response — drawn with the probabilities
    :data:`REMISSION_TARGET` (KetECT) and :data:`RESPONSE_TARGET` (ELEKT-D), and
    item-level MADRS, PHQ-9 and QIDS-SR16 forms at baseline, two interim visits
    and the end of the course whose totals realise that outcome on each
    instrument's own rules. Vital signs follow the 40-minute BP peak (ref §5.2,
    §5.3) and CADSS the dissociation rates of ref §1.8. Three percent of interim
    PHQ-9 forms have one blank item, so scoring reports some bad rows.

    Args:
        n_patients: How many patients, 1–9999 (ids ``SYN-0001`` …).
        seed: Seed of the random generator; :data:`DEFAULT_SEED` gives the bundled cohort.

    Returns:
        A :class:`Cohort`.

    Raises:
        TableError: ``n_patients`` or ``seed`` is not a valid integer.

    >>> cohort = generate_cohort(n_patients=2, seed=1)
    >>> [(p["patient_id"], p["course_type"]) for p in cohort.patients]
    [('SYN-0001', 'iv_ketamine'), ('SYN-0002', 'esketamine')]
    """
    _check_args(n_patients, seed)
    rng = _Rng(seed)
    regimen = _regimen()
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    for number in range(1, n_patients + 1):
        pid = f"SYN-{number:04d}"
        course = "iv_ketamine" if number % 2 else "esketamine"
        age = rng.randint(18, 75)
        sex = rng.choice(("F", "M"))
        weight = round(rng.gauss(76.0 if sex == "M" else 68.0, 11.0), 1)
        weight = min(max(weight, 45.0), 140.0)
        key: Row = {SYNTHETIC_COLUMN: True, "patient_id": pid, "course_type": course}
        protocol = _PROTOCOLS[course]
        tables["patients"].append(
            {**key, "protocol": protocol, "age_years": age, "sex": sex, "weight_kg": weight}
        )
        _sessions(rng, tables, key, course, age, weight, regimen)
        outcome = _outcome(rng)
        for inst in (MADRS, PHQ9, QIDS_SR16):
            _ratings(rng, tables[inst.id], key, course, inst, outcome)
    return Cohort(seed, *(tuple(tables[name]) for name in TABLES))


def _sessions(
    rng: _Rng,
    tables: dict[str, list[Row]],
    key: Row,
    course: str,
    age: int,
    weight: float,
    regimen: _Regimen,
) -> None:
    sbp0 = rng.gauss(124.0, 11.0)
    dbp0 = rng.gauss(78.0, 7.0)
    hr0 = rng.gauss(74.0, 8.0)
    days = _SESSION_DAYS[course]
    surge = rng.randrange(len(days)) if rng.random() < _BP_SURGE_TARGET else -1
    dissociator = rng.random() < _DISSOCIATION_TARGET
    first_peak = rng.randint(8, 24)
    for index, day in enumerate(days):
        session = index + 1
        row: Row = {**key, "session": session, "day": day}
        if course == "iv_ketamine":
            row |= {
                "drug": "ketamine",
                "route": "iv",
                "dose_mg": round(regimen.iv_mg_per_kg * weight, 1),
                "dose_mg_per_kg": regimen.iv_mg_per_kg,
                "duration_min": round(regimen.iv_minutes),
                "devices": None,
            }
            rise = _IV_PEAK_RISE
        else:
            # Day 1 per the protocol, with the EU/UK reduced start from its age (ref §3.3);
            # later doses 56 or 84 mg (ref §3.3).
            first = (
                regimen.esketamine_reduced_mg
                if age >= regimen.esketamine_reduced_age
                else regimen.esketamine_start_mg
            )
            mg = round(first) if index == 0 else rng.choice((56, 84))
            row |= {
                "drug": "esketamine",
                "route": "intranasal",
                "dose_mg": float(mg),
                "dose_mg_per_kg": None,
                "duration_min": None,
                "devices": round(mg / regimen.device_mg),
            }
            rise = _ESKETAMINE_PEAK_RISE
        tables["sessions"].append(row)
        for minutes in _VITAL_MINUTES[course]:
            share = {0: 0.0, 40: 1.0}.get(minutes, 0.15)
            sbp_rise = rng.gauss(rise[0], 6.0) * share
            dbp_rise = rng.gauss(rise[1], 4.0) * share
            if index == surge and minutes == 40:
                sbp_rise = rng.uniform(40.0, 52.0)  # ref §5.3: SBP rise >= 40 mmHg
            tables["vitals"].append(
                {
                    **key,
                    "session": session,
                    "day": day,
                    "minutes_after_dose": minutes,
                    "systolic_mmhg": round(sbp0 + rng.gauss(0, 4) + sbp_rise),
                    "diastolic_mmhg": round(dbp0 + rng.gauss(0, 3) + dbp_rise),
                    "heart_rate_bpm": round(hr0 + rng.gauss(0, 4) + 6 * share),
                }
            )
        for minutes in _CADSS_MINUTES:
            if minutes == 0:
                total = rng.randint(0, 2)
            elif dissociator:
                # Lessens over repeated sessions (ref §1.8); the first is an event.
                total = max(5 if index == 0 else 0, round(first_peak * 0.8**index))
            else:
                total = rng.randint(0, 4)
            values = _items(rng, CADSS, total)
            tables["cadss23"].append(
                {
                    **key,
                    "session": session,
                    "day": day,
                    "minutes_after_dose": minutes,
                    **{f"cadss23_{n}": v for n, v in enumerate(values, start=1)},
                }
            )


def _ratings(
    rng: _Rng, table: list[Row], key: Row, course: str, inst: Instrument, outcome: str
) -> None:
    assert inst.total_range is not None
    top = inst.total_range[1]
    low, high = _BASELINE[inst.id]
    baseline = rng.randint(low, high)
    end = _endpoint(rng, outcome, baseline, _remission_max(inst, course), top)
    days = _VISIT_DAYS[course]
    last = len(days) - 1
    for visit, day in enumerate(days):
        if visit == 0:
            total = baseline
        elif visit == last:
            total = end
        else:
            share = visit / last
            total = round(baseline + (end - baseline) * share + rng.gauss(0, 2))
            total = min(max(total, 0), top)
        values: list[int | None] = list(_items(rng, inst, total))
        if inst is PHQ9 and 0 < visit < last and rng.random() < _MISSING_ITEM_RATE:
            values[rng.randrange(len(values))] = None
        table.append(
            {
                **key,
                "visit": visit,
                "day": day,
                **{f"{inst.id}_{n}": v for n, v in enumerate(values, start=1)},
            }
        )
