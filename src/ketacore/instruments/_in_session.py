"""In-session safety instruments: CADSS, BPRS-18 (two anchorings), MOAA/S.

Every clinical number is cited next to the data; "ref §x" is the section of
ketacore's clinical reference (``shared/domain/clinical-reference.md``).
"""

from __future__ import annotations

from ketacore.instruments._criteria import ChangeThreshold
from ketacore.instruments._flags import CriticalItem
from ketacore.instruments._instrument import Instrument
from ketacore.instruments._items import Item, SpecialCode
from ketacore.instruments._rules import Band, BandSet, Licence, ScoringRule, Subscale

__all__ = ["BPRS18", "BPRS18_0TO6", "CADSS", "MOAAS"]

# --- CADSS (ref §1.8) ------------------------------------------------------------------

_CADSS_VARIANT = "NCT04226963: 23-item subjective version, 0–4, total 0–92 [2+] (ref §1.8)"

CADSS = Instrument(
    id="cadss23",
    short_name="CADSS",
    full_name="Clinician-Administered Dissociative States Scale (Bremner et al. 1998)",
    variant="23-item subjective version (ketamine/esketamine trials)",
    completed_by="patient answers in interview (subjective items)",
    recall="at this time (present state)",
    items=tuple(Item(n, f"subjective item {n}", 0, 4) for n in range(1, 24)),
    rule=ScoringRule.plain_sum(23, _CADSS_VARIANT),
    total_range=(0, 92),
    licence=Licence("unclear", False, "Licence unclear [?]: no item text shipped.", "ref §1.8"),
    sources=("Bremner et al. 1998 (ref §1.8)", _CADSS_VARIANT),
    subscales=(
        Subscale(
            "CADSS-6 short form", (1, 2, 6, 7, 15, 22), "Rodrigues et al. 2021 [1] (ref §1.8)"
        ),
    ),
    change_thresholds=(
        ChangeThreshold(
            "dissociation event",
            1,
            "Spravato programme: CADSS total > 4 with an increase from pre-dose > 0 [1] (ref §1.8)",
            min_total=5,
        ),
    ),
    notes=(
        "Item count differs between sources (27 = 19 subjective + 8 observer, 28, 23) [?]; "
        "this is the 23-item subjective version used in ketamine trials.",
        "The depersonalisation/derealisation/amnesia item mapping was not confirmed [?]: "
        "no such subscales are encoded. Item labels are therefore generic.",
        "Dissociation typically peaks about 40 min after dosing and resolves by about 1.5 h "
        "(ref §1.8, §5.3).",
    ),
)
"""CADSS, 23-item subjective version: items 0–4, total 0–92."""

# --- BPRS-18 (ref §1.9) ----------------------------------------------------------------

_BPRS_LABELS = (
    "somatic concern",
    "anxiety",
    "emotional withdrawal",
    "conceptual disorganisation",
    "guilt",
    "tension",
    "mannerisms/posturing",
    "grandiosity",
    "depressive mood",
    "hostility",
    "suspiciousness",
    "hallucinatory behaviour",
    "motor retardation",
    "uncooperativeness",
    "unusual thought content",
    "blunted affect",
    "excitement",
    "disorientation",
)
_BPRS_SOURCE = "Overall & Gorham 1962; CamCOPS bprs.py (ref §1.9)"
_BPRS_POSITIVE = "BPRS+ = items 4, 11, 12, 15 (ref §1.9)"
_BPRS_NOT_RATED = SpecialCode(0, "not rated", None, "CamCOPS bprs.py: 0 = not rated (ref §1.9)")
_BPRS_LICENCE = Licence(
    "public domain", True, "Public domain; labels only shipped.", "ref §1.9 [1]"
)

BPRS18 = Instrument(
    id="bprs18",
    short_name="BPRS-18",
    full_name="Brief Psychiatric Rating Scale, 18-item (Overall & Gorham 1962)",
    variant="items anchored 1–7 (1 not present … 7 extremely severe)",
    completed_by="clinician",
    recall="at interview",
    items=tuple(
        Item(n, label, 1, 7, codes=(_BPRS_NOT_RATED,))
        for n, label in enumerate(_BPRS_LABELS, start=1)
    ),
    rule=ScoringRule.plain_sum(
        18, f"BPRS-18 total 18–126 with every item rated 1–7; {_BPRS_SOURCE}"
    ),
    total_range=(18, 126),
    licence=_BPRS_LICENCE,
    sources=(_BPRS_SOURCE,),
    subscales=(Subscale("positive (BPRS+)", (4, 11, 12, 15), _BPRS_POSITIVE),),
    notes=(
        "0 = not rated: accepted and recorded, but then there is no total (Score.total is None) "
        "and subscales containing the item are None.",
        "Percent change on a 1–7 scale is distorted by the floor of 18 (ref, modelling "
        "conventions): the response module decides how to handle it.",
    ),
)
"""BPRS-18 anchored 1–7 (0 = not rated): total 18–126, positive subscale 4–28."""

BPRS18_0TO6 = Instrument(
    id="bprs18_0to6",
    short_name="BPRS-18 (0–6)",
    full_name="Brief Psychiatric Rating Scale, 18-item, re-anchored 0–6",
    variant="items re-anchored 0–6 (as in several ketamine trials, e.g. NCT04226963)",
    completed_by="clinician",
    recall="at interview",
    items=tuple(Item(n, label, 0, 6) for n, label in enumerate(_BPRS_LABELS, start=1)),
    rule=ScoringRule.plain_sum(18, f"18 items 0–6, total 0–108; {_BPRS_SOURCE}"),
    total_range=(0, 108),
    licence=_BPRS_LICENCE,
    sources=(_BPRS_SOURCE, "0–6 anchoring: NCT04226963 [?] (ref §1.9)"),
    subscales=(Subscale("positive (BPRS+)", (4, 11, 12, 15), _BPRS_POSITIVE + ", 0–24"),),
    notes=("Record which anchoring was used: 1–7 (bprs18) and 0–6 (bprs18_0to6) totals differ.",),
)
"""BPRS-18 re-anchored 0–6: total 0–108, positive subscale 0–24."""

# --- MOAA/S (ref §1.15) ----------------------------------------------------------------

_MOAAS_SOURCE = "ref §1.15 [2+]"
_MOAAS_ESK = "esketamine thresholds, jnjmedicalconnect [1] (ref §1.15, §5.3)"

MOAAS = Instrument(
    id="moaas",
    short_name="MOAA/S",
    full_name="Modified Observer's Assessment of Alertness/Sedation",
    variant="standard 0–5 levels",
    completed_by="observer (clinician or nurse)",
    recall="right now",
    items=(Item(1, "responsiveness level", 0, 5),),
    rule=ScoringRule.plain_sum(1, f"the level itself, 0–5; {_MOAAS_SOURCE}"),
    total_range=(0, 5),
    licence=Licence(
        "unclear", False, "Anaesthesia research scale; licence unclear [?].", "ref §1.15"
    ),
    sources=(_MOAAS_SOURCE,),
    band_sets=(
        BandSet(
            "esketamine",
            (
                Band(0, 0, "loss of consciousness (no response to trapezius squeeze)"),
                Band(1, 3, "moderate or deeper sedation"),
                Band(4, 4, "mild sedation (lethargic response to name)"),
                Band(5, 5, "responds readily to name (not sedated)"),
            ),
            _MOAAS_ESK,
        ),
    ),
    critical_items=(
        CriticalItem(1, 4, "sedation (MOAA/S <= 4)", _MOAAS_ESK, direction="at_most"),
        CriticalItem(1, 0, "loss of consciousness (MOAA/S 0)", _MOAAS_ESK, direction="at_most"),
    ),
    notes=(
        "Lower is more sedated. Variants exist (other definitions of 1 and 0; a 6-level "
        "version) [?]; this is the standard 0–5 version.",
        "Sedation starts about 15 min after dosing, peaks at 30–45 min and resolves by "
        "1–1.5 h (ref §1.15).",
    ),
)
"""MOAA/S: one level 0–5 (5 = responds readily, 0 = no response); flags at <= 4 and 0."""
