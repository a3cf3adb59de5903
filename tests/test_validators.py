"""The shared validation toolkit (ketacore._validators, ketacore._choices), issue 17.

Every validator raises the error class it is given, with field, value and expected set.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import attrs
import pytest

from ketacore import _validators as v
from ketacore._choices import Choice, choose, choose_set
from ketacore.exceptions import PatientError, ScreeningError, SessionError

NAIVE = datetime(2026, 3, 2, 9, 0)


@attrs.frozen
class Record:
    flag: bool = attrs.field(default=True, validator=v.boolean(error=PatientError))
    name: str = attrs.field(default="x", validator=v.text(error=PatientError, example="v2"))
    day: date = attrs.field(default=date(2026, 3, 2), validator=v.calendar_date(error=PatientError))
    at: datetime = attrs.field(
        default=datetime(2026, 3, 2, tzinfo=UTC), validator=v.aware(error=PatientError)
    )
    age: int = attrs.field(default=40, validator=v.age_years(error=PatientError))
    n: int = attrs.field(default=1, validator=v.count(error=PatientError, minimum=1))
    when: date | None = attrs.field(
        default=None, validator=v.optional(v.calendar_date(error=PatientError))
    )
    other: date | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(date, error=PatientError))
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("flag", "yes"),
        ("flag", 1),
        ("name", " "),
        ("name", 7),
        ("day", NAIVE),
        ("day", "2026-03-02"),
        ("at", NAIVE),
        ("at", date(2026, 3, 2)),
        ("age", 131),
        ("age", True),
        ("n", 0),
        ("n", 1.0),
        ("when", "2026-03-02"),
        ("other", "2026-03-02"),
    ],
)
def test_each_validator_raises_the_given_class_with_its_parts(field: str, value: object) -> None:
    with pytest.raises(PatientError) as caught:
        Record(**{field: value})  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == (field, value)
    assert caught.value.expected
    assert str(caught.value).startswith(f"{field}: got ")


def test_a_datetime_for_a_date_is_shown_in_full_with_the_fix() -> None:
    with pytest.raises(PatientError) as caught:
        Record(day=NAIVE)
    assert "datetime.datetime(2026, 3, 2, 9, 0)" in str(caught.value)
    assert ".date()" in str(caught.value.fix)


@pytest.mark.parametrize(
    ("given", "day"),
    [
        (date(2026, 3, 2), date(2026, 3, 2)),
        (datetime(2026, 3, 2, 23, 30, tzinfo=UTC), date(2026, 3, 2)),
        # its own zone's date, not UTC's: 01:00 at UTC+2 is still 1 March in UTC
        (datetime(2026, 3, 2, 1, 0, tzinfo=timezone(timedelta(hours=2))), date(2026, 3, 2)),
    ],
)
def test_on_day_takes_a_date_or_an_aware_datetime(given: object, day: date) -> None:
    assert v.on_day(given, error=SessionError) == day


@pytest.mark.parametrize("given", [NAIVE, "2026-03-02", None, 20260302])
def test_on_day_refuses_anything_else(given: object) -> None:
    with pytest.raises(ScreeningError) as caught:
        v.on_day(given, error=ScreeningError)
    assert (caught.value.field, caught.value.value) == ("on", given)


def test_to_tuple_takes_any_iterable_but_text_or_a_mapping() -> None:
    convert = v.to_tuple(field="items", error=PatientError, of=int)
    assert convert([1, 2]) == (1, 2)
    assert convert(n for n in (1, 2)) == (1, 2)
    assert convert(frozenset({3})) == (3,)
    for bad in ("12", b"12", {1: 2}, 12):
        with pytest.raises(PatientError) as caught:
            convert(bad)  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.value) == ("items", bad)
        assert "of int" in str(caught.value.expected)


def test_items_of_names_the_bad_item_by_index() -> None:
    check = v.items_of(int, error=PatientError)
    with pytest.raises(PatientError) as caught:
        check(None, attrs.fields(Record).n, (1, "2"))
    assert (caught.value.field, caught.value.value) == ("n[1]", "2")


def test_check_instance_and_check_count_return_the_value() -> None:
    day = date(2026, 3, 2)
    assert v.check_instance(day, date, field="day", error=PatientError) is day
    assert v.check_count(3, field="n", error=PatientError, minimum=1) == 3
    with pytest.raises(PatientError) as caught:
        v.check_instance("x", date, field="day", error=PatientError)
    assert caught.value.expected == "a date(...)"


def test_validating_turns_a_function_form_into_a_validator() -> None:
    validate = v.validating(v.check_age, error=SessionError, minimum=18)
    validate(None, attrs.fields(Record).age, 18)
    with pytest.raises(SessionError) as caught:
        validate(None, attrs.fields(Record).age, 17)
    assert (caught.value.field, caught.value.value) == ("age", 17)


class Colour(Choice, field="colour", error=SessionError, aliases={"grey": "gray"}):
    GRAY = "gray"
    RED = "red"


class Plain(enum.Enum):
    ONE = "one"


def test_a_choice_reads_members_values_names_and_spellings() -> None:
    assert Colour.from_text("GRAY") is Colour.GRAY
    assert Colour.from_text("Grey") is Colour.GRAY  # an alias, any case
    assert Colour.from_text(Colour.RED) is Colour.RED
    assert choose(Colour, "grey", field="c", error=SessionError) is Colour.GRAY  # its aliases
    with pytest.raises(SessionError) as caught:
        Colour.from_text("blue")
    assert (caught.value.field, caught.value.value) == ("colour", "blue")
    assert caught.value.expected == "one of 'gray', 'red'"


def test_choose_keeps_its_message_and_gains_attributes() -> None:
    with pytest.raises(PatientError) as caught:
        choose(Plain, "two", field="plain", error=PatientError)
    assert str(caught.value) == (
        "plain: got 'two'; expected one of 'one'; use a Plain member such as Plain.ONE"
    )
    assert (caught.value.field, caught.value.value, caught.value.fix) == (
        "plain",
        "two",
        "use a Plain member such as Plain.ONE",
    )


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: choose_set(Plain, "one", field="s", error=PatientError), "s"),
        (lambda: choose_set(Plain, set(), field="s", error=PatientError, if_empty="name one"), "s"),
    ],
    ids=["a bare string", "empty with if_empty"],
)
def test_choose_set_refuses_text_and_optionally_nothing(
    make: Callable[[], object], field: str
) -> None:
    with pytest.raises(PatientError) as caught:
        make()
    assert caught.value.field == field
    assert choose_set(Plain, set(), field="s", error=PatientError) == frozenset()
