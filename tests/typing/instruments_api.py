"""Type-checked usage of the public instruments API (checked by test_typing.py).

It also runs (pytest imports it for doctests), so every call here is valid.
"""

from __future__ import annotations

import attrs

from ketacore.instruments import (
    BDI_II,
    HAMD17,
    MADRS,
    PHQ9,
    QIDS_SR16,
    Band,
    CriticalItem,
    Flag,
    FlagStatus,
    Instrument,
    RemissionRule,
    ResponseRule,
    Score,
    get,
)

s: Score = PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0])
total: int | None = s.total
severity: Band | None = s.severity
flags: tuple[Flag, ...] = s.flags
statuses: tuple[FlagStatus, ...] = s.flag_statuses
unanswered: bool = FlagStatus.UNANSWERED in statuses
values: tuple[int | None, ...] = s.values
by_number: Score = PHQ9.score({1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3})
prorated: Score = PHQ9.score([1, 1, 1, 1, 1, 1, 1, 1, None], missing="prorate")
qids: int | None = QIDS_SR16.score([3] * 16).total
madrs: Instrument = get("madrs")
hamd_answers: dict[int | str, int] = {n: 0 for n in range(1, 18) if n != 16}
hamd_answers["16A"] = 1
hamd: Score = HAMD17.score(hamd_answers)
bdi_answers: dict[int, int | str] = dict.fromkeys(range(1, 22), 1)
bdi_answers[16] = "2b"
bdi: Score = BDI_II.score(bdi_answers)
mixed: list[int | str] = [1] * 15 + ["2b"] + [1] * 5
bdi_list: Score = BDI_II.score(mixed)
remission: RemissionRule = MADRS.remission_rule("ketamine-iv")
response: ResponseRule = MADRS.response_rule()
threshold: int = remission.max_total
local: Instrument = attrs.evolve(MADRS, critical_items=(CriticalItem(10, 2, "x", "clinic"),))
subscales: dict[str, int | None] = s.subscales
