"""The bundled synthetic cohort and its generator."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketacore.cohort import (
    DEFAULT_SEED,
    REMISSION_TARGET,
    RESPONSE_TARGET,
    SYNTHETIC_COLUMN,
    TABLES,
    data_path,
    generate_cohort,
    load_cohort,
    write_cohort,
)
from ketacore.exceptions import TableError
from ketacore.instruments import get
from ketacore.response import dissociation_event
from ketacore.tables import response_table, score_table, summarise, to_csv_text


@pytest.fixture(scope="module")
def generated():
    return generate_cohort()


@pytest.mark.parametrize("name", TABLES)
def test_bundled_files_are_exactly_what_the_generator_writes(generated, name: str) -> None:
    bundled = data_path(name).read_text(encoding="utf-8")
    assert bundled == to_csv_text(generated.table(name))


def test_loading_the_bundled_files_gives_the_generated_cohort(generated) -> None:
    loaded = load_cohort()
    assert loaded == generated
    assert loaded.seed == DEFAULT_SEED


def test_data_folder_has_a_synthetic_label_readme() -> None:
    readme = data_path("patients").parent / "README.md"
    assert "SYNTHETIC DATA" in readme.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", TABLES)
def test_every_row_says_it_is_synthetic_and_ids_are_synthetic(generated, name: str) -> None:
    rows = generated.table(name)
    assert rows
    assert next(iter(rows[0])) == SYNTHETIC_COLUMN
    assert all(r[SYNTHETIC_COLUMN] is True for r in rows)
    assert all(str(r["patient_id"]).startswith("SYN-") for r in rows)


def test_generation_is_deterministic_and_seed_dependent() -> None:
    assert generate_cohort(20, seed=7) == generate_cohort(20, seed=7)
    assert generate_cohort(20, seed=7) != generate_cohort(20, seed=8)


def test_a_larger_cohort_round_trips_through_csv(tmp_path: Path) -> None:
    cohort = generate_cohort(n_patients=1000, seed=3)
    assert cohort.patient_ids[-1] == "SYN-1000"
    paths = write_cohort(cohort, tmp_path)
    assert [p.name for p in paths] == [f"{n}.csv" for n in TABLES]


def test_courses_alternate_and_follow_the_protocols(generated) -> None:
    courses = {p["course_type"] for p in generated.patients}
    assert courses == {"iv_ketamine", "esketamine"}
    for s in generated.sessions:
        if s["course_type"] == "iv_ketamine":
            assert s["dose_mg_per_kg"] == 0.5
            assert s["duration_min"] == 40
        else:
            assert s["dose_mg"] in (28.0, 56.0, 84.0)
            assert s["devices"] == int(s["dose_mg"]) // 28


@pytest.mark.parametrize("name", ["madrs", "phq9", "qids_sr16"])
def test_rates_are_near_the_trial_figures_they_were_drawn_from(generated, name: str) -> None:
    responses = response_table(generated.table(name), name)
    evaluable = [r for r in responses if r["status"] != "not evaluable"]
    assert len(evaluable) == 200
    response = sum(r["response"] is True for r in evaluable) / len(evaluable)
    remission = sum(r["remission"] is True for r in evaluable) / len(evaluable)
    # Binomial noise on 200 patients: a standard error of about 3.5 points.
    assert abs(response - RESPONSE_TARGET) < 0.08
    assert abs(remission - REMISSION_TARGET) < 0.08
    assert {r["course_type"] for r in summarise(responses)} == {"iv_ketamine", "esketamine"}


def test_madrs_remission_uses_the_course_rule(generated) -> None:
    rows = summarise(response_table(generated.madrs, "madrs"))
    rules = {r["course_type"]: r["remission_max_total"] for r in rows}
    assert rules == {"iv_ketamine": 10, "esketamine": 12}


def test_every_item_form_rescores_and_some_interim_phq9_forms_have_a_blank(generated) -> None:
    for name in ("madrs", "qids_sr16", "cadss23"):
        scored = score_table(generated.table(name), name)
        assert not scored.errors, name
    phq9 = score_table(generated.phq9, "phq9")
    assert phq9.errors
    assert all("missing" in str(e["reason"]) for e in phq9.errors)
    assert all(e["visit"] in (1, 2) for e in phq9.errors)
    assert not score_table(generated.phq9, "phq9", missing="prorate").errors


def test_dissociation_rate_is_in_the_aspire_range(generated) -> None:
    cadss = get("cadss23")
    by_patient: dict[str, bool] = {}
    rows = generated.cadss23
    for pre, post in zip(rows[::2], rows[1::2], strict=True):
        assert (pre["minutes_after_dose"], post["minutes_after_dose"]) == (0, 40)
        items = [f"cadss23_{n}" for n in range(1, 24)]
        event = dissociation_event(
            cadss.score([pre[c] for c in items]), cadss.score([post[c] for c in items])
        )
        pid = str(pre["patient_id"])
        by_patient[pid] = by_patient.get(pid, False) or bool(event)
    share = sum(by_patient.values()) / len(by_patient)
    assert 0.61 <= share <= 0.84  # ref §1.8: 61–84 %


def test_iv_blood_pressure_peaks_at_40_minutes(generated) -> None:
    rises = []
    readings = [v for v in generated.vitals if v["course_type"] == "iv_ketamine"]
    for pre, peak in zip(readings[::3], readings[1::3], strict=True):
        assert (pre["minutes_after_dose"], peak["minutes_after_dose"]) == (0, 40)
        rises.append(peak["systolic_mmhg"] - pre["systolic_mmhg"])
    mean = sum(rises) / len(rises)
    assert 12 <= mean <= 20  # ref §5.2: mean rise +16 mmHg


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_patients": 0},
        {"n_patients": 10000},
        {"n_patients": True},
        {"n_patients": 2.5},
        {"seed": "1"},
    ],
)
def test_bad_generator_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises(TableError) as caught:
        generate_cohort(**kwargs)  # type: ignore[arg-type]
    ((field, value),) = kwargs.items()
    assert (caught.value.field, caught.value.value) == (field, value)


def test_unknown_table_name(generated) -> None:
    for call in (generated.table, data_path):
        with pytest.raises(TableError) as caught:
            call("gad7")
        assert (caught.value.field, caught.value.value) == ("table", "gad7")
        assert str(caught.value.expected).startswith("one of patients")


def test_patients_name_a_protocol_of_ketacore_courses(generated) -> None:
    from ketacore.courses import PROTOCOLS
    from ketacore.tables import course_type

    for patient in generated.patients:
        protocol = PROTOCOLS[str(patient["protocol"])]
        route = "intranasal" if protocol.drug.value == "esketamine" else "iv"
        assert course_type(protocol.drug.value, route) == patient["course_type"]
