"""Rules §4 Disiplin: the worst penalty whose TMT falls in the 60 months before D, max 5."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from scoring_factories import AS_OF, indicator, penalty, profile, scored

from scoring.dates import months_before

RECENT = date(2025, 6, 1)

DISIPLIN_TABLE = [(None, 5), ("ringan", 3), ("sedang", 2), ("berat", 1)]


@pytest.mark.parametrize(("level", "points"), DISIPLIN_TABLE)
def test_penalty_points(level: str | None, points: float) -> None:
    penalties = [] if level is None else [penalty(level, RECENT)]
    result = scored(profile(penalties=penalties))
    assert result.dimension_points["disiplin"] == points
    item = indicator(result, "hukuman_disiplin")
    assert (item.points, item.max, item.met) == (points, 5, level is None)
    assert item.reason


@pytest.mark.parametrize(
    ("levels", "points"),
    [
        (["ringan", "berat"], 1),
        (["berat", "ringan"], 1),
        (["ringan", "sedang", "ringan"], 2),
        (["sedang", "ringan"], 2),
        (["ringan", "ringan"], 3),
    ],
)
def test_the_worst_penalty_counts(levels: list[str], points: float) -> None:
    penalties = [penalty(level, RECENT - timedelta(days=100 * i)) for i, level in enumerate(levels)]
    assert scored(profile(penalties=penalties)).dimension_points["disiplin"] == points


FIVE_YEARS_BACK = months_before(AS_OF, 60)  # 28 Nov 2021: the window's exclusive lower bound


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        (FIVE_YEARS_BACK + timedelta(days=1), True),  # first day of the window
        (FIVE_YEARS_BACK, False),  # exactly 5 years back: D − 60 months, outside
        (FIVE_YEARS_BACK - timedelta(days=1), False),  # one day more
        (AS_OF, True),
        (AS_OF + timedelta(days=1), False),  # a TMT after D never counts
    ],
)
def test_sixty_month_window_on_the_effective_date(day: date, counts: bool) -> None:
    assert date(2021, 11, 28) == FIVE_YEARS_BACK
    result = scored(profile(penalties=[penalty("berat", day)]))
    assert result.dimension_points["disiplin"] == (1 if counts else 5)


def test_worst_inside_the_window_beats_a_worse_one_outside_it() -> None:
    penalties = [penalty("berat", FIVE_YEARS_BACK), penalty("ringan", RECENT)]
    assert scored(profile(penalties=penalties)).dimension_points["disiplin"] == 3


def test_reason_says_until_when_the_penalty_counts() -> None:
    item = indicator(scored(profile(penalties=[penalty("sedang", date(2024, 1, 15))])), "hukuman_disiplin")
    assert item.reason_args["until"] == "2029-01-14"
    assert "14 Januari 2029" in item.reason


def test_penalty_on_29_february_counts_until_28_february_five_years_later() -> None:
    tmt = date(2024, 2, 29)
    assert scored(profile(penalties=[penalty("berat", tmt)]), date(2029, 2, 28)).dimension_points["disiplin"] == 1
    assert scored(profile(penalties=[penalty("berat", tmt)]), date(2029, 3, 1)).dimension_points["disiplin"] == 5


def test_discipline_is_never_advised() -> None:
    """§8: nothing is advised that the employee cannot change."""
    result = scored(profile(penalties=[penalty("berat", RECENT)]))
    assert all(a.code != "hukuman_disiplin" for a in result.advice)
