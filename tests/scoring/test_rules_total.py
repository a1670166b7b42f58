"""Rules §5: the total is the exact sum of the four dimensions; categories have exclusive lower edges."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from scoring_factories import (
    AS_OF,
    default_rules_json,
    leadership,
    penalty,
    profile,
    scored,
    seminar,
    technical,
    write_rules,
)

from scoring import Profile, category_of, load_ruleset, score

CATEGORY_TABLE = [
    (100, "Sangat Tinggi"),
    (90.5, "Sangat Tinggi"),
    (90.01, "Sangat Tinggi"),
    (90, "Tinggi"),
    (85, "Tinggi"),
    (80.5, "Tinggi"),
    (80, "Sedang"),
    (75, "Sedang"),
    (70.5, "Sedang"),
    (70, "Rendah"),
    (65, "Rendah"),
    (60.5, "Rendah"),
    (60, "Sangat Rendah"),
    (30, "Sangat Rendah"),
    (0, "Sangat Rendah"),
]


@pytest.mark.parametrize(("total", "category"), CATEGORY_TABLE)
def test_category_of_a_total(total: float, category: str) -> None:
    assert category_of(total) == category
    assert category_of(total, load_ruleset("perban-bkn-8-2019")) == category


RECENT = date(2026, 10, 1)


def _profile(total: float) -> Profile:
    """A real profile that scores exactly `total` under the default rule set."""
    good, baik = {"year": 2025, "predicate": "sangat_baik"}, {"year": 2025, "predicate": "baik"}
    ringan = [penalty("ringan", date(2025, 1, 1))]
    profiles: dict[float, Profile] = {
        # 15 (S-1) + 15 (technical) + 25 (Baik) + 5 = 60
        60: profile("fungsional", "s1", trainings=[technical(RECENT)], performance=baik),
        # 15 + 17.5 (pelaksana seminar) + 25 + 3 (ringan) = 60.5
        60.5: profile("pelaksana", "s1", trainings=[seminar(RECENT)], performance=baik, penalties=ringan),
        # 15 + 25 (technical + seminar) + 25 + 5 = 70
        70: profile("fungsional", "s1", trainings=[technical(RECENT), seminar(RECENT)], performance=baik),
        # 20 (S-2) + 22.5 (pelaksana technical) + 25 + 3 = 70.5
        70.5: profile("pelaksana", "s2", trainings=[technical(RECENT)], performance=baik, penalties=ringan),
        # 20 + 25 + 30 + 5 = 80
        80: profile("pengawas", "s2", trainings=[technical(RECENT), seminar(RECENT)], performance=good),
        # 25 (S-3) + 22.5 + 30 + 3 = 80.5
        80.5: profile("pelaksana", "s3", trainings=[technical(RECENT)], performance=good, penalties=ringan),
        # 25 + 30 (leadership + technical) + 30 + 5 = 90
        90: profile("administrator", "s3", trainings=[leadership("pka"), technical(RECENT)], performance=good),
        # 25 + 40 + 30 + 5 = 100
        100: profile("pelaksana", "subspesialis", trainings=[technical(RECENT), seminar(RECENT)], performance=good),
    }
    return profiles[total]


@pytest.mark.parametrize(
    ("total", "category"),
    [
        (60, "Sangat Rendah"),
        (60.5, "Rendah"),
        (70, "Rendah"),
        (70.5, "Sedang"),
        (80, "Sedang"),
        (80.5, "Tinggi"),
        (90, "Tinggi"),
        (100, "Sangat Tinggi"),
    ],
)
def test_profiles_scoring_exactly_an_edge(total: float, category: str) -> None:
    result = scored(_profile(total))
    assert result.total == total
    assert result.category == category


def test_total_90_5_with_a_rule_set_that_can_reach_it(tmp_path: Path) -> None:
    """The default rule set cannot produce 90.5 (its only halves are pelaksana's 22.5/17.5, which cap a
    pelaksana at 82.5 with one of them); a rule set that can shows 90.5 is Sangat Tinggi."""
    data = default_rules_json()
    data["id"] = "halves"
    data["kompetensi"]["points"]["pelaksana"] = {"diklat_teknis": 30.5, "seminar": 9.5}
    path = write_rules(tmp_path, data)
    p = profile(
        "pelaksana", "s3", trainings=[technical(RECENT)], performance={"year": 2025, "predicate": "sangat_baik"}
    )
    result = score(p, as_of=AS_OF, ruleset=str(path))
    assert (result.total, result.category, result.ruleset) == (90.5, "Sangat Tinggi", "halves")


def test_total_is_the_sum_of_the_dimensions_and_never_rounded() -> None:
    result = scored(_profile(60.5))
    assert result.total == sum(result.dimension_points.values()) == 60.5
    assert result.total == sum(d.points for d in result.dimensions.values())
    assert result.total == sum(i.points for d in result.dimensions.values() for i in d.indicators)


def test_lowest_and_highest_possible_totals() -> None:
    lowest = profile("jpt_utama", "none", penalties=[penalty("berat", date(2026, 1, 1))])
    result = scored(lowest)
    assert (result.total, result.category) == (2, "Sangat Rendah")  # 1 (education) + 0 + 0 + 1


def test_result_carries_rule_set_and_date() -> None:
    result = scored(_profile(70))
    assert (result.ruleset, result.as_of) == ("perban-bkn-8-2019", AS_OF)
    assert set(result.dimensions) == {"kualifikasi", "kompetensi", "kinerja", "disiplin"}
    assert {name: d.max for name, d in result.dimensions.items()} == {
        "kualifikasi": 25,
        "kompetensi": 40,
        "kinerja": 30,
        "disiplin": 5,
    }


def test_result_json_has_the_contract_fields() -> None:
    data: dict[str, Any] = scored(_profile(70)).model_dump(mode="json")
    for field in ("total", "category", "dimensions", "advice", "ruleset", "as_of", "jp_this_year", "jp_shortfall"):
        assert field in data
    for dimension in data["dimensions"].values():
        assert {"points", "max", "indicators"} <= set(dimension)
        for item in dimension["indicators"]:
            assert {"code", "points", "max", "met", "reason"} <= set(item)


def test_default_as_of_is_today_in_the_configured_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    from scoring.dates import today_in_timezone

    monkeypatch.setenv("TIMEZONE", "Asia/Jakarta")
    before = today_in_timezone("Asia/Jakarta")
    result = score(_profile(70))
    assert result.as_of in {before, today_in_timezone("Asia/Jakarta")}  # a midnight may pass
