"""hypothesis strategies for ketacore values (valid ones, and invalid raw input).

Follows hypothesis' API style: plural names, keyword-only options, each
function returns a ``SearchStrategy``. Every value drawn from a strategy for a
ketacore type passes that type's validation.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import strategies as st

from ketacore.doses import Dose, Drug, FixedDose, Route, WeightBasedDose
from ketacore.units import Quantity, quantity
from ketacore.vitals import VitalSigns

__all__ = [
    "aware_datetimes",
    "doses",
    "fixed_doses",
    "invalid_dose_texts",
    "vital_signs",
    "weight_based_doses",
    "weights",
]

_RACEMIC_ROUTES = list(Route)
# Esketamine session doses: 28, 56 or 84 mg (Spravato US PI; clinical reference 3.3).
_ESKETAMINE_MG = [28.0, 56.0, 84.0]


def aware_datetimes(
    *,
    min_value: datetime = datetime(2000, 1, 1),
    max_value: datetime = datetime(2099, 12, 31),
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes with whole-minute UTC offsets between -12 h and +14 h.

    Bounds are naive wall-clock limits, as in ``st.datetimes``.
    """
    offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    )
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=st.just(UTC) | offsets)


def weights(*, min_kg: float = 35.0, max_kg: float = 250.0) -> st.SearchStrategy[Quantity]:
    """Adult body weights, in kg or lb."""
    kilograms = st.floats(min_value=min_kg, max_value=max_kg, allow_nan=False)
    return st.one_of(
        kilograms.map(lambda kg: quantity(round(kg, 1), "kg")),
        kilograms.map(lambda kg: quantity(round(kg / 0.45359237, 1), "lb")),
    )


def _durations() -> st.SearchStrategy[Quantity | None]:
    return st.none() | st.integers(min_value=1, max_value=240).map(
        lambda minutes: quantity(minutes, "min")
    )


def _concentrations() -> st.SearchStrategy[Quantity | None]:
    # 10 and 100 mg/mL vials (clinical reference 3.1) and common dilutions.
    return st.none() | st.sampled_from([1.0, 2.0, 10.0, 50.0, 100.0]).map(
        lambda per_ml: quantity(per_ml, "mg/mL")
    )


def fixed_doses(
    *, drug: Drug | None = None, min_mg: float = 0.5, max_mg: float = 500.0
) -> st.SearchStrategy[FixedDose]:
    """Fixed doses; esketamine ones are 28, 56 or 84 mg, intranasal."""
    if drug is Drug.ESKETAMINE:
        return st.builds(
            FixedDose,
            amount=st.sampled_from(_ESKETAMINE_MG).map(lambda mg: quantity(mg, "mg")),
            drug=st.just(Drug.ESKETAMINE),
            route=st.just(Route.INTRANASAL),
        )
    amounts = st.floats(min_value=min_mg, max_value=max_mg, allow_nan=False)
    racemic = st.builds(
        FixedDose,
        amount=st.one_of(
            amounts.map(lambda mg: quantity(mg, "mg")),
            amounts.map(lambda mg: quantity(mg * 1000, "mcg")),
        ),
        drug=st.sampled_from([Drug.KETAMINE]) if drug else st.sampled_from([None, Drug.KETAMINE]),
        route=st.none() | st.sampled_from(_RACEMIC_ROUTES),
        duration=_durations(),
        concentration=_concentrations(),
    )
    if drug is Drug.KETAMINE:
        return racemic
    return racemic | fixed_doses(drug=Drug.ESKETAMINE)


def weight_based_doses(
    *, min_mg_per_kg: float = 0.05, max_mg_per_kg: float = 2.0
) -> st.SearchStrategy[WeightBasedDose]:
    """Weight-based racemic ketamine doses (esketamine is never dosed per kg)."""
    per_kg = st.floats(min_value=min_mg_per_kg, max_value=max_mg_per_kg, allow_nan=False)
    return st.builds(
        WeightBasedDose,
        amount=per_kg.map(lambda value: quantity(value, "mg/kg")),
        drug=st.sampled_from([None, Drug.KETAMINE]),
        route=st.none() | st.sampled_from(_RACEMIC_ROUTES),
        duration=_durations(),
        concentration=_concentrations(),
    )


def doses() -> st.SearchStrategy[Dose]:
    """Any valid dose record, fixed or weight-based."""
    return st.one_of(fixed_doses(), weight_based_doses())


def vital_signs(
    *, taken_at: st.SearchStrategy[datetime] | None = None
) -> st.SearchStrategy[VitalSigns]:
    """Plausible vital signs; blood pressure always has diastolic below systolic."""
    pressures = st.integers(min_value=80, max_value=220).flatmap(
        lambda systolic: st.tuples(
            st.just(systolic), st.integers(min_value=40, max_value=min(systolic - 10, 140))
        )
    )

    def build(
        at: datetime,
        bp: tuple[int, int] | None,
        heart_rate: int | None,
        spo2: int | None,
        rr: int,
    ) -> VitalSigns:
        systolic, diastolic = bp if bp is not None else (None, None)
        return VitalSigns(
            taken_at=at,
            systolic=systolic,
            diastolic=diastolic,
            heart_rate=heart_rate,
            spo2=spo2,
            respiratory_rate=rr,
        )

    return st.builds(
        build,
        taken_at if taken_at is not None else aware_datetimes(),
        st.none() | pressures,
        st.none() | st.integers(min_value=40, max_value=160),
        st.none() | st.integers(min_value=85, max_value=100),
        st.integers(min_value=8, max_value=30),
    )


def invalid_dose_texts() -> st.SearchStrategy[str]:
    """Texts that ``parse_dose`` must reject: for fuzzing a caller's validation."""
    numbers = st.floats(min_value=0.01, max_value=500, allow_nan=False).map(lambda x: f"{x:g}")
    units = st.sampled_from(["mg", "mg/kg", "mcg", "g"])
    return st.one_of(
        st.sampled_from(["", "   ", "mg", "35", "nan mg", "inf mg", "1 mg + 1 g", "2**10 mg"]),
        st.builds(lambda n: f"{n} mL", numbers),  # a volume is not a dose
        st.builds(lambda n, u: f"{n.replace('.', ',')},5 {u}", numbers, units),  # comma
        st.builds(lambda n, u: f"-{n} {u}", numbers, units),  # negative
        st.builds(lambda n: f"{n} furlongs", numbers),  # unknown unit
        st.builds(lambda n, u: f"{n} {u} * 2", numbers, units),  # expression
    )
