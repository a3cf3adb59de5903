"""A bad row of a REDCap file: reported with its line, while the good rows are kept."""

from __future__ import annotations

from attrs import frozen

__all__ = ["RowProblem"]


@frozen
class RowProblem:
    """One row of a data dictionary or records export that was left out, and why.

    The reason never quotes a record id: a REDCap record id can identify a patient.

    Attributes:
        line: Where the row is: the 1-based file line of a CSV file (the header is
            line 1), or the 1-based position of the object in a JSON list.
        field: The field or column concerned (``"phq9_3"``, ``"Field Type"``), if one is.
        reason: What is wrong and how to fix it.
    """

    line: int
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + ("" if self.field is None else f", {self.field}")
        return f"{where}: {self.reason}"
