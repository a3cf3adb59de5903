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
}


class MedicationClass(Choice, field="classes", error=PatientError, aliases=_SPELLINGS):
    """A drug class that matters to ketamine or esketamine therapy.

    Concomitant CNS depressants, psychostimulants and MAOIs carry interaction
    warnings (Spravato US PI; clinical reference section 4). Antihypertensives
    and lamotrigine are recorded for the clinician; no rule in the reference
    uses them, so screening does not.
    """

    MAOI = "maoi"
    """Monoamine oxidase inhibitor."""
    BENZODIAZEPINE = "benzodiazepine"
    """Benzodiazepine (a CNS depressant)."""
    CNS_DEPRESSANT = "cns_depressant"
    """Another CNS depressant: opioids, Z-drugs, barbiturates, sedating antihistamines, ..."""
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
