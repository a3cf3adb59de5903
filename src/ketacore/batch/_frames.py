"""Scoring a DataFrame, whatever its library: the one algorithm behind ``batch.pandas``/``polars``.

A :class:`Backend` adapts one DataFrame library: it checks that a value is one of its
frames, reads columns, and builds the result frame. Everything else (finding the
item columns, scoring, ordering visits, classifying) is written once, here. Neither
pandas nor polars is imported by this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

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
    "Options",
    "band_labels",
    "classify_visits",
    "error_reasons",
    "score_frame",
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

    def to_frame(self, scores: BatchScores, frame: Any, prefix: str | None) -> Any:
        """The score columns as a frame of the library (with ``frame``'s index where it has one)."""

    def with_status(self, out: Any, base: str, result: VisitStatus) -> Any:
        """``out`` with the visit columns ``<base>baseline``, ``status``, ... appended."""


@frozen
class Options:
    """The scoring options of ``score_frame`` and ``classify_visits``."""

    columns: Sequence[str] | None
    coding: SourceCoding | None
    missing: MissingPolicy
    band_set: str | None
    prefix: str | None


def _prepare(
    backend: Backend, frame: Any, instrument: Instrument | str, options: Options
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
    inst: Instrument, values: NDArray[Any], coding: SourceCoding | None, options: Options
) -> BatchScores:
    return score_array(
        inst, values, missing=options.missing, coding=coding, band_set=options.band_set
    )


def score_frame(
    backend: Backend, frame: Any, instrument: Instrument | str, options: Options
) -> Any:
    """Score one instrument's item columns in every row of ``frame`` (see ``batch.pandas``)."""
    inst, values, coding, _ = _prepare(backend, frame, instrument, options)
    return backend.to_frame(_score(inst, values, coding, options), frame, options.prefix)


def classify_visits(
    backend: Backend,
    frame: Any,
    instrument: Instrument | str,
    options: Options,
    *,
    patient: str,
    visit: str,
    thresholds: Thresholds | None,
    course: str | None,
    allow_prorated: bool,
) -> Any:
    """Score a long-format frame and classify each visit against the patient's earliest."""
    inst, values, coding, names = _prepare(backend, frame, instrument, options)
    check_key_columns(names, patient, visit)
    scores = _score(inst, values, coding, options)
    chosen = course_thresholds(
        inst, thresholds, names, course, lambda name: backend.cells(frame, name)
    )
    result = classify_long(
        scores,
        single_scores(scores, values, coding),
        backend.cells(frame, patient),
        backend.cells(frame, visit),
        chosen,
        visit_column=visit,
        allow_prorated=allow_prorated,
    )
    base = f"{inst.id}_" if options.prefix is None else options.prefix
    return backend.with_status(backend.to_frame(scores, frame, options.prefix), base, result)


def error_reasons(scores: BatchScores) -> list[str | None]:
    """The reason per row, ``None`` for a row scored."""
    reasons: list[str | None] = [None] * len(scores)
    for error in scores.errors:
        reasons[error.row] = error.reason
    return reasons


def band_labels(scores: BatchScores) -> list[str]:
    """The labels of the band set used, in band order (none without a band set)."""
    return [b.label for b in scores.band_set.bands] if scores.band_set is not None else []
