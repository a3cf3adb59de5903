"""CADSS, BPRS-18, MOAA/S, YMRS, C-SSRS screener, CGI-S/I and the Sheehan Disability Scale.

Expected numbers come from the clinical reference (sections 1.8–1.10, 1.13–1.16, 6).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacore.exceptions import ScoringError
from ketacore.instruments import (
    BPRS18,
    BPRS18_0TO6,
    CADSS,
    CGI_I,
    CGI_S,
    CSSRS_SCREENER,
    MOAAS,
    SHEEHAN_SDS,
    YMRS,
    Instrument,
    RiskTier,
    Triage,
    get,
)
from ketacore.testing import example_responses

# --- C-SSRS screener -------------------------------------------------------------------


@pytest.mark.parametrize(
    "all_no",
    [
        [0, 0, None, None, None, 0, None],
        [0, 0, 0, 0, 0, 0, 0],
        {1: 0, 2: 0, 6: 0},
    ],
)
def test_example_7_cssrs_all_no_is_low(all_no: object) -> None:
    s = CSSRS_SCREENER.score(all_no)  # type: ignore[arg-type]
    assert s.total is None
    assert s.severity is None
    assert s.risk == "low"
    assert s.flags == ()


@pytest.mark.parametrize(
    ("values", "risk"),
    [
        ([1, 0, None, None, None, 0, None], "low"),  # Q1 only
        ([1, 1, 0, 0, 0, 0, None], "low"),  # Q1 and Q2 only
        ([1, 1, 1, 0, 0, 0, None], "moderate"),  # Q3
        ([0, 0, None, None, None, 1, 0], "moderate"),  # behaviour > 3 months ago
        ([1, 1, 0, 1, 0, 0, None], "high"),  # Q4
        ([1, 1, 1, 1, 1, 0, None], "high"),  # Q5
        ([0, 0, None, None, None, 1, 1], "high"),  # behaviour in the past 3 months
        ([1, 1, 1, 0, 0, 1, 1], "high"),
    ],
)
def test_cssrs_triage(values: list[int | None], risk: str) -> None:
    assert CSSRS_SCREENER.score(values).risk == risk


def test_cssrs_skipped_critical_items_are_not_unanswered() -> None:
    s = CSSRS_SCREENER.score([0, 0, None, None, None, 0, None])
    assert s.unanswered_critical_items == ()


def test_cssrs_high_tier_items_are_flagged() -> None:
    s = CSSRS_SCREENER.score([1, 1, 1, 1, 1, 1, 1])
    assert [f.item for f in s.flags] == [4, 5, 7]


def test_cssrs_lower_tiers_are_configurable() -> None:
    stricter = Triage(
        (
            RiskTier("high", ((3, 1), (4, 1), (5, 1), (7, 1)), "clinic policy"),
            RiskTier("moderate", ((1, 1), (2, 1), (6, 1)), "clinic policy"),
        ),
        "none",
        "clinic policy",
    )
    s = CSSRS_SCREENER.score([1, 1, 1, 0, 0, 0, None])
    assert s.risk == "moderate"
    assert s.risk_with(stricter) == "high"
    assert CSSRS_SCREENER.score([0] * 7).risk_with(stricter) == "none"


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ([0, 0, 1, None, None, 0, None], "item 3: got 1, but item 2 is 0"),
        ([0, 0, None, 1, None, 0, None], "item 4: got 1, but item 2 is 0"),
        ([0, 0, None, None, 1, 0, None], "item 5: got 1, but item 2 is 0"),
        ([0, 0, None, None, None, 0, 1], "item 7: got 1, but item 6 is 0"),
        ([0, 1, None, 0, 0, 0, None], "item 3: got None, but it must be answered"),
        ([0, 1, 0, 0, None, 0, None], "item 5: got None, but it must be answered"),
        ([0, 0, None, None, None, 1, None], "item 7: got None, but it must be answered"),
        ([None, 0, None, None, None, 0, None], "item 1: got None"),
        ([0, 0, None, None, None, None, None], "item 6: got None"),
        ([0, 2, None, None, None, 0, None], "item 2: got 2, expected an integer 0–1"),
        ([0, True, None, None, None, 0, None], "item 2: got True (a bool)"),
    ],
)
def test_cssrs_inconsistent_or_bad_answers(values: list[object], words: str) -> None:
    with pytest.raises(ScoringError, match="C-SSRS screener") as info:
        CSSRS_SCREENER.score(values)  # type: ignore[arg-type]
    assert words in str(info.value)


def test_cssrs_loinc() -> None:
    assert [i.loinc for i in CSSRS_SCREENER.items] == [
        "93246-7",
        "93247-5",
        "93248-3",
        "93249-1",
        "93250-9",
        "93267-3",
        "93269-9",
    ]
    assert all(i.text is None for i in CSSRS_SCREENER.items)


@given(
    q1=st.integers(0, 1),
    q2=st.integers(0, 1),
    follow=st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 1)),
    q6=st.integers(0, 1),
    q7=st.integers(0, 1),
)
def test_cssrs_any_consistent_answer_set_triages(
    q1: int, q2: int, follow: tuple[int, int, int], q6: int, q7: int
) -> None:
    values = [q1, q2, *(follow if q2 else (None, None, None)), q6, q7 if q6 else None]
    s = CSSRS_SCREENER.score(values)
    assert s.risk in {"high", "moderate", "low"}
    high = (q2 and (follow[1] or follow[2])) or (q6 and q7)
    assert (s.risk == "high") == bool(high)


# --- CGI -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inst", "value", "label"),
    [
        (CGI_S, 1, "normal"),
        (CGI_S, 2, "borderline"),
        (CGI_S, 3, "mildly ill"),
        (CGI_S, 4, "moderately ill"),
        (CGI_S, 5, "markedly ill"),
        (CGI_S, 6, "severely ill"),
        (CGI_S, 7, "among the most extremely ill"),
        (CGI_I, 1, "very much improved"),
        (CGI_I, 2, "much improved"),
        (CGI_I, 3, "minimally improved"),
        (CGI_I, 4, "no change"),
        (CGI_I, 5, "minimally worse"),
        (CGI_I, 6, "much worse"),
        (CGI_I, 7, "very much worse"),
    ],
)
def test_cgi_labels(inst: Instrument, value: int, label: str) -> None:
    s = inst.score([value])
    assert s.total == value
    assert s.severity is not None
    assert s.severity.label == label


@pytest.mark.parametrize("inst", [CGI_S, CGI_I])
def test_cgi_zero_is_not_assessed(inst: Instrument) -> None:
    s = inst.score([0])
    assert s.total is None
    assert s.severity is None
    assert s.values == (0,)
    assert s.not_rated_items == (1,)


@pytest.mark.parametrize(("value", "responds"), [(1, True), (2, True), (3, False), (7, False)])
def test_cgi_i_response_cutoff(value: int, responds: bool) -> None:
    (cut,) = CGI_I.cutoffs
    assert (value in cut) is responds


def test_cgi_ids_match_companions() -> None:
    assert get("cgi_s") is CGI_S
    assert get("CGI-I") is CGI_I


# --- MOAA/S ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "flags", "band_start"),
    [
        (5, [], "responds readily"),
        (4, ["sedation (MOAA/S <= 4)"], "mild sedation"),
        (3, ["sedation (MOAA/S <= 4)"], "moderate or deeper"),
        (2, ["sedation (MOAA/S <= 4)"], "moderate or deeper"),
        (1, ["sedation (MOAA/S <= 4)"], "moderate or deeper"),
        (
            0,
            ["sedation (MOAA/S <= 4)", "loss of consciousness (MOAA/S 0)"],
            "loss of consciousness",
        ),
    ],
)
def test_moaas_levels(level: int, flags: list[str], band_start: str) -> None:
    s = MOAAS.score([level])
    assert s.total == level
    assert [f.label for f in s.flags] == flags
    assert s.severity is not None
    assert s.severity.label.startswith(band_start)


# --- CADSS -----------------------------------------------------------------------------


def test_cadss_range_and_short_form() -> None:
    assert len(CADSS.items) == 23
    assert CADSS.score([4] * 23).total == 92
    values = [0] * 23
    for n in (1, 2, 6, 7, 15, 22):
        values[n - 1] = 1
    s = CADSS.score(values)
    assert s.subscales == {"CADSS-6 short form": 6}
    (event,) = CADSS.change_thresholds
    assert event.min_total == 5
    assert event.min_change == 1


# --- BPRS ------------------------------------------------------------------------------


def test_bprs_anchorings() -> None:
    assert BPRS18.total_range == (18, 126)
    assert BPRS18_0TO6.total_range == (0, 108)
    floor = BPRS18.score([1] * 18)
    assert floor.total == 18
    assert floor.subscales == {"positive (BPRS+)": 4}
    top = BPRS18.score([7] * 18)
    assert top.subscales == {"positive (BPRS+)": 28}
    assert BPRS18_0TO6.score([6] * 18).subscales == {"positive (BPRS+)": 24}
    assert BPRS18_0TO6.score([0] * 18).total == 0


def test_bprs_not_rated_gives_no_total() -> None:
    values = [2] * 18
    values[11] = 0  # item 12 not rated
    s = BPRS18.score(values)
    assert s.total is None
    assert s.subscales == {"positive (BPRS+)": None}
    assert s.not_rated_items == (12,)


def test_bprs_not_rated_outside_positive_items() -> None:
    values = [2] * 18
    values[0] = 0
    s = BPRS18.score(values)
    assert s.total is None
    assert s.subscales == {"positive (BPRS+)": 8}


# --- YMRS ------------------------------------------------------------------------------


def test_ymrs_double_weighted_items() -> None:
    assert [i.number for i in YMRS.items if i.high == 8] == [5, 6, 8, 9]
    assert YMRS.score([4, 4, 4, 4, 8, 8, 4, 8, 8, 4, 4]).total == 60
    (entry,) = YMRS.cutoffs
    assert 5 in entry
    assert 6 not in entry


# --- Sheehan Disability Scale ----------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "flagged"),
    [([4, 4, 4], []), ([5, 4, 10], [1, 3]), ([10, 10, 10], [1, 2, 3])],
)
def test_sheehan_impairment_flags(values: list[int], flagged: list[int]) -> None:
    s = SHEEHAN_SDS.score(values)
    assert s.total == sum(values)
    assert [f.item for f in s.flags] == flagged


# --- band boundaries (reference numbers) -----------------------------------------------

_BANDS: list[tuple[Instrument, list[tuple[int, int, str]]]] = [
    (
        YMRS,
        [
            (0, 12, "remission/euthymia"),
            (13, 19, "minimal"),
            (20, 25, "mild"),
            (26, 37, "moderate"),
            (38, 60, "severe"),
        ],
    ),
]


def _boundary_cases() -> list[tuple[Instrument, int, str]]:
    cases = []
    for inst, bands in _BANDS:
        for low, high, label in bands:
            for total in sorted({low, high, min(low + 1, high), max(high - 1, low)}):
                cases.append((inst, total, label))
    return cases


@pytest.mark.parametrize(("inst", "total", "label"), _boundary_cases())
def test_band_boundaries(inst: Instrument, total: int, label: str) -> None:
    s = inst.score(example_responses(inst, total=total))
    assert s.total == total
    assert s.severity is not None
    assert s.severity.label == label
