"""Benchmark: ``classify`` against a plain-Python function returning a tuple.

Run: ``python benchmarks/bench_response.py``. Both run in the same process on the
same cases; prints µs per call and the ratio. Not a test: nothing asserts on time.
The plain function takes two integer totals and hard-codes the MADRS defaults;
``classify`` also checks its arguments and the scores, reads the thresholds from
the instrument's rules and returns a frozen value.
"""

from __future__ import annotations

from _timing import per_call_us, row

from ketacore.instruments import MADRS, Score
from ketacore.response import classify, thresholds_for


def _madrs(total: int) -> Score:
    """A MADRS score with the given total (items filled 6, 6, ... from item 1)."""
    return MADRS.score([min(6, max(0, total - 6 * i)) for i in range(10)])


def plain(baseline: int, current: int) -> tuple[str, float | None, bool, bool]:
    """MADRS defaults by hand: (status, percent change, remission, response)."""
    if baseline == 0:
        return "not evaluable", None, False, False
    drop = baseline - current
    percent = drop * 100 / baseline
    remission = current <= 12
    response = drop * 100 >= 50 * baseline
    if remission:
        return "remission", percent, True, response
    if response:
        return "response", percent, False, True
    if drop * 100 >= 25 * baseline:
        return "partial response", percent, False, False
    return "non-response", percent, False, False


def main() -> None:
    """Run the comparison and print the figures."""
    th = thresholds_for(MADRS)
    base = _madrs(34)
    print(f"{'case':<44} {'classify':>12}     {'plain':>12}")
    for current in (16, 12, 22, 34):
        now = _madrs(current)
        ours = classify(base, now)
        expected = plain(34, current)
        assert (ours.status.value, ours.percent_change, ours.remission, ours.response) == expected
        a = per_call_us(lambda n=now: classify(base, n))  # type: ignore[misc]
        p = per_call_us(lambda c=current: plain(34, c))  # type: ignore[misc]
        print(row(f"MADRS 34 -> {current} ({expected[0]})", a, p))
    now = _madrs(16)
    a = per_call_us(lambda: classify(base, now, thresholds=th))
    p = per_call_us(lambda: plain(34, 16))
    print(row("MADRS 34 -> 16, thresholds= pre-resolved", a, p))
    a = per_call_us(lambda: classify(base, now, remission_rule="ketamine-iv"))
    print(row("MADRS 34 -> 16, remission_rule='ketamine-iv'", a, p))


if __name__ == "__main__":
    main()
