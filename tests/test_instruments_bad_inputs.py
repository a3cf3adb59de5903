"""Bad responses: every row must raise ScoringError naming the instrument, item, value, range."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from ketacore.exceptions import KetacoreError, ScoringError
from ketacore.instruments import CATALOGUE

_PHQ = [0] * 9


def _with(base: list[object], index: int, value: object) -> list[object]:
    out = list(base)
    out[index] = value
    return out


# (instrument id, responses, missing policy, words that must all appear in the message)
_CASES: list[tuple[str, object, str, tuple[str, ...]]] = [
    # --- PHQ-9: types and ranges
    ("phq9", _with(_PHQ, 2, 4), "strict", ("PHQ-9 item 3", "got 4", "0–3")),
    ("phq9", _with(_PHQ, 0, -1), "strict", ("PHQ-9 item 1", "got -1", "0–3")),
    ("phq9", _with(_PHQ, 8, 99), "strict", ("PHQ-9 item 9", "got 99", "0–3")),
    ("phq9", _with(_PHQ, 3, 2.0), "strict", ("PHQ-9 item 4", "2.0 (a float)", "0–3")),
    ("phq9", _with(_PHQ, 3, 1.5), "strict", ("PHQ-9 item 4", "1.5 (a float)", "0–3")),
    ("phq9", _with(_PHQ, 4, math.nan), "strict", ("PHQ-9 item 5", "nan", "0–3")),
    ("phq9", _with(_PHQ, 4, math.inf), "strict", ("PHQ-9 item 5", "inf", "0–3")),
    ("phq9", _with(_PHQ, 5, True), "strict", ("PHQ-9 item 6", "True (a bool)", "0–3")),
    ("phq9", _with(_PHQ, 5, False), "strict", ("PHQ-9 item 6", "False (a bool)", "0–3")),
    ("phq9", _with(_PHQ, 6, "2"), "strict", ("PHQ-9 item 7", "'2' (a str)", "0–3")),
    ("phq9", _with(_PHQ, 6, ""), "strict", ("PHQ-9 item 7", "'' (a str)", "0–3")),
    ("phq9", _with(_PHQ, 6, "2b"), "strict", ("PHQ-9 item 7", "'2b'", "0–3")),
    ("phq9", _with(_PHQ, 7, b"1"), "strict", ("PHQ-9 item 8", "b'1'", "0–3")),
    ("phq9", _with(_PHQ, 7, Decimal(1)), "strict", ("PHQ-9 item 8", "Decimal", "0–3")),
    ("phq9", _with(_PHQ, 7, Fraction(1)), "strict", ("PHQ-9 item 8", "Fraction", "0–3")),
    ("phq9", _with(_PHQ, 7, [1]), "strict", ("PHQ-9 item 8", "[1]", "0–3")),
    ("phq9", _with(_PHQ, 7, 1j), "strict", ("PHQ-9 item 8", "1j", "0–3")),
    ("phq9", _with(_PHQ, 1, None), "strict", ("PHQ-9 item 2", "None", "0–3", "strict")),
    ("phq9", _with(_PHQ, 8, None), "strict", ("PHQ-9 item 9", "None", "0–3")),
    # --- PHQ-9: shape
    ("phq9", [0] * 8, "strict", ("PHQ-9", "got 8 responses", "expected 9")),
    ("phq9", [0] * 10, "strict", ("PHQ-9", "got 10 responses", "expected 9")),
    ("phq9", [], "strict", ("PHQ-9", "got 0 responses", "expected 9")),
    ("phq9", "000000000", "strict", ("PHQ-9", "'000000000'", "sequence")),
    ("phq9", 12, "strict", ("PHQ-9", "12", "sequence")),
    ("phq9", None, "strict", ("PHQ-9", "None", "sequence")),
    ("phq9", {0: 1}, "strict", ("PHQ-9 item 0", "no such item", "1–9")),
    ("phq9", {10: 1}, "strict", ("PHQ-9 item 10", "no such item", "1–9")),
    ("phq9", {-1: 1}, "strict", ("PHQ-9 item -1", "no such item", "1–9")),
    ("phq9", {"1": 1}, "strict", ("PHQ-9", "item key '1'", "1–9")),
    ("phq9", {True: 1}, "strict", ("PHQ-9", "item key True", "1–9")),
    ("phq9", {1.0: 1}, "strict", ("PHQ-9", "item key 1.0", "1–9")),
    ("phq9", {1: 1, 2: 1}, "strict", ("PHQ-9 item 3", "None", "0–3")),
    ("phq9", dict.fromkeys(range(1, 9), 3) | {9: 4}, "strict", ("PHQ-9 item 9", "got 4", "0–3")),
    # --- PHQ-9: prorating
    ("phq9", [None, None, None, 1, 1, 1, 1, 1, 1], "prorate", ("PHQ-9", "3 items missing")),
    ("phq9", [None] * 9, "prorate", ("PHQ-9", "9 items missing")),
    ("phq9", _with(_PHQ, 0, 7), "prorate", ("PHQ-9 item 1", "got 7", "0–3")),
    ("phq9", _with(_PHQ, 0, 9), "prorate", ("PHQ-9 item 1", "got 9", "0–3")),
    ("phq9", _PHQ, "lenient", ("PHQ-9", "'lenient'", "strict")),
    # --- PHQ-2 / PHQ-8
    ("phq2", [0, 4], "strict", ("PHQ-2 item 2", "got 4", "0–3")),
    ("phq2", [0] * 9, "strict", ("PHQ-2", "got 9 responses", "expected 2")),
    ("phq8", [0] * 9, "strict", ("PHQ-8", "got 9 responses", "expected 8")),
    ("phq8", [None] + [0] * 7, "prorate", ("PHQ-8 item 1", "None", "no published")),
    # --- MADRS
    ("madrs", [0] * 9 + [7], "strict", ("MADRS item 10", "got 7", "0–6")),
    ("madrs", [0] * 9 + [3.5], "strict", ("MADRS item 10", "3.5", "0–6")),
    ("madrs_24h", [0] * 11, "strict", ("MADRS", "got 11 responses", "expected 10")),
    # --- HAM-D17
    ("hamd17", [0] * 3 + [3] + [0] * 13, "strict", ("HAM-D17 item 4", "got 3", "0–2")),
    ("hamd17", [5] + [0] * 16, "strict", ("HAM-D17 item 1", "got 5", "0–4")),
    ("hamd17", [0] * 15 + [4, 0], "strict", ("HAM-D17 item 16", "got 4", "0–2", "not assessed")),
    ("hamd17", [0] * 16 + [3], "strict", ("HAM-D17 item 17", "got 3", "0–2")),
    ("hamd17", {"16C": 1}, "strict", ("HAM-D17", "item key '16C'", "1–17")),
    ("hamd17", {"16A": 1, 16: 1}, "strict", ("HAM-D17 item 16", "more than once")),
    # --- QIDS-SR16
    ("qids_sr16", [4] + [0] * 15, "strict", ("QIDS-SR16 item 1", "got 4", "0–3")),
    ("qids_sr16", [0] * 15 + [None], "strict", ("QIDS-SR16 item 16", "None", "no published")),
    ("qids_sr16", [0] * 15, "strict", ("QIDS-SR16", "got 15 responses", "expected 16")),
    # --- BDI-II
    ("bdi2", _with([0] * 21, 15, "2c"), "strict", ("BDI-II item 16", "'2c'", "'2b'")),
    ("bdi2", _with([0] * 21, 15, "4a"), "strict", ("BDI-II item 16", "'4a'", "0–3")),
    ("bdi2", _with([0] * 21, 15, "2B"), "strict", ("BDI-II item 16", "'2B'", "'2b'")),
    ("bdi2", _with([0] * 21, 16, "1a"), "strict", ("BDI-II item 17", "'1a'", "0–3")),
    ("bdi2", _with([0] * 21, 0, "1"), "strict", ("BDI-II item 1", "'1' (a str)", "0–3")),
    ("bdi2", _with([0] * 21, 17, 4), "strict", ("BDI-II item 18", "got 4", "0–3")),
    # --- GAD-7, PCL-5, Y-BOCS, HAM-A
    ("gad7", [0] * 6 + [4], "strict", ("GAD-7 item 7", "got 4", "0–3")),
    ("gad7", [0] * 9, "strict", ("GAD-7", "got 9 responses", "expected 7")),
    ("pcl5", [5] + [0] * 19, "strict", ("PCL-5 item 1", "got 5", "0–4")),
    ("pcl5", _with([0] * 20, 15, 2.5), "strict", ("PCL-5 item 16", "2.5", "0–4")),
    ("ybocs", [0] * 9 + [5], "strict", ("Y-BOCS item 10", "got 5", "0–4")),
    ("ybocs", [0] * 11, "strict", ("Y-BOCS", "got 11 responses", "expected 10")),
    ("hama", _with([0] * 14, 13, -1), "strict", ("HAM-A item 14", "got -1", "0–4")),
    # --- in-session and global instruments
    ("cadss23", [0] * 22 + [5], "strict", ("CADSS item 23", "got 5", "0–4")),
    ("cadss23", [0] * 27, "strict", ("CADSS", "got 27 responses", "expected 23")),
    ("bprs18", [8] + [1] * 17, "strict", ("BPRS-18 item 1", "got 8", "1–7", "0 = not rated")),
    ("bprs18", [1] * 17 + [-1], "strict", ("BPRS-18 item 18", "got -1", "1–7")),
    ("bprs18_0to6", [7] + [0] * 17, "strict", ("BPRS-18 (0–6) item 1", "got 7", "0–6")),
    ("moaas", [6], "strict", ("MOAA/S item 1", "got 6", "0–5")),
    ("moaas", [-1], "strict", ("MOAA/S item 1", "got -1", "0–5")),
    ("moaas", [4.0], "strict", ("MOAA/S item 1", "4.0 (a float)", "0–5")),
    ("ymrs", _with([0] * 11, 4, 9), "strict", ("YMRS item 5", "got 9", "0–8")),
    ("ymrs", _with([0] * 11, 0, 5), "strict", ("YMRS item 1", "got 5", "0–4")),
    ("cgi_s", [8], "strict", ("CGI-S item 1", "got 8", "1–7", "0 = not assessed")),
    ("cgi_i", [None], "strict", ("CGI-I item 1", "None", "1–7")),
    ("cgi_i", [1, 1], "strict", ("CGI-I", "got 2 responses", "expected 1")),
    ("sheehan_sds", [11, 0, 0], "strict", ("Sheehan Disability Scale item 1", "got 11", "0–10")),
    ("cssrs_screener", [0, 0, 1, None, None, 0, None], "strict", ("item 3", "inconsistent")),
    ("cssrs_screener", [0, "yes", None, None, None, 0, None], "strict", ("item 2", "'yes'", "0–1")),
]


@pytest.mark.parametrize(
    ("instrument_id", "responses", "missing", "words"),
    _CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(_CASES)],
)
def test_bad_input_is_rejected(
    instrument_id: str, responses: object, missing: str, words: tuple[str, ...]
) -> None:
    inst = CATALOGUE[instrument_id]
    with pytest.raises(ScoringError) as info:
        inst.score(responses, missing=missing)  # type: ignore[arg-type]
    assert isinstance(info.value, KetacoreError)
    assert isinstance(info.value, ValueError)
    assert info.value.field is not None  # every scoring error names what it is about
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


# (instrument id, responses, missing policy, field, item, value)
_ATTRIBUTES: list[tuple[str, object, str, str, int | None, object]] = [
    ("phq9", _with(_PHQ, 2, 4), "strict", "items[3]", 3, 4),
    ("phq9", _with(_PHQ, 5, True), "strict", "items[6]", 6, True),
    ("phq9", _with(_PHQ, 6, "2"), "strict", "items[7]", 7, "2"),
    ("phq9", _with(_PHQ, 1, None), "strict", "items[2]", 2, None),
    ("phq8", [None] + [0] * 7, "prorate", "items[1]", 1, None),
    ("phq9", [0] * 8, "strict", "responses", None, 8),
    ("phq9", 12, "strict", "responses", None, 12),
    ("phq9", {10: 1}, "strict", "responses", 10, 10),
    ("phq9", {"1": 1}, "strict", "responses", None, "1"),
    ("phq9", [None, None, None, 1, 1, 1, 1, 1, 1], "prorate", "responses", None, (1, 2, 3)),
    ("phq9", _PHQ, "lenient", "missing", None, "lenient"),
    ("hamd17", {"16A": 1, 16: 1}, "strict", "items[16]", 16, 16),
    ("bdi2", _with([0] * 21, 15, "2c"), "strict", "items[16]", 16, "2c"),
    ("cssrs_screener", [0, 0, 1, None, None, 0, None], "strict", "items[3]", 3, 1),
    ("cssrs_screener", [1, 1, None, 0, 0, 0, None], "strict", "items[3]", 3, None),
]


@pytest.mark.parametrize(
    ("instrument_id", "responses", "missing", "field", "item", "value"),
    _ATTRIBUTES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(_ATTRIBUTES)],
)
def test_scoring_errors_carry_field_item_value_and_expected(
    instrument_id: str, responses: object, missing: str, field: str, item: int | None, value: object
) -> None:
    with pytest.raises(ScoringError) as info:
        CATALOGUE[instrument_id].score(responses, missing=missing)  # type: ignore[arg-type]
    error = info.value
    assert (error.field, error.item, error.value) == (field, item, value)
    assert error.expected


def test_the_table_is_large_and_distinct() -> None:
    assert len(_CASES) >= 60
    assert len({repr(c) for c in _CASES}) == len(_CASES)


def test_numpy_style_integers_are_accepted() -> None:
    class Index:
        def __index__(self) -> int:
            return 2

    assert CATALOGUE["phq9"].score([Index()] + [0] * 8).total == 2  # type: ignore[list-item]


def test_a_score_built_directly_must_agree_with_its_items() -> None:
    from ketacore.instruments import MADRS, PHQ9, Score

    with pytest.raises(ScoringError, match="which score 60") as info:
        Score(MADRS, (6,) * 10, 0)
    assert (info.value.field, info.value.value) == ("total", 0)
    with pytest.raises(ScoringError):
        Score(PHQ9, (0, 0, 0), 999)
    good = PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0])
    assert Score(PHQ9, good.values, 12) == good


class _RaisingIndex:
    def __index__(self) -> int:
        raise RuntimeError("__index__ exploded")


class _RaisingEverything:
    def __index__(self) -> int:
        raise RuntimeError("__index__ exploded")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("__eq__ exploded")

    def __hash__(self) -> int:
        raise RuntimeError("__hash__ exploded")

    def __repr__(self) -> str:
        raise RuntimeError("__repr__ exploded")


class _HostileInt(int):
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("__eq__ exploded")

    __hash__ = None  # type: ignore[assignment]


class _HostileStr(str):
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("__eq__ exploded")

    __hash__ = None  # type: ignore[assignment]


ODD_VALUES: list[tuple[object, str]] = [
    (_RaisingIndex(), "(a _RaisingIndex)"),
    (_RaisingEverything(), "a _RaisingEverything that cannot be shown"),
    (10**5000, "an integer of 5001 digits"),
    (-(10**5000), "an integer of 5001 digits"),
    (_HostileStr("2"), "'2' (a _HostileStr)"),
    ("2" * 100_000, "... (100000 characters) (a str)"),
]


@pytest.mark.parametrize(
    ("value", "shown"), ODD_VALUES, ids=[f"odd-{i}" for i in range(len(ODD_VALUES))]
)
def test_odd_objects_are_scoring_errors_with_bounded_messages(value: object, shown: str) -> None:
    with pytest.raises(ScoringError) as info:
        CATALOGUE["phq9"].score(_with(_PHQ, 4, value))
    message = str(info.value)
    assert message.startswith("PHQ-9 item 5: got ")
    assert shown in message
    assert len(message) < 200


def test_an_int_subclass_scores_by_its_value_without_running_its_eq() -> None:
    score = CATALOGUE["phq9"].score(_with(_PHQ, 8, _HostileInt(2)))
    assert score.total == 2
    assert type(score.values[8]) is int


def test_a_numpy_array_is_refused_with_a_hint() -> None:
    np = pytest.importorskip("numpy")
    with pytest.raises(ScoringError) as info:
        CATALOGUE["phq9"].score(np.array([2, 2, 2, 2, 1, 1, 2, 0, 0]))
    message = str(info.value)
    assert message.startswith("PHQ-9: got array([2, 2, 2, 2, 1, 1, 2, 0,... (a ndarray)")
    assert "values.tolist()" in message
    assert "ketacore.batch.score_array" in message
