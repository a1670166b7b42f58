"""Rules §1 Kualifikasi: the highest formal education held, max 25."""

from __future__ import annotations

import pytest
from scoring_factories import POSITIONS, indicator, profile, scored

# One row per education level of the §1 table, including the Decision on professional degrees
# (KKNI: profesi = S-1, spesialis = S-2, subspesialis = S-3).
EDUCATION_TABLE = [
    ("s3", 25),
    ("subspesialis", 25),
    ("s2", 20),
    ("spesialis", 20),
    ("s1", 15),
    ("d4", 15),
    ("profesi", 15),
    ("d3", 10),
    ("d2", 5),
    ("d1", 5),
    ("slta", 5),
    ("sltp", 1),
    ("sd", 1),
    ("none", 1),
]


@pytest.mark.parametrize(("education", "points"), EDUCATION_TABLE)
def test_education_points(education: str, points: float) -> None:
    result = scored(profile("pelaksana", education))
    assert result.dimension_points["kualifikasi"] == points
    assert result.dimensions["kualifikasi"].points == points
    assert result.dimensions["kualifikasi"].max == 25
    item = indicator(result, "pendidikan")
    assert (item.points, item.max, item.met) == (points, 25, points == 25)
    assert item.reason  # a readable sentence naming the level


def test_table_covers_every_education_level() -> None:
    from scoring import Education

    assert {e for e, _ in EDUCATION_TABLE} == {e.value for e in Education}


@pytest.mark.parametrize("position", POSITIONS)
def test_whether_education_matches_the_post_does_not_matter(position: str) -> None:
    """§1 Decision: only the highest level counts, the same for every position type (2019 rules)."""
    assert scored(profile(position, "s2")).dimension_points["kualifikasi"] == 20


@pytest.mark.parametrize(
    ("alias", "points"),
    [("S-3", 25), ("S-2", 20), ("S-1", 15), ("D-IV", 15), ("D-III", 10), ("SMA", 5), ("SMK", 5), ("SMP", 1)],
)
def test_education_aliases_score_like_their_level(alias: str, points: float) -> None:
    assert scored(profile("pelaksana", alias)).dimension_points["kualifikasi"] == points
