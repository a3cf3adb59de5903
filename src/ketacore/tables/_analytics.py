"""Cohort analytics on tables: response per patient, dissociation per session, rates."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ketacore._row_thresholds import row_thresholds
from ketacore._text import shown
from ketacore._visit_order import VisitOrderError, visit_keys
from ketacore.exceptions import KetacoreError, TableError
from ketacore.instruments import Instrument, SourceCoding
from ketacore.instruments._catalogue import resolve
from ketacore.response._policy import REMISSION_RULES as _POLICY_REMISSION_RULES
from ketacore.tables._cells import Cell, Row, columns_of
from ketacore.tables._read import TableFile
from ketacore.tables._scoring import find_items, item_matrix

if TYPE_CHECKING:
    from ketacore.instruments import MissingPolicy
    from ketacore.response import Thresholds

__all__ = [
    "REMISSION_RULES",
    "VISIT_COLUMNS",
    "dissociation_summary",
    "dissociation_table",
    "response_table",
    "summarise",
]

REMISSION_RULES: Mapping[tuple[str, str], str] = _POLICY_REMISSION_RULES
"""Remission rule name per ``(instrument id, course type)`` (read-only); others use the default.

Read from the rules' ``course_types`` (the one policy,
:func:`ketacore.response.thresholds_for`): MADRS <= 10 for IV ketamine (Daly 2018,
KetECT) and <= 12 for esketamine (ASPIRE, SUSTAIN-1/3), as the clinical reference
suggests (ref §1.3, §2.1).
"""

VISIT_COLUMNS: tuple[str, ...] = ("day", "date", "visit_date", "visit", "redcap_repeat_instance")
"""Columns :func:`response_table` looks for, in this order, to order a patient's visits."""


def _visit_column(columns: Sequence[str], visit: str | None) -> str:
    if visit is not None:
        if not isinstance(visit, str) or visit not in columns:
            raise TableError(
                f"visit: got {shown(visit)}; expected the name of a column that orders the "
                f"visits; the table has {list(columns)[:8]}"
            )
        return visit
    for name in VISIT_COLUMNS:
        if name in columns:
            return name
    raise TableError(
        f"columns: none of {list(VISIT_COLUMNS)} is in the table, so the visits cannot be "
        "ordered (file order is never used); add a 'day' column (days from the start) or "
        "name the column with visit='...' (ketacore summary --visit COLUMN)"
    )


def response_table(
    rows: Sequence[Mapping[str, Cell]] | TableFile,
    instrument: Instrument | str,
    *,
    remission_rules: Mapping[tuple[str, str], str] | None = None,
    visit: str | None = None,
    missing: MissingPolicy = "strict",
) -> list[Row]:
    """Classify each patient's last administration against the first (ref §2.4).

    Rows are grouped by ``patient_id`` and ordered by the visit column: ``visit``, else
    the first of :data:`VISIT_COLUMNS` in the table (``day`` first). Numbers are
    ordered as numbers and dates (ISO text such as ``"2026-03-01"``) as dates; the
    order never depends on the order of the rows.
    The rules are the one policy's (:func:`ketacore.response.thresholds_for`) for the
    patient's ``course_type`` (a value of :data:`ketacore.response.COURSE_TYPES`;
    any other value, or none, means the drug is not known). An instrument without a
    response rule (GAD-7) is judged on the core definition, a 50 % reduction (ref
    §2.1); one without a remission rule leaves ``remission`` empty.
    The baseline is the first row and the endpoint the last one; both are scored
    as :meth:`Instrument.score <ketacore.instruments.Instrument.score>` scores them
    (in one batch) and classified as :func:`ketacore.response.classify` classifies
    them (with array operations over all patients). A row that cannot be scored
    counts as missing, so the patient is *not evaluable*.

    Args:
        rows: The rows (or a :class:`TableFile`), with ``patient_id``, optional
            ``course_type``, a visit column and item columns.
        instrument: An instrument or its id.
        remission_rules: Remission rule names per ``(instrument id, course type)``
            that replace the policy's (course type ``""`` for rows without one).
        visit: The column ordering the visits (default: see above).
        missing: ``"strict"`` (default): a row with a missing item cannot be scored;
            ``"prorate"``: apply the instrument's published prorating rule, as
            :func:`~ketacore.tables.score_table` does, and classify prorated totals.

    Returns:
        One row per patient, in order of first appearance: ``patient_id``,
        ``course_type``, ``instrument``, ``baseline_day``, ``baseline_total``,
        ``endpoint_day``, ``endpoint_total``, ``percent_change``, ``status``,
        ``response``, ``remission``, ``remission_max_total``, ``response_rule``,
        ``remission_rule``, ``reason``. ``baseline_day`` and ``endpoint_day`` hold the
        visit column's cells.

    Raises:
        TableError: There is no ``patient_id`` column, item columns are missing, no
            column orders the visits (or a cell of it is missing, neither a number nor
            a date, or repeated for one patient), or ``remission_rules`` names a rule
            the instrument does not have.
    """

    inst = resolve(instrument, error=TableError)
    if missing not in ("strict", "prorate"):
        raise TableError(
            f"missing: got {shown(missing)}; expected 'strict' or 'prorate'; pass "
            f"'prorate' to apply {inst.short_name}'s published prorating rule, if it has one"
        )
    data = rows.rows if isinstance(rows, TableFile) else tuple(rows)
    if not data:
        return []
    columns = rows.columns if isinstance(rows, TableFile) else tuple(columns_of(data))
    if "patient_id" not in columns:
        raise TableError(
            f"columns: no 'patient_id' column among the {len(columns)} columns (names "
            "withheld: a file without a header would show a patient's values here); "
            "response needs one row per administration with a patient_id"
        )
    items, coding = find_items(inst, columns)
    order = _visit_column(columns, visit)
    return _responses(data, inst, items, coding, order, remission_rules, missing)


def _responses(
    data: Sequence[Mapping[str, Cell]],
    inst: Instrument,
    items: Sequence[str],
    coding: SourceCoding | None,
    order: str,
    remission_rules: Mapping[tuple[str, str], str] | None,
    missing: MissingPolicy,
) -> list[Row]:
    """:func:`response_table`'s rows, grouped, scored and classified with array operations.

    Only each patient's first and last rows are scored (one :func:`score_array
    <ketacore.batch.score_array>` call); the pairs are classified by the array form of
    :func:`~ketacore.response.classify` with the one policy's thresholds, or by
    ``classify`` itself for rules the arrays cannot express (companion ratings).
    """
    import numpy as np

    from ketacore.batch import score_array
    from ketacore.batch._score import single_scores
    from ketacore.response import classify
    from ketacore.response._vector import (
        REASONS,
        STATUSES,
        classify_totals,
        expressible,
        tristate,
    )

    try:
        keys = visit_keys([row.get(order) for row in data], order)
    except VisitOrderError as exc:
        raise TableError(str(exc)) from None
    if isinstance(keys[0], datetime):
        epoch = datetime(1970, 1, 1, tzinfo=None if keys[0].tzinfo is None else UTC)
        key = np.asarray([(k - epoch) // timedelta(microseconds=1) for k in keys])
    else:
        key = np.asarray(keys, dtype=np.float64)
    ids: dict[str, int] = {}
    codes = np.asarray(
        [ids.setdefault(str(row.get("patient_id")), len(ids)) for row in data], dtype=np.intp
    )
    sort = np.lexsort((key, codes))
    sorted_codes, sorted_keys = codes[sort], key[sort]
    same = sorted_codes[1:] == sorted_codes[:-1]
    tied = np.flatnonzero(same & (sorted_keys[1:] == sorted_keys[:-1]))
    if tied.size:
        second = keys[int(sort[tied[0] + 1])]
        raise TableError(
            f"{order}: two rows of one patient have the same {order} "
            f"({shown(second)}), so which visit comes first is unknown; keep one "
            "row per visit (identifiers are withheld from this message)"
        )
    starts = np.flatnonzero(np.concatenate(([True], ~same)))
    ends = np.concatenate((starts[1:], [len(data)])) - 1
    first, last = sort[starts].tolist(), sort[ends].tolist()
    repeated = (ends > starts).tolist()
    chosen: dict[object, Thresholds] = {}
    courses = [data[i].get("course_type") for i in first]
    for course in courses:
        if course not in chosen:
            chosen[course] = _thresholds(inst, course, remission_rules)
    pairs = first + last
    matrix = item_matrix([[data[i].get(c) for c in items] for i in pairs], len(items))
    scores = score_array(inst, matrix, missing=missing, coding=coding)
    n = len(first)
    has_current = np.asarray(repeated, dtype=bool)
    present = scores.valid.copy()
    present[n:] &= has_current
    choices = list(dict.fromkeys(chosen.values()))
    which = np.asarray([choices.index(chosen[c]) for c in courses], dtype=np.intp)
    allow = missing == "prorate"
    rng = inst.total_range
    table: list[tuple[Any, ...]]
    if rng is not None and all(expressible(th, rng) for th in choices):
        result = classify_totals(
            (present[:n], scores.total[:n], scores.prorated[:n]),
            (present[n:], scores.total[n:], scores.prorated[n:]),
            choices,
            which,
            rng,
            allow_prorated=allow,
        )
        percents = [None if p != p else round(p, 1) for p in result.percent.tolist()]
        decided = result.decided.tolist()
        totals = scores.total.tolist()
        table = [
            (
                STATUSES[s].value,
                None if r < 0 else REASONS[r].value,
                pc,
                resp,
                rem,
                int(totals[k]) if d else None,
                int(totals[n + k]) if d else None,
            )
            for k, (s, r, pc, resp, rem, d) in enumerate(
                zip(
                    result.status.tolist(),
                    result.reason.tolist(),
                    percents,
                    tristate(result.response),
                    tristate(result.remission),
                    decided,
                    strict=True,
                )
            )
        ]
    else:
        single = single_scores(scores, matrix, coding)
        table = []
        for k in range(n):
            status = classify(
                single(k),
                single(n + k) if repeated[k] else None,
                thresholds=choices[which[k]],
                allow_prorated=allow,
            )
            change = status.percent_change
            table.append(
                (
                    status.status.value,
                    None if status.reason is None else status.reason.value,
                    None if change is None else round(change, 1),
                    status.response,
                    status.remission,
                    status.baseline_total,
                    status.current_total,
                )
            )
    out: list[Row] = []
    names = list(ids)
    for k, (status_value, reason, change, response, remission, b_total, c_total) in enumerate(
        table
    ):
        row_first, row_last = data[first[k]], data[last[k]]
        th = choices[which[k]]
        course = courses[k]
        out.append(
            {
                "patient_id": names[int(codes[first[k]])],
                "course_type": course if isinstance(course, str) else None,
                "instrument": inst.id,
                "baseline_day": row_first.get(order),
                "baseline_total": b_total,
                "endpoint_day": row_last.get(order) if repeated[k] else None,
                "endpoint_total": c_total,
                "percent_change": change,
                "status": status_value,
                "response": response,
                "remission": remission,
                "remission_max_total": th.remission_max_total,
                "response_rule": th.response_rule,
                "remission_rule": th.remission_rule,
                "reason": reason,
            }
        )
    return out


def _thresholds(
    inst: Instrument,
    course: Cell,
    remission_rules: Mapping[tuple[str, str], str] | None,
) -> Thresholds:
    """The one policy's thresholds for a row's ``course_type`` cell (or a caller's override)."""
    name = None
    if remission_rules is not None:
        key = course if isinstance(course, str) else ""
        name = remission_rules.get((inst.id, key))
    return row_thresholds(
        inst, course, remission_rule=name, field="remission_rules", error=TableError
    )


def _score_or_none(
    inst: Instrument,
    row: Mapping[str, Cell],
    items: Sequence[str],
    coding: SourceCoding | None,
    missing: MissingPolicy = "strict",
) -> Any:
    values: list[Any] = [row.get(c) for c in items]
    try:
        if coding is not None:
            values = list(coding.decode(values))
        return inst.score(values, missing=missing)
    except KetacoreError:
        return None


def _session_key(row: Mapping[str, Cell], index: int) -> Cell:
    for column in ("session", "session_id", "day"):
        value = row.get(column)
        if value is not None:
            return value
    return index


def _minutes_of(row: Mapping[str, Cell]) -> float:
    value = row.get("minutes_after_dose")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.inf
    return float(value)


def dissociation_table(rows: Sequence[Mapping[str, Cell]] | TableFile) -> list[Row]:
    """Per patient, the sessions with a CADSS dissociation event (ref §1.8).

    Ratings are grouped by ``patient_id`` and session (``session``, else
    ``session_id``, else ``day``). In each session the rating with the smallest
    ``minutes_after_dose`` is the pre-dose one, and every later rating is checked
    against it with :func:`ketacore.response.dissociation_event` (Spravato
    programme: total > 4 and an increase > 0). Sessions without a scorable
    pre-dose and post-dose pair are not counted.

    Args:
        rows: CADSS-23 ratings (item columns ``cadss23_1`` … ``cadss23_23``) with
            ``patient_id``, optional ``course_type``, a session column and
            ``minutes_after_dose``.

    Returns:
        One row per patient: ``patient_id``, ``course_type``, ``sessions`` (rated
        before and after dosing), ``event_sessions``, ``first_event_session``.

    Raises:
        TableError: There is no ``patient_id`` column, or the item columns are missing.
    """
    from ketacore.instruments import CADSS
    from ketacore.response import dissociation_event

    data = rows.rows if isinstance(rows, TableFile) else tuple(rows)
    if not data:
        return []
    columns = rows.columns if isinstance(rows, TableFile) else tuple(data[0])
    if "patient_id" not in columns:
        raise TableError(
            f"columns: no 'patient_id' column among the {len(columns)} columns (names "
            "withheld: a file without a header would show a patient's values here); "
            "dissociation needs one row per CADSS rating with a patient_id"
        )
    items, coding = find_items(CADSS, columns)
    patients: dict[str, dict[Cell, list[Mapping[str, Cell]]]] = {}
    for index, row in enumerate(data):
        by_session = patients.setdefault(str(row.get("patient_id")), {})
        by_session.setdefault(_session_key(row, index), []).append(row)
    out: list[Row] = []
    for patient, sessions in patients.items():
        rated = 0
        events: list[Cell] = []
        for session, ratings in sessions.items():
            ratings.sort(key=_minutes_of)
            pre = _score_or_none(CADSS, ratings[0], items, coding)
            posts = [_score_or_none(CADSS, r, items, coding) for r in ratings[1:]]
            posts = [p for p in posts if p is not None and p.total is not None]
            if pre is None or pre.total is None or not posts:
                continue
            rated += 1
            if any(dissociation_event(pre, post) for post in posts):
                events.append(session)
        course = next(iter(sessions.values()))[0].get("course_type")
        out.append(
            {
                "patient_id": patient,
                "course_type": course if isinstance(course, str) else None,
                "sessions": rated,
                "event_sessions": len(events),
                "first_event_session": events[0] if events else None,
            }
        )
    return out


def dissociation_summary(patients: Iterable[Mapping[str, Cell]]) -> list[Row]:
    """Share of patients with at least one dissociation event, per course type.

    Only patients with at least one rated session count.

    Args:
        patients: Rows from :func:`dissociation_table`.

    Returns:
        One row per ``course_type``: ``instrument`` (``"cadss23"``), ``course_type``,
        ``patients``, ``with_event``, ``event_percent``, ``event_sessions_percent``
        (of all rated sessions).
    """
    groups: dict[Cell, list[Mapping[str, Cell]]] = {}
    for row in patients:
        groups.setdefault(row.get("course_type"), []).append(row)
    out: list[Row] = []
    for course, members in groups.items():
        rated = [m for m in members if isinstance(m.get("sessions"), int) and m["sessions"]]
        sessions = sum(int(m["sessions"] or 0) for m in rated)
        event_sessions = sum(int(m.get("event_sessions") or 0) for m in rated)
        with_event = sum(1 for m in rated if m.get("event_sessions"))
        out.append(
            {
                "instrument": "cadss23",
                "course_type": course,
                "patients": len(rated),
                "with_event": with_event,
                "event_percent": _percent(with_event, len(rated)),
                "event_sessions_percent": _percent(event_sessions, sessions),
            }
        )
    return out


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


def summarise(responses: Iterable[Mapping[str, Cell]]) -> list[Row]:
    """Response and remission rates per instrument and course type.

    Rates are over evaluable patients (those with a status other than
    *not evaluable*); an instrument without a remission rule has no remission rate.

    Args:
        responses: Rows from :func:`response_table`.

    Returns:
        One row per ``(instrument, course_type)`` in order of first appearance:
        ``instrument``, ``course_type``, ``patients``, ``evaluable``, ``responders``,
        ``response_percent``, ``remitters``, ``remission_percent``,
        ``remission_max_total``, ``response_rule``, ``remission_rule`` (the rule
        names used, see :func:`response_table`).

    >>> summarise([
    ...     {"instrument": "phq9", "course_type": "esketamine", "status": "remission",
    ...      "response": True, "remission": True, "remission_max_total": 4},
    ...     {"instrument": "phq9", "course_type": "esketamine", "status": "non-response",
    ...      "response": False, "remission": False, "remission_max_total": 4},
    ... ])[0]["response_percent"]
    50.0
    """
    groups: dict[tuple[Cell, Cell], list[Mapping[str, Cell]]] = {}
    for row in responses:
        groups.setdefault((row.get("instrument"), row.get("course_type")), []).append(row)
    out: list[Row] = []
    for (instrument, course), members in groups.items():
        evaluable = [m for m in members if m.get("status") != "not evaluable"]
        responders = sum(1 for m in evaluable if m.get("response") is True)
        remitters = sum(1 for m in evaluable if m.get("remission") is True)
        no_rule = members[0].get("remission_max_total") is None  # remission never decided
        out.append(
            {
                "instrument": instrument,
                "course_type": course,
                "patients": len(members),
                "evaluable": len(evaluable),
                "responders": responders,
                "response_percent": _percent(responders, len(evaluable)),
                "remitters": remitters,
                "remission_percent": None if no_rule else _percent(remitters, len(evaluable)),
                "remission_max_total": members[0].get("remission_max_total"),
                "response_rule": members[0].get("response_rule"),
                "remission_rule": members[0].get("remission_rule"),
            }
        )
    return out
