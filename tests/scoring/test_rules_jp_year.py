"""Rules §7: the 20 JP yearly development obligation, separate from the index."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from scoring_factories import AS_OF, default_rules_json, leadership, profile, scored, training, write_rules

from scoring import jp_in_year, load_ruleset, score


@pytest.mark.parametrize("kind", ["teknis", "seminar", "lainnya", "fungsional"])
def test_every_kind_of_learning_counts(kind: str) -> None:
    result = scored(profile(trainings=[training(kind, date(2026, 3, 1), 8)]))
    assert (result.jp_this_year, result.jp_shortfall) == (8, 12)


def test_jp_of_the_calendar_year_are_summed() -> None:
    trainings = [
        training("teknis", date(2026, 1, 1), 6),
        training("seminar", date(2026, 6, 30), 4),
        training("lainnya", date(2026, 11, 28), 5),
        training("teknis", date(2025, 12, 31), 40),  # last year: not this year's JP
        training("teknis", date(2026, 11, 29), 40),  # after D: never counts
    ]
    result = scored(profile(trainings=trainings))
    assert (result.jp_this_year, result.jp_shortfall) == (15, 5)
    assert jp_in_year(profile(trainings=trainings).trainings, AS_OF) == 15


@pytest.mark.parametrize(("jp", "shortfall"), [(0, 20), (12.5, 7.5), (19.99, 0.01), (20, 0), (35, 0)])
def test_shortfall_is_max_0_20_minus_jp(jp: float, shortfall: float) -> None:
    result = scored(profile(trainings=[training("lainnya", date(2026, 2, 1), jp)]))
    assert result.jp_this_year == jp
    assert result.jp_shortfall == shortfall


def test_hours_convert_for_the_yearly_obligation() -> None:
    result = scored(profile(trainings=[{"kind": "lainnya", "date": "2026-02-01", "hours": 15}]))
    assert (result.jp_this_year, result.jp_shortfall) == (20, 0)


def test_leadership_training_counts_with_its_jp() -> None:
    held = {**leadership("pka", date(2026, 4, 1)), "jp": 30}
    result = scored(profile("administrator", trainings=[held]))
    assert result.jp_this_year == 30


def test_shortfall_is_about_the_calendar_year_not_the_12_month_window() -> None:
    """On 10 Jan the 12-month window is full, but this year's JP are still what the year holds."""
    result = scored(profile(trainings=[training("teknis", date(2025, 12, 20), 20)]), date(2026, 1, 10))
    assert result.dimension_points["kompetensi"] == 22.5
    assert (result.jp_this_year, result.jp_shortfall) == (0, 20)


def test_a_rule_set_may_narrow_the_kinds_that_count(tmp_path: Path) -> None:
    """§7 Decision (every kind counts) is the rule set's `jp_obligation.kinds`."""
    data = default_rules_json()
    data["id"] = "classroom-only"
    data["jp_obligation"]["kinds"] = ["teknis", "fungsional"]
    path = write_rules(tmp_path, data)
    trainings = [training("teknis", date(2026, 3, 1), 8), training("seminar", date(2026, 4, 1), 10)]
    p = profile(trainings=trainings)
    result = score(p, as_of=AS_OF, ruleset=str(path))
    assert (result.jp_this_year, result.jp_shortfall) == (8, 12)
    assert jp_in_year(p.trainings, AS_OF, load_ruleset(str(path))) == 8
    assert scored(p).jp_this_year == 18
