"""Rules §3 Kinerja: the most recent annual appraisal (SKP), max 30."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from scoring_factories import AS_OF, indicator, profile, scored

from scoring import Profile

# The §3 table: predicate rows, including the 2022 predicates mapped by analogy.
PREDICATE_TABLE = [
    ("sangat_baik", 30),
    ("baik", 25),
    ("cukup", 15),
    ("butuh_perbaikan", 15),
    ("kurang", 5),
    ("buruk", 1),
    ("sangat_kurang", 1),
]


@pytest.mark.parametrize(("predicate", "points"), PREDICATE_TABLE)
def test_predicate_points(predicate: str, points: float) -> None:
    result = scored(profile(performance={"year": 2025, "predicate": predicate}))
    assert result.dimension_points["kinerja"] == points
    item = indicator(result, "skp")
    assert (item.points, item.max, item.met) == (points, 30, points == 30)


@pytest.mark.parametrize(
    ("label", "points"),
    [
        ("Sangat Baik", 30),
        ("Baik", 25),
        ("Cukup", 15),
        ("Butuh Perbaikan", 15),
        ("Kurang/Misconduct", 5),
        ("Kurang", 5),
        ("Buruk", 1),
        ("Sangat Kurang", 1),
    ],
)
def test_predicates_as_written_on_the_appraisal(label: str, points: float) -> None:
    assert scored(profile(performance={"year": 2023, "predicate": label})).dimension_points["kinerja"] == points


# The §3 table's numeric column (old SKP, PP 46/2011): "> above" thresholds, so values between bands
# (90.5, 50.5) fall in the higher band (Decision).
NUMERIC_EDGES = [
    (100, 30),
    (90.5, 30),
    (90.01, 30),
    (90, 25),
    (75.5, 25),
    (75.01, 25),
    (75, 15),
    (60.5, 15),
    (60, 5),
    (50.5, 5),
    (50, 1),
    (0, 1),
]


@pytest.mark.parametrize(("value", "points"), NUMERIC_EDGES)
def test_numeric_skp_bands(value: float, points: float) -> None:
    result = scored(profile(performance={"year": 2019, "score": value}))
    assert result.dimension_points["kinerja"] == points


@pytest.mark.parametrize(("value", "points"), [(95, 30), (80, 25), (70, 15), (55, 5), (40, 1)])
def test_numeric_skp_band_interiors(value: float, points: float) -> None:
    """One value inside each band of the BKN form (91–100, 76–90, 61–75, 51–60, ≤ 50)."""
    assert scored(profile(performance={"year": 2018, "score": value})).dimension_points["kinerja"] == points


def test_numeric_score_without_a_year_is_read_as_the_old_scale() -> None:
    assert scored(profile(performance={"score": 91})).dimension_points["kinerja"] == 30


@pytest.mark.parametrize("year", [2020, 2021, 2022, 2025])
def test_numeric_score_of_2020_on_is_refused(year: int) -> None:
    """§3: appraisals from 2020 on (0–120 scale, then predicates) are scored by their predicate."""
    with pytest.raises(ValidationError, match="predicate"):
        profile(performance={"year": year, "score": 95})


@pytest.mark.parametrize("absent", [True, False])
def test_no_appraisal_scores_zero(absent: bool) -> None:
    data: dict[str, object] = {"position": "pelaksana", "education": "s1"}
    if not absent:
        data["performance"] = None
    result = scored(Profile.model_validate(data))
    assert result.dimension_points["kinerja"] == 0
    advice = [a for a in result.advice if a.code == "skp"]
    assert advice and advice[0].gain == 30


def test_appraisal_of_a_year_after_the_assessment_date_is_not_counted() -> None:
    """Decision: an appraisal year after as_of.year is a record after D (rules §2), so it scores 0."""
    result = scored(profile(performance={"year": AS_OF.year + 1, "predicate": "sangat_baik"}))
    assert result.dimension_points["kinerja"] == 0
    this_year = scored(profile(performance={"year": AS_OF.year, "predicate": "sangat_baik"}))
    assert this_year.dimension_points["kinerja"] == 30


def test_old_appraisals_still_count() -> None:
    """Decision: no age limit on the most recent SKP (the rules name none)."""
    result = scored(profile(performance={"year": 2012, "predicate": "baik"}))
    assert result.dimension_points["kinerja"] == 25
