"""PHQ-9/PHQ-2/PHQ-8, MADRS, HAM-D17, QIDS-SR16 and BDI-II against the clinical reference.

Expected numbers are the reference's (sections 1.1–1.6 and 6), not this code's output.
"""

from __future__ import annotations

import attrs
import pytest

from ketacore.exceptions import ScoringError
from ketacore.instruments import (
    BDI_II,
    HAMD17,
    MADRS,
    MADRS_24H,
    PHQ2,
    PHQ8,
    PHQ9,
    QIDS_SR16,
    Instrument,
)
from ketacore.testing import example_responses

# --- worked examples, reference section 6 ----------------------------------------------


def test_example_1_phq9_us_core() -> None:
    s = PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0])
    assert s.total == 12
    assert s.severity is not None
    assert s.severity.label == "moderate"
    assert s.flags == ()


def test_example_2_phq9_all_threes() -> None:
    s = PHQ9.score([3] * 9)
    assert s.total == 27
    assert s.severity is not None
    assert s.severity.label == "severe"
    assert [f.item for f in s.flags] == [9]


@pytest.mark.parametrize(
    "order",
    [
        [1, 1, 1, 2, 2, 3, 3, 3, 0],
        [0, 3, 3, 3, 2, 2, 1, 1, 1],
        [3, 0, 1, 2, 3, 1, 2, 3, 1],
    ],
)
def test_example_3_phq9_manual(order: list[int]) -> None:
    s = PHQ9.score(order)
    assert s.total == 16
    assert s.severity is not None
    assert s.severity.label == "moderately severe"


def test_d1_qids_domain_maxima() -> None:
    s = QIDS_SR16.score([2, 0, 1, 3, 2, 0, 1, 0, 2, 1, 2, 0, 1, 2, 1, 0])
    assert s.total == 14
    assert s.severity is not None
    assert s.severity.label == "moderate"
    assert s.domains["sleep"] == 3
    assert s.domains["appetite/weight"] == 2
    assert s.domains["psychomotor"] == 1


def test_d2_qids_all_threes_capped() -> None:
    s = QIDS_SR16.score([3] * 16)
    assert s.total == 27
    assert s.severity is not None
    assert s.severity.label == "very severe"


def test_d3_hamd_all_maxima() -> None:
    maxima = [4, 4, 4, 2, 2, 2, 4, 4, 4, 4, 4, 2, 2, 2, 4, 2, 2]
    assert HAMD17.score(maxima).total == 52


def test_d4_hamd_item16_not_assessed() -> None:
    values = [0] * 17
    values[15] = 3
    s = HAMD17.score(values)
    assert s.total == 0
    assert s.values[15] == 3
    assert s.not_rated_items == (16,)


def test_d12_bdi_lettered_options() -> None:
    responses: dict[int, int | str] = dict.fromkeys(range(1, 22), 1)
    responses[16] = "2b"
    responses[18] = "1a"
    s = BDI_II.score(responses)
    assert s.total == 22
    assert s.severity is not None
    assert s.severity.label == "moderate"
    assert s.options == ((16, "2b"), (18, "1a"))
    assert s.item(16) == 2


def test_d13_phq9_prorated() -> None:
    s = PHQ9.score([1, 1, 1, 1, 1, 1, 1, 1, None], missing="prorate")
    assert s.total == 9
    assert s.prorated
    assert s.severity is not None
    assert s.severity.label == "mild"
    assert s.missing_items == (9,)


# --- missing items ---------------------------------------------------------------------


def test_prorate_rounds_half_up() -> None:
    # 8 answered items summing to 4: 4 * 9 / 8 = 4.5 -> 5 (half up, documented).
    s = PHQ9.score([1, 1, 1, 1, 0, 0, 0, 0, None], missing="prorate")
    assert s.total == 5


@pytest.mark.parametrize(
    ("rounding", "total"), [("half_up", 5), ("half_even", 4), ("floor", 4), ("ceil", 5)]
)
def test_prorate_rounding_is_a_parameter(rounding: str, total: int) -> None:
    rule = attrs.evolve(PHQ9.prorating, rounding=rounding)
    local = attrs.evolve(PHQ9, id="phq9_local", prorating=rule)
    assert local.score([1, 1, 1, 1, 0, 0, 0, 0, None], missing="prorate").total == total


def test_prorate_two_missing_is_allowed() -> None:
    s = PHQ9.score({1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2}, missing="prorate")
    assert s.total == 18
    assert s.missing_items == (8, 9)


def test_prorate_three_missing_is_invalid() -> None:
    with pytest.raises(ScoringError, match=r"3 items missing.*at most 2"):
        PHQ9.score([1, 1, 1, 1, 1, 1, None, None, None], missing="prorate")


def test_prorate_complete_response_is_not_marked() -> None:
    assert not PHQ9.score([1] * 9, missing="prorate").prorated


def test_strict_names_the_missing_item() -> None:
    with pytest.raises(ScoringError, match=r"PHQ-9 item 4: got None .*missing='prorate'"):
        PHQ9.score([1, 1, 1, None, 1, 1, 1, 1, 1])


@pytest.mark.parametrize("inst", [QIDS_SR16, MADRS, PHQ8])
def test_no_prorating_rule_elsewhere(inst: Instrument) -> None:
    values: list[int | None] = [0] * len(inst.items)
    values[0] = None
    with pytest.raises(ScoringError, match="no published missing-item rule"):
        inst.score(values, missing="prorate")


def test_missing_item_flag_not_raised_silently() -> None:
    s = PHQ9.score([3] * 8 + [None], missing="prorate")
    assert s.flags == ()
    assert s.missing_items == (9,)
    assert s.unanswered_critical_items == (9,)
    assert PHQ9.score([3] * 9).unanswered_critical_items == ()
    assert PHQ9.score([None] + [3] * 8, missing="prorate").unanswered_critical_items == ()


def test_instrument_repr_is_short() -> None:
    assert repr(PHQ9) == "<Instrument 'phq9': PHQ-9, standard 9-item>"


# --- PHQ family ------------------------------------------------------------------------


def test_phq2_and_phq8_are_derived() -> None:
    assert PHQ2.derived_from == "phq9"
    assert PHQ8.derived_from == "phq9"
    assert PHQ2.score([3, 3]).total == 6
    assert PHQ8.score([3] * 8).total == 24
    assert [i.label for i in PHQ2.items] == ["anhedonia", "depressed mood"]
    assert PHQ8.items[-1].label == "psychomotor change"


def test_phq9_rules_as_data() -> None:
    assert PHQ9.remission_rule().max_total == 4
    rule = PHQ9.response_rule()
    assert rule.min_reduction_percent == 50
    assert rule.min_baseline == 10
    assert PHQ9.loinc_panel == "44249-1"
    assert PHQ9.loinc_total == "44261-6"
    assert PHQ9.item(9).loinc == "44260-8"
    assert 10 in PHQ9.cutoffs[0]
    assert 9 not in PHQ9.cutoffs[0]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([2, 2, 2, 2, 2, 0, 0, 0, 0], ("major depressive syndrome",)),
        ([0, 0, 2, 2, 2, 2, 2, 0, 0], ()),
        ([2, 0, 0, 0, 0, 0, 0, 0, 1], ("other depressive syndrome",)),
        ([2, 2, 2, 2, 0, 0, 0, 0, 1], ("major depressive syndrome",)),
        ([1, 1, 1, 1, 1, 1, 1, 1, 1], ()),
    ],
)
def test_phq9_diagnostic_algorithm(values: list[int], expected: tuple[str, ...]) -> None:
    assert PHQ9.score(values).patterns == expected


# --- MADRS -----------------------------------------------------------------------------


def test_madrs_rules_and_variant() -> None:
    assert MADRS.remission_rule().name == "esketamine"
    assert MADRS.remission_rule().max_total == 12
    assert MADRS.remission_rule("ketamine-iv").max_total == 10
    assert {r.max_total for r in MADRS.remission_rules} == {12, 10, 7, 9, 11}
    assert MADRS.response_rule().min_reduction_percent == 50
    assert MADRS_24H.recall == "past 24 hours"
    assert MADRS_24H.score([6] * 10).total == 60
    assert all(item.text is None for item in MADRS.items)


@pytest.mark.parametrize(("value", "flagged"), [(3, False), (4, True), (6, True)])
def test_madrs_item10_flag(value: int, flagged: bool) -> None:
    assert bool(MADRS.score([0] * 9 + [value]).flags) is flagged


# --- HAM-D17 ---------------------------------------------------------------------------


def test_hamd_mixed_ranges() -> None:
    assert [i.high for i in HAMD17.items] == [4, 4, 4, 2, 2, 2, 4, 4, 4, 4, 4, 2, 2, 2, 4, 2, 2]


@pytest.mark.parametrize("key", ["16A", "16B", "16a"])
def test_hamd_item16_form(key: str) -> None:
    responses: dict[int | str, int] = dict.fromkeys(range(1, 16), 0)
    responses[17] = 0
    responses[key] = 2
    s = HAMD17.score(responses)
    assert s.total == 2
    assert s.options == ((16, key[-1].upper()),)


def test_hamd_item16_both_forms_rejected() -> None:
    responses: dict[int | str, int] = dict.fromkeys(range(1, 16), 0)
    responses[17] = 0
    responses["16A"] = 1
    responses["16B"] = 1
    with pytest.raises(ScoringError, match="item 16: given more than once"):
        HAMD17.score(responses)


def test_hamd_remission_and_item3_flag() -> None:
    assert HAMD17.remission_rule().max_total == 7
    values = [0] * 17
    values[2] = 1
    assert [f.item for f in HAMD17.score(values).flags] == [3]


# --- QIDS-SR16 -------------------------------------------------------------------------


def test_qids_rules() -> None:
    assert QIDS_SR16.remission_rule().max_total == 5
    assert QIDS_SR16.response_rule().min_reduction_percent == 50
    values = [0] * 16
    values[11] = 1
    assert [f.item for f in QIDS_SR16.score(values).flags] == [12]


# --- BDI-II ----------------------------------------------------------------------------


def test_bdi_plain_integer_for_lettered_item() -> None:
    s = BDI_II.score([1] * 21)
    assert s.total == 21
    assert s.options == ()


def test_bdi_zero_option_string() -> None:
    responses: list[int | str] = [0] * 21
    responses[15] = "0"
    responses[17] = "3a"
    s = BDI_II.score(responses)
    assert s.total == 3
    assert s.options == ((18, "3a"),)


def test_bdi_no_item_text_shipped() -> None:
    assert all(item.text is None for item in BDI_II.items)
    assert BDI_II.loinc_total == "89209-1"


# --- band boundaries (reference numbers) -----------------------------------------------

_BANDS: list[tuple[Instrument, str | None, list[tuple[int, int, str]]]] = [
    (
        PHQ9,
        None,
        [
            (0, 4, "none/minimal"),
            (5, 9, "mild"),
            (10, 14, "moderate"),
            (15, 19, "moderately severe"),
            (20, 27, "severe"),
        ],
    ),
    (
        MADRS,
        None,
        [(0, 6, "normal/absent"), (7, 19, "mild"), (20, 34, "moderate"), (35, 60, "severe")],
    ),
    (
        MADRS,
        "12-24-35",
        [(0, 11, "normal/absent"), (12, 23, "mild"), (24, 34, "moderate"), (35, 60, "severe")],
    ),
    (
        HAMD17,
        None,
        [
            (0, 7, "none"),
            (8, 13, "mild"),
            (14, 18, "moderate"),
            (19, 22, "severe"),
            (23, 52, "very severe"),
        ],
    ),
    (
        HAMD17,
        "ids-qids",
        [
            (0, 7, "none"),
            (8, 13, "mild"),
            (14, 19, "moderate"),
            (20, 25, "severe"),
            (26, 52, "very severe"),
        ],
    ),
    (
        QIDS_SR16,
        None,
        [
            (0, 5, "none"),
            (6, 10, "mild"),
            (11, 15, "moderate"),
            (16, 20, "severe"),
            (21, 27, "very severe"),
        ],
    ),
    (
        BDI_II,
        None,
        [(0, 13, "minimal"), (14, 19, "mild"), (20, 28, "moderate"), (29, 63, "severe")],
    ),
]


def _boundary_cases() -> list[tuple[Instrument, str | None, int, str]]:
    cases = []
    for inst, band_set, bands in _BANDS:
        for low, high, label in bands:
            for total in {
                low,
                high,
                low + 1 if low < high else low,
                high - 1 if high > low else high,
            }:
                cases.append((inst, band_set, total, label))
    return cases


@pytest.mark.parametrize(("inst", "band_set", "total", "label"), _boundary_cases())
def test_band_boundaries(inst: Instrument, band_set: str | None, total: int, label: str) -> None:
    s = inst.score(example_responses(inst, total=total))
    assert s.total == total
    band = s.band(band_set)
    assert band is not None
    assert band.label == label
    if band_set is None:
        assert s.severity == band
