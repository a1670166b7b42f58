"""Rules §2 Kompetensi: four done-or-not indicators, points by position type, max 40."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from scoring_factories import (
    AS_OF,
    LEVELS_HIGHEST_FIRST,
    POSITIONS,
    REQUIRED_LEVEL,
    STRUCTURAL,
    default_rules_json,
    functional,
    indicator,
    leadership,
    profile,
    scored,
    seminar,
    technical,
    training,
    write_rules,
)

from scoring import score
from scoring.dates import months_before

WINDOW_12_START = date(2025, 11, 29)  # first day of the 12-month window on AS_OF (rules §2 example)
WINDOW_24_START = date(2024, 11, 29)


def only(code: str, position: str) -> list[dict[str, Any]]:
    """The record that would fulfil indicator `code`, and nothing else."""
    if code == "diklat_kepemimpinan":
        return [leadership(REQUIRED_LEVEL.get(position, "pkn1"))]
    if code == "diklat_fungsional":
        return [functional()]
    if code == "diklat_teknis":
        return [technical(date(2026, 10, 1), 20)]
    return [seminar(date(2026, 10, 1))]


ALL_RECORDS = ["diklat_kepemimpinan", "diklat_fungsional", "diklat_teknis", "seminar"]

# The §2 table, one row per cell: (indicator, position, points); None where the table has "—".
KOMPETENSI_TABLE = [
    *[("diklat_kepemimpinan", p, 15) for p in STRUCTURAL],
    ("diklat_kepemimpinan", "fungsional", None),
    ("diklat_kepemimpinan", "pelaksana", None),
    *[("diklat_fungsional", p, None) for p in STRUCTURAL],
    ("diklat_fungsional", "fungsional", 15),
    ("diklat_fungsional", "pelaksana", None),
    *[("diklat_teknis", p, 15) for p in STRUCTURAL],
    ("diklat_teknis", "fungsional", 15),
    ("diklat_teknis", "pelaksana", 22.5),
    *[("seminar", p, 10) for p in STRUCTURAL],
    ("seminar", "fungsional", 10),
    ("seminar", "pelaksana", 17.5),
]


@pytest.mark.parametrize(("code", "position", "points"), KOMPETENSI_TABLE)
def test_indicator_points_by_position_type(code: str, position: str, points: float | None) -> None:
    result = scored(profile(position, trainings=only(code, position)))
    item = indicator(result, code)
    if points is None:  # "—": the indicator does not exist for this post, its record earns nothing
        assert item is None
        assert result.dimension_points["kompetensi"] == 0
    else:
        assert (item.points, item.max, item.met) == (points, points, True)
        assert result.dimension_points["kompetensi"] == points


@pytest.mark.parametrize("position", POSITIONS)
def test_maximum_is_40_for_every_position_type(position: str) -> None:
    records = [r for code in ALL_RECORDS for r in only(code, position)]
    result = scored(profile(position, trainings=records))
    assert result.dimension_points["kompetensi"] == 40
    assert result.dimensions["kompetensi"].max == 40
    assert sum(i.max for i in result.dimensions["kompetensi"].indicators) == 40
    assert all(i.met for i in result.dimensions["kompetensi"].indicators)


@pytest.mark.parametrize("position", POSITIONS)
def test_nothing_on_record_scores_zero(position: str) -> None:
    result = scored(profile(position))
    assert result.dimension_points["kompetensi"] == 0
    assert not any(i.met for i in result.dimensions["kompetensi"].indicators)


def test_doing_more_earns_no_bonus() -> None:
    """§2: done-or-not, no partial credit and no bonus for doing more."""
    many = [technical(date(2026, 10, 1), 200), seminar(date(2026, 9, 1)), seminar(date(2026, 8, 1))]
    assert scored(profile("pelaksana", trainings=many)).dimension_points["kompetensi"] == 40
    partial = [technical(date(2026, 10, 1), 19)]
    assert scored(profile("pelaksana", trainings=partial)).dimension_points["kompetensi"] == 0


# Leadership training -------------------------------------------------------------------------------


@pytest.mark.parametrize(("position", "required"), list(REQUIRED_LEVEL.items()))
def test_required_leadership_level_per_position(position: str, required: str) -> None:
    result = scored(profile(position))
    item = indicator(result, "diklat_kepemimpinan")
    assert item.points == 0
    assert (
        result.advice[0].text_args["required"] == required if result.advice[0].code == ("diklat_kepemimpinan") else True
    )
    advice = [a for a in result.advice if a.code == "diklat_kepemimpinan"]
    assert advice and advice[0].text_args["required"] == required and advice[0].gain == 15


def _relative(position: str) -> list[tuple[str, str, str]]:
    """(position, held level, 'below'|'equal'|'above') for every level relative to the required one."""
    required = LEVELS_HIGHEST_FIRST.index(REQUIRED_LEVEL[position])
    rows = []
    for i, level in enumerate(LEVELS_HIGHEST_FIRST):
        relation = "equal" if i == required else ("above" if i < required else "below")
        rows.append((position, level, relation))
    return rows


LEADERSHIP_CASES = [row for position in STRUCTURAL for row in _relative(position)]


@pytest.mark.parametrize(("position", "level", "relation"), LEADERSHIP_CASES)
def test_leadership_level_below_equal_above(position: str, level: str, relation: str) -> None:
    """§2: below the required level scores 0; Decision: a level above it also counts."""
    result = scored(profile(position, trainings=[leadership(level)]))
    item = indicator(result, "diklat_kepemimpinan")
    assert item.points == (0 if relation == "below" else 15)
    assert item.met is (relation != "below")
    assert item.reason


def test_every_relation_is_exercised() -> None:
    assert {r for _, _, r in LEADERSHIP_CASES} == {"below", "equal", "above"}


def test_leadership_has_no_time_window() -> None:
    """§2 Decision: a qualification once earned stays."""
    result = scored(profile("administrator", trainings=[leadership("pka", date(1995, 1, 1))]))
    assert indicator(result, "diklat_kepemimpinan").points == 15


def test_leadership_dated_after_the_assessment_date_does_not_count() -> None:
    """§2: items with no window still need d ≤ D."""
    held = [leadership("pka", AS_OF + timedelta(days=1))]
    assert indicator(scored(profile("administrator", trainings=held)), "diklat_kepemimpinan").points == 0
    assert (
        indicator(scored(profile("administrator", trainings=[leadership("pka", AS_OF)])), "diklat_kepemimpinan").points
        == 15
    )


def test_higher_level_only_counts_when_the_rule_set_says_so(tmp_path: Path) -> None:
    data = default_rules_json()
    data["id"] = "strict-levels"
    data["kompetensi"]["leadership_higher_counts"] = False
    path = write_rules(tmp_path, data)
    above = profile("administrator", trainings=[leadership("pkn2")])
    item = indicator(score(above, as_of=AS_OF, ruleset=str(path)), "diklat_kepemimpinan")
    assert item.points == 0
    assert "di bawah" not in item.reason  # it is above, not below: the reason must not say otherwise
    both = profile("administrator", trainings=[leadership("pkn2"), leadership("pka")])
    assert indicator(score(both, as_of=AS_OF, ruleset=str(path)), "diklat_kepemimpinan").points == 15


# Functional training -------------------------------------------------------------------------------


@pytest.mark.parametrize(("matches", "points"), [(True, 15), (False, 0), (None, 0)])
def test_functional_training_counts_when_the_employee_says_it_matches(matches: bool | None, points: float) -> None:
    """§2 Decision: the employee's answer decides; no answer is not a yes."""
    result = scored(profile("fungsional", trainings=[functional(matches=matches)]))
    assert indicator(result, "diklat_fungsional").points == points


def test_functional_training_has_no_time_window_but_needs_d_before_D() -> None:
    old = scored(profile("fungsional", trainings=[functional(date(1990, 1, 1))]))
    assert indicator(old, "diklat_fungsional").points == 15
    future = scored(profile("fungsional", trainings=[functional(AS_OF + timedelta(days=1))]))
    assert indicator(future, "diklat_fungsional").points == 0


def test_functional_family_credited_automatically_by_a_rule_set(tmp_path: Path) -> None:
    """§2 Decision: a rule set may list functional-post families credited automatically."""
    data = default_rules_json()
    data["id"] = "kudus-reading"
    data["kompetensi"]["functional_auto_families"] = ["dokter", "Guru"]
    path = str(write_rules(tmp_path, data))
    for family in ("guru", " GURU ", "dokter"):
        result = score(profile("fungsional", functional_family=family), as_of=AS_OF, ruleset=path)
        assert indicator(result, "diklat_fungsional").points == 15, family
        assert "kudus-reading" in indicator(result, "diklat_fungsional").reason
    other = score(profile("fungsional", functional_family="arsiparis"), as_of=AS_OF, ruleset=path)
    assert indicator(other, "diklat_fungsional").points == 0
    # The default rule set credits no family (its list is empty).
    default = scored(profile("fungsional", functional_family="guru"))
    assert indicator(default, "diklat_fungsional").points == 0


# Technical training --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jps", "points"),
    [
        ([20], 22.5),
        ([19.5], 0),
        ([12, 8], 22.5),  # reaches 20 only when summed
        ([5, 5, 5, 5], 22.5),
        ([5, 5, 5, 4.5], 0),
        ([10, 9.99], 0),
    ],
)
def test_technical_jp_are_summed_within_the_window(jps: list[float], points: float) -> None:
    trainings = [technical(date(2026, 1, 1) + timedelta(days=30 * i), jp) for i, jp in enumerate(jps)]
    assert max(jps) < 20 or len(jps) == 1
    result = scored(profile("pelaksana", trainings=trainings))
    assert indicator(result, "diklat_teknis").points == points


def test_technical_sum_counts_only_trainings_inside_the_window() -> None:
    inside = technical(WINDOW_12_START, 12)
    outside = technical(WINDOW_12_START - timedelta(days=1), 8)
    result = scored(profile("pelaksana", trainings=[inside, outside]))
    assert indicator(result, "diklat_teknis").points == 0
    assert indicator(result, "diklat_teknis").reason_args["jp"] == 12


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        (WINDOW_12_START, True),  # first day of the window
        (WINDOW_12_START - timedelta(days=1), False),  # 28 Nov 2025: D − 12 months itself
        (AS_OF, True),  # the assessment date itself
        (AS_OF + timedelta(days=1), False),  # after D: never counts
    ],
)
def test_technical_window_edges(day: date, counts: bool) -> None:
    result = scored(profile("fungsional", trainings=[technical(day, 20)]))
    assert indicator(result, "diklat_teknis").points == (15 if counts else 0)


def test_other_kinds_do_not_count_as_technical() -> None:
    others = [training(kind, date(2026, 10, 1), 30) for kind in ("seminar", "lainnya", "fungsional")]
    result = scored(profile("pelaksana", trainings=others))
    assert indicator(result, "diklat_teknis").points == 0


@pytest.mark.parametrize(("hours", "points"), [(15, 22.5), (14.99, 0), (7.5, 0)])
def test_hours_convert_at_60_45_jp_an_hour(hours: float, points: float) -> None:
    """§2: 1 JP = 45 minutes; 15 hours = 20 JP."""
    result = scored(profile("pelaksana", trainings=[{"kind": "teknis", "date": "2026-10-01", "hours": hours}]))
    assert indicator(result, "diklat_teknis").points == points


def test_hours_summed_with_jp() -> None:
    result = scored(
        profile(
            "pelaksana",
            trainings=[
                {"kind": "teknis", "date": "2026-10-01", "hours": 7.5},  # 10 JP
                {"kind": "teknis", "date": "2026-09-01", "jp": 10},
            ],
        )
    )
    assert indicator(result, "diklat_teknis").points == 22.5


# Seminar -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        (WINDOW_24_START, True),
        (WINDOW_24_START - timedelta(days=1), False),
        (date(2026, 1, 1), True),
        (AS_OF, True),
        (AS_OF + timedelta(days=1), False),
    ],
)
def test_seminar_within_24_months(day: date, counts: bool) -> None:
    result = scored(profile("pelaksana", trainings=[seminar(day)]))
    assert indicator(result, "seminar").points == (17.5 if counts else 0)


def test_seminar_needs_no_jp() -> None:
    result = scored(profile("fungsional", trainings=[seminar(date(2026, 5, 1), jp=0)]))
    assert indicator(result, "seminar").points == 10


def test_lainnya_is_not_a_seminar() -> None:
    """Decision: `lainnya` (other learning) counts for the yearly 20 JP only, not for an indicator."""
    result = scored(profile("pelaksana", trainings=[training("lainnya", date(2026, 5, 1), 30)]))
    assert result.dimension_points["kompetensi"] == 0
    assert result.jp_this_year == 30


# Windows, exactly ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2023, 2, 28)),  # the rules' example: clamped to a shorter month
        (date(2026, 11, 28), 12, date(2025, 11, 28)),
        (date(2025, 3, 31), 1, date(2025, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 5, 31), 24, date(2024, 5, 31)),
        (date(2026, 11, 28), 60, date(2021, 11, 28)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_window_on_28_november_2026() -> None:
    """The rules' example: the window is 29 Nov 2025 – 28 Nov 2026; 28 Nov 2025 no longer counts."""
    result = scored(profile("pelaksana", trainings=[technical(date(2025, 11, 28), 20)]))
    item = indicator(result, "diklat_teknis")
    assert item.points == 0
    assert (item.reason_args["start"], item.reason_args["end"]) == ("2025-11-29", "2026-11-28")
    result = scored(profile("pelaksana", trainings=[technical(date(2025, 11, 29), 20)]))
    assert indicator(result, "diklat_teknis").points == 22.5


def test_window_at_the_end_of_february() -> None:
    """29 Feb 2024 − 12 months = 28 Feb 2023: a training on 28 Feb 2023 is out, 1 Mar 2023 is in."""
    as_of = date(2024, 2, 29)
    out = scored(profile("pelaksana", trainings=[technical(date(2023, 2, 28), 20)]), as_of)
    assert indicator(out, "diklat_teknis").points == 0
    inside = scored(profile("pelaksana", trainings=[technical(date(2023, 3, 1), 20)]), as_of)
    assert indicator(inside, "diklat_teknis").points == 22.5


@pytest.mark.parametrize("code", ["diklat_teknis", "seminar"])
def test_records_after_the_assessment_date_never_count(code: str) -> None:
    tomorrow = AS_OF + timedelta(days=1)
    record = technical(tomorrow, 40) if code == "diklat_teknis" else seminar(tomorrow)
    result = scored(profile("pelaksana", trainings=[record]))
    assert indicator(result, code).points == 0
    assert result.jp_this_year == 0


def test_window_bounds_are_the_first_and_last_day() -> None:
    result = scored(profile("pelaksana"))
    args = indicator(result, "seminar").reason_args
    assert args["start"] == (months_before(AS_OF, 24) + timedelta(days=1)).isoformat() == "2024-11-29"
    assert args["end"] == AS_OF.isoformat()


# Decisions that a rule set may change (rules preamble: each decision is a parameter of the rule set) -----


def _rules(tmp_path: Path, **kompetensi: Any) -> str:
    data = default_rules_json()
    data["id"] = "variant"
    data["kompetensi"].update(kompetensi)
    return str(write_rules(tmp_path, data))


def test_default_rule_set_sums_technical_jp_and_has_no_leadership_or_functional_window() -> None:
    data = default_rules_json()["kompetensi"]
    assert data["technical_summed"] is True
    assert data["leadership_window_months"] is None and data["functional_window_months"] is None


def test_technical_training_not_summed_needs_one_training_of_the_minimum(tmp_path: Path) -> None:
    path = _rules(tmp_path, technical_summed=False)
    summed_only = profile("pelaksana", trainings=[technical(date(2026, 3, 1), 12), technical(date(2026, 6, 1), 8)])
    result = score(summed_only, as_of=AS_OF, ruleset=path)
    item = indicator(result, "diklat_teknis")
    assert (item.points, item.reason_key, item.reason_args["jp"]) == (0, "tech.single", 12)
    assert next(a for a in result.advice if a.code == "diklat_teknis").text_args["jp"] == 20
    one = profile("pelaksana", trainings=[technical(date(2026, 3, 1), 12), technical(date(2026, 6, 1), 20)])
    assert indicator(score(one, as_of=AS_OF, ruleset=path), "diklat_teknis").points == 22.5
    # the default rule set sums them
    assert indicator(scored(summed_only), "diklat_teknis").points == 22.5


def test_leadership_window_when_a_rule_set_sets_one(tmp_path: Path) -> None:
    path = _rules(tmp_path, leadership_window_months=60)
    old = profile("administrator", trainings=[leadership("pka", date(2021, 11, 28))])  # D − 60 months
    item = indicator(score(old, as_of=AS_OF, ruleset=path), "diklat_kepemimpinan")
    assert (item.points, item.reason_key) == (0, "outside")
    assert "28 November 2021" in item.reason
    recent = profile("administrator", trainings=[leadership("pka", date(2021, 11, 29))])
    assert indicator(score(recent, as_of=AS_OF, ruleset=path), "diklat_kepemimpinan").points == 15
    assert indicator(scored(old), "diklat_kepemimpinan").points == 15  # the default has no window


def test_functional_window_when_a_rule_set_sets_one(tmp_path: Path) -> None:
    path = _rules(tmp_path, functional_window_months=36)
    old = profile("fungsional", trainings=[functional(date(2023, 11, 28))])
    item = indicator(score(old, as_of=AS_OF, ruleset=path), "diklat_fungsional")
    assert (item.points, item.reason_key) == (0, "outside")
    recent = profile("fungsional", trainings=[functional(date(2023, 11, 29))])
    assert indicator(score(recent, as_of=AS_OF, ruleset=path), "diklat_fungsional").points == 15
    assert indicator(scored(old), "diklat_fungsional").points == 15
