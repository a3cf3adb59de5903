"""configure_converter / make_converter leave the caller's own classes alone.

The strict hooks apply to ketacore's classes only, and a caller's collection
overrides are merged with ketacore's, as cattrs' preconf converters do.
"""

from __future__ import annotations

import enum
import string
from collections.abc import Set

import attrs
import cattrs
import pytest

from ketacore import SerializationError
from ketacore.doses import Dose
from ketacore.patients import MedicalHistory
from ketacore.serialization import configure_converter, make_converter, to_dict
from ketacore.testing import example_dose, example_vitals
from ketacore.vitals import VitalSigns


class Colour(enum.Enum):
    RED = 1


@attrs.define
class Mine:
    n: int
    ratio: float
    label: str
    tags: tuple[str, ...]
    colour: Colour = Colour.RED


@attrs.define
class Letters:
    letters: frozenset[str]


@attrs.define
class Visit:
    note: str
    dose: Dose


def _configured() -> cattrs.Converter:
    converter = cattrs.Converter()
    configure_converter(converter)
    return converter


@pytest.mark.parametrize("factory", [_configured, make_converter], ids=["configured", "made"])
def test_the_callers_classes_keep_cattrs_behaviour(factory: object) -> None:
    converter = factory()  # type: ignore[operator]
    data = {"n": "3", "ratio": "0.5", "label": 7, "tags": "ab", "colour": True}
    assert converter.structure(data, Mine) == Mine(3, 0.5, "7", ("a", "b"), Colour.RED)
    assert cattrs.Converter().structure(data, Mine) == converter.structure(data, Mine)


@pytest.mark.parametrize("factory", [_configured, make_converter], ids=["configured", "made"])
def test_ketacore_classes_stay_strict_on_the_same_converter(factory: object) -> None:
    converter = factory()  # type: ignore[operator]
    data = to_dict(example_vitals())["data"]
    assert converter.structure(data, VitalSigns) == example_vitals()
    for field, value in [("systolic", "124"), ("systolic", True), ("taken_at", 5)]:
        with pytest.raises(cattrs.ClassValidationError):
            converter.structure({**data, field: value}, VitalSigns)


def test_a_ketacore_value_inside_a_callers_class_is_read_strictly() -> None:
    converter = _configured()
    dose = converter.unstructure(example_dose(), unstructure_as=Dose)
    assert converter.structure({"note": "ok", "dose": dose}, Visit).dose == example_dose()
    dose["amount"]["value"] = "0.5"
    with pytest.raises(cattrs.ClassValidationError):
        converter.structure({"note": "ok", "dose": dose}, Visit)


def test_enum_members_are_read_by_their_exact_json_type() -> None:
    converter = _configured()
    assert converter.structure({"heart_failure": 2}, MedicalHistory).heart_failure == 2
    for bad in (True, 2.0, "2"):
        with pytest.raises(cattrs.ClassValidationError):
            converter.structure({"heart_failure": bad}, MedicalHistory)


def test_a_callers_collection_overrides_keep_sorted_sets() -> None:
    converter = make_converter(unstruct_collection_overrides={list: tuple})
    letters = Letters(frozenset(string.ascii_letters))
    assert converter.unstructure(letters)["letters"] == sorted(string.ascii_letters)


def test_a_callers_override_of_sets_wins() -> None:
    converter = make_converter(unstruct_collection_overrides={Set: tuple})
    assert isinstance(converter.unstructure(Letters(frozenset("ab")))["letters"], tuple)


def test_documents_refuse_loose_numbers_still() -> None:
    from ketacore.serialization import from_dict

    document = to_dict(example_vitals())
    document["data"]["systolic"] = "124"
    with pytest.raises(SerializationError) as caught:
        from_dict(document, VitalSigns)
    assert caught.value.field == "$.data.systolic"
    assert [path for path, _ in caught.value.problems] == ["$.data.systolic"]
    assert caught.value.problems[0][1].startswith("got '124'")
