"""Scoring a DataFrame, whatever its library: the one algorithm behind ``batch.pandas``/``polars``.

A :class:`Backend` adapts one DataFrame library: it checks that a value is one of its
frames, reads columns, and builds the result frame. Everything else (finding the
item columns, scoring, ordering visits, classifying) is written once, here. Neither
pandas nor polars is imported by this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from ketacore.batch._columns import find_columns
from ketacore.batch._result import BatchScores
from ketacore.batch._score import score_array, single_scores
from ketacore.batch._visits import (
    VisitStatus,
    check_key_columns,
    classify_long,
    course_thresholds,
)
from ketacore.exceptions import BatchError
from ketacore.instruments import Instrument, MissingPolicy, SourceCoding
from ketacore.instruments._catalogue import resolve
from ketacore.response import Thresholds

__all__ = [
    "Backend",
    "FrameScorer",
    "band_labels",
    "error_reasons",
]


class Backend(Protocol):
    """What the algorithm needs from a DataFrame library."""

    kind: str
    """The frame type in messages: ``"pandas.DataFrame"``."""

    cast_fix: str
    """How to turn a boolean item column into integers, in the library's words."""

    def is_frame(self, frame: object) -> bool:
        """Whether ``frame`` is one of the library's DataFrames."""

    def names(self, frame: Any) -> list[str]:
        """The column names, as text, in frame order."""

    def is_boolean(self, frame: Any, name: str) -> bool:
        """Whether column ``name`` holds booleans."""

    def values(self, frame: Any, names: Sequence[str]) -> NDArray[Any]:
        """The columns ``names`` as a 2-D array: float with NaN if all numeric, else object."""

    def cells(self, frame: Any, name: str) -> list[object]:
        """Column ``name`` as a list of Python values."""

    def objects(self, frame: Any, name: str) -> NDArray[np.object_]:
        """Column ``name`` as an ``object`` array of Python values (None where empty)."""

    def numbers(self, frame: Any, name: str) -> NDArray[Any] | None:
        """Column ``name`` as a numeric or ``datetime64`` array (NaN/NaT where empty), else None."""

    def ranks(self, frame: Any, name: str) -> NDArray[Any] | None:
        """Dense ranks of a text column with no empty cell (equal ids, equal ranks), else None."""

    def to_frame(self, scores: BatchScores, frame: Any, prefix: str | None) -> Any:
        """The score columns as a frame of the library (with ``frame``'s index where it has one)."""

    def with_status(self, out: Any, base: str, result: VisitStatus) -> Any:
        """``out`` with the visit columns ``<base>baseline``, ``status``, ... appended."""

    def defer(self, frame: Any, run: Callable[[Any], Any], *, streamable: bool) -> Any | None:
        """For a lazy frame, the lazy frame of ``run`` over its data; else ``None``.

        ``streamable``: ``run`` may be applied to each batch of rows separately.
        """


@frozen
class _Options:
    """The scoring options of ``score_frame`` and ``classify_visits``."""

    columns: Sequence[str] | None
    coding: SourceCoding | None
    missing: MissingPolicy
    band_set: str | None
    prefix: str | None


def _prepare(
    backend: Backend, frame: Any, instrument: Instrument | str, options: _Options
) -> tuple[Instrument, NDArray[Any], SourceCoding | None, list[str]]:
    if not backend.is_frame(frame):
        raise BatchError(
            field="frame",
            value=frame,
            got=f"a {type(frame).__name__}",
            expected=f"a {backend.kind}",
            fix="for a numpy array use ketacore.batch.score_array",
        )
    inst = resolve(instrument, error=BatchError)
    names = backend.names(frame)
    found, coding = find_columns(inst, names, columns=options.columns, coding=options.coding)
    for name in found:
        if backend.is_boolean(frame, name):
            raise BatchError(
                field="columns",
                value=name,
                got=f"the boolean column {name!r}",
                expected="item values as integers",
                fix=f"{backend.cast_fix} if true/false really are 1/0",
            )
    return inst, backend.values(frame, found), coding, names


def _score(
    inst: Instrument, values: NDArray[Any], coding: SourceCoding | None, options: _Options
) -> BatchScores:
    return score_array(
        inst, values, missing=options.missing, coding=coding, band_set=options.band_set
    )


@frozen
class FrameScorer:
    """``score_frame`` and ``classify_visits`` for one DataFrame library.

    ``ketacore.batch.pandas`` and ``ketacore.batch.polars`` each export the bound
    methods of one instance, so the two libraries share one signature, one
    docstring and one algorithm.
    """

    backend: Backend

    def score_frame(
        self,
        frame: Any,
        instrument: Instrument | str,
        *,
        columns: Sequence[str] | None = None,
        coding: SourceCoding | None = None,
        missing: MissingPolicy = "strict",
        band_set: str | None = None,
        prefix: str | None = None,
    ) -> Any:
        """Score one instrument's item columns in every row of a DataFrame.

        Item columns are found by name (``phq9_1`` … ``phq9_9``, ``PHQ9_1``,
        ``phq9_item01``; NHANES ``DPQ010`` … ``DPQ090``, which also applies
        :data:`~ketacore.instruments.NHANES_DPQ`), or given with ``columns``.
        Empty cells (``NaN``, ``None``, ``pd.NA``, ``null``) are missing items.

        A polars ``LazyFrame`` gives a ``LazyFrame`` (the arguments are checked
        against its schema at once): scoring runs batch by batch when it is
        collected, so ``pl.scan_parquet(path).pipe(score_frame, "phq9")
        .collect(engine="streaming")`` scores a file larger than memory.

        Args:
            frame: A DataFrame of this module's library, one administration per row
                (polars: or a ``LazyFrame``).
            instrument: An :class:`~ketacore.instruments.Instrument` or its id.
            columns: The item columns in item order, if the names are not recognised.
            coding: How the export codes items (sentinels, 1–4 offset).
            missing: ``"strict"`` or ``"prorate"`` (see :func:`ketacore.batch.score_array`).
            band_set: Band set name (default: the instrument's default).
            prefix: Prefix of the output columns (default ``"<instrument id>_"``).

        Returns:
            A DataFrame of the same library, one row per input row (pandas: with
            ``frame``'s index), with the columns of the module's ``to_frame``:
            ``<prefix>total`` (integers, null without a total), ``<prefix>band``
            (pandas: an ordered categorical; polars: an ``Enum`` of the band labels),
            ``<prefix>valid``, ``<prefix>prorated``, one boolean column per critical
            item (``phq9_flag_item9_ge1``), ``<prefix>error`` (the reason, or null),
            and ``<prefix>risk`` for instruments with a triage.

        Raises:
            BatchError: ``frame`` is not a DataFrame of the library, a column is
                unknown or boolean, or an argument is invalid. Bad rows never raise.
        """
        lazy = self.backend.defer(
            frame,
            lambda batch: self.score_frame(
                batch,
                instrument,
                columns=columns,
                coding=coding,
                missing=missing,
                band_set=band_set,
                prefix=prefix,
            ),
            streamable=True,
        )
        if lazy is not None:
            return lazy
        options = _Options(columns, coding, missing, band_set, prefix)
        inst, values, found_coding, _ = _prepare(self.backend, frame, instrument, options)
        scores = _score(inst, values, found_coding, options)
        return self.backend.to_frame(scores, frame, prefix)

    def classify_visits(
        self,
        frame: Any,
        instrument: Instrument | str,
        *,
        patient: str,
        visit: str,
        columns: Sequence[str] | None = None,
        coding: SourceCoding | None = None,
        missing: MissingPolicy = "strict",
        band_set: str | None = None,
        thresholds: Thresholds | None = None,
        course: str | None = None,
        allow_prorated: bool = False,
        prefix: str | None = None,
    ) -> Any:
        """Score a long-format DataFrame (one row per visit) and classify each visit's response.

        Each patient's earliest visit (by the ``visit`` column: dates or date-times,
        as objects or ISO text, or visit numbers; never row order) is their baseline;
        every later visit is classified against it with
        :func:`ketacore.response.classify`. Companion ratings (CGI for the Y-BOCS
        consensus rules) are not looked up: such statuses come back not evaluable
        when they depend on one.

        A polars ``LazyFrame`` gives a ``LazyFrame``; when it is collected, the
        classification needs every row of a patient, so it runs once over all rows
        (after any streaming steps before it, such as a scan and a filter).

        Args:
            frame: A DataFrame with a patient column, a visit column and item columns
                (polars: or a ``LazyFrame``).
            instrument: An :class:`~ketacore.instruments.Instrument` or its id.
            patient: Name of the column identifying the patient.
            visit: Name of the column ordering the visits.
            columns: The item columns in item order, if the names are not recognised.
            coding: How the export codes items.
            missing: ``"strict"`` or ``"prorate"``.
            band_set: Band set name (default: the instrument's default).
            thresholds: From :func:`ketacore.response.thresholds_for`, for every
                patient (default: the one policy's rules for each patient's course
                type, read from their baseline row; see ``course``).
            course: Name of the column holding the course type (``"iv_ketamine"``,
                ``"esketamine"``, ... :data:`ketacore.response.COURSE_TYPES`; other
                values mean the drug is not known). Default: ``"course_type"`` when
                the frame has that column, else the drug is not known.
            allow_prorated: Whether prorated totals may be classified (default
                ``False``: they are not evaluable).
            prefix: Prefix of the output columns (default ``"<instrument id>_"``).

        Returns:
            The columns of ``score_frame``, plus ``<prefix>baseline`` (bool),
            ``<prefix>status`` (the :class:`~ketacore.response.Status` value, null on
            baseline rows), ``<prefix>percent_change`` and ``<prefix>reason`` (why not
            evaluable).

        Raises:
            BatchError: A column is unknown, or visits cannot be ordered (a missing
                cell, a cell neither a number nor a date, two visits of one patient
                with the same value).
        """
        backend = self.backend
        lazy = backend.defer(
            frame,
            lambda whole: self.classify_visits(
                whole,
                instrument,
                patient=patient,
                visit=visit,
                columns=columns,
                coding=coding,
                missing=missing,
                band_set=band_set,
                thresholds=thresholds,
                course=course,
                allow_prorated=allow_prorated,
                prefix=prefix,
            ),
            streamable=False,
        )
        if lazy is not None:
            return lazy
        options = _Options(columns, coding, missing, band_set, prefix)
        inst, values, found_coding, names = _prepare(backend, frame, instrument, options)
        check_key_columns(names, patient, visit)
        scores = _score(inst, values, found_coding, options)
        chosen = course_thresholds(
            inst, thresholds, names, course, lambda name: backend.objects(frame, name)
        )
        ids = backend.numbers(frame, patient)
        if ids is None:
            ids = backend.ranks(frame, patient)
        days = backend.numbers(frame, visit)
        result = classify_long(
            scores,
            single_scores(scores, values, found_coding),
            backend.cells(frame, patient) if ids is None else ids,
            backend.cells(frame, visit) if days is None else days,
            chosen,
            visit_column=visit,
            allow_prorated=allow_prorated,
        )
        base = f"{inst.id}_" if prefix is None else prefix
        return backend.with_status(backend.to_frame(scores, frame, prefix), base, result)


def error_reasons(scores: BatchScores) -> list[str | None]:
    """The reason per row, ``None`` for a row scored."""
    reasons: list[str | None] = [None] * len(scores)
    for error in scores.errors:
        reasons[error.row] = error.reason
    return reasons


def band_labels(scores: BatchScores) -> list[str]:
    """The labels of the band set used, in band order (none without a band set)."""
    return [b.label for b in scores.band_set.bands] if scores.band_set is not None else []
