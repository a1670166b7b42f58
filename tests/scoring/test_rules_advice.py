"""Rules §8: advice names what would raise each indicator and by how much, largest gain first."""

from __future__ import annotations

from datetime import date

import pytest
from scoring_factories import (
    AS_OF,
    functional,
    leadership,
    penalty,
    profile,
    scored,
    seminar,
    technical,
)

from scoring.dates import in_window

BAIK = {"year": 2025, "predicate": "baik"}
SANGAT_BAIK = {"year": 2025, "predicate": "sangat_baik"}


def test_advice_is_ordered_by_gain() -> None:
    result = scored(profile("pelaksana", "s1", performance=BAIK))
    gains = [a.gain for a in result.advice]
    assert gains == sorted(gains, reverse=True)
    assert [(a.code, a.gain) for a in result.advice] == [("diklat_teknis", 22.5), ("seminar", 17.5), ("skp", 5)]


def test_every_changeable_indicator_below_its_maximum_is_advised() -> None:
    result = scored(profile("administrator", "s1"))
    codes = {a.code for a in result.advice}
    assert codes == {"diklat_kepemimpinan", "diklat_teknis", "seminar", "skp"}
    for item in result.dimensions["kompetensi"].indicators:
        advice = next(a for a in result.advice if a.code == item.code)
        assert advice.gain == item.max - item.points
    assert all(a.text and f"+{a.gain:g}".replace(".", ",") in a.text for a in result.advice)


def test_nothing_advised_when_everything_is_at_its_maximum() -> None:
    full = profile(
        "fungsional",
        "s3",
        trainings=[functional(), technical(date(2026, 10, 1)), seminar(date(2026, 10, 1))],
        performance=SANGAT_BAIK,
    )
    result = scored(full)
    assert result.total == 100
    assert result.advice == []


def test_penalty_is_not_advised_even_when_it_is_the_only_gap() -> None:
    p = profile(
        "fungsional",
        "s3",
        trainings=[functional(), technical(date(2026, 10, 1)), seminar(date(2026, 10, 1))],
        performance=SANGAT_BAIK,
        penalties=[penalty("berat", date(2026, 1, 1))],
    )
    assert scored(p).advice == []


def test_education_is_not_advised_while_other_gaps_remain() -> None:
    result = scored(profile("fungsional", "s1", trainings=[functional()]))
    assert "pendidikan" not in {a.code for a in result.advice}


@pytest.mark.parametrize(
    ("education", "target", "gain"),
    [
        ("none", "slta", 4),
        ("sltp", "slta", 4),
        ("slta", "d3", 5),
        ("d2", "d3", 5),
        ("d3", "d4", 5),
        ("s1", "s2", 5),
        ("d4", "s2", 5),
        ("profesi", "s2", 5),
        ("s2", "s3", 5),
        ("spesialis", "s3", 5),
    ],
)
def test_education_is_advised_when_it_is_the_remaining_gap(education: str, target: str, gain: float) -> None:
    p = profile(
        "fungsional",
        education,
        trainings=[functional(), technical(date(2026, 10, 1)), seminar(date(2026, 10, 1))],
        performance=SANGAT_BAIK,
        penalties=[penalty("ringan", date(2026, 1, 1))],
    )  # a penalty is no gap one can close
    advice = scored(p).advice
    assert [(a.code, a.text_args["education"], a.gain) for a in advice] == [("pendidikan", target, gain)]


@pytest.mark.parametrize("education", ["s3", "subspesialis"])
def test_no_education_advice_at_the_top(education: str) -> None:
    p = profile(
        "pelaksana",
        education,
        trainings=[technical(date(2026, 10, 1)), seminar(date(2026, 10, 1))],
        performance=SANGAT_BAIK,
    )
    assert scored(p).advice == []


def test_technical_advice_names_the_missing_jp_and_the_deadline() -> None:
    """Decision: the deadline is the last day the oldest counted technical training stays counted."""
    p = profile("pelaksana", trainings=[technical(date(2026, 3, 10), 12), technical(date(2026, 6, 1), 0.5)])
    advice = next(a for a in scored(p).advice if a.code == "diklat_teknis")
    assert advice.text_args["jp"] == 7.5
    assert advice.deadline == date(2027, 3, 9)
    assert in_window(date(2026, 3, 10), advice.deadline, 12)
    assert not in_window(date(2026, 3, 10), date(2027, 3, 10), 12)
    assert "7,5 JP" in advice.text and "9 Maret 2027" in advice.text and "+22,5" in advice.text


def test_technical_advice_rounds_the_missing_jp_up() -> None:
    p = profile("pelaksana", trainings=[{"kind": "teknis", "date": "2026-06-01", "hours": 1}])  # 1.333 JP
    advice = next(a for a in scored(p).advice if a.code == "diklat_teknis")
    assert advice.text_args["jp"] == 18.67  # 18.666…: rounding down would leave the sum short


def test_technical_advice_without_any_training() -> None:
    advice = next(a for a in scored(profile("pelaksana")).advice if a.code == "diklat_teknis")
    assert advice.deadline is None
    assert advice.text_args["jp"] == 20 and advice.text_args["months"] == 12


def test_leadership_advice_names_the_required_level() -> None:
    result = scored(profile("jpt_pratama", trainings=[leadership("pka")]))
    advice = next(a for a in result.advice if a.code == "diklat_kepemimpinan")
    assert advice.text_args["required"] == "pkn2" and "PKN Tingkat II" in advice.text


def test_performance_advice() -> None:
    advice = next(a for a in scored(profile(performance=BAIK)).advice if a.code == "skp")
    assert (advice.gain, advice.text_args["predicate"]) == (5, "sangat_baik")
    assert "Sangat Baik" in advice.text


def test_advice_in_english() -> None:
    advice = scored(profile()).advice
    assert all(a.text_in("en") and a.text_in("en") != a.text for a in advice)


def test_reasons_name_the_record() -> None:
    p = profile(
        "pelaksana",
        trainings=[technical(date(2026, 3, 10), 12, title="Pengelolaan Arsip"), seminar(date(2025, 11, 20))],
    )
    result = scored(p)
    items = {i.code: i for i in result.dimensions["kompetensi"].indicators}
    assert "12 JP" in items["diklat_teknis"].reason
    assert "20 November 2025" in items["seminar"].reason
    assert all(i.reason_in("en") for i in items.values())
    assert AS_OF.isoformat() == items["diklat_teknis"].reason_args["end"]
