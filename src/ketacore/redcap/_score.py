"""Scoring a REDCap project's instrument forms, and auditing its calculated totals.

Every administration is scored by the instrument's own :meth:`Instrument.score`
under the caller's missing-item policy: there is no second copy of any scoring
rule here. A REDCap calc field is a second copy, written by hand in each project;
:func:`audit` checks it against the first. A calc written ``sum([phq9_1], ...)``
skips a blank item and so reports a total that the instrument's rules do not
give (clinical reference §8, "REDCap shared-library PHQ-9": "a missing item
silently lowers the REDCap sum; re-score from items").
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Final

import attrs
from attrs import frozen

from ketacore._text import shown
from ketacore.exceptions import RedcapError, ScoringError
from ketacore.instruments import Instrument, MissingPolicy, Score
from ketacore.redcap._dictionary import DataDictionary
from ketacore.redcap._forms import InstrumentForm, find_forms
from ketacore.redcap._problems import RowProblem
from ketacore.redcap._records import ExportKind, FormStatus, RecordRow, RecordsExport

__all__ = [
    "SCORE_COLUMNS",
    "AuditFinding",
    "RecordScore",
    "ScoredRecords",
    "audit",
    "score_records",
]


@frozen
class RecordScore:
    """One administration of an instrument in a REDCap project, scored (or not, and why).

    Keyed by record, event and repeat instance (:attr:`key`).

    Attributes:
        record: The record id (left out of ``repr``).
        event: The unique event name, or ``None`` in a classic project.
        instance: The repeat instance, or ``None``.
        form: The form scored.
        score: The score, or ``None`` when the items could not be scored.
        error: Why the items could not be scored, or ``None``.
        status: The form's ``<form>_complete`` status, or ``None`` if blank.
        line: The records file line of the row.
    """

    record: str = attrs.field(repr=False)
    event: str | None
    instance: int | None
    form: InstrumentForm = attrs.field(repr=lambda f: repr(f.form))
    score: Score | None = attrs.field(repr=lambda s: "None" if s is None else f"<total {s.total}>")
    error: str | None
    status: FormStatus | None
    line: int = attrs.field(eq=False)

    @property
    def key(self) -> tuple[str, str | None, int | None]:
        """``(record, event, instance)``."""
        return (self.record, self.event, self.instance)

    @property
    def instrument(self) -> Instrument:
        """The instrument scored."""
        return self.form.instrument

    @property
    def total(self) -> int | None:
        """The total, or ``None`` (not scored, or an instrument without a total)."""
        return None if self.score is None else self.score.total


@frozen
class ScoredRecords:
    """What :func:`score_records` returns.

    Attributes:
        scores: One entry per administration found (a row holding any item of the
            form), in records-file order, then form order; failed ones carry
            :attr:`RecordScore.error`.
        forms: The instrument forms scored.
        dictionary_problems: Dictionary rows left out, and item fields that cannot
            record their instrument's items.
        record_problems: Records rows left out (no record id, a duplicate).
        record_field: The record id column of the export (``"record_id"``).
    """

    scores: tuple[RecordScore, ...]
    forms: tuple[InstrumentForm, ...]
    dictionary_problems: tuple[RowProblem, ...] = ()
    record_problems: tuple[RowProblem, ...] = ()
    record_field: str = "record_id"

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns of :meth:`rows`: the record id column, then :data:`SCORE_COLUMNS`."""
        return (self.record_field, *SCORE_COLUMNS)

    def rows(self) -> list[dict[str, str | int | bool | None]]:
        """One tidy row per administration, for :func:`ketacore.tables.to_csv_text` or pandas.

        A row that could not be scored has empty score cells and its reason in ``error``.
        """
        out: list[dict[str, str | int | bool | None]] = []
        for s in self.scores:
            score = s.score
            band = None if score is None or score.severity is None else score.severity.label
            cells: dict[str, str | int | bool | None] = {
                self.record_field: s.record,
                "redcap_event_name": s.event,
                "redcap_repeat_instance": s.instance,
                "form": s.form.form,
                "instrument": s.instrument.id,
                "total": s.total,
                "band": band,
                "flags": None if score is None else "; ".join(f.label for f in score.flags),
                "unanswered_critical_items": None
                if score is None
                else "; ".join(map(str, score.unanswered_critical_items)),
                "prorated": None if score is None else score.prorated,
                "status": None if s.status is None else s.status.name.lower(),
                "error": s.error,
                "line": s.line,
            }
            out.append(cells)
        return out

    @property
    def scored(self) -> tuple[RecordScore, ...]:
        """The administrations that were scored."""
        return tuple(s for s in self.scores if s.score is not None)

    @property
    def errors(self) -> tuple[RecordScore, ...]:
        """The administrations that could not be scored."""
        return tuple(s for s in self.scores if s.score is None)


@frozen
class AuditFinding:
    """A record where REDCap's stored total disagrees with the instrument's rules.

    ``str(finding)`` names the line, field and both values, never the record id.

    Attributes:
        record: The record id (left out of ``repr`` and ``str``).
        event: The unique event name, or ``None``.
        instance: The repeat instance, or ``None``.
        form: The form name.
        field: The calc field audited.
        stored: The value REDCap stored, as exported, or ``None`` if blank.
        expected: ketacore's total, or ``None`` when the items give none.
        reason: Why they disagree, in words.
        line: The records file line.
    """

    record: str = attrs.field(repr=False)
    event: str | None
    instance: int | None
    form: str
    field: str
    stored: str | None
    expected: int | None
    reason: str
    line: int = attrs.field(eq=False)

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


SCORE_COLUMNS: Final = (
    "redcap_event_name",
    "redcap_repeat_instance",
    "form",
    "instrument",
    "total",
    "band",
    "flags",
    "unanswered_critical_items",
    "prorated",
    "status",
    "error",
    "line",
)
"""The columns :meth:`ScoredRecords.rows` writes after the record id column."""

_POLICIES = ("strict", "prorate")


def _check_policy(missing: object) -> None:
    if missing not in _POLICIES:
        raise RedcapError(
            field="missing",
            value=missing,
            expected="'strict' or 'prorate'",
            fix="strict rejects missing items; prorate applies the published rule",
        )


def _forms(
    dictionary: DataDictionary, forms: Sequence[InstrumentForm] | None
) -> tuple[tuple[InstrumentForm, ...], tuple[RowProblem, ...]]:
    if forms is not None:
        return tuple(forms), dictionary.problems
    found = find_forms(dictionary)
    problems = tuple(sorted((*dictionary.problems, *found.problems), key=lambda p: p.line))
    return found.forms, problems


def _administrations(
    forms: Sequence[InstrumentForm],
    records: RecordsExport,
    missing: MissingPolicy,
    export: ExportKind,
) -> Iterator[tuple[RecordRow, RecordScore]]:
    """Each row and form with an answered item, scored."""
    for row in records.rows:
        for form in forms:
            if not row.holds(form.form) or not form.answered(row):
                continue
            score: Score | None = None
            error: str | None = None
            status: FormStatus | None = None
            try:
                status = row.status(form.form)
                score = form.instrument.score(form.responses(row, export=export), missing=missing)
            except (RedcapError, ScoringError) as exc:
                error = str(exc)
            yield (
                row,
                RecordScore(
                    row.record,
                    row.event,
                    row.repeat_instance,
                    form,
                    score,
                    error,
                    status,
                    row.line,
                ),
            )


def score_records(
    dictionary: DataDictionary,
    records: RecordsExport,
    *,
    missing: MissingPolicy = "strict",
    export: ExportKind = "auto",
    forms: Sequence[InstrumentForm] | None = None,
) -> ScoredRecords:
    """Score every administration of every instrument form in a records export.

    A row holds a form's administration when it is a plain row or an instance of
    that form (``redcap_repeat_instrument``) and any of the form's item fields has
    a value; rows of other events or instruments are not administrations.

    Args:
        dictionary: The project's data dictionary.
        records: The records export.
        missing: ``"strict"`` (a blank item leaves the administration unscored) or
            ``"prorate"`` (the instrument's published rule, e.g. PHQ-9's).
        export: Whether choice cells are codes (``"raw"``), labels, or either.
        forms: The forms to score (default: :func:`find_forms` on the dictionary).

    Raises:
        RedcapError: ``missing`` is not ``"strict"`` or ``"prorate"``.
    """
    _check_policy(missing)
    chosen, problems = _forms(dictionary, forms)
    scores = tuple(s for _, s in _administrations(chosen, records, missing, export))
    return ScoredRecords(scores, chosen, problems, records.problems, records.record_field)


def _stored_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _finding(row: RecordRow, result: RecordScore) -> AuditFinding | None:
    form = result.form
    assert form.total_field is not None
    name = form.total_field.name
    stored = row.get(name)
    expected = result.total
    if stored is None and expected is None:
        return None
    if stored is None:
        reason = f"REDCap stored no total; the items give {expected}"
    else:
        number = _stored_number(stored)
        if number is None:
            reason = f"REDCap stored {shown(stored)}, which is not a number"
        elif expected is None:
            why = result.error or f"{form.instrument.short_name} gives no total for these items"
            reason = f"REDCap stored {stored}; the items give no total: {why}"
        elif number == expected:
            return None
        else:
            prorated = " (prorated)" if result.score is not None and result.score.prorated else ""
            reason = f"REDCap stored {stored}; the items give {expected}{prorated}"
    return AuditFinding(
        row.record,
        row.event,
        row.repeat_instance,
        form.form,
        name,
        stored,
        expected,
        reason,
        row.line,
    )


def audit(
    dictionary: DataDictionary,
    records: RecordsExport,
    *,
    missing: MissingPolicy = "strict",
    export: ExportKind = "auto",
    forms: Sequence[InstrumentForm] | None = None,
) -> tuple[AuditFinding, ...]:
    """Recompute every calc field that is an instrument total; list the disagreements.

    A finding is a row where REDCap stored a total that the items do not give under
    ``missing`` (a blank item counted as 0), stored none while the items give one,
    stored text that is not a number, or stored a total for a form with no item
    answered.

    Args:
        dictionary: The project's data dictionary.
        records: The records export.
        missing: The missing-item policy the totals should follow.
        export: Whether choice cells are codes (``"raw"``), labels, or either.
        forms: The forms to audit (default: :func:`find_forms` on the dictionary);
            only those with a total calc field are audited.

    Returns:
        The findings, in records-file order.

    Raises:
        RedcapError: ``missing`` is not ``"strict"`` or ``"prorate"``.
    """
    _check_policy(missing)
    chosen = tuple(f for f in _forms(dictionary, forms)[0] if f.total_field is not None)
    findings: list[AuditFinding] = []
    answered: set[tuple[int, str]] = set()
    for row, result in _administrations(chosen, records, missing, export):
        answered.add((row.line, result.form.form))
        finding = _finding(row, result)
        if finding is not None:
            findings.append(finding)
    for row in records.rows:
        for form in chosen:
            assert form.total_field is not None
            stored = row.get(form.total_field.name)
            if stored is None or (row.line, form.form) in answered or not row.holds(form.form):
                continue
            findings.append(
                AuditFinding(
                    row.record,
                    row.event,
                    row.repeat_instance,
                    form.form,
                    form.total_field.name,
                    stored,
                    None,
                    f"REDCap stored {shown(stored)} but no item of the form is answered",
                    row.line,
                )
            )
    findings.sort(key=lambda f: f.line)
    return tuple(findings)
