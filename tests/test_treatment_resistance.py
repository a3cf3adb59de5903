"""Treatment-resistant depression (reference 2.3) and the Maudsley Staging Method."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacore.exceptions import PatientError
from ketacore.patients import (
    AntidepressantTrial,
    MaudsleyStaging,
    MsmBand,
    MsmSeverity,
    Patient,
    TrdCriteria,
    TrialOutcome,
    treatment_resistance,
)
from ketacore.units import quantity

CRITERIA = TrdCriteria(min_duration=quantity(6, "wk"))


def trial(
    drug: str, outcome: str = "no_response", weeks: float = 8, **kw: object
) -> AntidepressantTrial:
    return AntidepressantTrial(
        drug=drug,
        dose_adequate=kw.pop("dose_adequate", True),
        duration=quantity(weeks, "wk"),
        outcome=outcome,
        **kw,  # type: ignore[arg-type]
    )


def test_two_failed_adequate_trials_are_treatment_resistant() -> None:
    patient = Patient(
        identifier="PT-1",
        birth_date=date(1980, 1, 1),
        sex_at_birth="female",
        antidepressant_trials=[trial("sertraline"), trial("venlafaxine", "partial_response")],
    )
    result = patient.treatment_resistance(CRITERIA)
    assert result.resistant
    assert [t.drug for t in result.failed_trials] == ["sertraline", "venlafaxine"]


@pytest.mark.parametrize(
    ("second", "why"),
    [
        (trial("venlafaxine", dose_adequate=False), "dose not adequate"),
        (trial("venlafaxine", weeks=4), "too short"),
        (trial("venlafaxine", "response"), "it worked"),
        (trial("venlafaxine", current_episode=False), "earlier episode"),
        (trial("venlafaxine", oral=False), "not oral (US wording)"),
        (trial("Sertraline"), "same drug again"),
    ],
)
def test_trials_that_do_not_count(second: AntidepressantTrial, why: str) -> None:
    assert not treatment_resistance([trial("sertraline"), second], CRITERIA).resistant, why


def test_inadequate_response_threshold_is_a_parameter() -> None:
    trials = [trial("sertraline"), trial("venlafaxine", "partial_response")]
    strict = TrdCriteria(min_duration=quantity(6, "wk"), inadequate_outcomes={"no_response"})
    assert treatment_resistance(trials, CRITERIA).resistant
    assert not treatment_resistance(trials, strict).resistant


def test_eu_wording_counts_non_oral_treatments() -> None:
    trials = [trial("sertraline"), trial("esketamine nasal", oral=False)]
    assert not treatment_resistance(trials, CRITERIA).resistant
    eu = TrdCriteria(min_duration=quantity(6, "wk"), oral_only=False)
    assert treatment_resistance(trials, eu).resistant


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=6), st.sampled_from(list(TrialOutcome))
)
def test_adding_a_failed_adequate_trial_never_removes_resistance(
    drugs: list[str], outcome: TrialOutcome
) -> None:
    trials = [trial(d, outcome.value) for d in drugs]
    before = treatment_resistance(trials, CRITERIA).resistant
    after = treatment_resistance([*trials, trial("z")], CRITERIA).resistant
    assert after or not before


def test_msm_worked_example_by_hand() -> None:
    # Episode 18 months -> 2; severe without psychosis -> 4; 4 failed agents -> level 2;
    # augmentation -> 1; no ECT -> 0. Total 9: moderate (7-10). Reference 2.3 table.
    msm = MaudsleyStaging(
        episode_months=18,
        severity=MsmSeverity.SEVERE,
        failed_treatments=4,
        augmentation=True,
        ect=False,
    )
    assert (msm.duration_points, msm.failed_treatment_points) == (2, 2)
    assert (msm.score, msm.band) == (9, MsmBand.MODERATE)


@pytest.mark.parametrize(
    ("months", "severity", "failed", "aug", "ect", "score", "band"),
    [
        (12, 1, 1, False, False, 3, MsmBand.MILD),
        (13, 2, 2, False, False, 5, MsmBand.MILD),
        (24, 3, 3, False, False, 7, MsmBand.MODERATE),
        (25, 5, 11, True, True, 15, MsmBand.SEVERE),
        (30, 4, 7, False, False, 11, MsmBand.SEVERE),
        (6, 3, 10, True, False, 9, MsmBand.MODERATE),
    ],
)
def test_msm_band_edges(
    months: int, severity: int, failed: int, aug: bool, ect: bool, score: int, band: MsmBand
) -> None:
    msm = MaudsleyStaging(
        episode_months=months,
        severity=severity,
        failed_treatments=failed,
        augmentation=aug,
        ect=ect,
    )
    assert (msm.score, msm.band) == (score, band)


def test_msm_failed_treatment_levels_are_a_parameter() -> None:
    msm = MaudsleyStaging(
        episode_months=6,
        severity="moderate",
        failed_treatments=3,
        augmentation=False,
        ect=False,
        failure_thresholds=(1, 2, 4, 6, 9),
    )
    assert msm.failed_treatment_points == 2


@given(
    st.integers(0, 400),
    st.sampled_from(list(MsmSeverity)),
    st.integers(1, 40),
    st.booleans(),
    st.booleans(),
)
def test_msm_score_is_always_3_to_15_and_banded(
    months: int, severity: MsmSeverity, failed: int, aug: bool, ect: bool
) -> None:
    msm = MaudsleyStaging(
        episode_months=months,
        severity=severity,
        failed_treatments=failed,
        augmentation=aug,
        ect=ect,
    )
    assert 3 <= msm.score <= 15
    expected = (
        MsmBand.MILD if msm.score <= 6 else MsmBand.MODERATE if msm.score <= 10 else MsmBand.SEVERE
    )
    assert msm.band is expected


def test_msm_needs_a_failed_treatment() -> None:
    with pytest.raises(PatientError) as caught:
        MaudsleyStaging(
            episode_months=6, severity=3, failed_treatments=0, augmentation=False, ect=False
        )
    assert (caught.value.field, caught.value.value) == ("failed_treatments", 0)
