"""Rules §6: a unit's index is the mean of its measured members, with coverage and distribution."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_factories import penalty, profile, scored, seminar, technical

from scoring import ScoreResult, aggregate
from scoring.aggregate import Tally, mean_2dp

RECENT = date(2026, 10, 1)


def result(total_key: str, status: str = "PNS") -> ScoreResult:
    """Results with known totals: 'low' 16, 'rendah' 65.5 … built from real profiles."""
    good = {"year": 2025, "predicate": "sangat_baik"}
    profiles = {
        "low": profile("pelaksana", "s1", employment_status=status),  # 15 + 1·0 + 5 = 20
        "mid": profile(
            "pelaksana",
            "s2",
            trainings=[technical(RECENT)],
            performance=good,
            penalties=[penalty("sedang", date(2026, 1, 1))],
            employment_status=status,
        ),  # 74.5
        "top": profile(
            "pelaksana",
            "s3",
            trainings=[technical(RECENT), seminar(RECENT)],
            performance=good,
            employment_status=status,
        ),  # 100
    }
    return scored(profiles[total_key])


def test_mean_of_measured_members_to_two_decimals() -> None:
    results = [result("low"), result("mid"), result("top")]
    assert [r.total for r in results] == [20, 74.5, 100]
    summary = aggregate(results, 3)
    assert summary.mean == 64.83  # 194.5 / 3 = 64.8333…
    assert (summary.members, summary.measured, summary.coverage) == (3, 3, 1.0)


def test_unmeasured_members_are_not_counted_as_zero() -> None:
    summary = aggregate([result("top"), None, None, result("mid")], 4)
    assert summary.mean == 87.25  # (100 + 74.5) / 2, not / 4
    assert summary.measured == 2
    assert summary.coverage == 0.5


def test_members_may_be_given_as_a_collection() -> None:
    summary = aggregate([result("top")], ["ani", "budi", "citra", "dewi"])
    assert (summary.members, summary.measured, summary.coverage) == (4, 1, 0.25)


def test_distribution_over_the_five_categories() -> None:
    summary = aggregate([result("low"), result("low"), result("mid"), result("top")], 5)
    assert summary.distribution == {"Sangat Tinggi": 1, "Tinggi": 0, "Sedang": 1, "Rendah": 0, "Sangat Rendah": 2}
    assert list(summary.distribution) == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]


def test_mean_of_each_dimension() -> None:
    summary = aggregate([result("low"), result("top")], 2)
    assert summary.dimension_means == {"kualifikasi": 20, "kompetensi": 20, "kinerja": 15, "disiplin": 5}


def test_no_measured_member() -> None:
    summary = aggregate([None, None], 2)
    assert (summary.mean, summary.measured, summary.coverage) == (None, 0, 0.0)
    assert summary.dimension_means == dict.fromkeys(("kualifikasi", "kompetensi", "kinerja", "disiplin"))
    assert sum(summary.distribution.values()) == 0
    empty = aggregate([], 0)
    assert (empty.members, empty.coverage, empty.mean) == (0, 0.0, None)


@pytest.mark.parametrize("status", ["CPNS", "PPPK"])
def test_cpns_and_pppk_are_left_out_by_default(status: str) -> None:
    """§7 Decision: results outside the official measurement stay out of unit means unless included."""
    unofficial = result("low", status)
    assert unofficial.official is False
    summary = aggregate([result("top"), unofficial], 2)
    assert (summary.mean, summary.measured) == (100, 1)
    assert summary.distribution["Sangat Rendah"] == 0
    included = aggregate([result("top"), unofficial], 2, include_unofficial=True)
    assert (included.mean, included.measured, included.coverage) == (60, 2, 1.0)


def test_more_results_than_members_is_refused() -> None:
    with pytest.raises(ValueError, match="members"):
        aggregate([result("top"), result("low")], 1)
    with pytest.raises(ValueError, match="members"):
        aggregate([result("top"), result("low", "PPPK")], 1)  # unofficial results are members too
    with pytest.raises(ValueError, match="negative"):
        aggregate([], -1)


@pytest.mark.parametrize(
    ("values", "mean"),
    [
        ([60.5, 60, 60, 60], 60.13),  # 60.125: half up (round() would give 60.12)
        ([82.5] * 10 + [0.5], 75.05),  # 75.0454…
        ([60.5, 60], 60.25),
        ([10, 10, 11], 10.33),
        ([10, 11, 11], 10.67),
        ([0.125, 0.0], 0.06),  # 0.0625 → 0.06
        ([82.5, 70, 63.5], 72.0),
        # −0.025 plus two of the smallest floats: just off the tie, towards zero. A 28-digit Decimal
        # quotient loses the 1e-324 and rounds away from zero.
        ([0.005, -0.005, -0.125, 5e-324, 5e-324], -0.02),
        ([1e300, 1e300], 1e300),
    ],
)
def test_mean_2dp(values: list[float], mean: float) -> None:
    assert mean_2dp(values) == mean


def _truth(values: list[float]) -> float:
    """The mean of the floats' exact values, rounded half up with enough digits for any of them."""
    exact = sum(map(Fraction, values), Fraction(0)) / len(values)
    with localcontext() as context:
        context.prec = 2_000
        return float((Decimal(exact.numerator) / exact.denominator).quantize(Decimal("0.01"), ROUND_HALF_UP))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 200).map(lambda n: n / 2), st.floats(0, 100),
                          st.floats(-1e6, 1e6), st.sampled_from([5e-324, 0.005, 0.125, 1.15, 1.14])),
                min_size=1, max_size=40))
def test_mean_2dp_is_exact(values: list[float]) -> None:
    assert mean_2dp(values) == _truth(values)


RESULTS = {key: result(key) for key in ("low", "mid", "top")} | {"cpns": result("top", "CPNS")}
people = st.lists(st.one_of(st.none(), st.sampled_from(sorted(RESULTS))), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(people, min_size=1, max_size=5), st.booleans())
def test_tallies_of_parts_add_up_to_the_whole(parts: list[list[str | None]], include_unofficial: bool) -> None:
    """A subtree's index is the sum of its units' tallies: the same summary as aggregating everyone at once."""
    groups = [[RESULTS[key] if key else None for key in part] for part in parts]
    tallies = [Tally.of(group, len(group), include_unofficial=include_unofficial) for group in groups]
    everyone = [r for group in groups for r in group]
    assert sum(tallies, Tally()).summary() == aggregate(everyone, len(everyone), include_unofficial=include_unofficial)


def test_a_group_tally_from_counts_and_sums() -> None:
    """What a database hands over for a group of the same category: its size and summed figures."""
    mids = [RESULTS["mid"]] * 3
    sums = {"total": 3 * 74.5, **{name: 3 * points for name, points in RESULTS["mid"].dimension_points.items()}}
    assert Tally.of_group(3, "Sedang", sums) == Tally.of(mids, 3)
    assert (Tally.of_group(3, "Sedang", sums) + Tally.of_group(2)).summary() == aggregate([*mids, None, None], 5)
    assert Tally.of_group(4).summary() == aggregate([None] * 4, 4)


def test_a_tally_refuses_what_cannot_be() -> None:
    with pytest.raises(ValueError, match="category"):
        Tally.of_group(1, "Luar Biasa", {"total": 1})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sums"):
        Tally.of_group(1, "Sedang")
    with pytest.raises(ValueError, match="members"):
        Tally(1, (1, 1, 0, 0, 0))
    with pytest.raises(ValueError, match="negative"):
        Tally(-1)
