"""Reading a course back from a FHIR R4 Bundle written by :func:`to_bundle`.

The bundle is pseudonymous, so the caller passes the :class:`Patient`; every
resource must refer to the one subject of the bundle. Each resource is read
with its own checks, and the sessions and course are then built by ketacore's
constructors: a rule they break is reported as a :class:`FhirError` naming the
entry (``entry[4].resource``) with the domain error chained.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from typing import Any, Final, TypeVar

from ketacore._dates import elapsed
from ketacore.courses import PROTOCOLS, CheckIn, Course, Protocol, WatchItem, get_protocol
from ketacore.courses._fhir_codes import ADVERSE_EVENT_SEVERITY, SEVERITIES
from ketacore.exceptions import KetacoreError, ValidationError
from ketacore.fhir._bundle_vitals import read_vitals
from ketacore.fhir._bundle_write import NAMES
from ketacore.fhir._common import (
    DEFAULT_BASE,
    check_base,
    error,
    fail,
    get_dict,
    get_list,
    get_str,
    parse_instant,
    system_url,
    want_type,
)
from ketacore.fhir._dosage import dose_holder, read_dose, read_drug, read_route
from ketacore.fhir._import import from_questionnaire_response
from ketacore.fhir._scores import PRORATED_EXTENSION
from ketacore.instruments import MissingPolicy
from ketacore.patients import Patient
from ketacore.sessions import (
    AdverseEvent,
    AdverseEventKind,
    DosingSession,
    IntegrationSession,
    PreparationSession,
    PsychotherapySupport,
    ScheduledSession,
    Session,
    TimedScore,
)

__all__ = ["from_bundle"]

_T = TypeVar("_T")
_MAX_ENTRIES: Final = 100_000
_Entry = tuple[str, Mapping[str, Any]]  # (path of the resource, resource)


def _built(path: str, build: Callable[[], _T]) -> _T:
    """Run a domain constructor; its validation error becomes a FhirError at ``path``."""
    try:
        return build()
    except ValidationError as problem:
        raise error(
            path,
            None,
            "a resource ketacore's rules accept",
            str(problem),
            got="a record that breaks a rule",
        ) from problem


class _Reader:
    def __init__(self, base: str) -> None:
        self.base = base
        self.subject: str | None = None
        self.by_url: dict[str, _Entry] = {}
        self.by_type: dict[str, list[_Entry]] = {}
        self.children: dict[str, dict[str, list[_Entry]]] = {}

    def extension(self, resource: Mapping[str, Any], name: str, key: str, path: str) -> Any:
        """The value of ketacore extension ``name`` (the first one), or None."""
        found = self.extensions(resource, name, key, path)
        return found[0] if found else None

    def extensions(self, resource: Mapping[str, Any], name: str, key: str, path: str) -> list[Any]:
        """The values of every ketacore extension ``name``, in order."""
        url = f"{self.base}/StructureDefinition/{name}"
        out = []
        for index, item in enumerate(get_list(resource, "extension", f"{path}.extension")):
            if isinstance(item, Mapping) and item.get("url") == url:
                if key not in item:
                    fail(f"{path}.extension[{index}]", sorted(item), f"a {key}")
                out.append(item[key])
        return out

    def code(
        self, concept: object, name: str, path: str, allowed: Collection[str] | None = None
    ) -> str:
        """The code of ``concept`` in ketacore CodeSystem ``name``, checked against ``allowed``."""
        system = system_url(self.base, NAMES[name])
        if isinstance(concept, Mapping):
            for index, coding in enumerate(get_list(concept, "coding", f"{path}.coding")):
                if isinstance(coding, Mapping) and coding.get("system") == system:
                    here = f"{path}.coding[{index}].code"
                    value = get_str(coding, "code", here, required=True)
                    assert value is not None
                    if allowed is not None and value not in allowed:
                        fail(here, value, "one of " + ", ".join(repr(a) for a in sorted(allowed)))
                    return value
        raise error(path, concept, f"a CodeableConcept with a coding in {system}")

    def reference(self, resource: Mapping[str, Any], key: str, path: str) -> str | None:
        holder = get_dict(resource, key, f"{path}.{key}")
        if holder is None:
            return None
        return get_str(holder, "reference", f"{path}.{key}.reference", required=True)

    def check_subject(self, resource: Mapping[str, Any], path: str, key: str = "subject") -> None:
        ref = self.reference(resource, key, path)
        if ref is None:
            fail(f"{path}.{key}", None, "a reference to the bundle's patient", "add the subject")
        if ref != self.subject:
            fail(
                f"{path}.{key}.reference",
                ref,
                "the bundle's one patient",
                "a course bundle holds one patient's records",
            )

    def index(self, bundle: Mapping[str, Any]) -> None:
        entries = get_list(bundle, "entry", "entry")
        if len(entries) > _MAX_ENTRIES:
            fail("entry", None, f"at most {_MAX_ENTRIES} entries", got=f"{len(entries)}")
        for number, entry in enumerate(entries):
            path = f"entry[{number}]"
            if not isinstance(entry, Mapping):
                fail(path, entry, "a Bundle entry object")
            url = get_str(entry, "fullUrl", f"{path}.fullUrl", required=True)
            assert url is not None
            resource = get_dict(entry, "resource", f"{path}.resource")
            if resource is None:
                fail(f"{path}.resource", None, "a resource")
            kind = get_str(resource, "resourceType", f"{path}.resource.resourceType", required=True)
            assert kind is not None
            if url in self.by_url:
                fail(f"{path}.fullUrl", url, "each fullUrl once", got="a second entry with it")
            here = (f"{path}.resource", resource)
            self.by_url[url] = here
            self.by_type.setdefault(kind, []).append(here)
        patients = self.by_type.get("Patient", [])
        if len(patients) > 1:
            fail(patients[1][0], None, "at most one Patient", got="a second Patient")
        if patients:
            self.subject = next(url for url, e in self.by_url.items() if e is patients[0])
        else:
            episodes = self.by_type.get("EpisodeOfCare", [])
            if episodes:
                self.subject = self.reference(episodes[0][1], "patient", episodes[0][0])


def _one(reader: _Reader, kind: str) -> _Entry:
    found = reader.by_type.get(kind, [])
    if len(found) != 1:
        fail("entry", None, f"exactly one {kind}", got=f"{len(found)}")
    return found[0]


def _score(reader: _Reader, path: str, resource: Mapping[str, Any]) -> TimedScore:
    reader.check_subject(resource, path)
    prorated = reader.extension(resource, PRORATED_EXTENSION.split("/", 1)[1], "valueBoolean", path)
    missing: MissingPolicy = "prorate" if prorated is True else "strict"
    try:
        score = from_questionnaire_response(resource, missing=missing, base=reader.base)
    except KetacoreError as problem:
        if isinstance(problem, ValidationError) and problem.field is not None:
            raise error(
                f"{path}.{problem.field}", problem.value, problem.expected or "", problem.fix
            ) from problem
        raise
    when = parse_instant(resource.get("authored"), f"{path}.authored")
    return _built(path, lambda: TimedScore(taken_at=when, score=score))


def _support(reader: _Reader, resource: Mapping[str, Any], path: str) -> tuple[str, str] | None:
    url = f"{reader.base}/StructureDefinition/psychotherapy"
    for index, item in enumerate(get_list(resource, "extension", f"{path}.extension")):
        if isinstance(item, Mapping) and item.get("url") == url:
            parts = {}
            here = f"{path}.extension[{index}]"
            for inner_index, inner in enumerate(get_list(item, "extension", f"{here}.extension")):
                if isinstance(inner, Mapping) and inner.get("url") in ("therapist", "modality"):
                    where = f"{here}.extension[{inner_index}].valueString"
                    parts[inner["url"]] = get_str(inner, "valueString", where, required=True)
            if set(parts) != {"therapist", "modality"}:
                fail(here, sorted(parts), "a therapist and a modality")
            return str(parts["therapist"]), str(parts["modality"])
    return None


def _period(resource: Mapping[str, Any], path: str) -> tuple[Any, Any]:
    period = get_dict(resource, "period", f"{path}.period")
    if period is None:
        fail(f"{path}.period", None, "a period with a start")
    start = parse_instant(period.get("start"), f"{path}.period.start")
    end = period.get("end")
    return start, None if end is None else parse_instant(end, f"{path}.period.end")


def _dose_of(
    reader: _Reader, resource: Mapping[str, Any], path: str, key: str, amount_key: str
) -> Any:
    holder = dose_holder(resource, key, f"{path}.{key}") if key == "dosage" else None
    if holder is None:
        instructions = get_list(resource, key, f"{path}.{key}")
        if len(instructions) != 1 or not isinstance(instructions[0], Mapping):
            fail(f"{path}.{key}", None, "one dosage instruction")
        holder = instructions[0]
        key = f"{key}[0]"
        rates = get_list(holder, "doseAndRate", f"{path}.{key}.doseAndRate")
        if len(rates) != 1 or not isinstance(rates[0], Mapping):
            fail(f"{path}.{key}.doseAndRate", None, "one doseAndRate")
        amount, amount_path = rates[0].get(amount_key), f"{path}.{key}.doseAndRate[0].{amount_key}"
    else:
        amount, amount_path = holder.get(amount_key), f"{path}.{key}.{amount_key}"
    drug = read_drug(
        resource.get("medicationCodeableConcept"), f"{path}.medicationCodeableConcept", reader.base
    )
    route = read_route(holder.get("route"), f"{path}.{key}.route")
    return read_dose(
        holder,
        drug=drug,
        route=route,
        amount=amount,
        path=f"{path}.{key}",
        amount_path=amount_path,
        base=reader.base,
    )


def _session(reader: _Reader, url: str, path: str, resource: Mapping[str, Any]) -> Session:
    reader.check_subject(resource, path)
    identifiers = get_list(resource, "identifier", f"{path}.identifier")
    system = system_url(reader.base, NAMES["session_id"])
    ids = [
        i.get("value") for i in identifiers if isinstance(i, Mapping) and i.get("system") == system
    ]
    if len(ids) != 1 or not isinstance(ids[0], str):
        fail(f"{path}.identifier", None, f"one identifier in {system} (the session id)")
    session_id = ids[0]
    types = get_list(resource, "type", f"{path}.type")
    kinds = ("dosing", "preparation", "integration")
    kind = reader.code(types[0] if types else None, "session_kind", f"{path}.type[0]", kinds)
    status = resource.get("status")
    start, end = _period(resource, path)
    notes = reader.extension(resource, "notes", "valueString", path) or ""
    support = _support(reader, resource, path)
    children = reader.children.get(url, {})
    if kind in ("preparation", "integration"):
        if support is None or end is None:
            fail(path, None, "a therapist, modality and period end for a psychotherapy session")
        cls = PreparationSession if kind == "preparation" else IntegrationSession
        therapist, modality = support
        return _built(
            path,
            lambda: cls(
                id=session_id,
                started_at=start,
                duration=elapsed(start, end),
                therapist=therapist,
                modality=modality,
                notes=notes,
            ),
        )
    if kind != "dosing":
        fail(f"{path}.type[0]", kind, "'dosing', 'preparation' or 'integration'")
    therapy = (
        None if support is None else PsychotherapySupport(therapist=support[0], modality=support[1])
    )
    if status == "planned":
        plans = children.get("MedicationRequest", [])
        if len(plans) > 1:
            fail(plans[1][0], None, "at most one planned dose per planned session")
        planned = None
        if plans:
            plan_path, plan = plans[0]
            reader.check_subject(plan, plan_path)
            planned = _dose_of(reader, plan, plan_path, "dosageInstruction", "doseQuantity")
        return _built(
            path,
            lambda: ScheduledSession(
                id=session_id,
                scheduled_start=start,
                planned_dose=planned,
                psychotherapy=therapy,
                notes=notes,
            ),
        )
    if status not in ("finished", "in-progress"):
        fail(f"{path}.status", status, "'planned', 'in-progress' or 'finished'")
    given = children.get("MedicationAdministration", [])
    if len(given) != 1:
        fail(path, None, "one MedicationAdministration for a dosing session", got=f"{len(given)}")
    dose_path, administration = given[0]
    reader.check_subject(administration, dose_path)
    dose = _dose_of(reader, administration, dose_path, "dosage", "dose")
    if "effectivePeriod" in administration:
        effective = get_dict(administration, "effectivePeriod", f"{dose_path}.effectivePeriod")
        assert effective is not None
        dosed = parse_instant(effective.get("start"), f"{dose_path}.effectivePeriod.start")
    else:
        dosed = parse_instant(
            administration.get("effectiveDateTime"), f"{dose_path}.effectiveDateTime"
        )
    scheduled = reader.extension(resource, "scheduled-start", "valueDateTime", path)
    escort = reader.extension(resource, "escort-present", "valueBoolean", path)
    leave = reader.extension(resource, "ready-to-leave", "valueDateTime", path)
    lots = reader.extensions(administration, "device-lot", "valueString", dose_path)
    vitals = read_vitals(reader, children.get("Observation", []), session_id)
    scores = [_score(reader, p, r) for p, r in children.get("QuestionnaireResponse", [])]
    events = [_event(reader, p, r) for p, r in children.get("AdverseEvent", [])]
    return _built(
        path,
        lambda: DosingSession(
            id=session_id,
            started_at=start,
            dosed_at=dosed,
            dose=dose,
            scheduled_start=None
            if scheduled is None
            else parse_instant(scheduled, f"{path}.extension"),
            observation_end=end,
            vitals=vitals,
            assessments=scores,
            adverse_events=events,
            psychotherapy=therapy,
            escort_present=escort,
            device_lots=tuple(lots),
            ready_to_leave_at=None if leave is None else parse_instant(leave, f"{path}.extension"),
            notes=notes,
        ),
    )


def _event(reader: _Reader, path: str, resource: Mapping[str, Any]) -> AdverseEvent:
    reader.check_subject(resource, path)
    kinds = [kind.value for kind in AdverseEventKind]
    kind = reader.code(resource.get("event"), "event_kind", f"{path}.event", kinds)
    event = get_dict(resource, "event", f"{path}.event") or {}
    description = get_str(event, "text", f"{path}.event.text") or ""
    concept = get_dict(resource, "severity", f"{path}.severity") or {}
    codings = get_list(concept, "coding", f"{path}.severity.coding")
    coding = codings[0] if len(codings) == 1 else None
    if not isinstance(coding, Mapping) or coding.get("system") != ADVERSE_EVENT_SEVERITY:
        fail(f"{path}.severity", concept, f"one coding in {ADVERSE_EVENT_SEVERITY}")
    by_code = {code: severity for severity, code in SEVERITIES.items()}
    severity = by_code.get(coding.get("code"))  # type: ignore[arg-type]
    if severity is None:
        fail(f"{path}.severity.coding[0].code", coding.get("code"), "mild, moderate or severe")
    onset = parse_instant(resource.get("date"), f"{path}.date")
    resolved = reader.extension(resource, "resolved-at", "valueDateTime", path)
    resolved_at = None if resolved is None else parse_instant(resolved, f"{path}.extension")
    return _built(
        path,
        lambda: AdverseEvent(
            kind=kind,
            severity=severity,
            onset=onset,
            resolved_at=resolved_at,
            description=description,
        ),
    )


def _checkin(reader: _Reader, path: str, resource: Mapping[str, Any]) -> CheckIn:
    reader.check_subject(resource, path)
    items = [item.value for item in WatchItem]
    item = reader.code(resource.get("code"), "watch_item", f"{path}.code", items)
    day = resource.get("effectiveDateTime")
    if not isinstance(day, str) or len(day) != 10:
        fail(f"{path}.effectiveDateTime", day, "a date such as '2026-06-01'")
    try:
        on = date.fromisoformat(day)
    except ValueError:
        fail(f"{path}.effectiveDateTime", day, "a date such as '2026-06-01'")
    concern = resource.get("valueBoolean")
    if not isinstance(concern, bool):
        fail(f"{path}.valueBoolean", concern, "true or false: whether the check raised a concern")
    notes = [
        n.get("text") for n in get_list(resource, "note", f"{path}.note") if isinstance(n, Mapping)
    ]
    return _built(
        path,
        lambda: CheckIn(item=item, on=on, concern=concern, notes=str(notes[0]) if notes else ""),
    )


def from_bundle(
    bundle: Mapping[str, Any],
    *,
    patient: Patient,
    protocol: Protocol | None = None,
    base: str = DEFAULT_BASE,
) -> Course:
    """Read a course back from a Bundle written by :func:`to_bundle`.

    >>> from ketacore.fhir import to_bundle
    >>> from ketacore.testing import example_course
    >>> course = example_course()
    >>> from_bundle(to_bundle(course), patient=course.patient) == course
    True

    Args:
        bundle: The Bundle (a JSON-ready dict).
        patient: The patient the pseudonymous bundle is about.
        protocol: The protocol, when it is not one of ketacore's built-in ones.
        base: Canonical base the bundle was written with.

    Raises:
        FhirError: the bundle is malformed, refers to more than one subject, lacks a
            resource a session needs, or holds a record that breaks one of
            ketacore's rules (then the domain error is chained).
    """
    bundle = want_type(bundle, "Bundle")
    base = check_base(base)
    if bundle.get("type") not in ("transaction", "collection"):
        fail("type", bundle.get("type"), "'transaction' or 'collection'")
    reader = _Reader(base)
    reader.index(bundle)
    episode_path, episode = _one(reader, "EpisodeOfCare")
    reader.check_subject(episode, episode_path, "patient")
    # Attach every resource that names an encounter to it.
    for kind, key in (
        ("MedicationAdministration", "context"),
        ("MedicationRequest", "encounter"),
        ("Observation", "encounter"),
        ("QuestionnaireResponse", "encounter"),
        ("AdverseEvent", "encounter"),
    ):
        for path, resource in reader.by_type.get(kind, []):
            ref = reader.reference(resource, key, path)
            if ref is None:
                continue
            if ref not in reader.by_url or reader.by_url[ref][1].get("resourceType") != "Encounter":
                fail(f"{path}.{key}.reference", ref, "the fullUrl of an Encounter in the bundle")
            reader.children.setdefault(ref, {}).setdefault(kind, []).append((path, resource))
    types = get_list(episode, "type", f"{episode_path}.type")
    known = set(PROTOCOLS) if protocol is None else {protocol.id}
    protocol_id = reader.code(
        types[0] if types else None, "protocol", f"{episode_path}.type[0]", known
    )
    chosen = get_protocol(protocol_id) if protocol is None else protocol
    period = get_dict(episode, "period", f"{episode_path}.period") or {}
    start_text = period.get("start")
    try:
        start = date.fromisoformat(start_text) if isinstance(start_text, str) else None
    except ValueError:
        start = None
    if start is None:
        fail(
            f"{episode_path}.period.start", start_text, "the course's first day, e.g. '2026-03-02'"
        )
    sessions = [
        _session(reader, url, path, resource)
        for url, (path, resource) in reader.by_url.items()
        if resource.get("resourceType") == "Encounter"
    ]
    baselines: list[TimedScore] = []
    assessments: list[TimedScore] = []
    for path, resource in reader.by_type.get("QuestionnaireResponse", []):
        if "encounter" in resource:
            continue
        role = reader.extension(resource, "course-role", "valueCode", path)
        target = {"baseline": baselines, "follow-up": assessments}.get(role)
        if target is None:
            fail(f"{path}.extension", role, "a course-role of 'baseline' or 'follow-up'")
        target.append(_score(reader, path, resource))
    checkins = [
        _checkin(reader, path, resource)
        for path, resource in reader.by_type.get("Observation", [])
        if "encounter" not in resource and "derivedFrom" not in resource
    ]
    return _built(
        episode_path,
        lambda: Course(
            patient=patient,
            protocol=chosen,
            indication=reader.extension(episode, "indication", "valueCode", episode_path),
            start=start,
            route=reader.extension(episode, "route", "valueCode", episode_path),
            phase=reader.extension(episode, "start-phase", "valueString", episode_path),
            sessions=sessions,
            baselines=baselines,
            assessments=assessments,
            checkins=checkins,
        ),
    )
