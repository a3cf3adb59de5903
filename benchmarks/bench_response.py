"""Benchmark: ``classify`` against a plain-Python function returning a tuple.

Run: ``python benchmarks/bench_response.py``. Both run in the same process on the
same cases; prints µs per call and the ratio. Not a test: nothing asserts on time.
The plain function takes two integer totals and hard-codes the MADRS defaults;
``classify`` also checks its arguments and the scores, reads the thresholds from
the instrument's rules and returns a frozen value.
"""

from __future__ import annotations

from datetime import date, timedelta

from _timing import per_call_us, row

from ketacore.instruments import MADRS, Score
from ketacore.response import Assessment, Trajectory, classify, thresholds_for, trajectory


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
    iv = thresholds_for(MADRS, remission_rule="ketamine-iv")
    a = per_call_us(lambda: classify(base, now, thresholds=iv))
    print(row("MADRS 34 -> 16, thresholds_for(remission_rule=)", a, p))
    _trajectories()


def _series() -> tuple[Assessment, list[Assessment]]:
    day0 = date(2026, 1, 5)
    totals = [30, 24, 16, 12, 10, 9, 11, 10, 8, 23, 24, 10]
    visits = [
        Assessment(day0 + timedelta(days=7 * (n + 1)), _madrs(t)) for n, t in enumerate(totals)
    ]
    return Assessment(day0, _madrs(34)), visits


def _plain_statuses(baseline: int, totals: list[int]) -> list[str]:
    return [plain(baseline, t)[0] for t in totals]


def _trajectory_figures(baseline: Assessment, visits: list[Assessment]) -> Trajectory:
    t = trajectory(baseline, visits)
    t.statuses  # noqa: B018  # derived on first use: the cost of computing them counts
    t.relapse()
    t.stable_remission()
    return t


def _trajectories() -> None:
    baseline, visits = _series()
    totals = [v.score.total or 0 for v in visits]
    expected = _plain_statuses(34, totals)
    assert [s.status.value for s in trajectory(baseline, visits).statuses] == expected
    a = per_call_us(lambda: [s.status for s in trajectory(baseline, visits).statuses])
    p = per_call_us(lambda: _plain_statuses(34, totals))
    print(row("12-visit MADRS trajectory, statuses", a, p))
    a = per_call_us(lambda: _trajectory_figures(baseline, visits))
    print(row("  + relapse() + stable_remission()", a, p))


if __name__ == "__main__":
    main()
