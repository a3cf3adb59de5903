"""Global and screening instruments: CGI-S, CGI-I, C-SSRS screener, YMRS, Sheehan Disability Scale.

Every clinical number is cited next to the data; "ref §x" is the section of
ketacore's clinical reference (``shared/domain/clinical-reference.md``).
"""

from __future__ import annotations

from ketacore.instruments._criteria import Cutoff, RemissionRule
from ketacore.instruments._flags import CriticalItem, RiskTier, Triage
from ketacore.instruments._instrument import Instrument
from ketacore.instruments._items import Item, SpecialCode
from ketacore.instruments._rules import Band, BandSet, Licence, ScoringRule, SkipRule

__all__ = ["CGI_I", "CGI_S", "CSSRS_SCREENER", "SHEEHAN_SDS", "YMRS"]

# --- CGI (ref §1.14) -------------------------------------------------------------------

_CGI_SOURCE = "Guy 1976, ECDEU (ref §1.14)"
_CGI_NOT_ASSESSED = SpecialCode(
    0, "not assessed", None, "CGI 0 = not assessed, excluded (ref §1.14)"
)
_CGI_LICENCE = Licence("public domain", True, "US-government work.", "ref §1.14 [1]")


def _value_bands(labels: tuple[str, ...]) -> tuple[Band, ...]:
    return tuple(Band(n, n, label) for n, label in enumerate(labels, start=1))


CGI_S = Instrument(
    id="cgi_s",
    short_name="CGI-S",
    full_name="Clinical Global Impression – Severity (Guy 1976)",
    variant="single item 1–7",
    completed_by="clinician",
    recall="at this visit",
    items=(Item(1, "severity of illness", 1, 7, codes=(_CGI_NOT_ASSESSED,)),),
    rule=ScoringRule.plain_sum(1, f"the rating itself, 1–7; {_CGI_SOURCE}"),
    total_range=(1, 7),
    licence=_CGI_LICENCE,
    sources=(_CGI_SOURCE,),
    band_sets=(
        BandSet(
            "guy",
            _value_bands(
                (
                    "normal",
                    "borderline",
                    "mildly ill",
                    "moderately ill",
                    "markedly ill",
                    "severely ill",
                    "among the most extremely ill",
                )
            ),
            _CGI_SOURCE,
        ),
    ),
    notes=("0 = not assessed: accepted and recorded, and then there is no total (None).",),
)
"""CGI-S: one rating 1–7 (0 = not assessed, giving no total)."""

CGI_I = Instrument(
    id="cgi_i",
    short_name="CGI-I",
    full_name="Clinical Global Impression – Improvement (Guy 1976)",
    variant="single item 1–7, compared with baseline",
    completed_by="clinician",
    recall="change since baseline",
    items=(Item(1, "global improvement", 1, 7, codes=(_CGI_NOT_ASSESSED,)),),
    rule=ScoringRule.plain_sum(1, f"the rating itself, 1–7; {_CGI_SOURCE}"),
    total_range=(1, 7),
    licence=_CGI_LICENCE,
    sources=(_CGI_SOURCE,),
    band_sets=(
        BandSet(
            "guy",
            _value_bands(
                (
                    "very much improved",
                    "much improved",
                    "minimally improved",
                    "no change",
                    "minimally worse",
                    "much worse",
                    "very much worse",
                )
            ),
            _CGI_SOURCE,
        ),
    ),
    cutoffs=(
        Cutoff(
            "response (much or very much improved)",
            1,
            2,
            "CGI-I 1 or 2: NCT02013609; Y-BOCS consensus [2+] (ref §1.14)",
        ),
    ),
    notes=(
        "0 = not assessed: accepted and recorded, and then there is no total (None).",
        "Lower is better. The efficacy index (item 3) is not modelled.",
    ),
)
"""CGI-I: one rating 1–7 (1 = very much improved; 0 = not assessed, giving no total)."""

# --- C-SSRS screener (ref §1.13) -------------------------------------------------------

_COLUMBIA = "Columbia triage, cssrs.columbia.edu [2+] (ref §1.13)"
_BLUEPRINT = "vendor mapping, help.blueprint-health.com [1] (ref §1.13)"
_CSSRS_ITEMS = (
    ("wish to be dead (past month)", "93246-7"),
    ("non-specific active suicidal thoughts (past month)", "93247-5"),
    ("suicidal thoughts with method, no plan or intent", "93248-3"),
    ("suicidal intent without specific plan", "93249-1"),
    ("suicidal intent with specific plan", "93250-9"),
    ("suicidal behaviour (ever)", "93267-3"),
    ("suicidal behaviour within the past 3 months", "93269-9"),
)

CSSRS_SCREENER = Instrument(
    id="cssrs_screener",
    short_name="C-SSRS screener",
    full_name="Columbia-Suicide Severity Rating Scale, screen version (Posner et al.)",
    variant="screener, 6 questions plus the past-3-months behaviour follow-up",
    completed_by="clinician or staff (self-report forms exist)",
    recall="past month (Q1–Q5); ever and past 3 months (Q6)",
    items=tuple(
        Item(n, label, 0, 1, loinc=code) for n, (label, code) in enumerate(_CSSRS_ITEMS, start=1)
    ),
    rule=ScoringRule("none", (), "no total: the risk level comes from the items", _COLUMBIA),
    total_range=None,
    licence=Licence(
        "copyrighted",
        False,
        "Research Foundation for Mental Hygiene: free for clinical, EHR and research use; "
        "commercial electronic implementations are licensed. No item text shipped.",
        "Clario C-SSRS licensing [2+] (ref §1.13)",
    ),
    sources=("Posner et al. (ref §1.13)", _COLUMBIA),
    critical_items=(
        CriticalItem(4, 1, "high risk: suicidal intent (Q4)", _COLUMBIA),
        CriticalItem(5, 1, "high risk: suicidal intent with plan (Q5)", _COLUMBIA),
        CriticalItem(7, 1, "high risk: suicidal behaviour in the past 3 months", _COLUMBIA),
    ),
    skip_rules=(
        SkipRule(2, (3, 4, 5), "Q3–Q5 are asked only if Q2 is yes (ref §1.13)"),
        SkipRule(6, (7,), "the past-3-months follow-up is asked only if Q6 is yes (ref §1.13)"),
    ),
    triage=Triage(
        (
            RiskTier("high", ((4, 1), (5, 1), (7, 1)), _COLUMBIA),
            RiskTier("moderate", ((3, 1), (6, 1)), _BLUEPRINT),
        ),
        "low",
        f"{_BLUEPRINT}; all 'No' = Low (LA9194-7), HL7 behavioural-health IG example",
    ),
    loinc_panel="93373-9",
    notes=(
        "Answers are 1 (yes) and 0 (no); booleans are rejected like everywhere else.",
        "Item 7 is the Q6 follow-up (behaviour within the past 3 months).",
        "Skipped questions may be None or 0; a yes to a skipped question is an error.",
        "Columbia labels only the high tier; the moderate/low mapping is a vendor's [1]. "
        "Pass another Triage to Score.risk_with() to use a clinic's mapping.",
        "Panel LOINC 93373-9 was seen only in public FHIR code repositories [?]; "
        "the risk-level LOINC is 93374-7.",
    ),
)
"""C-SSRS screener: yes/no items with skip logic, no total, risk triage high/moderate/low."""

# --- YMRS (ref §1.10) ------------------------------------------------------------------

_YMRS_SOURCE = "scales.arabpsychology.com YMRS [1] (ref §1.10)"
_YMRS_ITEMS = (
    ("elevated mood", 4),
    ("motor activity/energy", 4),
    ("sexual interest", 4),
    ("sleep", 4),
    ("irritability", 8),
    ("speech", 8),
    ("language/thought disorder", 4),
    ("content", 8),
    ("disruptive/aggressive behaviour", 8),
    ("appearance", 4),
    ("insight", 4),
)

YMRS = Instrument(
    id="ymrs",
    short_name="YMRS",
    full_name="Young Mania Rating Scale (Young et al. 1978)",
    variant="11-item",
    completed_by="clinician",
    recall="about the past 48 hours [1]",
    items=tuple(Item(n, label, 0, high) for n, (label, high) in enumerate(_YMRS_ITEMS, start=1)),
    rule=ScoringRule.plain_sum(
        11, f"total 0–60; items 5, 6, 8, 9 score 0–8 (double-weighted); {_YMRS_SOURCE}"
    ),
    total_range=(0, 60),
    licence=Licence("unclear", False, "Licence unclear [?]: labels only.", "ref §1.10"),
    sources=("Young et al. 1978", _YMRS_SOURCE),
    band_sets=(
        BandSet(
            "pubcompare",
            (
                Band(0, 12, "remission/euthymia"),
                Band(13, 19, "minimal"),
                Band(20, 25, "mild"),
                Band(26, 37, "moderate"),
                Band(38, 60, "severe"),
            ),
            "pubcompare protocol text [?] (ref §1.10)",
            note="Low confidence.",
        ),
    ),
    remission_rules=(
        RemissionRule(
            "euthymia-band",
            12,
            "<= 12 remission/euthymia, pubcompare protocol text [?] (ref §1.10)",
            note="Low confidence.",
        ),
    ),
    cutoffs=(
        Cutoff("ELEKT-D entry (low YMRS)", 0, 5, "ELEKT-D required YMRS <= 5 [1] (ref §1.10)"),
    ),
    notes=(
        "The double-weighted items are rated on their printed 0–8 scale; every integer "
        "0–8 is accepted (the reference gives the range, not even-only anchors). "
        "The scoring rule's weight stays 1 because the values are already doubled.",
    ),
)
"""YMRS: 11 items (5, 6, 8, 9 score 0–8; the rest 0–4), total 0–60."""

# --- Sheehan Disability Scale (ref §1.16) ----------------------------------------------

_SDS_SOURCE = "help.valant.com Sheehan Disability Scale [1] (ref §1.16)"

SHEEHAN_SDS = Instrument(
    id="sheehan_sds",
    short_name="Sheehan Disability Scale",
    full_name="Sheehan Disability Scale (not the Zung Self-Rating Depression Scale)",
    variant="3 domains",
    completed_by="self-report",
    recall="not stated in the reference",
    items=(
        Item(1, "work/school", 0, 10),
        Item(2, "social life", 0, 10),
        Item(3, "family life/home responsibilities", 0, 10),
    ),
    rule=ScoringRule.plain_sum(3, f"total 0–30 = sum of 3 domains 0–10; {_SDS_SOURCE}"),
    total_range=(0, 30),
    licence=Licence("copyrighted", False, "Copyright D. Sheehan.", "ref §1.16 [1]"),
    sources=(_SDS_SOURCE,),
    critical_items=tuple(
        CriticalItem(n, 5, f"significant impairment: {label}", f"domain >= 5; {_SDS_SOURCE}")
        for n, label in ((1, "work/school"), (2, "social life"), (3, "family/home"))
    ),
    notes=("Days lost and days unproductive (optional extras) are not modelled.",),
)
"""Sheehan Disability Scale: 3 domains 0–10, total 0–30; a domain >= 5 is flagged."""
