"""Vectorised scoring of a 2-D array of item responses.

The plan (:mod:`ketacore.batch._plan`) is the instrument's compiled plan in numpy form;
the input is read by :mod:`ketacore.batch._rows`.
Rows the vectorised path cannot express (values outside every item's scale, text,
rows that break the missing-item policy) are handed to :meth:`Instrument.score`
one at a time, so a bad row gets exactly the single scorer's message and a row
with a lettered option (BDI-II ``"2b"``) is scored exactly as a single call would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ketacore.batch._plan import Plan, band_lookup, plan_for
from ketacore.batch._result import BatchScores, RowError, _sealed
from ketacore.batch._rows import (
    Rows,
    as_array,
    numeric_rows,
    object_rows,
    row_any,
    row_count,
    row_reader,
)
from ketacore.exceptions import BatchError, ScoringError
from ketacore.instruments import (
    BandSet,
    FlagStatus,
    Instrument,
    MissingPolicy,
    Score,
    SourceCoding,
    Value,
    get,
)
from ketacore.instruments._scoring import _show  # the single scorer's way of showing values

__all__ = ["resolve_instrument", "score_array", "single_scores"]

_IntArray = NDArray[np.int64]
_BoolArray = NDArray[np.bool_]
_NumArray = NDArray[Any]  # an integer or float array


def resolve_instrument(instrument: Instrument | str) -> Instrument:
    """Return the instrument itself, or look an id up in the catalogue.

    Raises:
        UnknownInstrumentError: No such id (a ``KetacoreError`` and ``ValueError``).
        BatchError: ``instrument`` is neither an :class:`Instrument` nor a string.
    """
    if isinstance(instrument, Instrument):
        return instrument
    if isinstance(instrument, str):
        return get(instrument)
    raise BatchError(
        f"instrument: got {_show(instrument)}; expected an Instrument or an instrument id "
        "such as 'phq9'"
    )


def _check_options(
    inst: Instrument,
    missing: object,
    coding: object,
    band_set: object,
) -> BandSet | None:
    if missing not in ("strict", "prorate"):
        raise BatchError(
            f"missing: got {_show(missing)}; expected 'strict' or 'prorate' "
            f"(prorate applies {inst.short_name}'s published rule, if it has one)"
        )
    if coding is not None:
        if not isinstance(coding, SourceCoding):
            raise BatchError(
                f"coding: got {_show(coding)}; expected a SourceCoding such as "
                "ketacore.instruments.NHANES_DPQ, or None"
            )
        if coding.instrument != inst.id:
            raise BatchError(
                f"coding: {coding.name!r} codes {coding.instrument!r} items, not {inst.id!r}; "
                f"pass the instrument {coding.instrument!r} or another coding"
            )
    if band_set is not None and not isinstance(band_set, str):
        raise BatchError(
            f"band_set: got {_show(band_set)}; expected a band-set name or None (the default)"
        )
    if not inst.band_sets:
        if band_set is not None:
            raise BatchError(
                f"band_set: got {band_set!r}, but {inst.short_name} has no severity bands; "
                "leave band_set as None"
            )
        return None
    try:
        return inst.band_set(band_set)
    except LookupError as exc:
        raise BatchError(f"band_set: {exc}") from None


def single_scores(
    scores: BatchScores, values: ArrayLike, coding: SourceCoding | None
) -> Callable[[int], Score | None]:
    """Return ``row -> Score`` (``None`` for an invalid row) for a batch scored from ``values``.

    Each :class:`~ketacore.instruments.Score` comes from :meth:`Instrument.score` on the
    row as the batch read it, so it carries the same total, band and flags.
    """
    inst = scores.instrument
    array, mask = as_array(inst, values)
    if array.dtype.kind in "OUS":
        read = object_rows(array, mask, coding).row
    else:
        read = row_reader(array, mask, coding)
    valid = scores.valid

    def score(i: int) -> Score | None:
        if not valid[i]:
            return None
        return inst.score(read(i), missing=scores.missing)  # type: ignore[arg-type]

    return score


def _prorate(plan: Plan, summed: _IntArray, n_missing: _IntArray) -> _IntArray:
    rule = plan.prorating
    assert rule is not None
    n = plan.n_items
    answered = np.maximum(n - n_missing, 1)
    numerator = summed * n
    result: _IntArray
    if rule.rounding == "half_up":
        result = (2 * numerator + answered) // (2 * answered)
    elif rule.rounding == "floor":
        result = numerator // answered
    elif rule.rounding == "ceil":
        result = -((-numerator) // answered)
    else:  # half_even
        quotient, remainder = np.divmod(numerator, answered)
        twice = 2 * remainder
        up = (twice > answered) | ((twice == answered) & (quotient % 2 == 1))
        result = quotient + up
    return result


def _row_error(row: int, exc: ScoringError) -> RowError:
    return RowError(row, exc.item, str(exc))


def score_array(
    instrument: Instrument | str,
    values: ArrayLike | Sequence[Sequence[object]],
    *,
    missing: MissingPolicy = "strict",
    coding: SourceCoding | None = None,
    band_set: str | None = None,
) -> BatchScores:
    """Score many administrations of one instrument at once.

    Row *i* of ``values`` gets the same total, band, flags and ``prorated`` as
    ``instrument.score(row_i, missing=missing)``, and is an error exactly when
    that call raises :class:`~ketacore.exceptions.ScoringError` (the message is
    kept in :attr:`BatchScores.errors`). Bad rows never stop the batch.

    Args:
        instrument: An :class:`~ketacore.instruments.Instrument` or its id (``"phq9"``).
        values: A 2-D array, one row per administration and one column per item in
            item order. Integer arrays are item values; in float arrays ``NaN`` is a
            missing item and integral floats are item values; in masked arrays a
            masked entry is missing; object arrays are read element by element as
            :meth:`Instrument.score` reads them (``None`` or ``NaN`` = missing, BDI-II
            lettered options as strings). A list of rows is read like an object array.
        missing: ``"strict"`` (default) makes a row with a missing item an error;
            ``"prorate"`` applies the instrument's
            :class:`~ketacore.instruments.ProratingRule` (PHQ-9: at most 2 missing).
        coding: How the export codes items (e.g.
            :data:`~ketacore.instruments.NHANES_DPQ`: 7 and 9 become missing), applied
            before scoring, to every element.
        band_set: Name of the band set for :attr:`BatchScores.band` (default: the
            instrument's documented default).

    Returns:
        A frozen :class:`BatchScores`.

    Raises:
        BatchError: ``values`` is not 2-D, has the wrong number of columns or an
            unsupported dtype (bool, complex, datetime), or an option is invalid.
        UnknownInstrumentError: ``instrument`` is an unknown id.
    """
    inst = resolve_instrument(instrument)
    chosen = _check_options(inst, missing, coding, band_set)
    array, mask = as_array(inst, values)
    plan = plan_for(inst)
    n_rows = array.shape[0]
    if array.dtype.kind in "OUS":
        rows = object_rows(array, mask, coding)
    else:
        rows = numeric_rows(plan, array, mask, coding)

    if plan.row_by_row is not None:
        every = np.ones(n_rows, dtype=bool)
        return _finish(inst, chosen, missing, rows, every, *_empty(plan, n_rows))

    # Rows holding odd values are re-scored by the single scorer below, so numeric
    # noise in them (inf * 0, overflow) is irrelevant: silence it.
    with np.errstate(all="ignore"):
        total, no_total, prorated, flags, unanswered, suspect = _vectorised(plan, rows, missing)
    return _finish(
        inst, chosen, missing, rows, suspect, total, no_total, prorated, flags, unanswered
    )


def _vectorised(
    plan: Plan, rows: Rows, missing: MissingPolicy
) -> tuple[_IntArray, _BoolArray, _BoolArray, _BoolArray, _BoolArray, _BoolArray]:
    vals = rows.values
    miss = rows.missing
    suspect = rows.suspect.copy()
    n_rows = vals.shape[0]

    # Values on each item's scale or one of its special codes (integral, for floats).
    elementwise = True
    uniform = plan.uniform
    if uniform is not None and n_rows:
        elementwise = not (vals.min() >= uniform[0] and vals.max() <= uniform[1])
    if elementwise and uniform is not None and vals.dtype.kind in "iu":
        # One comparison: below the scale wraps round to a huge unsigned number.
        low, high = uniform
        shifted = vals if low == 0 else vals - low
        bad = shifted.view(np.dtype(f"u{vals.itemsize}")) > (high - low)
        if miss is not None:
            bad &= ~miss
        suspect |= row_any(bad)
    elif elementwise:
        ok = (vals >= plan.low) & (vals <= plan.high)
        for code in plan.codes:
            ok[:, code.index] |= vals[:, code.index] == code.value
        if miss is not None:
            ok |= miss
        suspect |= row_any(~ok)

    # Missing items under the policy.
    prorated = np.zeros(n_rows, dtype=bool)
    n_missing: NDArray[np.integer[Any]] | None = None
    if miss is not None:
        n_missing = row_count(miss)
        has_missing = n_missing != 0
        rule = plan.prorating
        if missing == "prorate" and rule is not None:
            suspect |= n_missing > rule.max_missing
            prorated = has_missing & ~suspect
        else:
            suspect |= has_missing

    # Points: special codes replaced by what they score.
    no_total = np.zeros(n_rows, dtype=bool) if plan.has_total else np.ones(n_rows, dtype=bool)
    points = vals
    if plan.codes:
        points = vals.copy()
        for code in plan.codes:
            hit = vals[:, code.index] == code.value
            if miss is not None:
                hit &= ~miss[:, code.index]
            if code.scores_as is None:
                no_total |= hit
            else:
                points[:, code.index] = np.where(hit, code.scores_as, points[:, code.index])

    # Totals from the rule's domains: every summed domain is one matrix product.
    # int8 data with int8 weights is the fastest product; valid rows cannot overflow it
    # when every possible summed total fits (PHQ-9: 27), and invalid rows are re-scored.
    narrow = vals.dtype == np.int8 and plan.summed_fits_int8
    weights = np.zeros(
        plan.n_items, dtype=np.int8 if narrow else np.result_type(vals.dtype, np.int16)
    )
    max_domains = []
    for domain in plan.domains:
        if domain.is_max:
            max_domains.append(domain)
        else:
            weights[list(domain.indices)] = domain.weight
    product = points @ weights
    # Without maxima every valid narrow total fits int8 (PHQ-9: 27): no need to widen it.
    wide = not narrow or bool(max_domains)
    total: _IntArray = product.astype(np.int64, copy=False) if wide else product
    for domain in max_domains:
        part = points[:, list(domain.indices)].max(axis=1).astype(np.int64)
        total += domain.weight * part
    if n_missing is not None and prorated.any():
        where = np.flatnonzero(prorated)
        exact = _prorate(plan, total[where].astype(np.int64), n_missing[where].astype(np.int64))
        total[where] = exact

    # Critical-item flags, the vectorised form of the single scorer's rule: an item
    # that is missing or holds a special code is unanswered, never "not triggered".
    flags = np.zeros((n_rows, len(plan.flags)), dtype=bool)
    unanswered = np.zeros((n_rows, len(plan.flags)), dtype=bool)
    for j, flag in enumerate(plan.flags):
        column = vals[:, flag.index]
        hit = column >= flag.threshold if flag.at_least else column <= flag.threshold
        blank = None if miss is None else miss[:, flag.index]
        for value in flag.codes:
            coded = column == value
            blank = coded if blank is None else blank | coded
        if blank is None:  # every entry answered on the scale (the common case)
            flags[:, j] = hit
        else:
            flags[:, j] = hit & ~blank
            unanswered[:, j] = blank
    return total, no_total, prorated, flags, unanswered, suspect


def _empty(
    plan: Plan, n_rows: int
) -> tuple[_IntArray, _BoolArray, _BoolArray, _BoolArray, _BoolArray]:
    return (
        np.zeros(n_rows, dtype=np.int64),
        np.ones(n_rows, dtype=bool),
        np.zeros(n_rows, dtype=bool),
        np.zeros((n_rows, len(plan.flags)), dtype=bool),
        np.zeros((n_rows, len(plan.flags)), dtype=bool),
    )


def _finish(
    inst: Instrument,
    chosen: BandSet | None,
    missing: MissingPolicy,
    rows: Rows,
    suspect: _BoolArray,
    total: _IntArray,
    no_total: _BoolArray,
    prorated: _BoolArray,
    flags: _BoolArray,
    unanswered: _BoolArray,
) -> BatchScores:
    n_rows = suspect.shape[0]
    valid = np.ones(n_rows, dtype=bool)
    risk: NDArray[np.object_] | None = None
    if inst.triage is not None:
        risk = np.empty(n_rows, dtype=object)
    errors: list[RowError] = []
    indices = np.flatnonzero(suspect).tolist()
    if indices:
        total = total.copy()
        no_total = no_total.copy()
        prorated = prorated.copy()
        flags = flags.copy()
        unanswered = unanswered.copy()
        for i in indices:
            values: list[Value] = rows.row(i)  # type: ignore[assignment]
            try:
                score = inst.score(values, missing=missing)
            except ScoringError as exc:
                errors.append(_row_error(i, exc))
                valid[i] = False
                no_total[i] = True
                prorated[i] = False
                flags[i] = False
                unanswered[i] = False
                continue
            no_total[i] = score.total is None
            total[i] = 0 if score.total is None else score.total
            prorated[i] = score.prorated
            statuses = score.flag_statuses  # the single scorer's rule, read as it is
            flags[i] = [status is FlagStatus.TRIGGERED for status in statuses]
            unanswered[i] = [status is FlagStatus.UNANSWERED for status in statuses]
            if risk is not None:
                risk[i] = score.risk
    blank = bool(no_total.any())  # invalid rows are among them (set above)
    if chosen is None:
        band = np.full(n_rows, -1, dtype=np.int8)
    else:
        offset, table = band_lookup(inst, chosen)
        if offset or blank:
            index = total - offset
            if blank:
                index[no_total] = 0
            band = table[index]
            del index
        else:  # totals start at 0 (PHQ-9) and every row has one: index the table directly
            band = table[total]
        if blank:
            band[no_total] = -1
    totals = total.astype(np.float64)
    if blank:
        totals[no_total] = np.nan
    # Sealed one by one (each a read-only copy), so two copies of the totals never coexist
    # with the band index.
    return BatchScores(
        instrument=inst,
        band_set=chosen,
        missing=missing,
        total=_sealed(totals),
        band=_sealed(band),
        flags=_sealed(flags),
        unanswered_flags=_sealed(unanswered),
        valid=_sealed(valid),
        prorated=_sealed(prorated),
        errors=tuple(errors),
        risk=risk,
    )
