"""The Maudsley Staging Method for treatment-resistant depression (clinical reference 2.3)."""

from __future__ import annotations

import enum
import itertools
from typing import Any, Final

import attrs

from ketacore._validators import boolean, count, fail
from ketacore.exceptions import PatientError

__all__ = [
    "MSM_FAILED_TREATMENT_THRESHOLDS",
    "MaudsleyStaging",
    "MsmBand",
    "MsmSeverity",
]

_SOURCE: Final = "Maudsley Staging Method, Fekadu et al. 2009 (clinical reference 2.3)"

MSM_FAILED_TREATMENT_THRESHOLDS: Final = (1, 3, 5, 7, 11)
"""Fewest failed antidepressants for failed-treatment levels 1 to 5 [?].

Levels as commonly reported: 1-2 agents = 1, 3-4 = 2, 5-6 = 3, 7-10 = 4,
more than 10 = 5 (clinical reference 2.3, marked [?]: confirm against the table).
"""


class MsmSeverity(enum.IntEnum):
    """Symptom severity, scored 1 to 5 in the MSM."""

    SUBSYNDROMAL = 1
    """Subsyndromal."""
    MILD = 2
    """Mild syndromal."""
    MODERATE = 3
    """Moderate syndromal."""
    SEVERE = 4
    """Severe without psychosis."""
    SEVERE_WITH_PSYCHOSIS = 5
    """Severe with psychosis."""


class MsmBand(enum.Enum):
    """The MSM stage: mild 3-6, moderate 7-10, severe 11-15 (clinical reference 2.3)."""

    MILD = "mild"
    """Total 3-6."""
    MODERATE = "moderate"
    """Total 7-10."""
    SEVERE = "severe"
    """Total 11-15."""


def _to_severity(value: object) -> MsmSeverity:
    if isinstance(value, MsmSeverity):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return MsmSeverity(value)
    if isinstance(value, str) and value.strip().upper() in MsmSeverity.__members__:
        return MsmSeverity[value.strip().upper()]
    raise PatientError(
        field="severity",
        value=value,
        expected="an MsmSeverity (1 subsyndromal to 5 severe with psychosis)",
        fix="use for example MsmSeverity.SEVERE",
    )


def _check_thresholds(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        not isinstance(value, tuple)
        or len(value) != 5
        or any(isinstance(v, bool) or not isinstance(v, int) for v in value)
        or value[0] < 1
        or any(low >= high for low, high in itertools.pairwise(value))
    ):
        fail(
            PatientError,
            "failure_thresholds",
            value,
            "5 increasing whole numbers from 1, the fewest failed agents for levels 1-5, "
            f"such as {MSM_FAILED_TREATMENT_THRESHOLDS}",
        )


@attrs.frozen(kw_only=True)
class MaudsleyStaging:
    """The five MSM dimensions and the score and band they give (total 3-15).

    Worked example: an 18-month episode (2), severe without psychosis (4),
    four failed antidepressants (2), augmentation (1), no ECT (0):

    >>> msm = MaudsleyStaging(episode_months=18, severity=MsmSeverity.SEVERE,
    ...                       failed_treatments=4, augmentation=True, ect=False)
    >>> msm.score, msm.band
    (9, <MsmBand.MODERATE: 'moderate'>)
    """

    episode_months: int = attrs.field(validator=count(error=PatientError, minimum=0))
    """Duration of the current episode in whole months (<=12: 1; 13-24: 2; >24: 3)."""
    severity: MsmSeverity = attrs.field(converter=_to_severity)
    """Symptom severity (1-5)."""
    failed_treatments: int = attrs.field(validator=count(error=PatientError, minimum=1))
    """How many antidepressants failed in the episode (at least 1 to be staged)."""
    augmentation: bool = attrs.field(validator=boolean(error=PatientError))
    """Whether augmentation was used (1 point)."""
    ect: bool = attrs.field(validator=boolean(error=PatientError))
    """Whether ECT was used (1 point)."""
    failure_thresholds: tuple[int, ...] = attrs.field(
        default=MSM_FAILED_TREATMENT_THRESHOLDS, validator=_check_thresholds
    )
    """Fewest failed agents for levels 1-5 [?] (see :data:`MSM_FAILED_TREATMENT_THRESHOLDS`)."""

    def __attrs_post_init__(self) -> None:
        if self.failed_treatments < self.failure_thresholds[0]:
            fail(
                PatientError,
                "failed_treatments",
                self.failed_treatments,
                f"at least {self.failure_thresholds[0]}, where the lowest level starts",
                "the MSM stages depression that has failed treatment",
            )

    @property
    def duration_points(self) -> int:
        """Points for episode duration: <=12 months 1, 13-24 months 2, >24 months 3."""
        return 1 if self.episode_months <= 12 else 2 if self.episode_months <= 24 else 3

    @property
    def failed_treatment_points(self) -> int:
        """Points for failed treatments (levels 1-5)."""
        return sum(1 for low in self.failure_thresholds if self.failed_treatments >= low)

    @property
    def score(self) -> int:
        """The total, 3-15."""
        return (
            self.duration_points
            + int(self.severity)
            + self.failed_treatment_points
            + int(self.augmentation)
            + int(self.ect)
        )

    @property
    def band(self) -> MsmBand:
        """The stage: mild 3-6, moderate 7-10, severe 11-15."""
        score = self.score
        return MsmBand.MILD if score <= 6 else MsmBand.MODERATE if score <= 10 else MsmBand.SEVERE

    @property
    def source(self) -> str:
        """Where the scoring comes from."""
        return _SOURCE
