"""Anxiety, trauma and OCD instruments: GAD-7, PCL-5, Y-BOCS, HAM-A.

Every clinical number is cited next to the data; "ref §x" is the section of
ketacore's clinical reference (``shared/domain/clinical-reference.md``).
"""

from __future__ import annotations

import attrs

from ketacore.instruments._criteria import (
    ChangeThreshold,
    CompanionCriterion,
    Cutoff,
    PatternGroup,
    RemissionRule,
    ResponseRule,
    SymptomPattern,
)
from ketacore.instruments._instrument import Instrument
from ketacore.instruments._items import Item
from ketacore.instruments._rules import Band, BandSet, Licence, ScoringRule, Subscale

__all__ = ["GAD7", "HAMA", "PCL5", "PCL5_PAST_WEEK", "YBOCS"]

# --- GAD-7 (ref §1.2) ------------------------------------------------------------------

# Item LOINC codes in item order: clinical reference 9.1 [2+], matching the linkIds of the
# public GAD-7 FHIR examples (CIRG-GAD7 questionLinkIds "/69725-0" ... "/69736-7"; PGHD
# QuestionnaireResponse "gad7", item 1 = 69725-0, item 2 = 68509-9).
_GAD7_ITEMS = (
    ("nervous/on edge", "Feeling nervous, anxious, or on edge", "69725-0"),
    (
        "unable to stop or control worry",
        "Not being able to stop or control worrying",
        "68509-9",
    ),
    ("worrying too much", "Worrying too much about different things", "69733-4"),
    ("trouble relaxing", "Trouble relaxing", "69734-2"),
    ("restlessness", "Being so restless that it is hard to sit still", "69735-9"),
    ("irritability", "Becoming easily annoyed or irritable", "69689-8"),
    (
        "fear that something awful will happen",
        "Feeling afraid, as if something awful might happen",
        "69736-7",
    ),
)

GAD7 = Instrument(
    id="gad7",
    short_name="GAD-7",
    full_name="Generalized Anxiety Disorder-7 (Spitzer, Kroenke, Williams, Löwe 2006)",
    variant="standard 7-item",
    completed_by="self-report",
    recall="last 2 weeks",
    items=tuple(
        Item(n, label, 0, 3, text=text, loinc=code)
        for n, (label, text, code) in enumerate(_GAD7_ITEMS, start=1)
    ),
    rule=ScoringRule.plain_sum(7, "GAD-7 total 0–21 = sum of 7 items 0–3 (ref §1.2)"),
    total_range=(0, 21),
    licence=Licence(
        "free",
        True,
        "Pfizer-funded PHQ family, free to use. Item text follows the original form.",
        "phqscreeners.com [2+] (ref §1.2)",
    ),
    sources=("Spitzer et al. 2006 (ref §1.2)",),
    band_sets=(
        BandSet(
            "spitzer",
            (
                Band(0, 4, "minimal"),
                Band(5, 9, "mild"),
                Band(10, 14, "moderate"),
                Band(15, 21, "severe"),
            ),
            "PACIO and MII FHIR examples; CamCOPS gad7.py [2+] (ref §1.2)",
        ),
    ),
    cutoffs=(Cutoff("screen positive (GAD)", 10, 21, "GAD-7 ≥10 [2+] (ref §1.2)"),),
    loinc_panel="69737-5",
    loinc_total="70274-6",
    notes=(
        "No standard remission or response definition was found [?]; none is encoded.",
        "The unscored difficulty question is not an input to score().",
    ),
)
"""GAD-7: 7 items 0–3, total 0–21."""

# --- PCL-5 (ref §1.7) ------------------------------------------------------------------

_PCL5_LABELS = (
    "intrusive memories",
    "disturbing dreams",
    "flashbacks",
    "upset at reminders",
    "physical reactions to reminders",
    "avoiding memories, thoughts or feelings",
    "avoiding external reminders",
    "trouble remembering parts of the event",
    "strong negative beliefs",
    "blaming self or others",
    "strong negative feelings",
    "loss of interest in activities",
    "feeling distant or cut off",
    "trouble experiencing positive feelings",
    "irritability or angry outbursts",
    "taking too many risks or doing harmful things",
    "being superalert or on guard",
    "feeling jumpy or easily startled",
    "difficulty concentrating",
    "trouble sleeping",
)
_PCL5_CLUSTERS = "comorbidityguidelines.org.au; CamCOPS pcl5.py [2+] (ref §1.7)"

PCL5 = Instrument(
    id="pcl5",
    short_name="PCL-5",
    full_name="PTSD Checklist for DSM-5 (Weathers et al., National Center for PTSD, 2013)",
    variant="standard (past month)",
    completed_by="self-report",
    recall="past month",
    items=tuple(Item(n, label, 0, 4) for n, label in enumerate(_PCL5_LABELS, start=1)),
    rule=ScoringRule.plain_sum(20, "PCL-5 total 0–80 = sum of 20 items 0–4 (ref §1.7)"),
    total_range=(0, 80),
    licence=Licence(
        "public domain",
        True,
        "US Department of Veterans Affairs; public domain. ketacore ships short labels.",
        "ref §1.7 [2+]",
    ),
    sources=("Weathers et al. 2013 (ref §1.7)",),
    subscales=(
        Subscale("B intrusions", (1, 2, 3, 4, 5), _PCL5_CLUSTERS),
        Subscale("C avoidance", (6, 7), _PCL5_CLUSTERS),
        Subscale("D negative cognitions and mood", tuple(range(8, 15)), _PCL5_CLUSTERS),
        Subscale("E arousal and reactivity", tuple(range(15, 21)), _PCL5_CLUSTERS),
    ),
    patterns=(
        SymptomPattern(
            "DSM-5 provisional diagnosis",
            2,
            (
                PatternGroup((1, 2, 3, 4, 5), 1),
                PatternGroup((6, 7), 1),
                PatternGroup(tuple(range(8, 15)), 2),
                PatternGroup(tuple(range(15, 21)), 2),
            ),
            "items >= 2: >= 1 B, >= 1 C, >= 2 D, >= 2 E; " + _PCL5_CLUSTERS,
        ),
    ),
    cutoffs=(
        Cutoff("probable PTSD (33)", 33, 80, "cut-point 31–33 [2+] (ref §1.7)"),
        Cutoff("probable PTSD (32)", 32, 80, "cut-point 31–33 [2+] (ref §1.7)"),
        Cutoff("probable PTSD (31)", 31, 80, "cut-point 31–33 [2+] (ref §1.7)"),
        Cutoff("probable PTSD (older guidance, 38)", 38, 80, "older guidance [2+] (ref §1.7)"),
    ),
    change_thresholds=(
        ChangeThreshold("reliable change", 5, "≥5 points, qxmd PCL-5 [2+] (ref §1.7)"),
        ChangeThreshold("clinically meaningful change", 10, "≥10 points [2+] (ref §1.7)"),
    ),
    notes=(
        "The cut-point is a range (31–33) in the source; 33 is listed first, 31 and 32 are "
        "alternatives.",
        "Item 16 (risk-taking) is a risk item but not a formal critical item: no flag is raised.",
        "No remission or response rule is given in the reference; none is encoded.",
    ),
)
"""PCL-5 (past month): 20 items 0–4, total 0–80, clusters B–E and the DSM-5 pattern."""

PCL5_PAST_WEEK = attrs.evolve(
    PCL5,
    id="pcl5_past_week",
    short_name="PCL-5 (past week)",
    variant="past-week version (monitoring)",
    recall="past week",
)
"""PCL-5 past-week version used for monitoring; scored like :data:`PCL5`."""

# --- Y-BOCS (ref §1.11) ----------------------------------------------------------------

_YBOCS_PARTS = ("time", "interference", "distress", "resistance", "control")
_YBOCS_SUBTOTALS = "Y-BOCS obsessions 1–5, compulsions 6–10 (ref §1.11)"
_MATAIX_COLS = "Mataix-Cols et al. 2016 consensus (ref §1.11)"
_RAMAKRISHNAN = "Ramakrishnan 2024 IPD analysis [?] (ref §1.11)"

YBOCS = Instrument(
    id="ybocs",
    short_name="Y-BOCS",
    full_name="Yale-Brown Obsessive Compulsive Scale (Goodman et al. 1989)",
    variant="10 core items",
    completed_by="clinician",
    recall="past week",
    items=tuple(Item(n, f"obsessions: {p}", 0, 4) for n, p in enumerate(_YBOCS_PARTS, start=1))
    + tuple(Item(n, f"compulsions: {p}", 0, 4) for n, p in enumerate(_YBOCS_PARTS, start=6)),
    rule=ScoringRule.plain_sum(10, "Y-BOCS total 0–40 = sum of items 1–10 (ref §1.11)"),
    total_range=(0, 40),
    licence=Licence(
        "copyrighted",
        False,
        "Copyright Goodman; distribution needs the author's permission. Labels only.",
        "CamCOPS ybocs.rst [1] (ref §1.11)",
    ),
    sources=("Goodman et al. 1989 (ref §1.11)",),
    band_sets=(
        BandSet(
            "brainphysics",
            (
                Band(0, 7, "subclinical"),
                Band(8, 15, "mild"),
                Band(16, 23, "moderate"),
                Band(24, 31, "severe"),
                Band(32, 40, "extreme"),
            ),
            "brainphysics.com/ocd/ybocs [1] (ref §1.11)",
        ),
    ),
    subscales=(
        Subscale("obsessions", (1, 2, 3, 4, 5), _YBOCS_SUBTOTALS),
        Subscale("compulsions", (6, 7, 8, 9, 10), _YBOCS_SUBTOTALS),
    ),
    remission_rules=(
        RemissionRule(
            "consensus",
            12,
            f"Y-BOCS <= 12 plus CGI-S <= 2; {_MATAIX_COLS}",
            companions=(CompanionCriterion("cgi_s", 2, _MATAIX_COLS),),
        ),
        RemissionRule("ipd-optimal", 15, f"Y-BOCS <= 15; {_RAMAKRISHNAN}"),
    ),
    response_rules=(
        ResponseRule(
            "consensus",
            35,
            f"≥35% reduction plus CGI-I <= 2; {_MATAIX_COLS}",
            companions=(CompanionCriterion("cgi_i", 2, _MATAIX_COLS),),
        ),
        ResponseRule("ipd-optimal", 30, f"≥30% reduction; {_RAMAKRISHNAN}"),
    ),
    notes=(
        "Items 1b, 6b and 11–19 are investigational, not in the total, and not inputs.",
        "The 'ipd-optimal' rules carry no CGI companion: the reference gives only the "
        "Y-BOCS thresholds.",
    ),
)
"""Y-BOCS: 10 core items 0–4, obsession and compulsion subtotals, total 0–40."""

# --- HAM-A (ref §1.12) -----------------------------------------------------------------

_HAMA_LABELS = (
    "anxious mood",
    "tension",
    "fears",
    "insomnia",
    "intellectual/cognitive",
    "depressed mood",
    "somatic (muscular)",
    "somatic (sensory)",
    "cardiovascular",
    "respiratory",
    "gastrointestinal",
    "genitourinary",
    "autonomic",
    "behaviour at interview",
)
_HAMA_SUBSCALES = "MDCalc calc-709 [1] (ref §1.12)"


def _hama_bands(top: str) -> tuple[Band, ...]:
    return (
        Band(0, 17, "mild"),
        Band(18, 24, "mild to moderate"),
        Band(25, 30, "moderate to severe"),
        Band(31, 56, top),
    )


HAMA = Instrument(
    id="hama",
    short_name="HAM-A",
    full_name="Hamilton Anxiety Rating Scale (Hamilton 1959)",
    variant="14-item",
    completed_by="clinician",
    recall="not fixed in the original (some versions: past 3 days) [?]",
    items=tuple(Item(n, label, 0, 4) for n, label in enumerate(_HAMA_LABELS, start=1)),
    rule=ScoringRule.plain_sum(14, "HAM-A total 0–56 = sum of 14 items 0–4 (ref §1.12)"),
    total_range=(0, 56),
    licence=Licence("public domain", True, "Public domain; labels only shipped.", "ref §1.12 [1]"),
    sources=("Hamilton 1959 (ref §1.12)",),
    band_sets=(
        BandSet("mdcalc", _hama_bands("severe"), "MDCalc [2+] cut-points (ref §1.12)"),
        BandSet("camcops", _hama_bands("very severe"), "CamCOPS hama.py [2+] (ref §1.12)"),
    ),
    subscales=(
        Subscale("psychic", (1, 2, 3, 4, 5, 6, 14), _HAMA_SUBSCALES),
        Subscale("somatic", (7, 8, 9, 10, 11, 12, 13), _HAMA_SUBSCALES),
    ),
    notes=(
        "Sources agree on the cut-points and differ on the top label ('severe' in MDCalc, "
        "the default; 'very severe' in CamCOPS). Where exactly 17 falls is an open question "
        "in the reference; 17 is 'mild' here.",
    ),
)
"""HAM-A: 14 items 0–4, psychic and somatic subscales, total 0–56."""
