"""Shared pieces of the FHIR mapping: the canonical base, errors with paths, typed readers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final, NoReturn

from ketacore._text import MAX_TEXT_LENGTH
from ketacore.exceptions import FhirError

__all__ = [
    "DEFAULT_BASE",
    "check_base",
    "error",
    "fail",
    "get_dict",
    "get_list",
    "get_str",
    "parse_instant",
    "system_url",
    "want_type",
    "write_instant",
]

DEFAULT_BASE: Final = "https://ketacore.invalid/fhir"
"""The default canonical base of ketacore's own CodeSystems, Questionnaires and extensions.

``.invalid`` is reserved (RFC 2606), so it can never collide with a real server:
a deployment passes ``base=`` with a URL it controls (for example
``"https://fhir.example-clinic.org/ketacore"``), and reads with the same base.
"""


def error(
    path: str, value: Any, expected: str, fix: str | None = None, *, got: str | None = None
) -> FhirError:
    """A :class:`~ketacore.exceptions.FhirError` naming the FHIR path."""
    return FhirError(field=path, value=value, expected=expected, fix=fix, got=got)


def fail(
    path: str, value: Any, expected: str, fix: str | None = None, *, got: str | None = None
) -> NoReturn:
    """Raise a :class:`~ketacore.exceptions.FhirError` naming the FHIR path."""
    raise error(path, value, expected, fix, got=got)


def check_base(base: object) -> str:
    """Return ``base`` without a trailing slash, or raise if it is not an http(s) URL."""
    if (
        not isinstance(base, str)
        or not base.startswith(("http://", "https://"))
        or len(base) > MAX_TEXT_LENGTH
        or any(c.isspace() for c in base)
    ):
        fail(
            "base",
            base,
            "an http(s) URL without spaces, such as 'https://fhir.example-clinic.org/ketacore'",
            "pass a URL your organisation controls, or leave the default",
        )
    return base.rstrip("/")


def system_url(base: str, name: str) -> str:
    """The canonical URL of ketacore CodeSystem ``name`` under ``base``."""
    return f"{base}/CodeSystem/{name}"


def want_type(resource: object, expected: str, path: str = "resourceType") -> Mapping[str, Any]:
    """Return ``resource`` if it is a dict of FHIR resource type ``expected``."""
    if not isinstance(resource, Mapping):
        fail(
            path,
            resource,
            f"a {expected} resource as a JSON-ready dict",
            "pass json.loads(text), or model.model_dump(mode='json') for a fhir.resources model",
        )
    kind = resource.get("resourceType")
    if kind != expected:
        fail(path, kind, f"{expected!r}", f"pass a {expected} resource")
    return resource


def get_dict(parent: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any] | None:
    """``parent[key]`` if it is an object, ``None`` if absent; raise otherwise."""
    value = parent.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        fail(path, value, "a JSON object", "check the resource against the FHIR R4 schema")
    return value


def get_list(parent: Mapping[str, Any], key: str, path: str) -> list[Any]:
    """``parent[key]`` if it is an array, ``[]`` if absent; raise otherwise."""
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        fail(path, value, "a JSON array", "check the resource against the FHIR R4 schema")
    return value


def get_str(
    parent: Mapping[str, Any], key: str, path: str, *, required: bool = False
) -> str | None:
    """``parent[key]`` if it is a non-empty string (at most 1000 characters)."""
    value = parent.get(key)
    if value is None:
        if required:
            fail(path, None, "a string", "add the element")
        return None
    if not isinstance(value, str) or not value or len(value) > 1000:
        fail(path, value, "a non-empty string of at most 1000 characters")
    return value


def parse_instant(text: object, path: str) -> datetime:
    """Read a FHIR ``dateTime``/``instant`` with a time and a UTC offset (aware)."""
    if not isinstance(text, str) or len(text) > 40:
        fail(path, text, "a FHIR dateTime with a time zone, such as '2026-03-02T09:00:00+00:00'")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        fail(path, text, "a FHIR dateTime with a time zone, such as '2026-03-02T09:00:00+00:00'")
    if value.tzinfo is None or "T" not in text:
        fail(
            path,
            text,
            "a dateTime with a time and a UTC offset (FHIR requires a zone when a time is given)",
            "add the offset, e.g. '+00:00'",
        )
    return value


def write_instant(value: datetime) -> str:
    """Write an aware datetime as a FHIR ``dateTime`` (ISO 8601 with its offset)."""
    return value.isoformat()
