"""Rating-scale instruments as declarative data, and pure scoring.

>>> from ketacore.instruments import PHQ9, get
>>> PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0]).total
12
>>> get("phq9") is PHQ9
True

Importing this package does not import pint.
"""

from __future__ import annotations

from ketacore.exceptions import UnknownInstrumentError
from ketacore.instruments._anxiety import GAD7, HAMA, PCL5, PCL5_PAST_WEEK, YBOCS
from ketacore.instruments._catalogue import CATALOGUE, get
from ketacore.instruments._coding import (
    MCBS_GAD7,
    MCBS_PHQ9,
    NHANES_DPQ,
    SentinelCode,
    SourceCoding,
)
from ketacore.instruments._criteria import (
    ChangeThreshold,
    CompanionCriterion,
    Cutoff,
    PatternGroup,
    RemissionRule,
    ResponseRule,
    SymptomPattern,
)
from ketacore.instruments._depression import (
    BDI_II,
    HAMD17,
    MADRS,
    MADRS_24H,
    PHQ2,
    PHQ8,
    PHQ9,
    QIDS_SR16,
)
from ketacore.instruments._flags import CriticalItem, Flag, FlagStatus, RiskTier, Triage
from ketacore.instruments._global import CGI_I, CGI_S, CSSRS_SCREENER, SHEEHAN_SDS, YMRS
from ketacore.instruments._in_session import BPRS18, BPRS18_0TO6, CADSS, MOAAS
from ketacore.instruments._instrument import Instrument, Score
from ketacore.instruments._items import Item, MissingPolicy, Responses, SpecialCode, Value
from ketacore.instruments._rules import (
    Band,
    BandSet,
    Domain,
    Licence,
    ProratingRule,
    ScoringRule,
    SkipRule,
    Subscale,
)

__all__ = [
    "BDI_II",
    "BPRS18",
    "BPRS18_0TO6",
    "CADSS",
    "CATALOGUE",
    "CGI_I",
    "CGI_S",
    "CSSRS_SCREENER",
    "GAD7",
    "HAMA",
    "HAMD17",
    "MADRS",
    "MADRS_24H",
    "MCBS_GAD7",
    "MCBS_PHQ9",
    "MOAAS",
    "NHANES_DPQ",
    "PCL5",
    "PCL5_PAST_WEEK",
    "PHQ2",
    "PHQ8",
    "PHQ9",
    "QIDS_SR16",
    "SHEEHAN_SDS",
    "YBOCS",
    "YMRS",
    "Band",
    "BandSet",
    "ChangeThreshold",
    "CompanionCriterion",
    "CriticalItem",
    "Cutoff",
    "Domain",
    "Flag",
    "FlagStatus",
    "Instrument",
    "Item",
    "Licence",
    "MissingPolicy",
    "PatternGroup",
    "ProratingRule",
    "RemissionRule",
    "ResponseRule",
    "Responses",
    "RiskTier",
    "Score",
    "ScoringRule",
    "SentinelCode",
    "SkipRule",
    "SourceCoding",
    "SpecialCode",
    "Subscale",
    "SymptomPattern",
    "Triage",
    "UnknownInstrumentError",
    "Value",
    "get",
]
