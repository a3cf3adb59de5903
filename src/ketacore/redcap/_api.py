"""Pulling a project's data dictionary and records from the REDCap API, through PyCap.

The one function here is thin on purpose: PyCap (``pip install 'ketacore[redcap]'``)
makes the two requests and ketacore reads their JSON exactly as it reads an
exported file. PyCap's ``Project.export_metadata(format_type="json")`` and
``Project.export_records(format_type="json", raw_or_label="raw",
event_name="unique")`` are used as PyCap documents them
(``redcap/methods/metadata.py``, ``redcap/methods/records.py`` in
redcap-tools/PyCap); ``event_name="unique"`` asks for ``baseline_arm_1`` rather
than PyCap's default, the event label.
"""

from __future__ import annotations

from attrs import frozen

from ketacore._optional import optional_import
from ketacore._text import shown
from ketacore.exceptions import RedcapError
from ketacore.redcap._dictionary import DataDictionary
from ketacore.redcap._records import RecordsExport

__all__ = ["Project", "pull_project"]


@frozen
class Project:
    """A REDCap project pulled from the API: its dictionary and its raw records.

    Attributes:
        dictionary: The data dictionary (API metadata).
        records: The records, raw values and unique event names.
    """

    dictionary: DataDictionary
    records: RecordsExport


def pull_project(url: str, token: str) -> Project:
    """Export a project's metadata and records through the REDCap API (needs PyCap).

    Args:
        url: The API address, e.g. ``"https://redcap.example.org/api/"``.
        token: The project's API token. It is never shown in an error message.

    Returns:
        A :class:`Project`; score it with
        ``score_records(project.dictionary, project.records)``.

    Raises:
        RedcapError: PyCap is not installed, or the API refused or failed the
            request (the message names the URL and the failure, never the token).
    """
    redcap = optional_import("redcap", extra="redcap", field="pull_project", error=RedcapError)
    try:
        project = redcap.Project(url, token)
        metadata = project.export_metadata(format_type="json")
        records = project.export_records(
            format_type="json", raw_or_label="raw", event_name="unique"
        )
    except Exception as exc:  # PyCap's and requests' own errors: the token stays out
        raise RedcapError(
            f"pull_project: the REDCap API at {shown(url, 80)} failed the request "
            f"({type(exc).__name__}); check the URL, the token and the project's API rights"
        ) from None
    dictionary = DataDictionary.from_json(metadata)
    return Project(dictionary, RecordsExport.from_json(records, dictionary=dictionary))
