"""CDISC SDTM and ADaM datasets from ketacore's instruments, sessions and courses.

- Controlled terminology as data: :func:`codelist` gives an instrument's SDTM
  domain, category, test codes and answer codelists, checked against CDISC SDTM
  Controlled Terminology :data:`CT_RELEASE`; instruments without a codelist get
  sponsor codes from :data:`SPONSOR_CODES`, which every function lets you override.
- Writers: :func:`qs_rows` and :func:`rs_rows` from scores.

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
from ketacore.cdisc._findings import NOT_DONE, SKIPPED_REASON, Administration, qs_rows, rs_rows
from ketacore.cdisc._terminology import SPONSOR_CODES, codelist, codelists
from ketacore.exceptions import CdiscError

__all__ = [
    "CT_RELEASE",
    "CT_SOURCE",
    "NOT_DONE",
    "SKIPPED_REASON",
    "SPONSOR_CODES",
    "Administration",
    "Answer",
    "CdiscError",
    "Codelist",
    "SponsorCodes",
    "TestCode",
    "codelist",
    "codelists",
    "qs_rows",
    "rs_rows",
]
