"""CDISC SDTM and ADaM datasets from ketacore's instruments, sessions and courses.

- Controlled terminology as data: :func:`codelist` gives an instrument's SDTM
  domain, category, test codes and answer codelists, checked against CDISC SDTM
  Controlled Terminology :data:`CT_RELEASE`; instruments without a codelist get
  sponsor codes from :data:`SPONSOR_CODES`, which every function lets you override.
- Writers: :func:`qs_rows` and :func:`rs_rows` from scores.
- Course datasets: :func:`sdtm_datasets` writes QS, RS, EX (:func:`ex_rows`), VS
  (:func:`vs_rows`) and AE (:func:`ae_rows`) for a set of courses, with visits from
  :func:`administrations`.
- Readers: :func:`from_sdtm_qs` and :func:`from_sdtm_rs` score the items of SDTM rows,
  re-derive totals and report those that disagree; bad rows are returned as errors.

Rows are plain dicts with SDTM variable names, ready for :func:`ketacore.tables.to_csv_text`
or :func:`ketacore.tables.to_pandas`.

>>> from ketacore.cdisc import CT_RELEASE, codelist
>>> CT_RELEASE
'2025-03-25'
>>> codelist("hamd17").domain, codelist("hamd17").category
('RS', 'HAMD 17')
"""

from __future__ import annotations

from ketacore.cdisc._codes import Answer, Codelist, SponsorCodes, TestCode
from ketacore.cdisc._ct import CT_RELEASE, CT_SOURCE
from ketacore.cdisc._datasets import SDTM_DOMAINS, sdtm_datasets
from ketacore.cdisc._findings import NOT_DONE, SKIPPED_REASON, Administration, qs_rows, rs_rows
from ketacore.cdisc._read import (
    Disagreement,
    SdtmAdministration,
    SdtmScores,
    from_sdtm_qs,
    from_sdtm_rs,
)
from ketacore.cdisc._study import ROUTES, VITAL_TESTS, administrations, ae_rows, ex_rows, vs_rows
from ketacore.cdisc._terminology import SPONSOR_CODES, codelist, codelists
from ketacore.exceptions import CdiscError

__all__ = [
    "CT_RELEASE",
    "CT_SOURCE",
    "NOT_DONE",
    "ROUTES",
    "SDTM_DOMAINS",
    "SKIPPED_REASON",
    "SPONSOR_CODES",
    "VITAL_TESTS",
    "Administration",
    "Answer",
    "CdiscError",
    "Codelist",
    "Disagreement",
    "SdtmAdministration",
    "SdtmScores",
    "SponsorCodes",
    "TestCode",
    "administrations",
    "ae_rows",
    "codelist",
    "codelists",
    "ex_rows",
    "from_sdtm_qs",
    "from_sdtm_rs",
    "qs_rows",
    "rs_rows",
    "sdtm_datasets",
    "vs_rows",
]
