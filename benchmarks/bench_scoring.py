"""Benchmark: scoring through the public API vs a hand-written validating function.

Run with ``python benchmarks/bench_scoring.py``. Prints µs per call and the ratio.
Not a test: nothing here asserts on time.
"""

from __future__ import annotations

import timeit

from ketacore.instruments import PHQ9, QIDS_SR16

_PHQ_ALLOWED = frozenset(range(4))


def hand_phq9(values: list[int]) -> tuple[int, str, bool]:
    """Validate and score a PHQ-9 by hand: (total, band label, item-9 flag)."""
    if len(values) != 9:
        raise ValueError("PHQ-9 needs 9 items")
    for number, value in enumerate(values, start=1):
        if type(value) is not int or value not in _PHQ_ALLOWED:
            raise ValueError(f"PHQ-9 item {number}: got {value!r}")
    total = sum(values)
    if total <= 4:
        band = "none/minimal"
    elif total <= 9:
        band = "mild"
    elif total <= 14:
        band = "moderate"
    elif total <= 19:
        band = "moderately severe"
    else:
        band = "severe"
    return total, band, values[8] >= 1


def hand_qids(values: list[int]) -> tuple[int, str]:
    """Validate and score a QIDS-SR16 by hand: (total, band label)."""
    if len(values) != 16:
        raise ValueError("QIDS-SR16 needs 16 items")
    for number, value in enumerate(values, start=1):
        if type(value) is not int or value not in _PHQ_ALLOWED:
            raise ValueError(f"QIDS-SR16 item {number}: got {value!r}")
    v = values
    total = (
        max(v[0], v[1], v[2], v[3])
        + v[4]
        + max(v[5], v[6], v[7], v[8])
        + v[9]
        + v[10]
        + v[11]
        + v[12]
        + v[13]
        + max(v[14], v[15])
    )
    if total <= 5:
        band = "none"
    elif total <= 10:
        band = "mild"
    elif total <= 15:
        band = "moderate"
    elif total <= 20:
        band = "severe"
    else:
        band = "very severe"
    return total, band


def _api_phq9(values: list[int]) -> tuple[int, str, bool]:
    s = PHQ9.score(values)
    band = s.severity  # read once, as a caller would
    assert s.total is not None
    assert band is not None
    return s.total, band.label, bool(s.flags)


def _api_qids(values: list[int]) -> tuple[int, str]:
    s = QIDS_SR16.score(values)
    band = s.severity
    assert s.total is not None
    assert band is not None
    return s.total, band.label


def _pair(api: object, hand: object, arg: list[int], number: int = 50_000) -> tuple[float, float]:
    """Best µs/call of each, timing them alternately so machine noise hits both alike."""
    api_timer = timeit.Timer(lambda: api(arg))  # type: ignore[operator]
    hand_timer = timeit.Timer(lambda: hand(arg))  # type: ignore[operator]
    best_api = best_hand = float("inf")
    for _ in range(15):
        best_api = min(best_api, api_timer.timeit(number))
        best_hand = min(best_hand, hand_timer.timeit(number))
    return best_api / number * 1e6, best_hand / number * 1e6


def main() -> None:
    """Run the comparison and print the figures."""
    phq = [2, 2, 2, 2, 1, 1, 2, 0, 0]
    qids = [2, 0, 1, 3, 2, 0, 1, 0, 2, 1, 2, 0, 1, 2, 1, 0]
    assert _api_phq9(phq) == hand_phq9(phq)
    assert _api_qids(qids) == hand_qids(qids)
    rows = [
        ("PHQ-9 score() only", lambda v: PHQ9.score(v), hand_phq9, phq),
        ("PHQ-9 total+band+flags", _api_phq9, hand_phq9, phq),
        ("QIDS-SR16 score() only", lambda v: QIDS_SR16.score(v), hand_qids, qids),
        ("QIDS-SR16 total+band", _api_qids, hand_qids, qids),
    ]
    print(f"{'case':<26}{'api µs':>10}{'hand µs':>10}{'ratio':>8}")
    for name, api, hand, values in rows:
        a, h = _pair(api, hand, values)
        print(f"{name:<26}{a:>10.2f}{h:>10.2f}{a / h:>8.2f}")


if __name__ == "__main__":
    main()
