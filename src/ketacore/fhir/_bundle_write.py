"""Writing a treatment course as a FHIR R4 transaction Bundle.

One entry per resource, each with a ``urn:uuid`` fullUrl that is stable for the
same course (derived from the entry's role, never from patient data) and a
``POST`` request:

- a pseudonymous ``Patient`` (no name, no birth date; an identifier only when the
  caller passes one), unless ``subject=`` names an existing one;
- an ``EpisodeOfCare`` for the course (protocol, indication, route, start phase);
- an ``Encounter`` per session (``planned`` for a scheduled session);
- a ``MedicationAdministration`` per dose given, a ``MedicationRequest``
  (intent ``plan``) per planned dose;
- vital-sign ``Observation``s (one set shares an identifier);
- a ``QuestionnaireResponse`` and, with a total, an ``Observation`` per score;
- an ``AdverseEvent`` per adverse event, and an ``Observation`` per safety check-in.

Fields FHIR R4 has no element for (the scheduled start of a dosing session, an
escort, psychotherapy support, notes, an infusion's exact duration) are
extensions under ``<base>/StructureDefinition/``.
"""

from __future__ import annotations

import uuid
from types import MappingProxyType
from typing import Any, Final

from ketacore.courses import Course
from ketacore.courses._fhir_codes import (
    ADVERSE_EVENT_SEVERITY,
    BLOOD_PRESSURE_PANEL,
    ENCOUNTER_CLASS,
    SEVERITIES,
    UCUM,
    VITAL_SIGNS,
    VITAL_SIGNS_CATEGORY,
)
from ketacore.doses import Dose
from ketacore.fhir._common import DEFAULT_BASE, check_base, fail, system_url, write_instant
from ketacore.fhir._dosage import write_dose
from ketacore.fhir._scores import reference, to_observation, to_questionnaire_response
from ketacore.instruments._loinc import LOINC
from ketacore.sessions import (
    AdverseEvent,
    DosingSession,
    PreparationSession,
    PsychotherapySupport,
    ScheduledSession,
    Session,
    TimedScore,
)
from ketacore.vitals import VitalSigns

__all__ = ["NAMES", "to_bundle"]

NAMES: Final = MappingProxyType(
    {
        "protocol": "protocols",
        "session_kind": "session-kinds",
        "session_id": "session-ids",
        "vital_set": "vital-sign-sets",
        "event_kind": "adverse-event-kinds",
        "watch_item": "watch-items",
    }
)
"""ketacore CodeSystem / identifier-system names under ``<base>/CodeSystem/``."""

_NAMESPACE: Final = uuid.UUID("5d1c7b6e-3f9a-4c2e-9a57-6b0c1f4e8d21")  # ketacore's own


def _ext(base: str, name: str, key: str, value: Any) -> dict[str, Any]:
    return {"url": f"{base}/StructureDefinition/{name}", key: value}


class _Writer:
    def __init__(self, base: str, subject: str) -> None:
        self.base = base
        self.subject = subject
        self.entries: list[dict[str, Any]] = []

    def url(self, key: str) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"

    def add(self, key: str, resource: dict[str, Any]) -> str:
        full = self.url(key)
        kind = resource["resourceType"]
        self.entries.append(
            {"fullUrl": full, "resource": resource, "request": {"method": "POST", "url": kind}}
        )
        return full

    def code(self, name: str, code: str, display: str | None = None) -> dict[str, Any]:
        coding: dict[str, Any] = {"system": system_url(self.base, NAMES[name]), "code": code}
        if display is not None:
            coding["display"] = display
        return {"coding": [coding]}

    # --- scores ---------------------------------------------------------------------

    def score(self, key: str, timed: TimedScore, encounter: str | None, role: str | None) -> None:
        response = to_questionnaire_response(timed.score, authored=timed.taken_at, base=self.base)
        response["subject"] = {"reference": self.subject}
        if encounter is not None:
            response["encounter"] = {"reference": encounter}
        if role is not None:
            response.setdefault("extension", []).append(
                _ext(self.base, "course-role", "valueCode", role)
            )
        qr_url = self.add(f"{key}/response", response)
        if timed.score.total is None:
            return
        observation = to_observation(
            timed.score, subject="Patient/x", effective=timed.taken_at, base=self.base
        )
        observation["subject"] = {"reference": self.subject}
        observation["derivedFrom"] = [{"reference": qr_url}]
        if encounter is not None:
            observation["encounter"] = {"reference": encounter}
        self.add(f"{key}/total", observation)

    # --- sessions -------------------------------------------------------------------

    def encounter(self, session: Session, index: int) -> str:
        resource: dict[str, Any] = {"resourceType": "Encounter"}
        extensions: list[dict[str, Any]] = []
        if isinstance(session, ScheduledSession):
            status, kind = "planned", "dosing"
            period = {"start": write_instant(session.scheduled_start)}
        elif isinstance(session, DosingSession):
            status = "in-progress" if session.observation_end is None else "finished"
            kind = "dosing"
            period = {"start": write_instant(session.started_at)}
            if session.observation_end is not None:
                period["end"] = write_instant(session.observation_end)
            if session.scheduled_start is not None:
                when = write_instant(session.scheduled_start)
                extensions.append(_ext(self.base, "scheduled-start", "valueDateTime", when))
            if session.escort_present is not None:
                extensions.append(
                    _ext(self.base, "escort-present", "valueBoolean", session.escort_present)
                )
            if session.ready_to_leave_at is not None:
                when = write_instant(session.ready_to_leave_at)
                extensions.append(_ext(self.base, "ready-to-leave", "valueDateTime", when))
        else:
            status = "finished"
            kind = "preparation" if isinstance(session, PreparationSession) else "integration"
            period = {
                "start": write_instant(session.started_at),
                "end": write_instant(session.ended_at),
            }
            extensions.append(self.therapy(session.therapist, session.modality))
        support = getattr(session, "psychotherapy", None)
        if isinstance(support, PsychotherapySupport):
            extensions.append(self.therapy(support.therapist, support.modality))
        if session.notes:
            extensions.append(_ext(self.base, "notes", "valueString", session.notes))
        if extensions:
            resource["extension"] = extensions
        id_system = system_url(self.base, NAMES["session_id"])
        resource["identifier"] = [{"system": id_system, "value": session.id}]
        resource["status"] = status
        resource["class"] = dict(zip(("system", "code", "display"), ENCOUNTER_CLASS, strict=True))
        resource["type"] = [self.code("session_kind", kind)]
        resource["subject"] = {"reference": self.subject}
        resource["episodeOfCare"] = [{"reference": self.url("course")}]
        resource["period"] = period
        return self.add(f"session/{index}", resource)

    def therapy(self, therapist: str, modality: str) -> dict[str, Any]:
        return {
            "url": f"{self.base}/StructureDefinition/psychotherapy",
            "extension": [
                {"url": "therapist", "valueString": therapist},
                {"url": "modality", "valueString": modality},
            ],
        }

    def administration(self, key: str, session: DosingSession, encounter: str) -> None:
        parts = write_dose(session.dose, self.base)
        dosage: dict[str, Any] = {}
        if "extension" in parts:
            dosage["extension"] = parts["extension"]
        if "text" in parts:
            dosage["text"] = parts["text"]
        dosage["route"] = parts["route"]
        dosage["dose"] = parts["dose"]
        if "rate" in parts:
            dosage["rateQuantity"] = parts["rate"]
        resource: dict[str, Any] = {"resourceType": "MedicationAdministration"}
        if session.device_lots:  # one extension per device lot, in the session's order
            resource["extension"] = [
                _ext(self.base, "device-lot", "valueString", lot) for lot in session.device_lots
            ]
        resource |= {
            "status": "completed" if session.observation_end is not None else "in-progress",
            "medicationCodeableConcept": parts["medication"],
            "subject": {"reference": self.subject},
            "context": {"reference": encounter},
        }
        end = session.dose_end
        if end is None:
            resource["effectiveDateTime"] = write_instant(session.dosed_at)
        else:
            resource["effectivePeriod"] = {
                "start": write_instant(session.dosed_at),
                "end": write_instant(end),
            }
        resource["dosage"] = dosage
        self.add(key, resource)

    def request(self, key: str, dose: Dose, encounter: str) -> None:
        parts = write_dose(dose, self.base)
        amount: dict[str, Any] = {"doseQuantity": parts["dose"]}
        if "rate" in parts:
            amount["rateQuantity"] = parts["rate"]
        instruction: dict[str, Any] = {}
        if "extension" in parts:
            instruction["extension"] = parts["extension"]
        if "text" in parts:
            instruction["text"] = parts["text"]
        instruction["route"] = parts["route"]
        instruction["doseAndRate"] = [amount]
        self.add(
            key,
            {
                "resourceType": "MedicationRequest",
                "status": "active",
                "intent": "plan",
                "medicationCodeableConcept": parts["medication"],
                "subject": {"reference": self.subject},
                "encounter": {"reference": encounter},
                "dosageInstruction": [instruction],
            },
        )

    def vitals(
        self, key: str, session_id: str, index: int, reading: VitalSigns, encounter: str
    ) -> None:
        identifier = {
            "system": system_url(self.base, NAMES["vital_set"]),
            "value": f"{session_id}/{index}",
        }

        category = {"system": VITAL_SIGNS_CATEGORY[0], "code": VITAL_SIGNS_CATEGORY[1]}

        def observation(code: str, display: str) -> dict[str, Any]:
            return {
                "resourceType": "Observation",
                "identifier": [identifier],
                "status": "final",
                "category": [{"coding": [category]}],
                "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
                "subject": {"reference": self.subject},
                "encounter": {"reference": encounter},
                "effectiveDateTime": write_instant(reading.taken_at),
            }

        def value(name: str, number: float) -> dict[str, Any]:
            table = VITAL_SIGNS[name]
            return {
                "value": number,
                "unit": table.unit_display,
                "system": UCUM,
                "code": table.unit,
            }

        if reading.systolic is not None and reading.diastolic is not None:
            panel = observation(*BLOOD_PRESSURE_PANEL)
            panel["component"] = [
                {
                    "code": {
                        "coding": [
                            {
                                "system": LOINC,
                                "code": VITAL_SIGNS[name].code,
                                "display": VITAL_SIGNS[name].display,
                            }
                        ]
                    },
                    "valueQuantity": value(name, number),
                }
                for name, number in (
                    ("systolic", reading.systolic),
                    ("diastolic", reading.diastolic),
                )
            ]
            self.add(f"{key}/blood-pressure", panel)
        for name in ("heart_rate", "spo2", "respiratory_rate"):
            number = getattr(reading, name)
            if number is not None:
                single = observation(VITAL_SIGNS[name].code, VITAL_SIGNS[name].display)
                single["valueQuantity"] = value(name, number)
                self.add(f"{key}/{name}", single)

    def adverse_event(self, key: str, event: AdverseEvent, encounter: str) -> None:
        concept = self.code("event_kind", event.kind.value)
        if event.description:
            concept["text"] = event.description
        resource: dict[str, Any] = {"resourceType": "AdverseEvent"}
        if event.resolved_at is not None:
            when = write_instant(event.resolved_at)
            resource["extension"] = [_ext(self.base, "resolved-at", "valueDateTime", when)]
        resource.update(
            {
                "actuality": "actual",
                "event": concept,
                "subject": {"reference": self.subject},
                "encounter": {"reference": encounter},
                "date": write_instant(event.onset),
                "severity": {
                    "coding": [
                        {"system": ADVERSE_EVENT_SEVERITY, "code": SEVERITIES[event.severity]}
                    ]
                },
            }
        )
        self.add(key, resource)


def _patient(identifier: tuple[str, str] | None) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Patient"}
    if identifier is not None:
        if (
            not isinstance(identifier, tuple)
            or len(identifier) != 2
            or not all(isinstance(part, str) and 0 < len(part) <= 200 for part in identifier)
        ):
            fail(
                "identifier",
                "<withheld>",
                "a (system, value) pair of non-empty strings",
                "pass e.g. ('https://clinic.example/mrn', value), or leave it out",
            )
        resource["identifier"] = [{"system": identifier[0], "value": identifier[1]}]
    return resource


def to_bundle(
    course: Course,
    *,
    subject: str | None = None,
    identifier: tuple[str, str] | None = None,
    base: str = DEFAULT_BASE,
) -> dict[str, Any]:
    """Write ``course`` as a FHIR R4 transaction Bundle (a JSON-ready dict).

    The patient appears only as a pseudonymous ``Patient`` entry (no name, no birth
    date, an identifier only if ``identifier=`` is given), or, with
    ``subject="Patient/123"``, as a reference to one the server already holds.
    Read it back with :func:`from_bundle`, passing the patient.

    >>> from ketacore.testing import example_course
    >>> bundle = to_bundle(example_course())
    >>> bundle["type"], sorted({e["resource"]["resourceType"] for e in bundle["entry"]})[:4]
    ('transaction', ['Encounter', 'EpisodeOfCare', 'MedicationAdministration', 'MedicationRequest'])

    Raises:
        FhirError: ``course`` is not a Course, or ``subject``, ``identifier`` or
            ``base`` is malformed.
    """
    if not isinstance(course, Course):
        fail("course", course, "a ketacore.courses.Course")
    base = check_base(base)
    writer = _Writer(base, "")
    if subject is None:
        writer.subject = writer.add("patient", _patient(identifier))
    else:
        writer.subject = reference(subject, "subject")["reference"]
        if identifier is not None:
            fail("identifier", "<withheld>", "no identifier with subject=", "pass one or the other")
    writer.add("course", _episode(writer, course))
    for role, scores in (("baseline", course.baselines), ("follow-up", course.assessments)):
        for index, timed in enumerate(scores):
            writer.score(f"{role}/{index}", timed, None, role)
    for index, session in enumerate(course.sessions):
        encounter = writer.encounter(session, index)
        key = f"session/{index}"
        if isinstance(session, ScheduledSession) and session.planned_dose is not None:
            writer.request(f"{key}/plan", session.planned_dose, encounter)
        if isinstance(session, DosingSession):
            writer.administration(f"{key}/dose", session, encounter)
            for number, reading in enumerate(session.vitals):
                writer.vitals(f"{key}/vitals/{number}", session.id, number, reading, encounter)
            for number, timed in enumerate(session.assessments):
                writer.score(f"{key}/score/{number}", timed, encounter, None)
            for number, event in enumerate(session.adverse_events):
                writer.adverse_event(f"{key}/event/{number}", event, encounter)
    for index, checkin in enumerate(course.checkins):
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "code": writer.code("watch_item", checkin.item.value),
            "subject": {"reference": writer.subject},
            "effectiveDateTime": checkin.on.isoformat(),
            "valueBoolean": checkin.concern,
        }
        if checkin.notes:
            observation["note"] = [{"text": checkin.notes}]
        writer.add(f"checkin/{index}", observation)
    return {"resourceType": "Bundle", "type": "transaction", "entry": writer.entries}


def _episode(writer: _Writer, course: Course) -> dict[str, Any]:
    base = writer.base
    protocol = writer.code("protocol", course.protocol.id, course.protocol.name)
    return {
        "resourceType": "EpisodeOfCare",
        "extension": [
            _ext(base, "indication", "valueCode", course.indication.value),
            _ext(base, "route", "valueCode", course.route.value),
            _ext(base, "start-phase", "valueString", course.phase),
        ],
        "status": "active",
        "type": [protocol],
        "patient": {"reference": writer.subject},
        "period": {"start": course.start.isoformat()},
    }
