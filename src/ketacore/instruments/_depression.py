"""Depression instruments: PHQ-9 (with PHQ-2 and PHQ-8), MADRS, HAM-D17, QIDS-SR16, BDI-II.

Every clinical number is cited next to the data; "ref §x" is the section of
ketacore's clinical reference (``shared/domain/clinical-reference.md``).
"""

from __future__ import annotations

import attrs

from ketacore.instruments._criteria import (
    Cutoff,
    PatternGroup,
    RemissionRule,
    ResponseRule,
    SymptomPattern,
)
from ketacore.instruments._flags import CriticalItem
from ketacore.instruments._instrument import Instrument
from ketacore.instruments._items import Item, SpecialCode
from ketacore.instruments._rules import Band, BandSet, Domain, Licence, ProratingRule, ScoringRule

__all__ = ["BDI_II", "HAMD17", "MADRS", "MADRS_24H", "PHQ2", "PHQ8", "PHQ9", "QIDS_SR16"]

# --- PHQ family (ref §1.1) -------------------------------------------------------------

_PHQ_LICENCE = Licence(
    "free",
    True,
    "No permission is needed to reproduce, translate, display or distribute it.",
    "US Core PHQ-9 Questionnaire; CamCOPS phq9.rst (ref §1.1)",
)
_PHQ_SOURCES = ("Kroenke, Spitzer & Williams 2001 (ref §1.1)",)
_PHQ_RANGE = "0 not at all, 1 several days, 2 more than half the days, 3 nearly every day"

_PHQ9_ITEMS = (
    ("anhedonia", "Little interest or pleasure in doing things", "44250-9"),
    ("depressed mood", "Feeling down, depressed, or hopeless", "44255-8"),
    ("sleep", "Trouble falling or staying asleep, or sleeping too much", "44259-0"),
    ("fatigue", "Feeling tired or having little energy", "44254-1"),
    ("appetite", "Poor appetite or overeating", "44251-7"),
    (
        "self-worth/guilt",
        "Feeling bad about yourself — or that you are a failure or have let yourself "
        "or your family down",
        "44258-2",
    ),
    (
        "concentration",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "44252-5",
    ),
    (
        "psychomotor change",
        "Moving or speaking so slowly that other people could have noticed? Or the "
        "opposite — being so fidgety or restless that you have been moving around a lot "
        "more than usual",
        "44253-3",
    ),
    (
        "thoughts of death or self-harm",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
        "44260-8",
    ),
)


def _phq_items(numbers: tuple[int, ...]) -> tuple[Item, ...]:
    return tuple(
        Item(
            position,
            _PHQ9_ITEMS[n - 1][0],
            0,
            3,
            text=_PHQ9_ITEMS[n - 1][1],
            loinc=_PHQ9_ITEMS[n - 1][2],
        )
        for position, n in enumerate(numbers, start=1)
    )


_PHQ9_SUICIDE_FLAG = CriticalItem(
    9, 1, "suicide-risk review (item 9 endorsed)", "PHQ-9 item 9 >= 1 (ref §1.1)"
)

PHQ9 = Instrument(
    id="phq9",
    short_name="PHQ-9",
    full_name="Patient Health Questionnaire-9 (Kroenke, Spitzer, Williams 2001)",
    variant="standard 9-item",
    completed_by="self-report",
    recall="last 2 weeks",
    items=_phq_items(tuple(range(1, 10))),
    rule=ScoringRule.plain_sum(9, "PHQ-9 total 0–27 = sum of items 1–9 [2+] (ref §1.1)"),
    total_range=(0, 27),
    licence=_PHQ_LICENCE,
    sources=_PHQ_SOURCES,
    band_sets=(
        BandSet(
            "kroenke",
            (
                Band(0, 4, "none/minimal"),
                Band(5, 9, "mild"),
                Band(10, 14, "moderate"),
                Band(15, 19, "moderately severe"),
                Band(20, 27, "severe"),
            ),
            "HL7 US Core PHQ-9; CamCOPS phq9.py [2+] (ref §1.1)",
        ),
    ),
    critical_items=(_PHQ9_SUICIDE_FLAG,),
    remission_rules=(
        RemissionRule(
            "standard",
            4,
            "PHQ-9 < 5 at follow-up for patients with an index PHQ-9 > 9: CMS159 / NQF 0710 "
            '"Depression Remission at Twelve Months" [2+] (ref §1.1)',
            min_baseline=10,
        ),
        RemissionRule(
            "any-baseline",
            4,
            "PHQ-9 < 5 whatever the baseline, as SUSTAIN-3 used it alongside MADRS <= 12 "
            "(ref §1.1)",
            note="Not the CMS159 measure: it drops the index-score condition.",
        ),
    ),
    response_rules=(
        ResponseRule(
            "standard",
            50,
            "≥50% reduction from an index score > 9: NQF 1885 [2+] (ref §1.1)",
            min_baseline=10,
        ),
    ),
    cutoffs=(Cutoff("screen positive (major depression)", 10, 27, "PHQ-9 ≥10 [2+] (ref §1.1)"),),
    patterns=(
        SymptomPattern(
            "major depressive syndrome",
            2,
            (PatternGroup(tuple(range(1, 10)), 5), PatternGroup((1, 2), 1)),
            "CamCOPS phq9.py [1] (ref §1.1)",
            item_thresholds=((9, 1),),
        ),
        SymptomPattern(
            "other depressive syndrome",
            2,
            (PatternGroup(tuple(range(1, 10)), 2, 4), PatternGroup((1, 2), 1)),
            "CamCOPS phq9.py [1] (ref §1.1)",
            item_thresholds=((9, 1),),
        ),
    ),
    prorating=ProratingRule(
        2,
        "NHS Data Dictionary: 1–2 missing items replaced by the mean of the answered "
        "items; more than 2 missing is invalid [1] (ref §1.1)",
    ),
    loinc_panel="44249-1",
    loinc_total="44261-6",
    notes=(
        f"Item values: {_PHQ_RANGE}.",
        "The unscored 10th 'difficulty' item (LOINC 69722-7) is never part of the total "
        "and is not an input to score().",
        "Prorating (missing='prorate'): total = sum(answered) × 9 / n_answered, exact, "
        "rounded half up by default; the NHS Data Dictionary does not state a rounding [?], "
        "so ProratingRule.rounding can be changed with attrs.evolve.",
    ),
)
"""PHQ-9, 9 items 0–3, total 0–27; item 9 >= 1 raises a suicide-risk flag."""

PHQ2 = Instrument(
    id="phq2",
    short_name="PHQ-2",
    full_name="Patient Health Questionnaire-2 (PHQ-9 items 1 and 2)",
    variant="derived: PHQ-9 items 1–2",
    completed_by="self-report",
    recall="last 2 weeks",
    items=_phq_items((1, 2)),
    rule=ScoringRule.plain_sum(2, "PHQ-2 = PHQ-9 items 1 + 2, 0–6 (ref §1.1)"),
    total_range=(0, 6),
    licence=_PHQ_LICENCE,
    sources=_PHQ_SOURCES,
    derived_from="phq9",
    notes=("Not researched in depth in the reference: no bands or cut-offs are encoded.",),
)
"""PHQ-2: PHQ-9 items 1 and 2, total 0–6 (no bands encoded)."""

PHQ8 = Instrument(
    id="phq8",
    short_name="PHQ-8",
    full_name="Patient Health Questionnaire-8 (PHQ-9 without item 9)",
    variant="derived: PHQ-9 items 1–8",
    completed_by="self-report",
    recall="last 2 weeks",
    items=_phq_items(tuple(range(1, 9))),
    rule=ScoringRule.plain_sum(8, "PHQ-8 drops PHQ-9 item 9, 0–24 (ref §1.1)"),
    total_range=(0, 24),
    licence=_PHQ_LICENCE,
    sources=_PHQ_SOURCES,
    derived_from="phq9",
    notes=("Not researched in depth in the reference: no bands or cut-offs are encoded.",),
)
"""PHQ-8: PHQ-9 without item 9, total 0–24 (no bands encoded)."""

# --- MADRS (ref §1.3) ------------------------------------------------------------------

_MADRS_LABELS = (
    "apparent sadness",
    "reported sadness",
    "inner tension",
    "reduced sleep",
    "reduced appetite",
    "concentration difficulties",
    "lassitude",
    "inability to feel",
    "pessimistic thoughts",
    "suicidal thoughts",
)
_MADRS_REMISSION_SOURCE = "compared in PMC7032752 (ref §1.3)"

MADRS = Instrument(
    id="madrs",
    short_name="MADRS",
    full_name="Montgomery–Åsberg Depression Rating Scale (Montgomery & Åsberg 1979)",
    variant="standard (past week)",
    completed_by="clinician",
    recall="past week",
    items=tuple(Item(n, label, 0, 6) for n, label in enumerate(_MADRS_LABELS, start=1)),
    rule=ScoringRule.plain_sum(10, "MADRS total 0–60 = sum of 10 items 0–6 (ref §1.3)"),
    total_range=(0, 60),
    licence=Licence(
        "copyrighted",
        False,
        "Treat as copyrighted: ship short item labels only, never item text.",
        "MII PROMs; CamCOPS _tasks_missing.rst [2] (ref §1.3)",
    ),
    sources=("Montgomery & Åsberg 1979 (ref §1.3)",),
    band_sets=(
        BandSet(
            "snaith",
            (
                Band(0, 6, "normal/absent"),
                Band(7, 19, "mild"),
                Band(20, 34, "moderate"),
                Band(35, 60, "severe"),
            ),
            "Snaith et al. 1986, via Wikipedia and R cliot [2+] (ref §1.3)",
        ),
        BandSet(
            "12-24-35",
            (
                Band(0, 11, "normal/absent"),
                Band(12, 23, "mild"),
                Band(24, 34, "moderate"),
                Band(35, 60, "severe"),
            ),
            "cut-offs 12 / 24 / 35 [?] (ref §1.3)",
            note="The reference gives only the cut-points; labels follow the default set.",
        ),
    ),
    critical_items=(
        CriticalItem(
            10,
            4,
            "suicidal thoughts: suicide considered (item 10 >= 4)",
            "clinic policy; 4 is the first anchor where suicide is considered (ref §1.3)",
        ),
    ),
    remission_rules=(
        # The first rule is the default when the drug is not known: <= 12, the esketamine
        # programme's threshold, which the reference's worked example D6 uses as the
        # default (ref §6.2 D6, §1.3, §2.1).
        RemissionRule(
            "esketamine",
            12,
            "ASPIRE, SUSTAIN-1/3 [?] (ref §1.3, §2.1)",
            course_types=("esketamine",),
        ),
        RemissionRule(
            "ketamine-iv",
            10,
            "Daly 2018; KetECT [?] (ref §1.3, §2.1)",
            course_types=("iv_ketamine",),
        ),
        RemissionRule("riedel", 7, f"Riedel: <= 7; {_MADRS_REMISSION_SOURCE}"),
        RemissionRule("zimmerman", 9, f"Zimmerman: <= 9; {_MADRS_REMISSION_SOURCE}"),
        RemissionRule("hawley", 9, f"Hawley: < 10; {_MADRS_REMISSION_SOURCE}"),
        RemissionRule("bandelow", 11, f"Bandelow: <= 11; {_MADRS_REMISSION_SOURCE}"),
    ),
    response_rules=(ResponseRule("standard", 50, "≥50% reduction from baseline [2+] (ref §1.3)"),),
    notes=(
        "Anchors are written at 0, 2, 4 and 6; odd values sit between them.",
        "Remission has no single standard: 'esketamine' (<= 12) is the default, "
        "'ketamine-iv' (<= 10) the usual alternative.",
        "The item-10 flag threshold (>= 4) is clinic policy; evolve the instrument to change it.",
        "Müller 2003 put the best moderate/severe split at 31; not encoded as a band set.",
    ),
)
"""MADRS (standard, past-week recall), 10 items 0–6, total 0–60."""

MADRS_24H = attrs.evolve(
    MADRS,
    id="madrs_24h",
    short_name="MADRS (24 h)",
    variant="24-hour recall (rapid-onset studies)",
    recall="past 24 hours",
    sources=(
        "Montgomery & Åsberg 1979 (ref §1.3)",
        "MADRS 24-hour recall validated for rapid onset, psychiatrist.com [1] (ref §1.3)",
    ),
)
"""MADRS with 24-hour recall (used at 24 h after ketamine); scored like :data:`MADRS`."""

# --- HAM-D17 (ref §1.4) ----------------------------------------------------------------

_HAMD_ITEMS = (
    ("depressed mood", 4),
    ("guilt", 4),
    ("suicide", 4),
    ("early insomnia", 2),
    ("middle insomnia", 2),
    ("late insomnia", 2),
    ("work and activities", 4),
    ("retardation", 4),
    ("agitation", 4),
    ("psychic anxiety", 4),
    ("somatic anxiety", 4),
    ("GI somatic symptoms", 2),
    ("general somatic symptoms", 2),
    ("genital symptoms", 2),
    ("hypochondriasis", 4),
    ("weight loss", 2),
    ("insight", 2),
)
_HAMD_SOURCE = "CamCOPS hamd.py [2+] (ref §1.4)"


def _hamd_item(number: int, label: str, high: int) -> Item:
    if number != 16:
        return Item(number, label, 0, high)
    return Item(
        16,
        label,
        0,
        2,
        codes=(SpecialCode(3, "not assessed", 0, "CamCOPS hamd.py: 3 scores 0 (ref §1.4)"),),
        forms=("A", "B"),
    )


HAMD17 = Instrument(
    id="hamd17",
    short_name="HAM-D17",
    full_name="Hamilton Rating Scale for Depression, 17-item (Hamilton 1960)",
    variant="17-item",
    completed_by="clinician",
    recall="past week (conventional [?])",
    items=tuple(_hamd_item(n, label, high) for n, (label, high) in enumerate(_HAMD_ITEMS, start=1)),
    rule=ScoringRule.plain_sum(17, "HAM-D17 total 0–52 = sum of 17 items (ref §1.4)"),
    total_range=(0, 52),
    licence=Licence(
        "public domain", True, "Listed as public domain.", "NINDS CDE; CamCOPS [1] (ref §1.4)"
    ),
    sources=("Hamilton 1960", _HAMD_SOURCE),
    band_sets=(
        BandSet(
            "camcops",
            (
                Band(0, 7, "none"),
                Band(8, 13, "mild"),
                Band(14, 18, "moderate"),
                Band(19, 22, "severe"),
                Band(23, 52, "very severe"),
            ),
            "CamCOPS hamd.py [?] (ref §1.4)",
        ),
        BandSet(
            "ids-qids",
            (
                Band(0, 7, "none"),
                Band(8, 13, "mild"),
                Band(14, 19, "moderate"),
                Band(20, 25, "severe"),
                Band(26, 52, "very severe"),
            ),
            "ids-qids.org interpretation crosswalk [?] (ref §1.4)",
        ),
    ),
    critical_items=(
        CriticalItem(3, 1, "suicide item endorsed", "HAM-D17 item 3 critical (ref §1.4)"),
    ),
    remission_rules=(RemissionRule("standard", 7, "HAM-D17 <= 7, NCT02978326 [2+] (ref §1.4)"),),
    response_rules=(ResponseRule("standard", 50, "≥50% reduction, NCT02978326 [2+] (ref §1.4)"),),
    notes=(
        "Item 16 is rated either as 16A (by history) or 16B (by measurement); pass the "
        "mapping key '16A' or '16B' to record which (kept in Score.options).",
        "Item 16 code 3 = not assessed: accepted and scores 0 (CamCOPS).",
        "Severity bands disagree: 'camcops' is the default, 'ids-qids' the alternative.",
        "The critical-item threshold (item 3 >= 1) is clinic policy; the reference names "
        "the item but no threshold.",
    ),
)
"""HAM-D17: items 0–4 or 0–2, item 16 A/B with 3 = not assessed (scores 0), total 0–52."""

# --- QIDS-SR16 (ref §1.5) --------------------------------------------------------------

_QIDS_LABELS = (
    "sleep-onset insomnia",
    "mid-nocturnal insomnia",
    "early-morning insomnia",
    "hypersomnia",
    "sad mood",
    "decreased appetite",
    "increased appetite",
    "weight decrease",
    "weight increase",
    "concentration",
    "self-view",
    "suicidal ideation",
    "general interest",
    "energy",
    "psychomotor slowing",
    "psychomotor agitation",
)
_QIDS_RULE_SOURCE = "ids-qids.org administration; Millisecond manual [2+] (ref §1.5)"

QIDS_SR16 = Instrument(
    id="qids_sr16",
    short_name="QIDS-SR16",
    full_name="Quick Inventory of Depressive Symptomatology, Self-Report, 16-item (Rush 2003)",
    variant="self-report, 16-item",
    completed_by="self-report",
    recall="past 7 days",
    items=tuple(Item(n, label, 0, 3) for n, label in enumerate(_QIDS_LABELS, start=1)),
    rule=ScoringRule(
        "sum",
        (
            Domain("sleep", (1, 2, 3, 4), "max"),
            Domain("sad mood", (5,)),
            Domain("appetite/weight", (6, 7, 8, 9), "max"),
            Domain("concentration", (10,)),
            Domain("self-view", (11,)),
            Domain("suicidal ideation", (12,)),
            Domain("general interest", (13,)),
            Domain("energy", (14,)),
            Domain("psychomotor", (15, 16), "max"),
        ),
        "highest of 1–4, 6–9 and 15–16, plus items 5 and 10–14: 9 domains 0–3",
        _QIDS_RULE_SOURCE,
    ),
    total_range=(0, 27),
    licence=Licence(
        "unclear",
        False,
        "Described as free for clinicians and researchers; terms not seen first-hand.",
        "ref §1.5 [?]",
    ),
    sources=("Rush et al. 2003", _QIDS_RULE_SOURCE),
    band_sets=(
        BandSet(
            "rush",
            (
                Band(0, 5, "none"),
                Band(6, 10, "mild"),
                Band(11, 15, "moderate"),
                Band(16, 20, "severe"),
                Band(21, 27, "very severe"),
            ),
            "ids-qids.org interpretation; Millisecond manual [2+] (ref §1.5)",
        ),
    ),
    critical_items=(
        CriticalItem(12, 1, "suicidal ideation endorsed", "QIDS-SR16 item 12 critical (ref §1.5)"),
    ),
    remission_rules=(RemissionRule("standard", 5, "QIDS-SR16 <= 5, STAR*D [2+] (ref §1.5)"),),
    response_rules=(
        ResponseRule("standard", 50, "≥50% reduction, ELEKT-D primary outcome [2+] (ref §1.5)"),
    ),
    notes=(
        "Missing items: strict only. A domain maximum over partly missing items is "
        "ambiguous, so no missing-item rule is offered.",
        "The item-12 flag threshold (>= 1) is clinic policy; the reference names the item only.",
    ),
)
"""QIDS-SR16: 16 items 0–3 scored as 9 domains (three are maxima), total 0–27."""

# --- BDI-II (ref §1.6) -----------------------------------------------------------------

_BDI_LABELS = (
    "sadness",
    "pessimism",
    "past failure",
    "loss of pleasure",
    "guilty feelings",
    "punishment feelings",
    "self-dislike",
    "self-criticalness",
    "suicidal thoughts or wishes",
    "crying",
    "agitation",
    "loss of interest",
    "indecisiveness",
    "worthlessness",
    "loss of energy",
    "changes in sleeping pattern",
    "irritability",
    "changes in appetite",
    "concentration difficulty",
    "tiredness or fatigue",
    "loss of interest in sex",
)
_BDI_OPTIONS = ("0", "1a", "1b", "2a", "2b", "3a", "3b")


def _bdi_item(number: int, label: str) -> Item:
    options = _BDI_OPTIONS if number in (16, 18) else ()
    return Item(number, label, 0, 3, options=options)


BDI_II = Instrument(
    id="bdi2",
    short_name="BDI-II",
    full_name="Beck Depression Inventory, 2nd edition (Beck, Steer, Brown 1996)",
    variant="21-item",
    completed_by="self-report",
    recall="past 2 weeks, including today",
    items=tuple(_bdi_item(n, label) for n, label in enumerate(_BDI_LABELS, start=1)),
    rule=ScoringRule.plain_sum(21, "BDI-II total 0–63 = sum of 21 items 0–3 (ref §1.6)"),
    total_range=(0, 63),
    licence=Licence(
        "copyrighted",
        False,
        "Copyright Pearson; a licence is needed for each use. Item scores only.",
        "ref §1.6 [2+]",
    ),
    sources=("Beck, Steer & Brown 1996 manual (ref §1.6)",),
    band_sets=(
        BandSet(
            "beck",
            (
                Band(0, 13, "minimal"),
                Band(14, 19, "mild"),
                Band(20, 28, "moderate"),
                Band(29, 63, "severe"),
            ),
            "Beck 1996 manual via CamCOPS bdi.rst [2+] (ref §1.6)",
        ),
    ),
    critical_items=(
        CriticalItem(
            9, 1, "suicidal thoughts or wishes endorsed", "BDI-II item 9 critical (ref §1.6)"
        ),
    ),
    remission_rules=(
        RemissionRule(
            "minimal-band",
            13,
            "top of the minimal band, often used; no standard [?] (ref §1.6)",
            note="No standard remission definition exists for the BDI-II.",
        ),
    ),
    response_rules=(
        ResponseRule("standard", 50, "≥50% reduction, core definition [2+] (ref §2.1)"),
    ),
    loinc_total="89209-1",
    notes=(
        "Items 16 and 18 accept the lettered options '0', '1a' ... '3b' (scored by the digit; "
        "the option is kept in Score.options) or a plain integer 0–3 (direction not recorded).",
        "The item-9 flag threshold (>= 1) is clinic policy; the reference names the item only.",
    ),
)
"""BDI-II: 21 items 0–3 (items 16 and 18 take lettered options), total 0–63."""
