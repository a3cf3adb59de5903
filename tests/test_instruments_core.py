"""The instrument model: construction checks, lookup, the documented API and import cost."""

from __future__ import annotations

import attrs
import pytest

import ketacore
import ketacore.instruments as instruments
from import_helpers import modules_after
from ketacore.exceptions import ScoringError, ValidationError
from ketacore.instruments import (
    CATALOGUE,
    PHQ9,
    Band,
    BandSet,
    CriticalItem,
    Domain,
    Instrument,
    Item,
    Licence,
    ScoringRule,
    SpecialCode,
    UnknownInstrumentError,
    get,
)


def test_documented_calls() -> None:
    from ketacore.instruments import MADRS, QIDS_SR16

    s = PHQ9.score([2, 2, 2, 2, 1, 1, 2, 0, 0])
    assert s.total == 12
    assert s.severity is not None
    assert s.severity.label == "moderate"
    assert not s.flags
    assert PHQ9.score({1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 3}).flags
    assert QIDS_SR16.score([3] * 16).total == 27
    assert get("madrs") is MADRS


def test_every_catalogue_instrument_is_a_constant() -> None:
    constants = {
        getattr(instruments, n)
        for n in instruments.__all__
        if isinstance(getattr(instruments, n), Instrument)
    }
    assert set(CATALOGUE.values()) == constants
    for key, inst in CATALOGUE.items():
        assert inst.id == key
        assert get(key) is inst


@pytest.mark.parametrize("spelling", ["phq9", "PHQ9", " phq9 "])
def test_get_normalises_ids(spelling: str) -> None:
    assert get(spelling) is PHQ9


def test_get_normalises_dashes() -> None:
    assert get("QIDS-SR16") is get("qids_sr16")


@pytest.mark.parametrize(
    ("name", "instrument_id"),
    [
        ("PHQ-9", "phq9"),
        ("GAD-7", "gad7"),
        ("HAM-D17", "hamd17"),
        ("ham d17", "hamd17"),
        ("ham_d-17", "hamd17"),
        ("MADRS (24 h)", "madrs_24h"),
        ("C-SSRS screener", "cssrs_screener"),
    ],
)
def test_get_accepts_the_short_names_it_prints(name: str, instrument_id: str) -> None:
    assert get(name) is CATALOGUE[instrument_id]


def test_every_short_name_finds_its_own_instrument() -> None:
    for inst in CATALOGUE.values():
        assert get(inst.short_name) is inst
        assert get(inst.short_name.lower().replace("-", " ")) is inst


@pytest.mark.parametrize(
    ("bad", "closest"), [("phq10", "phq9"), ("hamd21", "hamd17"), ("GAD 8", "gad7")]
)
def test_unknown_id_suggests_the_closest_id(bad: str, closest: str) -> None:
    with pytest.raises(UnknownInstrumentError) as info:
        get(bad)
    assert f"did you mean {closest!r}?" in str(info.value)


@pytest.mark.parametrize("bad", ["zung", "", "xyzzy"])
def test_unknown_id_far_from_every_id_suggests_none(bad: str) -> None:
    with pytest.raises(UnknownInstrumentError) as info:
        get(bad)
    assert "did you mean" not in str(info.value)


@pytest.mark.parametrize("bad", ["phq-10", "", "madrs-s", "zung-sds"])
def test_unknown_id_lists_known_ids(bad: str) -> None:
    with pytest.raises(UnknownInstrumentError, match=r"known ids: .*phq9") as info:
        get(bad)
    assert isinstance(info.value, ketacore.KetacoreError)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, ValueError)


def test_score_carries_its_values() -> None:
    s = PHQ9.score(dict.fromkeys(range(1, 10), 1))
    assert s.values == (1,) * 9
    assert s.instrument is PHQ9
    assert s.item(9) == 1
    assert not s.prorated


def test_score_is_frozen() -> None:
    s = PHQ9.score([0] * 9)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.total = 3  # type: ignore[misc]


def test_instruments_compare_by_identity_and_evolve_revalidates() -> None:
    stricter = attrs.evolve(
        PHQ9, id="phq9_local", critical_items=(CriticalItem(9, 2, "local", "clinic policy"),)
    )
    assert stricter is not PHQ9
    assert stricter != PHQ9
    assert not stricter.score([0] * 8 + [1]).flags
    assert stricter.score([0] * 8 + [2]).flags
    with pytest.raises(ValidationError, match="item 10 does not exist"):
        attrs.evolve(PHQ9, critical_items=(CriticalItem(10, 1, "x", "y"),))


def _licence() -> Licence:
    return Licence("unclear", False, "test", "test")


def _inst(**changes: object) -> Instrument:
    base: dict[str, object] = {
        "id": "t",
        "short_name": "T",
        "full_name": "Test",
        "variant": "v",
        "completed_by": "c",
        "recall": "r",
        "items": (Item(1, "a", 0, 3), Item(2, "b", 0, 3)),
        "rule": ScoringRule.plain_sum(2, "src"),
        "total_range": (0, 6),
        "licence": _licence(),
        "sources": ("s",),
    }
    base.update(changes)
    return Instrument(**base)  # type: ignore[arg-type]


def test_minimal_instrument_builds() -> None:
    assert _inst().score([1, 2]).total == 3


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"total_range": (0, 7)}, "declared total range"),
        ({"items": (Item(2, "a", 0, 3), Item(1, "b", 0, 3))}, "position"),
        ({"items": (Item(1, "a", 0, 3, text="x"), Item(2, "b", 0, 3))}, "licence forbids"),
        (
            {"rule": ScoringRule("sum", (Domain("d", (1, 2)), Domain("e", (2,))), "x", "y")},
            "more than one domain",
        ),
        (
            {"band_sets": (BandSet("b", (Band(0, 3, "low"), Band(4, 5, "high")), "s"),)},
            "does not cover",
        ),
        ({"items": ()}, "no items"),
        ({"id": " "}, "non-empty"),
    ],
)
def test_bad_definitions_are_rejected(changes: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        _inst(**changes)


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda: Item(0, "a", 0, 3), "must be >= 1"),
        (lambda: Item(1, "a", 3, 0), "low 3 > high 0"),
        (lambda: Item(1, "a", 0, 3, codes=(SpecialCode(2, "x", 0, "s"),)), "inside the scale"),
        (lambda: Item(1, "a", 0, 3, options=("4a",)), "valid digit"),
        (lambda: Band(5, 4, "x"), "low 5 > high 4"),
        (lambda: BandSet("b", (Band(0, 3, "a"), Band(5, 6, "b")), "s"), "not contiguous"),
        (lambda: BandSet("b", (), "s"), "empty"),
    ],
)
def test_bad_parts_are_rejected(build: object, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        build()  # type: ignore[operator]


def test_weighted_domain_is_scored() -> None:
    inst = _inst(
        rule=ScoringRule("sum", (Domain("a", (1,), weight=2), Domain("b", (2,))), "x", "y"),
        total_range=(0, 9),
    )
    assert inst.score([3, 1]).total == 7
    assert inst.score([3, 1]).domains == {"a": 6, "b": 1}


def test_selectors() -> None:
    assert PHQ9.band_set().name == PHQ9.band_sets[0].name
    assert PHQ9.bands is PHQ9.band_sets[0]
    assert PHQ9.remission_rule().max_total == 4
    assert PHQ9.response_rule().min_reduction_percent == 50
    with pytest.raises(LookupError, match="known"):
        PHQ9.remission_rule("nope")
    with pytest.raises(LookupError, match="no item 10"):
        PHQ9.item(10)
    assert PHQ9.item(9).loinc == "44260-8"


def test_unknown_missing_policy() -> None:
    with pytest.raises(ScoringError, match="unknown missing-item policy"):
        PHQ9.score([0] * 9, missing="lenient")  # type: ignore[arg-type]


def test_instruments_and_scoring_do_not_import_pint_or_numpy() -> None:
    loaded = modules_after(
        "from ketacore.instruments import CATALOGUE\n"
        "for inst in CATALOGUE.values():\n"
        "    inst.score([inst.items[0].low] * len(inst.items), missing='strict') "
        "if inst.rule.kind == 'sum' else None"
    )
    assert "ketacore.instruments" in loaded
    assert "pint" not in loaded
    assert "numpy" not in loaded


def test_catalogue_ids() -> None:
    assert list(CATALOGUE) == [
        "bdi2",
        "bprs18",
        "bprs18_0to6",
        "cadss23",
        "cgi_i",
        "cgi_s",
        "cssrs_screener",
        "gad7",
        "hama",
        "hamd17",
        "madrs",
        "madrs_24h",
        "moaas",
        "pcl5",
        "pcl5_past_week",
        "phq2",
        "phq8",
        "phq9",
        "qids_sr16",
        "sheehan_sds",
        "ybocs",
        "ymrs",
    ]
    names = [inst.short_name for inst in CATALOGUE.values()]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    "instrument_id",
    [
        "bdi2",
        "madrs",
        "madrs_24h",
        "ybocs",
        "qids_sr16",
        "cadss23",
        "ymrs",
        "moaas",
        "sheehan_sds",
        "cssrs_screener",
    ],
)
def test_no_item_wording_for_copyrighted_or_unclear(instrument_id: str) -> None:
    inst = CATALOGUE[instrument_id]
    assert inst.licence.status in {"copyrighted", "unclear"}
    assert not inst.licence.item_text_allowed
    assert all(item.text is None for item in inst.items)


def test_item_text_only_where_free_or_public_domain() -> None:
    for inst in CATALOGUE.values():
        if any(item.text for item in inst.items):
            assert inst.licence.status in {"free", "public domain"}
            assert inst.licence.item_text_allowed


def test_loinc_only_where_the_reference_gives_it() -> None:
    with_loinc = {
        inst.id
        for inst in CATALOGUE.values()
        if inst.loinc_panel or inst.loinc_total or any(i.loinc for i in inst.items)
    }
    assert with_loinc == {"phq9", "phq2", "phq8", "gad7", "bdi2", "cssrs_screener"}
    assert (get("gad7").loinc_panel, get("gad7").loinc_total) == ("69737-5", "70274-6")
    assert get("bdi2").loinc_total == "89209-1"


def test_every_rule_and_band_set_has_a_source() -> None:
    for inst in CATALOGUE.values():
        assert inst.sources
        parts = (
            *inst.band_sets,
            *inst.critical_items,
            *inst.subscales,
            *inst.remission_rules,
            *inst.response_rules,
            *inst.cutoffs,
            *inst.change_thresholds,
            *inst.patterns,
            *inst.skip_rules,
        )
        for part in parts:
            assert part.source.strip(), (inst.id, part)
        assert inst.rule.source.strip()
        assert inst.licence.source.strip()


def test_scores_from_the_fast_path_are_plain_frozen_scores() -> None:
    from ketacore.instruments import Score
    from ketacore.instruments._instrument import _OpenScore

    assert set(_OpenScore.__slots__) == {f.name for f in attrs.fields(Score)}
    fast, slow = PHQ9.score([1] * 9), PHQ9.score(dict.fromkeys(range(1, 10), 1))
    assert type(fast) is Score
    assert type(slow) is Score
    assert fast == slow
    assert hash(fast) == hash(slow)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fast.values = ()  # type: ignore[misc]
