"""hypothesis strategies for instruments, responses and scores (:mod:`ketacore.instruments`)."""

from __future__ import annotations

from hypothesis import strategies as st

from ketacore.instruments import CATALOGUE, Instrument, Responses, Score, Value, get

__all__ = ["instruments", "item_values", "responses", "scores"]


def _resolve(instrument: str | Instrument) -> Instrument:
    return instrument if isinstance(instrument, Instrument) else get(instrument)


def instruments() -> st.SearchStrategy[Instrument]:
    """Any instrument of :data:`~ketacore.instruments.CATALOGUE`."""
    return st.sampled_from(tuple(CATALOGUE.values()))


def item_values(instrument: str | Instrument) -> st.SearchStrategy[list[int]]:
    """Complete responses as a list of integers, each on its item's own scale.

    No special codes, lettered options, item forms or skipped items: the
    plainest input :meth:`Instrument.score` accepts. For the C-SSRS screener,
    whose skipped questions must be 0 when the gate question is 0, drawn
    values always respect the skip logic.
    """
    return st.deferred(lambda: _item_values(_resolve(instrument)))


def _item_values(inst: Instrument) -> st.SearchStrategy[list[int]]:
    def consistent(values: list[int]) -> list[int]:
        for skip in inst.skip_rules:
            if values[skip.gate - 1] == 0:
                for number in skip.items:
                    values[number - 1] = 0
        return values

    return st.tuples(*(st.integers(item.low, item.high) for item in inst.items)).map(
        lambda values: consistent(list(values))
    )


@st.composite
def _responses(draw: st.DrawFn, inst: Instrument, special_codes: bool) -> Responses:
    values: list[Value] = []
    for item in inst.items:
        choices: st.SearchStrategy[Value] = st.integers(item.low, item.high)
        if special_codes and item.codes:
            choices |= st.sampled_from([code.value for code in item.codes])
        if item.options:
            choices |= st.sampled_from(item.options)
        values.append(draw(choices))
    for skip in inst.skip_rules:
        if values[skip.gate - 1] == 0:
            for number in skip.items:
                values[number - 1] = draw(st.sampled_from([None, 0]))
    forms = [item for item in inst.items if item.forms]
    if not forms and draw(st.booleans()):
        return values
    mapping: dict[int | str, Value] = {}
    mapping.update(enumerate(values, start=1))
    for item in forms:
        keys: list[int | str] = [item.number, *(f"{item.number}{f}" for f in item.forms)]
        key = draw(st.sampled_from(keys))
        value = mapping.pop(item.number)
        mapping[key] = value
    return mapping


def responses(
    instrument: str | Instrument, *, special_codes: bool = False
) -> st.SearchStrategy[Responses]:
    """Complete, valid raw responses for *instrument* (an id or an :class:`Instrument`).

    Drawn as a list in item order or as a mapping from item number to value,
    with everything the instrument accepts: lettered options (BDI-II items 16
    and 18, ``"2b"``), item forms as keys (HAM-D17 ``"16A"``), and skipped
    questions as ``None`` or 0 (C-SSRS screener).

    Args:
        instrument: The instrument.
        special_codes: Also draw special codes (HAM-D17 item 16 ``3`` "not
            assessed", CGI and BPRS ``0`` "not rated"), which may leave the
            score without a total.
    """
    return st.deferred(lambda: _responses(_resolve(instrument), special_codes))


def _prorated(inst: Instrument) -> st.SearchStrategy[Score]:
    rule = inst.prorating
    if rule is None:
        return st.nothing()

    def blank(values: list[int], missing: list[int]) -> Score:
        gappy: list[int | None] = list(values)
        for index in missing:
            gappy[index] = None
        return inst.score(gappy, missing="prorate")

    indices = st.lists(
        st.integers(min_value=0, max_value=len(inst.items) - 1),
        min_size=1,
        max_size=rule.max_missing,
        unique=True,
    )
    return st.builds(blank, _item_values(inst), indices)


def scores(
    instrument: str | Instrument | None = None,
    *,
    special_codes: bool = False,
    prorated: bool = False,
) -> st.SearchStrategy[Score]:
    """Scored administrations of *instrument*, or of any catalogue instrument if None.

    Each is :meth:`Instrument.score` applied to :func:`responses`: complete,
    valid responses, including lettered options, item forms and skip logic.

    Args:
        instrument: The instrument (an id or an :class:`Instrument`), or None for any.
        special_codes: Also draw special codes (see :func:`responses`).
        prorated: Also draw prorated scores with missing items, for
            instruments with a prorating rule (PHQ-9).

    Raises:
        UnknownInstrumentError: no instrument has that id (at draw time).
    """
    if instrument is None:
        return instruments().flatmap(
            lambda inst: scores(inst, special_codes=special_codes, prorated=prorated)
        )
    chosen = instrument

    def build() -> st.SearchStrategy[Score]:
        inst = _resolve(chosen)
        complete = _responses(inst, special_codes).map(inst.score)
        if prorated and inst.prorating is not None:
            return complete | _prorated(inst)
        return complete

    return st.deferred(build)
