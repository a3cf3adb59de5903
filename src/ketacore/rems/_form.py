"""The SPRAVATO REMS Patient Monitoring Form's content, as versioned data.

What the form asks, and the numbers it states, live in one :class:`FormVersion`
per version of the form; a REMS modification that changes the form is a new
entry in :data:`FORMS`, not new code.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

import attrs

from ketacore._text import shown
from ketacore.doses import ESKETAMINE_DEVICE
from ketacore.exceptions import RemsError
from ketacore.patients import MedicationClass
from ketacore.sessions import ESKETAMINE_MONITORING, MonitoringPlan

__all__ = ["CURRENT_FORM", "FORMS", "DoseCategory", "FormVersion", "get_form"]


class DoseCategory(enum.Enum):
    """The dose boxes of the form: 56 mg, 84 mg or other (clinical reference section 10)."""

    MG_56 = "56 mg"
    """56 mg: two 28 mg devices."""
    MG_84 = "84 mg"
    """84 mg: three 28 mg devices."""
    OTHER = "other"
    """Any other amount, written in on the form (28 mg, for example)."""


def _labels(value: Mapping[MedicationClass, str]) -> Mapping[MedicationClass, str]:
    return MappingProxyType(dict(value))


def _amounts(value: Mapping[DoseCategory, float]) -> Mapping[DoseCategory, float]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True, eq=False)
class FormVersion:
    """One version of the SPRAVATO REMS Patient Monitoring Form (outpatient): what it asks.

    Versions are catalogue entries, compared by identity; records refer to them by id.

    >>> from ketacore.rems import CURRENT_FORM
    >>> CURRENT_FORM.id, CURRENT_FORM.rems_modified.isoformat()
    ('2021-11', '2024-12-31')
    >>> CURRENT_FORM.minimum_monitoring, CURRENT_FORM.submission_window.days
    (datetime.timedelta(seconds=7200), 7)
    """

    id: str
    """The version's id: the form's printed date, ``YYYY-MM``."""
    title: str
    """The form's title."""
    dated: str
    """The date printed on the form (month and year only, as printed)."""
    rems_modified: date
    """The REMS modification the version is checked against (the FDA REMS database date)."""
    source: str
    """Where this content comes from."""
    concomitant_classes: tuple[MedicationClass, ...]
    """The medication classes the form asks about, in the form's order."""
    concomitant_labels: Mapping[MedicationClass, str] = attrs.field(converter=_labels)
    """The form's label for each class (short labels, not the form's wording)."""
    asks_first_treatment: bool
    """Whether the patient section asks "first treatment?" and "enrolled?"."""
    asks_respiratory_depression: bool
    """Whether the form asks whether respiratory depression occurred (pulse oximetry)."""
    dose_categories: Mapping[DoseCategory, float] = attrs.field(converter=_amounts)
    """The milligrams of each dose box other than :attr:`DoseCategory.OTHER`."""
    device_mg: float
    """Milligrams of esketamine per device."""
    monitoring: MonitoringPlan
    """The monitoring the form records: at least 2 h, BP before, at about 40 min and at the end."""
    submission_window: timedelta
    """How long after the session the form may be submitted (outpatient settings only)."""

    @property
    def minimum_monitoring(self) -> timedelta:
        """The least monitoring time from the first device to the end of monitoring."""
        minimum = self.monitoring.minimum_observation
        assert minimum is not None  # every form states one
        return minimum

    @property
    def peak_blood_pressure_after(self) -> timedelta:
        """When the near-peak blood pressure is due after the first device (about 40 min)."""
        peak = self.monitoring.peak_blood_pressure_after
        assert peak is not None  # every form asks for it
        return peak

    def dose_category(self, milligrams: float) -> DoseCategory:
        """The box the form ticks for *milligrams* (an amount in no box is ``OTHER``)."""
        for category, amount in self.dose_categories.items():
            if milligrams == amount:
                return category
        return DoseCategory.OTHER


_FORM_2021_11: Final = FormVersion(
    id="2021-11",
    title="SPRAVATO REMS Patient Monitoring Form - Outpatient Use Only",
    dated="11/2021",
    # FDA REMS database, Spravato (esketamine) NDA 211243: "REMS last update: 12/31/2024"
    # (accessdata.fda.gov/scripts/cder/rems, REMS=386); its goal adds respiratory depression
    # and its outpatient requirements add a pulse oximeter.
    rems_modified=date(2024, 12, 31),
    source=(
        "Clinical reference section 10: the manufacturer's Patient Monitoring Form - "
        "Outpatient Use Only (Janssen, dated 11/2021) and its overview (J&J Medical Connect, "
        "jnjmedicalconnect.com/products/spravato/video-spravato-rems-patient-monitoring-form-"
        "overview), checked against the FDA REMS database entry for Spravato (NDA 211243, "
        "'REMS last update: 12/31/2024'). The printed form's concomitant-medication section "
        "lists four classes (no opioids); the overview adds opioids and describes the "
        "first-treatment and enrolment questions and monitoring for respiratory depression. "
        "This version asks all of them [?]: recheck spravatorems.com"
    ),
    concomitant_classes=(
        MedicationClass.BENZODIAZEPINE,
        MedicationClass.SEDATIVE_HYPNOTIC,
        MedicationClass.OPIOID,
        MedicationClass.PSYCHOSTIMULANT,
        MedicationClass.MAOI,
    ),
    concomitant_labels={
        MedicationClass.BENZODIAZEPINE: "benzodiazepines",
        MedicationClass.SEDATIVE_HYPNOTIC: "non-benzodiazepine sedative hypnotics",
        MedicationClass.OPIOID: "opioids",
        MedicationClass.PSYCHOSTIMULANT: "psychostimulants",
        MedicationClass.MAOI: "MAOIs",
    },
    asks_first_treatment=True,
    asks_respiratory_depression=True,
    # Dose boxes 56 mg, 84 mg, other; 28 mg per device, 56 mg = 2 devices, 84 mg = 3
    # (clinical reference sections 3.3 and 10; Spravato US PI).
    dose_categories={
        DoseCategory.MG_56: 2 * ESKETAMINE_DEVICE,
        DoseCategory.MG_84: 3 * ESKETAMINE_DEVICE,
    },
    device_mg=ESKETAMINE_DEVICE,
    # At least 2 h from the first device; BP before dosing, at about 40 min and before the
    # end (clinical reference sections 5.1 and 10): the Spravato US PI / REMS plan.
    monitoring=ESKETAMINE_MONITORING,
    # "Submit completed patient monitoring forms within 7 days" (the form's instructions;
    # clinical reference sections 5.1 and 10). Inpatient settings do not submit it.
    submission_window=timedelta(days=7),
)

FORMS: Final[Mapping[str, FormVersion]] = MappingProxyType({_FORM_2021_11.id: _FORM_2021_11})
"""Every form version ketacore knows, by id."""

CURRENT_FORM: Final = _FORM_2021_11
"""The form version records are built with unless another is asked for."""


def get_form(form_id: str) -> FormVersion:
    """Return the form version with id *form_id* (such as ``'2021-11'``).

    >>> from ketacore.rems import get_form
    >>> get_form("2021-11").dated
    '11/2021'

    Raises:
        RemsError: no form version has that id; the message lists the known ids.
    """
    form = FORMS.get(form_id) if isinstance(form_id, str) else None
    if form is None:
        known = ", ".join(repr(key) for key in FORMS)
        raise RemsError(
            field="form_version",
            value=form_id,
            got=shown(form_id),
            expected=f"a known form version: {known}",
            fix="use ketacore.rems.CURRENT_FORM, or a version listed in ketacore.rems.FORMS",
        )
    return form
