"""JSON round trip of a dosing session (dose, vitals, scores) vs msgspec and plain json.

Run: ``python benchmarks/bench_serialization.py`` (``pip install msgspec`` for that
baseline). The baselines round-trip an equivalent structure with no validation
beyond types; ketacore also re-validates every value, re-parses every unit and
re-scores every assessment.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from _timing import per_call_us, row

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from ketacore.serialization import from_json, to_json
from ketacore.sessions import DosingSession
from session_helpers import bp, cadss, moaas, session

try:
    import msgspec
except ImportError:  # the baseline is optional
    msgspec = None

if msgspec is not None:

    class Quantity(msgspec.Struct):
        value: float
        unit: str

    class Dose(msgspec.Struct):
        kind: str
        amount: Quantity
        drug: str | None = None
        route: str | None = None
        duration: Quantity | None = None
        concentration: Quantity | None = None
        text: str | None = None

    class Vitals(msgspec.Struct):
        taken_at: datetime
        systolic: float | None = None
        diastolic: float | None = None
        heart_rate: float | None = None
        spo2: float | None = None
        respiratory_rate: float | None = None

    class Score(msgspec.Struct):
        instrument: str
        values: list[int | None]
        options: list[list[int | str]]
        prorated: bool
        total: int | None

    class Timed(msgspec.Struct):
        taken_at: datetime
        score: Score

    class Session(msgspec.Struct):
        id: str
        started_at: datetime
        dosed_at: datetime
        dose: Dose
        kind: str
        scheduled_start: datetime | None = None
        observation_end: datetime | None = None
        vitals: list[Vitals] = msgspec.field(default_factory=list)
        assessments: list[Timed] = msgspec.field(default_factory=list)
        adverse_events: list[dict[str, object]] = msgspec.field(default_factory=list)
        psychotherapy: dict[str, str] | None = None
        notes: str = ""


def main() -> None:
    value = session(
        vitals=[bp(-5), bp(40), bp(115)],
        assessments=[cadss(-5, 0), cadss(40, 12), moaas(40, 4), moaas(110, 5)],
    )
    text = to_json(value)
    assert from_json(text, DosingSession) == value
    ours = per_call_us(lambda: from_json(to_json(value), DosingSession))
    print(f"document: {len(text)} bytes")

    plain = json.loads(text)
    bare = per_call_us(lambda: json.loads(json.dumps(plain)))
    print(row("round trip vs plain json (dict)", ours, bare))

    if msgspec is None:
        print("msgspec not installed: pip install msgspec for that baseline")
        return
    data = json.dumps(plain["data"]).encode()
    decoder = msgspec.json.Decoder(Session)
    encoder = msgspec.json.Encoder()
    decoded = decoder.decode(data)
    fast = per_call_us(lambda: decoder.decode(encoder.encode(decoded)))
    print(row("round trip vs msgspec Struct", ours, fast))


if __name__ == "__main__":
    main()
