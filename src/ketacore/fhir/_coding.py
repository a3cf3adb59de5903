"""How one instrument is coded in FHIR: canonical, item codes, answers, total code.

:func:`coding_for` compiles an instrument and a canonical base into a
:class:`FormCoding` once (cached); writing and reading both use it, so what
ketacore writes is exactly what it accepts. Codes come from the instrument data
(:attr:`Item.loinc`, :attr:`Instrument.loinc_total`) and the LOINC tables in
:mod:`ketacore.instruments._loinc`; instruments and items without LOINC codes get
codes in ketacore's CodeSystem ``<base>/CodeSystem/instruments``.
"""

from __future__ import annotations

import threading
from types import MappingProxyType
from typing import Final

from attrs import frozen

from ketacore.instruments import CATALOGUE, Instrument
from ketacore.instruments._loinc import ANSWER_LISTS, LOINC, QUESTIONNAIRE_PANELS, AnswerList

__all__ = ["FormCoding", "ItemCoding", "coding_for", "known_forms"]

INSTRUMENTS_SYSTEM: Final = "instruments"
"""Name of ketacore's instrument CodeSystem under the base."""


@frozen
class ItemCoding:
    """The FHIR coding of one item (or one form of an item, HAM-D17 ``16A``)."""

    number: int
    form: str | None
    link_id: str
    system: str
    code: str


@frozen
class FormCoding:
    """Everything needed to write and read one instrument's resources under one base."""

    instrument: Instrument
    base: str
    canonical: str
    panel: tuple[str, str]
    total: tuple[str, str] | None
    items: tuple[ItemCoding, ...]
    answers: AnswerList | None
    by_code: MappingProxyType[str, ItemCoding]
    """Item code (or linkId) -> item; LOINC and ketacore codes alike."""

    def item_coding(self, number: int, form: str | None = None) -> ItemCoding:
        """The coding of item ``number`` (or its ``form``)."""
        for item in self.items:
            if item.number == number and item.form == form:
                return item
        raise LookupError(number)  # pragma: no cover - callers pass valid numbers


def _ketacore_code(instrument: Instrument, suffix: str) -> str:
    return f"{instrument.id}-{suffix}"


def _compile(instrument: Instrument, base: str) -> FormCoding:
    system = f"{base}/CodeSystem/{INSTRUMENTS_SYSTEM}"
    panel_code = QUESTIONNAIRE_PANELS.get(instrument.id)
    if panel_code is not None and panel_code == instrument.loinc_panel:
        canonical = f"{LOINC}/q/{panel_code}"
        panel = (LOINC, panel_code)
    else:
        canonical = f"{base}/Questionnaire/{instrument.id}"
        panel = (system, instrument.id)
    total: tuple[str, str] | None = None
    if instrument.total_range is not None:
        total = (
            (LOINC, instrument.loinc_total)
            if instrument.loinc_total is not None
            else (system, _ketacore_code(instrument, "total"))
        )
    items: list[ItemCoding] = []
    for item in instrument.items:
        forms: tuple[str | None, ...] = (None, *item.forms)
        for form in forms:
            if item.loinc is not None and form is None:
                coding = ItemCoding(item.number, None, item.loinc, LOINC, item.loinc)
            else:
                code = _ketacore_code(instrument, f"item-{item.number}{form or ''}")
                coding = ItemCoding(item.number, form, code, system, code)
            items.append(coding)
    by_code = MappingProxyType({c.code: c for c in items})
    return FormCoding(
        instrument,
        base,
        canonical,
        panel,
        total,
        tuple(items),
        ANSWER_LISTS.get(instrument.id),
        by_code,
    )


_CACHE: dict[tuple[str, str], FormCoding] = {}
_LOCK: Final = threading.Lock()


def coding_for(instrument: Instrument, base: str) -> FormCoding:
    """The (cached) FHIR coding of ``instrument`` under canonical ``base``.

    Catalogue instruments are cached by id and base; a variant made with
    :func:`attrs.evolve` is compiled on each call.
    """
    key = (instrument.id, base)
    cached = _CACHE.get(key)
    if cached is not None and cached.instrument is instrument:
        return cached
    coding = _compile(instrument, base)
    if CATALOGUE.get(instrument.id) is instrument:
        with _LOCK:
            _CACHE[key] = coding
    return coding


def known_forms(base: str) -> tuple[FormCoding, ...]:
    """The codings of every catalogue instrument under ``base``."""
    return tuple(coding_for(instrument, base) for instrument in CATALOGUE.values())
