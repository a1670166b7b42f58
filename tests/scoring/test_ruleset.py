"""Rule sets are data: a new one is a file; a malformed one is refused naming the file and the field."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from scoring_factories import AS_OF, default_rules_json, profile, technical, write_rules

import scoring.ruleset as ruleset_module
from scoring import RuleSetError, available_rulesets, load_ruleset, score
from scoring.ruleset import DEFAULT_RULESET, RuleSet, clear_cache, parse_ruleset_file


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    yield
    clear_cache()


def test_default_rule_set_is_shipped_and_valid() -> None:
    assert DEFAULT_RULESET == "perban-bkn-8-2019"
    assert DEFAULT_RULESET in available_rulesets()
    rules = load_ruleset()
    assert rules.id == DEFAULT_RULESET
    assert load_ruleset(DEFAULT_RULESET) is rules  # loaded once, whatever the spelling
    assert load_ruleset(ruleset_module.RULESET_DIR / "perban-bkn-8-2019.json") is rules
    assert rules.dimensions == {"kualifikasi": 25, "kompetensi": 40, "kinerja": 30, "disiplin": 5}


def test_default_rule_set_holds_the_windows_and_thresholds_of_the_rules() -> None:
    comp = load_ruleset().kompetensi
    assert (comp.technical_window_months, comp.technical_min_jp, comp.seminar_window_months) == (12, 20, 24)
    assert comp.leadership_higher_counts is True
    assert comp.functional_auto_families == ()
    assert load_ruleset().disiplin.window_months == 60
    assert load_ruleset().jp_obligation.yearly_jp == 20
    assert [(c.name, c.above) for c in load_ruleset().categories] == [
        ("Sangat Tinggi", 90),
        ("Tinggi", 80),
        ("Sedang", 70),
        ("Rendah", 60),
        ("Sangat Rendah", None),
    ]


def test_a_second_rule_set_file_is_used_by_path(tmp_path: Path) -> None:
    data = default_rules_json()
    data["id"] = "agency-2027"
    data["kompetensi"]["technical_min_jp"] = 30
    data["kompetensi"]["technical_window_months"] = 24
    path = write_rules(tmp_path, data)
    p = profile("pelaksana", trainings=[technical(date(2025, 12, 15), 20)])  # in 12 months
    default = score(p, as_of=AS_OF)
    custom = score(p, as_of=AS_OF, ruleset=str(path))
    assert (default.ruleset, custom.ruleset) == ("perban-bkn-8-2019", "agency-2027")
    assert default.dimension_points["kompetensi"] == 22.5  # 20 JP in 12 months
    assert custom.dimension_points["kompetensi"] == 0  # 30 JP needed
    assert score(p, as_of=AS_OF, ruleset=path).ruleset == "agency-2027"  # a Path works too
    assert score(p, as_of=AS_OF, ruleset=load_ruleset(str(path))).ruleset == "agency-2027"


def test_a_second_rule_set_file_beside_the_default_is_found_by_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rulesets"
    folder.mkdir()
    (folder / "perban-bkn-8-2019.json").write_text(json.dumps(default_rules_json()), encoding="utf-8")
    data = default_rules_json()
    data["id"] = "draft-2024"
    data["disiplin"]["points"]["ringan"] = 4
    write_rules(folder, data, "draft-2024.json")
    monkeypatch.setattr(ruleset_module, "RULESET_DIR", folder)
    assert available_rulesets() == ["draft-2024", "perban-bkn-8-2019"]
    p = profile(penalties=[{"level": "ringan", "date": "2026-01-01"}])
    assert score(p, as_of=AS_OF, ruleset="draft-2024").dimension_points["disiplin"] == 4


def test_file_name_and_id_must_agree_in_the_rule_set_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = default_rules_json()
    data["id"] = "something-else"
    path = write_rules(tmp_path, data, "draft-2024.json")
    monkeypatch.setattr(ruleset_module, "RULESET_DIR", tmp_path)
    with pytest.raises(RuleSetError) as error:
        load_ruleset("draft-2024")
    assert str(path) in str(error.value) and "id" in str(error.value)


def test_unknown_rule_set_names_the_known_ones() -> None:
    with pytest.raises(RuleSetError, match=r"unknown rule set 'perban-2099'.*perban-bkn-8-2019"):
        score(profile(), as_of=AS_OF, ruleset="perban-2099")


def test_missing_file_given_by_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(RuleSetError) as error:
        load_ruleset(str(path))
    assert str(path) in str(error.value)


def _set(*keys: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for key in keys[:-1]:
            data = data[key]
        data[keys[-1]] = value

    return change


def _drop(*keys: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for key in keys[:-1]:
            data = data[key]
        del data[keys[-1]]

    return change


MALFORMED = [
    # missing fields
    ("missing dimension", _drop("kinerja"), "kinerja"),
    ("missing window", _drop("kompetensi", "technical_window_months"), "kompetensi.technical_window_months"),
    ("missing education", _drop("kualifikasi", "points", "d3"), "kualifikasi.points"),
    ("missing predicate", _drop("kinerja", "predicate_points", "butuh_perbaikan"), "kinerja.predicate_points"),
    ("missing penalty", _drop("disiplin", "points", "berat"), "disiplin.points"),
    ("missing position group", _drop("kompetensi", "position_groups", "pengawas"), "kompetensi.position_groups"),
    (
        "missing required level",
        _drop("kompetensi", "leadership_required", "pengawas"),
        "kompetensi.leadership_required",
    ),
    ("missing id", _drop("id"), "id"),
    # wrong types
    (
        "window as words",
        _set("kompetensi", "technical_window_months", value="twelve"),
        "kompetensi.technical_window_months",
    ),
    ("number as a string", _set("kompetensi", "technical_min_jp", value="20"), "kompetensi.technical_min_jp"),
    ("points as a boolean", _set("disiplin", "points", "none", value=True), "disiplin.points.none"),
    ("fractional window", _set("disiplin", "window_months", value=60.5), "disiplin.window_months"),
    ("list for a table", _set("kualifikasi", "points", value=[25, 20]), "kualifikasi.points"),
    (
        "flag as a string",
        _set("kompetensi", "leadership_higher_counts", value="yes"),
        "kompetensi.leadership_higher_counts",
    ),
    # points above the maximum, or negative
    ("education above 25", _set("kualifikasi", "points", "s3", value=30), "kualifikasi.points"),
    (
        "competence above 40",
        _set("kompetensi", "points", "pelaksana", "seminar", value=20),
        "kompetensi.points.pelaksana",
    ),
    ("predicate above 30", _set("kinerja", "predicate_points", "sangat_baik", value=31), "kinerja.predicate_points"),
    ("band above 30", _set("kinerja", "score_bands", 0, "points", value=35), "kinerja.score_bands"),
    ("no appraisal above 30", _set("kinerja", "no_appraisal_points", value=31), "kinerja.no_appraisal_points"),
    ("discipline above 5", _set("disiplin", "points", "none", value=6), "disiplin.points"),
    ("negative education", _set("kualifikasi", "points", "sd", value=-1), "kualifikasi.points.sd"),
    (
        "negative indicator",
        _set("kompetensi", "points", "struktural", "seminar", value=-10),
        "kompetensi.points.struktural.seminar",
    ),
    ("negative penalty", _set("disiplin", "points", "berat", value=-1), "disiplin.points.berat"),
    ("dimensions not 100", _set("dimensions", "disiplin", value=10), "dimensions"),
    # unknown names
    ("unknown education", _set("kualifikasi", "points", "s4", value=25), "kualifikasi.points.s4"),
    (
        "unknown position",
        _set("kompetensi", "position_groups", "menteri", value="struktural"),
        "kompetensi.position_groups.menteri",
    ),
    (
        "unknown indicator",
        _set("kompetensi", "points", "pelaksana", "ngopi", value=0),
        "kompetensi.points.pelaksana.ngopi",
    ),
    (
        "unknown level",
        _set("kompetensi", "leadership_required", "pengawas", value="pkx"),
        "kompetensi.leadership_required.pengawas",
    ),
    ("unknown top-level field", _set("bonus", value=1), "bonus"),
    ("categories out of order", _set("categories", 0, "name", value="Tinggi"), "categories"),
    ("bands not decreasing", _set("categories", 1, "above", value=95), "categories"),
    ("open band not last", _set("kinerja", "score_bands", 2, "above", value=None), "kinerja.score_bands"),
    (
        "levels repeated",
        _set("kompetensi", "leadership_levels", value=["pkn1", "pkn1", "pka", "pkp"]),
        "kompetensi.leadership_levels",
    ),
    ("window zero", _set("kompetensi", "seminar_window_months", value=0), "kompetensi.seminar_window_months"),
    (
        "leadership window zero",
        _set("kompetensi", "leadership_window_months", value=0),
        "kompetensi.leadership_window_months",
    ),
    ("summed as a number", _set("kompetensi", "technical_summed", value=1), "kompetensi.technical_summed"),
    ("no kinds for the yearly JP", _set("jp_obligation", "kinds", value=[]), "jp_obligation.kinds"),
    (
        "unknown kind for the yearly JP",
        _set("jp_obligation", "kinds", value=["teknis", "rapat"]),
        "jp_obligation.kinds.1",
    ),
]


@pytest.mark.parametrize(("change", "field"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_rule_set_is_refused_naming_file_and_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], field: str
) -> None:
    data = default_rules_json()
    change(data)
    path = write_rules(tmp_path, data, "broken.json")
    with pytest.raises(RuleSetError) as error:
        parse_ruleset_file(path)
    message = str(error.value)
    assert message.startswith(f"{path}: "), message
    assert f" {field}" in message, message
    with pytest.raises(RuleSetError):
        score(profile(), as_of=AS_OF, ruleset=str(path))


@pytest.mark.parametrize("text", ['{"id": "x",', "", "not json", '{"id": "x"} trailing'])
def test_bad_json_is_refused_naming_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as error:
        parse_ruleset_file(path)
    assert str(error.value).startswith(f"{path}: not valid JSON (line ")


def test_top_level_must_be_an_object(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(RuleSetError, match=str(path)):
        parse_ruleset_file(path)


def test_ruleset_error_is_a_value_error() -> None:
    assert issubclass(RuleSetError, ValueError)


def test_every_field_of_the_default_file_is_validated() -> None:
    """The shipped file parses with the same validator that refuses the broken ones."""
    assert isinstance(parse_ruleset_file(ruleset_module.RULESET_DIR / "perban-bkn-8-2019.json"), RuleSet)
