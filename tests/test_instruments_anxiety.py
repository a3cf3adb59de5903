"""GAD-7, PCL-5, Y-BOCS and HAM-A against the clinical reference (1.2, 1.7, 1.11, 1.12, 6)."""

from __future__ import annotations

import pytest

from ketacore.instruments import GAD7, HAMA, PCL5, PCL5_PAST_WEEK, YBOCS, Instrument, get
from ketacore.testing import example_responses

# --- worked examples -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "total", "label"),
    [
        ([1, 1, 1, 1, 0, 1, 2], 7, "mild"),  # example 4, PACIO October 2025
        ([1, 0, 0, 1, 0, 1, 1], 4, "minimal"),  # example 5, PACIO January 2026
        ([1, 1, 1, 2, 2, 0, 0], 7, "mild"),  # example 6, MII
    ],
)
def test_gad7_examples(values: list[int], total: int, label: str) -> None:
    s = GAD7.score(values)
    assert s.total == total
    assert s.severity is not None
    assert s.severity.label == label
    assert s.flags == ()


def test_d10_pcl5_pattern_below_cut_point() -> None:
    values = [0] * 20
    values[0] = 2  # item 1
    values[5] = 3  # item 6
    values[7] = 2  # item 8
    values[9] = 2  # item 10
    values[14] = 2  # item 15
    values[16] = 3  # item 17
    s = PCL5.score(values)
    assert s.total == 14
    assert s.subscales == {
        "B intrusions": 2,
        "C avoidance": 3,
        "D negative cognitions and mood": 4,
        "E arousal and reactivity": 5,
    }
    assert s.patterns == ("DSM-5 provisional diagnosis",)
    assert all(s.total not in cut for cut in PCL5.cutoffs)


def test_d11_ybocs_subtotals() -> None:
    s = YBOCS.score([3, 3, 3, 3, 3, 2, 2, 2, 2, 2])
    assert s.subscales == {"obsessions": 15, "compulsions": 10}
    assert s.total == 25
    assert s.severity is not None
    assert s.severity.label == "severe"


# --- GAD-7 -----------------------------------------------------------------------------


def test_gad7_data() -> None:
    assert GAD7.loinc_panel == "69737-5"
    assert GAD7.loinc_total == "70274-6"
    assert GAD7.remission_rules == ()
    assert 10 in GAD7.cutoffs[0]
    assert 9 not in GAD7.cutoffs[0]
    assert GAD7.item(7).text is not None


# --- PCL-5 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endorsed", "meets"),
    [
        ({1: 2, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2}, True),
        ({1: 2, 6: 2, 8: 2, 9: 1, 15: 2, 16: 2}, False),  # only 1 D item >= 2
        ({1: 2, 8: 2, 9: 2, 15: 2, 16: 2}, False),  # no C item
        ({6: 4, 7: 4, 8: 4, 9: 4, 15: 4, 16: 4}, False),  # no B item
        ({1: 2, 6: 2, 8: 2, 9: 2, 15: 2}, False),  # only 1 E item
        ({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1}, False),  # nothing reaches 2
    ],
)
def test_pcl5_pattern(endorsed: dict[int, int], meets: bool) -> None:
    values = [endorsed.get(n, 0) for n in range(1, 21)]
    assert bool(PCL5.score(values).patterns) is meets


def test_pcl5_cut_points_and_change() -> None:
    by_name = {c.name: c for c in PCL5.cutoffs}
    assert by_name["probable PTSD (33)"].low == 33
    assert by_name["probable PTSD (31)"].low == 31
    assert by_name["probable PTSD (older guidance, 38)"].low == 38
    assert [c.min_change for c in PCL5.change_thresholds] == [5, 10]
    assert PCL5.critical_items == ()


def test_pcl5_past_week_variant() -> None:
    assert get("pcl5_past_week") is PCL5_PAST_WEEK
    assert PCL5_PAST_WEEK.recall == "past week"
    assert PCL5_PAST_WEEK.score([4] * 20).total == 80


# --- Y-BOCS ----------------------------------------------------------------------------


def test_ybocs_rules() -> None:
    remission = YBOCS.remission_rule()
    assert remission.max_total == 12
    assert [(c.instrument, c.max_total) for c in remission.companions] == [("cgi_s", 2)]
    response = YBOCS.response_rule()
    assert response.min_reduction_percent == 35
    assert [(c.instrument, c.max_total) for c in response.companions] == [("cgi_i", 2)]
    assert YBOCS.remission_rule("ipd-optimal").max_total == 15
    assert YBOCS.response_rule("ipd-optimal").min_reduction_percent == 30
    for companion in (*remission.companions, *response.companions):
        assert get(companion.instrument).id == companion.instrument
    assert all(item.text is None for item in YBOCS.items)


# --- HAM-A -----------------------------------------------------------------------------


def test_hama_subscales() -> None:
    values = list(range(14))
    values = [v % 5 for v in values]
    s = HAMA.score(values)
    psychic = sum(values[i - 1] for i in (1, 2, 3, 4, 5, 6, 14))
    somatic = sum(values[i - 1] for i in range(7, 14))
    assert s.subscales == {"psychic": psychic, "somatic": somatic}
    assert psychic + somatic == s.total


# --- band boundaries (reference numbers) -----------------------------------------------

_BANDS: list[tuple[Instrument, str | None, list[tuple[int, int, str]]]] = [
    (GAD7, None, [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")]),
    (
        YBOCS,
        None,
        [
            (0, 7, "subclinical"),
            (8, 15, "mild"),
            (16, 23, "moderate"),
            (24, 31, "severe"),
            (32, 40, "extreme"),
        ],
    ),
    (
        HAMA,
        None,
        [
            (0, 17, "mild"),
            (18, 24, "mild to moderate"),
            (25, 30, "moderate to severe"),
            (31, 56, "severe"),
        ],
    ),
    (
        HAMA,
        "camcops",
        [
            (0, 17, "mild"),
            (18, 24, "mild to moderate"),
            (25, 30, "moderate to severe"),
            (31, 56, "very severe"),
        ],
    ),
]


def _boundary_cases() -> list[tuple[Instrument, str | None, int, str]]:
    cases = []
    for inst, band_set, bands in _BANDS:
        for low, high, label in bands:
            for total in sorted({low, high, min(low + 1, high), max(high - 1, low)}):
                cases.append((inst, band_set, total, label))
    return cases


@pytest.mark.parametrize(("inst", "band_set", "total", "label"), _boundary_cases())
def test_band_boundaries(inst: Instrument, band_set: str | None, total: int, label: str) -> None:
    s = inst.score(example_responses(inst, total=total))
    assert s.total == total
    band = s.band(band_set)
    assert band is not None
    assert band.label == label
