"""CDISC SDTM controlled terminology for ketacore's instruments, as data.

Every code below was checked against CDISC SDTM Controlled Terminology release
2025-03-25 (the NCI EVS file "SDTM Terminology.txt" of that release, as packaged by
the R package sdtm.terminology 2025-03-25): the --CAT term in "Category of
Questionnaire" (C100129) or "Category of Clinical Classification" (C118971), the
--TESTCD / --TEST terms in the instrument's own test-code and test-name codelists,
and the --ORRES / --STRESC answer codelists where the release has them (PHQ-9 and
HAM-A only). Each ``TestCode`` carries the NCI code of its term.

A code with ``code=None`` is *not* in that release: it is a sponsor-defined
extension (the PHQ-2, PCL-5 and Sheehan SDS codelists have no total score; HAM-D17
item 16 recorded without saying whether form A or B was rated) and marked so.
Instruments with no codelist at all get sponsor codes from :mod:`._sponsor`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from ketacore.cdisc._codes import Answer, Codelist, Domain, TestCode

__all__ = ["CT_RELEASE", "CT_SOURCE", "PUBLISHED"]

CT_RELEASE: Final = "2025-03-25"
"""The CDISC SDTM controlled-terminology release every published code was checked against."""

CT_SOURCE: Final = (
    "CDISC SDTM Controlled Terminology 2025-03-25 (NCI EVS SDTM Terminology.txt; "
    "R package sdtm.terminology 2025-03-25)"
)
"""Where the published codes come from."""


def _t(testcd: str, test: str, code: str | None) -> TestCode:
    return TestCode(testcd, test, code)


_PHQ9_ANSWERS: Final = (
    Answer(0, "Not at all", "C214823", "C214831"),
    Answer(1, "Several days", "C214824", "C214832"),
    Answer(2, "More than half the days", "C214825", "C214833"),
    Answer(3, "Nearly every day", "C214826", "C214834"),
)
"""PHQ0101T09OR (C213939) and PHQ0101T09STR (C213941): PHQ0101 through PHQ0109."""

_HAMA_ANSWERS: Final = (
    Answer(0, "Not present", "C182706", "C182711"),
    Answer(1, "Mild", "C182707", "C182712"),
    Answer(2, "Moderate", "C182708", "C182713"),
    Answer(3, "Severe", "C182709", "C182714"),
    Answer(4, "Very severe", "C182710", "C182715"),
)
"""HAMA101T14OR (C182468) and HAMA101T14STR (C182506): HAMA101 through HAMA114."""


def _codelist(
    instrument_id: str,
    domain: Domain,
    category: tuple[str, str],
    items: tuple[TestCode, ...],
    total: TestCode | None,
    *notes: str,
    **extra: object,
) -> Codelist:
    return Codelist(
        instrument_id=instrument_id,
        domain=domain,
        category=category[0],
        category_code=category[1],
        items=items,
        total=total,
        release=CT_RELEASE,
        source=CT_SOURCE,
        notes=notes,
        **extra,  # type: ignore[arg-type]
    )


PUBLISHED: Final[MappingProxyType[str, Codelist]] = MappingProxyType(
    {
        "phq9": _codelist(
            "phq9",
            "QS",
            ("PHQ-9", "C103526"),  # PHQ01TC (C103481)
            (
                _t("PHQ0101", "PHQ01-Little Interest/Pleasure in Things", "C103705"),
                _t("PHQ0102", "PHQ01-Feeling Down Depressed or Hopeless", "C103706"),
                _t("PHQ0103", "PHQ01-Trouble Falling or Staying Asleep", "C103707"),
                _t("PHQ0104", "PHQ01-Feeling Tired or Little Energy", "C103708"),
                _t("PHQ0105", "PHQ01-Poor Appetite or Overeating", "C103709"),
                _t("PHQ0106", "PHQ01-Feeling Bad About Yourself", "C103710"),
                _t("PHQ0107", "PHQ01-Trouble Concentrating on Things", "C103711"),
                _t("PHQ0108", "PHQ01-Moving Slowly or Fidgety/Restless", "C103712"),
                _t("PHQ0109", "PHQ01-Thoughts You Be Better Off Dead", "C103713"),
            ),
            _t("PHQ0111", "PHQ01-Total Score", "C113887"),
            "PHQ0110 (difficulty item) is not a ketacore item and is not written.",
            answers=_PHQ9_ANSWERS,
            answer_codelists=("C213939", "C213941"),
        ),
        "phq8": _codelist(
            "phq8",
            "QS",
            ("PHQ-8", "C191043"),  # PHQ05TC (C190940)
            (
                _t("PHQ0501", "PHQ05-Little Interest/Pleasure in Things", "C191154"),
                _t("PHQ0502", "PHQ05-Feeling Down Depressed or Hopeless", "C191155"),
                _t("PHQ0503", "PHQ05-Trouble Falling or Staying Asleep", "C191156"),
                _t("PHQ0504", "PHQ05-Feeling Tired or Little Energy", "C191157"),
                _t("PHQ0505", "PHQ05-Poor Appetite or Overeating", "C191158"),
                _t("PHQ0506", "PHQ05-Feeling Bad About Yourself", "C191159"),
                _t("PHQ0507", "PHQ05-Trouble Concentrating on Things", "C191160"),
                _t("PHQ0508", "PHQ05-Moving Slowly or Fidgety/Restless", "C191161"),
            ),
            _t("PHQ0509", "PHQ05-Total Score", "C191162"),
        ),
        "phq2": _codelist(
            "phq2",
            "QS",
            ("PHQ-2", "C123386"),  # PHQ04TC (C157727)
            (
                _t("PHQ0401", "PHQ04-Little Interest/Pleasure in Things", "C157729"),
                _t("PHQ0402", "PHQ04-Feeling Down Depressed or Hopeless", "C157730"),
            ),
            _t("PHQ04TOT", "PHQ04-Total Score", None),
            (
                "The release has no PHQ-2 total score: PHQ04TOT is a sponsor-defined extension "
                "(unverified)."
            ),
        ),
        "gad7": _codelist(
            "gad7",
            "QS",
            ("GAD-7", "C103519"),  # GAD01TC (C103467)
            (
                _t("GAD0101", "GAD01-Feeling Nervous Anxious or On Edge", "C103565"),
                _t("GAD0102", "GAD01-Not Able to Stop/Control Worrying", "C103566"),
                _t("GAD0103", "GAD01-Worrying Too Much About Things", "C103567"),
                _t("GAD0104", "GAD01-Trouble Relaxing", "C103568"),
                _t("GAD0105", "GAD01-Being Restless Hard to Sit Still", "C103569"),
                _t("GAD0106", "GAD01-Becoming Easily Annoyed/Irritable", "C103570"),
                _t("GAD0107", "GAD01-Feel Afraid/Something Awful Happen", "C103571"),
            ),
            _t("GAD0109", "GAD01-Total Score", "C113886"),
            "GAD0108 (difficulty item) is not a ketacore item and is not written.",
        ),
        "qids_sr16": _codelist(
            "qids_sr16",
            "QS",
            ("QIDS-SR", "C130316"),  # QIDSR1TC (C130263)
            (
                _t("QIDSR101", "QIDSR1-Falling Asleep", "C130584"),
                _t("QIDSR102", "QIDSR1-Sleep During the Night", "C130585"),
                _t("QIDSR103", "QIDSR1-Waking Up Too Early", "C130586"),
                _t("QIDSR104", "QIDSR1-Sleeping Too Much", "C130587"),
                _t("QIDSR105", "QIDSR1-Feeling Sad", "C130588"),
                _t("QIDSR106", "QIDSR1-Decreased Appetite", "C130589"),
                _t("QIDSR107", "QIDSR1-Increased Appetite", "C130590"),
                _t("QIDSR108", "QIDSR1-Decreased Weight", "C130591"),
                _t("QIDSR109", "QIDSR1-Increased Weight", "C130592"),
                _t("QIDSR110", "QIDSR1-Concentration/Decision Making", "C130593"),
                _t("QIDSR111", "QIDSR1-View of Myself", "C130594"),
                _t("QIDSR112", "QIDSR1-Thoughts of Death or Suicide", "C130595"),
                _t("QIDSR113", "QIDSR1-General Interest", "C130596"),
                _t("QIDSR114", "QIDSR1-Energy Level", "C130597"),
                _t("QIDSR115", "QIDSR1-Feeling Slowed Down", "C130598"),
                _t("QIDSR116", "QIDSR1-Feeling Restless", "C130599"),
            ),
            _t("QIDSR120", "QIDSR1-Total Score", "C130603"),
            (
                "QIDSR117-QIDSR119 are the published domain maxima (sleep, appetite/weight, "
                "psychomotor), written as derived records."
            ),
            domains=(
                ("sleep", _t("QIDSR117", "QIDSR1-Highest Score Sleep Items", "C130600")),
                (
                    "appetite/weight",
                    _t("QIDSR118", "QIDSR1-High Score Appetite/Weight Items", "C130601"),
                ),
                (
                    "psychomotor",
                    _t("QIDSR119", "QIDSR1-Highest Score Psychomotor Items", "C130602"),
                ),
            ),
        ),
        "pcl5": _codelist(
            "pcl5",
            "QS",
            ("PCL-5", "C135741"),  # PCL01TC (C135692)
            (
                _t("PCL0101", "PCL01-Repeated Disturbing Memories", "C135922"),
                _t("PCL0102", "PCL01-Repeated Disturbing Dreams", "C135923"),
                _t("PCL0103", "PCL01-Suddenly Feeling Happening Again", "C135924"),
                _t("PCL0104", "PCL01-Feel Upset When Reminded", "C135925"),
                _t("PCL0105", "PCL01-Strong Physical Reactions", "C135926"),
                _t("PCL0106", "PCL01-Avoid Memories/Thoughts/Feelings", "C135927"),
                _t("PCL0107", "PCL01-Avoid External Reminders", "C135928"),
                _t("PCL0108", "PCL01-Trouble Remembering Important Part", "C135929"),
                _t("PCL0109", "PCL01-Strong Negative Beliefs", "C135930"),
                _t("PCL0110", "PCL01-Blaming Yourself/Someone Else", "C135931"),
                _t("PCL0111", "PCL01-Strong Negative Feelings", "C135932"),
                _t("PCL0112", "PCL01-Loss of Interest in Activities", "C135933"),
                _t("PCL0113", "PCL01-Feeling Distant From People", "C135934"),
                _t("PCL0114", "PCL01-Trouble Experiencing Pos Feelings", "C135935"),
                _t("PCL0115", "PCL01-Irritable Behavior/Angry Outbursts", "C135936"),
                _t("PCL0116", "PCL01-Taking Too Many Risks/Cause Harm", "C135937"),
                _t("PCL0117", "PCL01-Being Superalert/Watchful/on Guard", "C135938"),
                _t("PCL0118", "PCL01-Feeling Jumpy or Easily Startled", "C135939"),
                _t("PCL0119", "PCL01-Having Difficulty Concentrating", "C135940"),
                _t("PCL0120", "PCL01-Trouble Falling or Staying Asleep", "C135941"),
            ),
            _t("PCL01TOT", "PCL01-Total Score", None),
            (
                "The release has no PCL-5 total score: PCL01TOT is a sponsor-defined extension "
                "(unverified)."
            ),
        ),
        "pcl5_past_week": _codelist(
            "pcl5_past_week",
            "QS",
            ("PCL-5", "C135741"),  # PCL01TC (C135692)
            (
                _t("PCL0101", "PCL01-Repeated Disturbing Memories", "C135922"),
                _t("PCL0102", "PCL01-Repeated Disturbing Dreams", "C135923"),
                _t("PCL0103", "PCL01-Suddenly Feeling Happening Again", "C135924"),
                _t("PCL0104", "PCL01-Feel Upset When Reminded", "C135925"),
                _t("PCL0105", "PCL01-Strong Physical Reactions", "C135926"),
                _t("PCL0106", "PCL01-Avoid Memories/Thoughts/Feelings", "C135927"),
                _t("PCL0107", "PCL01-Avoid External Reminders", "C135928"),
                _t("PCL0108", "PCL01-Trouble Remembering Important Part", "C135929"),
                _t("PCL0109", "PCL01-Strong Negative Beliefs", "C135930"),
                _t("PCL0110", "PCL01-Blaming Yourself/Someone Else", "C135931"),
                _t("PCL0111", "PCL01-Strong Negative Feelings", "C135932"),
                _t("PCL0112", "PCL01-Loss of Interest in Activities", "C135933"),
                _t("PCL0113", "PCL01-Feeling Distant From People", "C135934"),
                _t("PCL0114", "PCL01-Trouble Experiencing Pos Feelings", "C135935"),
                _t("PCL0115", "PCL01-Irritable Behavior/Angry Outbursts", "C135936"),
                _t("PCL0116", "PCL01-Taking Too Many Risks/Cause Harm", "C135937"),
                _t("PCL0117", "PCL01-Being Superalert/Watchful/on Guard", "C135938"),
                _t("PCL0118", "PCL01-Feeling Jumpy or Easily Startled", "C135939"),
                _t("PCL0119", "PCL01-Having Difficulty Concentrating", "C135940"),
                _t("PCL0120", "PCL01-Trouble Falling or Staying Asleep", "C135941"),
            ),
            _t("PCL01TOT", "PCL01-Total Score", None),
            (
                "One PCL-5 codelist serves both recall windows; the past-week version is told "
                "apart by QSEVLINT = '-P1W' (SDTMIG v3.4 --EVLINT), a ketacore convention."
            ),
            (
                "The release has no PCL-5 total score: PCL01TOT is a sponsor-defined extension "
                "(unverified)."
            ),
            evlint="-P1W",
        ),
        "sheehan_sds": _codelist(
            "sheehan_sds",
            "QS",
            ("SDS", "C111384"),  # SDS01TC (C111350)
            (
                _t("SDS0101", "SDS01-Work/School", "C111521"),
                _t("SDS0102", "SDS01-Social Life", "C111523"),
                _t("SDS0103", "SDS01-Family Life/Home Responsibilities", "C111524"),
            ),
            _t("SDS01TOT", "SDS01-Total Score", None),
            (
                "The release has no SDS total score: SDS01TOT is a sponsor-defined extension "
                "(unverified)."
            ),
            (
                "SDS0101A, SDS0104 and SDS0105 (no work/study, days lost, days underproductive) "
                "are not ketacore items."
            ),
        ),
        "cgi_s": _codelist(
            "cgi_s",
            "QS",
            ("CGI", "C135738"),  # CGI02TC (C135686)
            (_t("CGI0201", "CGI02-Severity", "C135814"),),
            None,
            (
                "CGI02 is the 'Clinical Global Impression Generic Modification Version', the "
                "release's only general CGI codelist; CGI-S and CGI-I share its category and are "
                "told apart by test code."
            ),
        ),
        "cgi_i": _codelist(
            "cgi_i",
            "QS",
            ("CGI", "C135738"),  # CGI02TC (C135686)
            (_t("CGI0203", "CGI02-Improvement", "C135816"),),
            None,
            (
                "CGI02 is the 'Clinical Global Impression Generic Modification Version', the "
                "release's only general CGI codelist; CGI-S and CGI-I share its category and are "
                "told apart by test code."
            ),
        ),
        "hamd17": _codelist(
            "hamd17",
            "RS",
            ("HAMD 17", "C100767"),  # HAMD1TC (C100138)
            (
                _t("HAMD101", "HAMD1-Depressed Mood", "C100398"),
                _t("HAMD102", "HAMD1-Feelings of Guilt", "C100399"),
                _t("HAMD103", "HAMD1-Suicide", "C100400"),
                _t("HAMD104", "HAMD1-Insomnia Early - Early Night", "C100401"),
                _t("HAMD105", "HAMD1-Insomnia Middle - Middle Night", "C100402"),
                _t("HAMD106", "HAMD1-Insomnia Early Hours - Morning", "C100403"),
                _t("HAMD107", "HAMD1-Work and Activities", "C100404"),
                _t("HAMD108", "HAMD1-Retardation", "C100405"),
                _t("HAMD109", "HAMD1-Agitation", "C100406"),
                _t("HAMD110", "HAMD1-Anxiety Psychic", "C100407"),
                _t("HAMD111", "HAMD1-Anxiety Somatic", "C100408"),
                _t("HAMD112", "HAMD1-Somatic Symptoms Gastrointestinal", "C100409"),
                _t("HAMD113", "HAMD1-General Somatic Symptoms", "C100410"),
                _t("HAMD114", "HAMD1-Genital Symptoms", "C100411"),
                _t("HAMD115", "HAMD1-Hypochondriasis", "C100412"),
                _t("HAMD116", "HAMD1-Loss of Weight, Form Not Recorded", None),
                _t("HAMD117", "HAMD1-Insight", "C100415"),
            ),
            _t("HAMD118", "HAMD1-Total Score", "C100416"),
            (
                "Item 16 rated by history is HAMD116A and by measured weight HAMD116B (both "
                "published); an item 16 recorded without its form is written as HAMD116, a "
                "sponsor-defined extension (unverified)."
            ),
            forms=(
                (16, "A", _t("HAMD116A", "HAMD1-Loss of WT According to Patient", "C100413")),
                (16, "B", _t("HAMD116B", "HAMD1-Loss of WT According to WK Meas", "C100414")),
            ),
        ),
        "hama": _codelist(
            "hama",
            "RS",
            ("HAM-A", "C102118"),  # HAMA1TC (C101819)
            (
                _t("HAMA101", "HAMA1-Anxious Mood", "C102073"),
                _t("HAMA102", "HAMA1-Tension", "C102074"),
                _t("HAMA103", "HAMA1-Fears", "C102075"),
                _t("HAMA104", "HAMA1-Insomnia", "C102076"),
                _t("HAMA105", "HAMA1-Intellectual", "C102077"),
                _t("HAMA106", "HAMA1-Depressed Mood", "C102078"),
                _t("HAMA107", "HAMA1-Somatic (Muscular)", "C102079"),
                _t("HAMA108", "HAMA1-Somatic (Sensory)", "C102080"),
                _t("HAMA109", "HAMA1-Cardiovascular Symptoms", "C102081"),
                _t("HAMA110", "HAMA1-Respiratory Symptoms", "C102082"),
                _t("HAMA111", "HAMA1-Gastrointestinal Symptoms", "C102083"),
                _t("HAMA112", "HAMA1-Genitourinary Symptoms", "C102084"),
                _t("HAMA113", "HAMA1-Autonomic Symptoms", "C102085"),
                _t("HAMA114", "HAMA1-Behavior at Interview", "C102086"),
            ),
            _t("HAMA115", "HAMA1-Total Score", "C155646"),
            answers=_HAMA_ANSWERS,
            answer_codelists=("C182468", "C182506"),
        ),
        "bprs18": _codelist(
            "bprs18",
            "RS",
            ("BPRS 1988 VERSION", "C161657"),  # BPRS01TC (C161625)
            (
                _t("BPRS0101", "BPRS01-Somatic Concern", "C161741"),
                _t("BPRS0102", "BPRS01-Anxiety", "C161742"),
                _t("BPRS0103", "BPRS01-Emotional Withdrawal", "C161743"),
                _t("BPRS0104", "BPRS01-Conceptual Disorganization", "C161744"),
                _t("BPRS0105", "BPRS01-Guilt Feelings", "C161745"),
                _t("BPRS0106", "BPRS01-Tension", "C161746"),
                _t("BPRS0107", "BPRS01-Mannerisms and Posturing", "C161747"),
                _t("BPRS0108", "BPRS01-Grandiosity", "C161748"),
                _t("BPRS0109", "BPRS01-Depressive Mood", "C161749"),
                _t("BPRS0110", "BPRS01-Hostility", "C161750"),
                _t("BPRS0111", "BPRS01-Suspiciousness", "C161751"),
                _t("BPRS0112", "BPRS01-Hallucinatory Behavior", "C161752"),
                _t("BPRS0113", "BPRS01-Motor Retardation", "C161753"),
                _t("BPRS0114", "BPRS01-Uncooperativeness", "C161754"),
                _t("BPRS0115", "BPRS01-Unusual Thought Content", "C161755"),
                _t("BPRS0116", "BPRS01-Blunted Affect", "C161756"),
                _t("BPRS0117", "BPRS01-Excitement", "C161757"),
                _t("BPRS0118", "BPRS01-Disorientation", "C161758"),
            ),
            _t("BPRS0119", "BPRS01-Total Score", "C161759"),
            (
                "ketacore cites Overall & Gorham 1962; the release's 18-item BPRS is the 1988 "
                "version (Overall & Gorham 1988), whose 18 items match ketacore's in order. "
                "ketacore's 0 = not rated is written as the score 0; the release has no BPRS "
                "answer codelist."
            ),
        ),
    }
)
"""Codelists published in the release, by ketacore instrument id."""
