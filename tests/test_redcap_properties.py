"""Properties: ketacore scores -> a REDCap dictionary and records -> read back -> same scores."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from ketacore.instruments import CATALOGUE, Instrument, Score
from ketacore.redcap import (
    DataDictionary,
    RecordsExport,
    audit,
    build_dictionary,
    find_forms,
    score_records,
    write_dictionary,
)
from ketacore.testing import scores

EVENTS = ("baseline_arm_1", "week_1_arm_1", "week_4_arm_1")


@st.composite
def projects(draw: st.DrawFn) -> tuple[Instrument, list[Score], str]:
    """An instrument, some scores of it, and how the export writes choices."""
    inst = draw(st.sampled_from(tuple(CATALOGUE.values())))
    drawn = draw(st.lists(scores(inst, special_codes=True, prorated=True), min_size=1, max_size=6))
    return inst, drawn, draw(st.sampled_from(["raw", "label"]))


def _cells(inst: Instrument, score: Score) -> list[str]:
    """The item cells REDCap exports for ``score``: codes, lettered options, blanks."""
    lettered = {n: option for n, option in score.options if option in inst.item(n).options}
    return [
        lettered.get(n, "" if value is None else str(value))
        for n, value in enumerate(score.values, start=1)
    ]


def _records_text(
    dictionary: DataDictionary, inst: Instrument, drawn: list[Score], export: str
) -> str:
    items = [f"{inst.id}_{n}" for n in range(1, len(inst.items) + 1)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    total = dictionary.get(f"{inst.id}_total")
    totals = [] if total is None else [total.name]
    writer.writerow(["record_id", "redcap_event_name", *items, *totals, f"{inst.id}_complete"])
    for i, score in enumerate(drawn):
        cells = _cells(inst, score)
        # REDCap's "+" calc: the sum of the items, blank while any item is blank.
        stored = [] if total is None else ["" if "" in cells else str(sum(map(int, cells)))]
        if export == "label":
            cells = [
                dict(dictionary[name].choices).get(cell, cell) if cell else ""
                for name, cell in zip(items, cells, strict=True)
            ]
        record = f"{i // len(EVENTS) + 1:03d}"
        status = "Complete" if export == "label" else "2"
        writer.writerow([record, EVENTS[i % len(EVENTS)], *cells, *stored, status])
    return buffer.getvalue()


@given(projects())
def test_scores_survive_a_written_dictionary_and_records(
    project: tuple[Instrument, list[Score], str],
) -> None:
    inst, drawn, export = project
    dictionary = DataDictionary.from_text(write_dictionary([inst]))
    assert dictionary.problems == ()
    assert dictionary.fields == build_dictionary([inst]).fields
    (form,) = find_forms(dictionary).forms
    assert form.instrument is inst
    records = RecordsExport.from_text(_records_text(dictionary, inst, drawn, export))
    assert records.problems == ()
    result = score_records(dictionary, records, missing="prorate", export=export)  # type: ignore[arg-type]
    answered = [s for s in drawn if any(v is not None for v in s.values)]
    assert [s.error for s in result.scores] == [None] * len(answered)
    for score, back in zip(answered, result.scores, strict=True):
        assert back.score is not None
        assert (back.score.values, back.score.total, back.score.prorated) == (
            score.values,
            score.total,
            score.prorated,
        )
        lettered = tuple(o for o in score.options if o[1] in inst.item(o[0]).options)
        assert back.score.options == lettered
    # A dictionary written by ketacore has a total only where REDCap's "+" gives the
    # instrument's strict total: the audit never disagrees with it.
    if form.total is not None:
        assert form.total == f"{inst.id}_total"
    assert audit(dictionary, records, export=export) == ()  # type: ignore[arg-type]


@given(st.lists(st.sampled_from(tuple(CATALOGUE)), min_size=1, max_size=5, unique=True))
def test_a_written_dictionary_holds_each_instrument_once(ids: list[str]) -> None:
    dictionary = DataDictionary.from_text(write_dictionary(ids, record_id="study_id"))
    assert dictionary.record_id == "study_id"
    assert dictionary.forms == tuple(ids)
    assert [f.instrument.id for f in find_forms(dictionary).forms] == ids
