"""Current medications, by the drug classes that matter to ketamine screening."""

from __future__ import annotations

from typing import Final

import attrs

from ketacore._choices import Choice, choose_set
from ketacore._validators import text
from ketacore.exceptions import PatientError

__all__ = ["Medication", "MedicationClass"]


_SPELLINGS: Final = {
    "benzo": "benzodiazepine",
    "monoamine oxidase inhibitor": "maoi",
    "stimulant": "psychostimulant",
    "opioids": "opioid",
    "non benzodiazepine sedative hypnotic": "sedative_hypnotic",
    "z drug": "sedative_hypnotic",
}


class MedicationClass(Choice, field="classes", error=PatientError, aliases=_SPELLINGS):
    """A drug class that matters to ketamine or esketamine therapy.

    Concomitant CNS depressants, psychostimulants and MAOIs carry interaction
    warnings (Spravato US PI; clinical reference section 4). Antihypertensives
    and lamotrigine are recorded for the clinician; no rule in the reference
    uses them, so screening does not.

    Opioids and non-benzodiazepine sedative hypnotics are CNS depressants with a
    class of their own because the SPRAVATO REMS Patient Monitoring Form asks
    about each (clinical reference section 10). A medication classed only as
    :attr:`CNS_DEPRESSANT` may be either, so the REMS record answers "unknown"
    for both rather than "no" (:mod:`ketacore.rems`).
    """

    MAOI = "maoi"
    """Monoamine oxidase inhibitor."""
    BENZODIAZEPINE = "benzodiazepine"
    """Benzodiazepine (a CNS depressant)."""
    CNS_DEPRESSANT = "cns_depressant"
    """Another CNS depressant: barbiturates, sedating antihistamines, ... (opioids and Z-drugs
    have their own classes, :attr:`OPIOID` and :attr:`SEDATIVE_HYPNOTIC`)."""
    OPIOID = "opioid"
    """Opioid (a CNS depressant): oxycodone, morphine, tramadol, ..."""
    SEDATIVE_HYPNOTIC = "sedative_hypnotic"
    """Non-benzodiazepine sedative hypnotic (a CNS depressant): zolpidem, zopiclone, ..."""
    PSYCHOSTIMULANT = "psychostimulant"
    """Psychostimulant: amphetamines, methylphenidate, modafinil, ..."""
    ANTIHYPERTENSIVE = "antihypertensive"
    """Blood-pressure-lowering drug."""
    LAMOTRIGINE = "lamotrigine"
    """Lamotrigine."""


def _to_classes(values: object) -> frozenset[MedicationClass]:
    return choose_set(MedicationClass, values, field="classes", error=PatientError)


@attrs.frozen(kw_only=True)
class Medication:
    """A medication the patient takes now, with the classes it belongs to.

    >>> Medication(name="phenelzine", classes={"maoi"})
    Medication(name='phenelzine', classes=frozenset({<MedicationClass.MAOI: 'maoi'>}))

    A medication in none of the classes is recorded with empty ``classes``.
    """

    name: str = attrs.field(validator=text(error=PatientError, example="sertraline"))
    """The drug's name, as prescribed."""
    classes: frozenset[MedicationClass] = attrs.field(default=frozenset(), converter=_to_classes)
    """The classes it belongs to (members or their text)."""
