"""The default rules: every row of the contraindication table that applies to an adult clinic.

Each rule cites clinical reference section 4 (sections 3.1 and 5.1 for the
consent topics) in a short source string. Facts marked [?] there are
parameters of :func:`default_rules`. The "age under 3 months" row is not a
rule: screening refuses patients under 18 (see :data:`ADULT_AGE`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from ketacore._dates import add_months
from ketacore._validators import check_count
from ketacore.contraindications._rules import (
    Predicate,
    Rule,
    RuleClass,
    RuleSet,
    ScreeningContext,
)
from ketacore.doses import Drug
from ketacore.exceptions import ScreeningError
from ketacore.patients import (
    ChildPughClass,
    Condition,
    Diagnosis,
    HypertensionControl,
    MedicationClass,
    NyhaClass,
)
from ketacore.vitals import blood_pressure_too_high

__all__ = [
    "CARDIOVASCULAR_EVENT_WEEKS",
    "CEREBROVASCULAR_EVENT_MONTHS",
    "DEFAULT_RULES",
    "default_rules",
]

CARDIOVASCULAR_EVENT_WEEKS: Final = 6
"""A cardiovascular event counts as recent within this many weeks (EU SmPC; reference 4)."""

CEREBROVASCULAR_EVENT_MONTHS: Final = 6
"""An ischaemic stroke or TIA counts within this many months (EU caution list; reference 4)."""

_US_EU: Final = "Spravato US PI; EU SmPC (ref. 4) [2+]"
_EU_CAUTION: Final = "Spravato EU SmPC caution list; US PI CV warning (ref. 4) [1]"
_ACEP: Final = "ACEP 2011 relative contraindication (ref. 4) [1]"
_US_PI: Final = "Spravato US PI (ref. 4) [1]"


def _has(*conditions: Condition) -> Predicate:
    def has(context: ScreeningContext) -> bool:
        return any(context.patient.history.has(condition) for condition in conditions)

    return has


def _diagnosed(diagnosis: Diagnosis) -> Predicate:
    def diagnosed(context: ScreeningContext) -> bool:
        return context.patient.has_diagnosis(diagnosis)

    return diagnosed


def _takes(*classes: MedicationClass) -> Predicate:
    def takes(context: ScreeningContext) -> bool:
        return any(context.patient.takes(cls) for cls in classes)

    return takes


def _hypersensitive(context: ScreeningContext) -> bool:
    # Esketamine is an enantiomer of ketamine: either hypersensitivity rules out both.
    return bool(context.patient.hypersensitivities)


def _recent_cardiovascular_event(weeks: int) -> Predicate:
    def recent(context: ScreeningContext) -> bool:
        since = context.on - timedelta(weeks=weeks)
        return any(
            since <= event.occurred_on <= context.on
            for event in context.patient.history.cardiovascular_events
        )

    return recent


def _recent_stroke(months: int) -> Predicate:
    def recent(context: ScreeningContext) -> bool:
        since = add_months(context.on, -months)
        return any(
            since <= event.occurred_on <= context.on
            for event in context.patient.history.cerebrovascular_events
        )

    return recent


def _blood_pressure_high(context: ScreeningContext) -> bool:
    return context.vitals is not None and (
        blood_pressure_too_high(
            context.vitals, age=context.age, limits=context.blood_pressure_limits
        )
        is not None
    )


def _uncontrolled_hypertension(context: ScreeningContext) -> bool:
    return context.patient.history.hypertension is HypertensionControl.UNCONTROLLED


def _heart_failure_iii_iv(context: ScreeningContext) -> bool:
    grade = context.patient.history.heart_failure
    return grade is not None and grade >= NyhaClass.III


def _hepatic_impairment(context: ScreeningContext) -> bool:
    return context.patient.history.hepatic_impairment is not None


def _child_pugh_c(context: ScreeningContext) -> bool:
    return context.patient.history.hepatic_impairment is ChildPughClass.C


def _pregnant(context: ScreeningContext) -> bool:
    return context.patient.pregnant


def _breastfeeding(context: ScreeningContext) -> bool:
    return context.patient.breastfeeding


def _consent_in_force(context: ScreeningContext) -> bool:
    consent = context.patient.consent
    return consent is not None and consent.signed_on <= context.on


def _consent_missing(context: ScreeningContext) -> bool:
    return not _consent_in_force(context)


def _consent_incomplete(context: ScreeningContext) -> bool:
    consent = context.patient.consent
    return (
        consent is not None
        and _consent_in_force(context)
        and bool(consent.missing_topics(context.drug))
    )


def default_rules(
    *,
    recent_cardiovascular_event: RuleClass | str = RuleClass.ABSOLUTE,
    cardiovascular_event_weeks: int = CARDIOVASCULAR_EVENT_WEEKS,
    cerebrovascular_event_months: int = CEREBROVASCULAR_EVENT_MONTHS,
) -> RuleSet:
    """Build the default rule set, with the uncertain facts as parameters.

    Args:
        recent_cardiovascular_event: the class of a cardiovascular event within
            the window. ``ABSOLUTE`` follows the EU 2025 SmPC (the default);
            ``RELATIVE`` follows older EU texts and the US PI [?].
        cardiovascular_event_weeks: how recent a cardiovascular event counts (6, EU SmPC).
        cerebrovascular_event_months: how recent a stroke or TIA counts (6, EU caution list).

    Raises:
        ScreeningError: a window is not a whole number of at least 1, or the class is unknown.

    >>> default_rules(recent_cardiovascular_event="relative")[
    ...     "recent_cardiovascular_event"].classification
    <RuleClass.RELATIVE: 'relative'>
    """
    weeks = check_count(
        cardiovascular_event_weeks,
        field="cardiovascular_event_weeks",
        error=ScreeningError,
        minimum=1,
    )
    months = check_count(
        cerebrovascular_event_months,
        field="cerebrovascular_event_months",
        error=ScreeningError,
        minimum=1,
    )
    absolute, relative = RuleClass.ABSOLUTE, RuleClass.RELATIVE
    interaction = RuleClass.INTERACTION
    rules = [
        Rule(
            id="aneurysmal_vascular_disease",
            condition=_has(Condition.ANEURYSMAL_VASCULAR_DISEASE),
            classification=absolute,
            explanation="Aneurysmal vascular disease (aorta, intracranial or peripheral "
            "arteries): the blood-pressure rise could be catastrophic.",
            source=_US_EU,
        ),
        Rule(
            id="arteriovenous_malformation",
            condition=_has(Condition.ARTERIOVENOUS_MALFORMATION),
            classification=absolute,
            explanation="Arteriovenous malformation: the blood-pressure rise could cause "
            "haemorrhage.",
            source=_US_EU,
        ),
        Rule(
            id="intracerebral_haemorrhage",
            condition=_has(Condition.INTRACEREBRAL_HAEMORRHAGE),
            classification=absolute,
            explanation="History of intracerebral haemorrhage.",
            source=_US_EU,
        ),
        Rule(
            id="hypersensitivity",
            condition=_hypersensitive,
            classification=absolute,
            explanation="Hypersensitivity to ketamine, esketamine or an excipient "
            "(esketamine is an enantiomer of ketamine, so either rules out both).",
            source=_US_EU,
        ),
        Rule(
            id="recent_cardiovascular_event",
            condition=_recent_cardiovascular_event(weeks),
            classification=recent_cardiovascular_event,
            explanation=f"Cardiovascular event, such as myocardial infarction, within the "
            f"past {weeks} weeks.",
            source="Spravato EU SmPC 2025: absolute; older EU text and US PI: precaution "
            "(ref. 4) [?]",
        ),
        Rule(
            id="predose_blood_pressure",
            condition=_blood_pressure_high,
            classification=RuleClass.HOLD,
            explanation="Pre-dose blood pressure above the limit in force (US: 140/90 mmHg; "
            "EU: 140/90 under 65, 150/90 from 65): hold the dose and re-check.",
            source="J&J guidance on the Spravato US PI; EU SmPC (ref. 4) [2+]",
        ),
        Rule(
            id="uncontrolled_hypertension",
            condition=_uncontrolled_hypertension,
            classification=relative,
            explanation="Uncontrolled or poorly controlled hypertension: control it first; "
            "avoid where a marked blood-pressure rise would be a serious hazard.",
            source="Spravato US PI; EU SmPC; ketamine injection label (ref. 4) [2+]",
        ),
        Rule(
            id="recent_stroke_or_tia",
            condition=_recent_stroke(months),
            classification=relative,
            explanation=f"Ischaemic stroke or TIA within the past {months} months.",
            source=_EU_CAUTION,
        ),
        Rule(
            id="valvular_heart_disease",
            condition=_has(Condition.SIGNIFICANT_VALVULAR_DISEASE),
            classification=relative,
            explanation="Significant valvular heart disease.",
            source=_EU_CAUTION,
        ),
        Rule(
            id="heart_failure",
            condition=_heart_failure_iii_iv,
            classification=relative,
            explanation="Heart failure, NYHA class III or IV.",
            source=_EU_CAUTION,
        ),
        Rule(
            id="unstable_cardiovascular_disease",
            condition=_has(Condition.UNSTABLE_CARDIOVASCULAR_DISEASE),
            classification=relative,
            explanation="Other unstable cardiovascular or cerebrovascular disease.",
            source=_EU_CAUTION,
        ),
        Rule(
            id="hypertensive_encephalopathy",
            condition=_has(Condition.HYPERTENSIVE_ENCEPHALOPATHY),
            classification=relative,
            explanation="Hypertensive encephalopathy.",
            source=_US_PI,
        ),
        Rule(
            id="pregnancy",
            condition=_pregnant,
            classification=relative,
            explanation="Pregnancy: not recommended.",
            source="Spravato US PI (ref. 4) [2+]",
        ),
        Rule(
            id="breastfeeding",
            condition=_breastfeeding,
            classification=relative,
            explanation="Breastfeeding: not recommended.",
            source=_US_PI,
        ),
        Rule(
            id="psychosis",
            condition=_diagnosed(Diagnosis.PSYCHOSIS),
            classification=relative,
            explanation="Current or past psychosis: assess; treat only if the benefit "
            "outweighs the risk.",
            source="Spravato US PI; APA 2017 (ref. 4) [2+]",
        ),
        Rule(
            id="substance_use_disorder",
            condition=_diagnosed(Diagnosis.SUBSTANCE_USE_DISORDER),
            classification=relative,
            explanation="Substance use disorder, current or past: consider abuse and misuse "
            "potential; monitor for misuse and diversion.",
            source="Spravato US PI; APA 2017; ASA 2025 (ref. 4) [2+]",
        ),
        Rule(
            id="raised_intracranial_pressure",
            condition=_has(Condition.RAISED_INTRACRANIAL_PRESSURE),
            classification=relative,
            explanation="Raised intracranial pressure, CNS mass or hydrocephalus.",
            source=_ACEP,
        ),
        Rule(
            id="raised_intraocular_pressure",
            condition=_has(Condition.RAISED_INTRAOCULAR_PRESSURE),
            classification=relative,
            explanation="Raised intraocular pressure, glaucoma or globe injury.",
            source=_ACEP,
        ),
        Rule(
            id="hepatic_impairment",
            condition=_hepatic_impairment,
            classification=relative,
            explanation="Hepatic impairment.",
            source="Spravato EU SmPC (ref. 4) [1]",
        ),
        Rule(
            id="hepatic_impairment_child_pugh_c",
            condition=_child_pugh_c,
            classification=relative,
            explanation="Severe hepatic impairment (Child-Pugh C): esketamine not recommended.",
            source="Spravato EU SmPC (ref. 3.3, 4) [1]",
            drugs={Drug.ESKETAMINE},
        ),
        Rule(
            id="hyperthyroidism",
            condition=_has(Condition.HYPERTHYROIDISM),
            classification=relative,
            explanation="Thyroid disorder (hyperthyroidism).",
            source=_ACEP,
        ),
        Rule(
            id="airway_or_pulmonary_infection",
            condition=_has(Condition.AIRWAY_INSTABILITY, Condition.ACTIVE_PULMONARY_INFECTION),
            classification=relative,
            explanation="Airway instability or active pulmonary infection.",
            source=_ACEP,
        ),
        Rule(
            id="current_hypomania",
            condition=_has(Condition.CURRENT_HYPOMANIA),
            classification=relative,
            explanation="Current (hypo)mania or bipolar instability: screen with the YMRS.",
            source="Trial practice, ELEKT-D entry criteria (ref. 4) [1]",
        ),
        Rule(
            id="interaction_cns_depressant",
            condition=_takes(
                MedicationClass.BENZODIAZEPINE,
                MedicationClass.CNS_DEPRESSANT,
                MedicationClass.OPIOID,
                MedicationClass.SEDATIVE_HYPNOTIC,
            ),
            classification=interaction,
            explanation=(
                "Concomitant CNS depressant (including benzodiazepines, opioids and sedative "
                "hypnotics): more sedation."
            ),
            source=_US_PI,
        ),
        Rule(
            id="interaction_psychostimulant",
            condition=_takes(MedicationClass.PSYCHOSTIMULANT),
            classification=interaction,
            explanation="Concomitant psychostimulant: larger blood-pressure rise.",
            source=_US_PI,
        ),
        Rule(
            id="interaction_maoi",
            condition=_takes(MedicationClass.MAOI),
            classification=interaction,
            explanation="Concomitant MAOI: larger blood-pressure rise.",
            source=_US_PI,
        ),
        Rule(
            id="consent_missing",
            condition=_consent_missing,
            classification=absolute,
            explanation="No informed consent signed on or before this day: record it before "
            "the first dosing session.",
            source="ketacore requirement before the first dose; topics per Spravato US PI "
            "(ref. 5.1, 5.3) and APA 2017 pre-treatment evaluation (ref. 4)",
        ),
        Rule(
            id="consent_incomplete",
            condition=_consent_incomplete,
            classification=absolute,
            explanation="The consent does not cover every required topic (dissociation, "
            "blood pressure, misuse potential, no driving until the next day, and for racemic "
            "ketamine its off-label status): complete it before dosing.",
            source="Spravato US PI (ref. 4, 5.1); racemic ketamine off-label (ref. 3.1)",
        ),
    ]
    return RuleSet(rules)


DEFAULT_RULES: Final = default_rules()
"""The default rules: a recent cardiovascular event is absolute (EU 2025)."""
