"""§6: the index of a unit, an agency or a team, with its coverage and distribution."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from scoring.result import CategoryName, DimensionName, ScoreResult, UnitSummary
from scoring.ruleset import CATEGORY_NAMES, DIMENSIONS

_SCALE_BITS = 1074
"""Every finite float is an integer multiple of 2**-1074 (the smallest subnormal): scaled by 2**1074 it is
an integer, and sums of those are exact. The same value as summing Fractions, without one per member."""
SUMMED_FIGURES: tuple[str, ...] = ("total", *DIMENSIONS)
"""The figures a tally sums, in the order of `Tally.sums`."""


def exact(value: float) -> int:
    """`value` × 2**1074, exactly."""
    numerator, denominator = float(value).as_integer_ratio()
    return numerator << (_SCALE_BITS + 1 - denominator.bit_length())


def exact_sum(values: Iterable[float]) -> int:
    """The exact sum of `values`, × 2**1074. Scores take few distinct values (multiples of 0.5), so
    counting them first makes a national sum cost a hash per member rather than a big integer."""
    return sum(exact(value) * times for value, times in Counter(values).items())


def _mean(scaled_sum: int, count: int) -> float | None:
    """`scaled_sum / 2**1074 / count`, rounded half up (away from zero) to 2 decimals with integers only:
    rounding a long decimal expansion first could move a value just under .xx5 onto it."""
    if not count:
        return None
    denominator = count << _SCALE_BITS
    hundredths, remainder = divmod(abs(scaled_sum) * 100, denominator)
    if 2 * remainder >= denominator:
        hundredths += 1
    return (hundredths if scaled_sum >= 0 else -hundredths) / 100


def mean_2dp(values: Sequence[float]) -> float | None:
    """Arithmetic mean rounded half up to 2 decimals, computed exactly (no float drift at .xx5)."""
    return _mean(exact_sum(values), len(values))


@dataclass(frozen=True, slots=True)
class Tally:
    """What §6 needs of a group, before any rounding.

    Tallies of disjoint groups add up to the tally of their union, exactly: a department's index comes from
    its sections' tallies rather than from a second pass over its people, and a database can hand over one
    tally per unit instead of one row per person. `summary()` rounds, once, at the end.
    """

    members: int = 0
    distribution: tuple[int, ...] = (0,) * len(CATEGORY_NAMES)
    """Results counted in the mean, per category in `CATEGORY_NAMES` order."""
    sums: tuple[int, ...] = (0,) * len(SUMMED_FIGURES)
    """Exact sums (`exact`) of those results' totals, then of each dimension's points in `DIMENSIONS` order."""

    def __post_init__(self) -> None:
        if self.members < 0:
            raise ValueError("members cannot be negative")
        if self.measured > self.members:  # every result belongs to a member
            raise ValueError(f"{self.measured} results for only {self.members} members")

    @property
    def measured(self) -> int:
        return sum(self.distribution)

    @classmethod
    def of_group(cls, members: int, category: CategoryName | None = None,
                 sums: Mapping[str, float] | None = None) -> Tally:
        """`members` people, all measured in `category` with these summed figures ("total" and each
        dimension), or none measured (no category). The figures must be exact sums of the floats."""
        if category is None:
            return cls(members)
        if category not in CATEGORY_NAMES:
            raise ValueError(f"unknown category {category!r}")
        if sums is None:
            raise ValueError("a measured group needs its sums")
        distribution = tuple(members if name == category else 0 for name in CATEGORY_NAMES)
        return cls(members, distribution, tuple(exact(sums[name]) for name in SUMMED_FIGURES))

    @classmethod
    def of(cls, results: Iterable[ScoreResult | None], members: int | Collection[object], *,
           include_unofficial: bool = False) -> Tally:
        """The tally of a group whose members' latest results are `results` (see `aggregate`)."""
        count = members if isinstance(members, int) else len(members)
        if count < 0:
            raise ValueError("members cannot be negative")
        scored = [r for r in results if r is not None]
        if len(scored) > count:  # unofficial results belong to members too, counted or not
            raise ValueError(f"{len(scored)} results for only {count} members")
        measured = scored if include_unofficial else [r for r in scored if r.official]
        categories: Counter[str] = Counter(r.category for r in measured)
        return cls(
            count,
            tuple(categories[name] for name in CATEGORY_NAMES),
            (exact_sum(r.total for r in measured),
             *(exact_sum(r.dimension_points[name] for r in measured) for name in DIMENSIONS)),
        )

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.members + other.members,
                     tuple(a + b for a, b in zip(self.distribution, other.distribution, strict=True)),
                     tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)))

    def summary(self) -> UnitSummary:
        measured = self.measured
        distribution: dict[CategoryName, int] = dict(zip(CATEGORY_NAMES, self.distribution, strict=True))  # type: ignore[assignment]
        dimension_means: dict[DimensionName, float | None] = {
            name: _mean(total, measured) for name, total in zip(DIMENSIONS, self.sums[1:], strict=True)
        }
        return UnitSummary(
            members=self.members,
            measured=measured,
            coverage=round(measured / self.members, 4) if self.members else 0.0,
            mean=_mean(self.sums[0], measured),
            distribution=distribution,
            dimension_means=dimension_means,
        )


@dataclass(frozen=True, slots=True)
class Gain:
    """What meeting one indicator would add to a group's mean (rules §6, §8): how many lack it, and the exact
    sum of the points each would gain (scoring's own advice). Gains of disjoint groups add up, like tallies;
    `on_mean` divides by the group's measured members and rounds once, as the mean itself is rounded."""

    people: int = 0
    scaled: int = 0
    """The exact sum of the gains (`exact`)."""

    @classmethod
    def of(cls, gains: Iterable[float]) -> Gain:
        values = list(gains)
        return cls(len(values), exact_sum(values))

    @classmethod
    def of_group(cls, people: int, gain: float) -> Gain:
        """`people` members who would each gain `gain`."""
        return cls(people, exact(gain) * people)

    def __add__(self, other: Gain) -> Gain:
        return Gain(self.people + other.people, self.scaled + other.scaled)

    @property
    def total(self) -> Fraction:
        """The sum of the gains, exactly."""
        return Fraction(self.scaled, 1 << _SCALE_BITS)

    def on_mean(self, measured: int) -> float | None:
        """Points the mean of `measured` results would rise by, rounded half up to 2 decimals (None: nobody
        measured)."""
        return _mean(self.scaled, measured)

    def per_person(self) -> Fraction:
        """The mean gain of one person reached: what ranks interventions (the group's size is the same for all)."""
        return Fraction(self.scaled, (self.people or 1) << _SCALE_BITS)


def aggregate(
    results: Iterable[ScoreResult | None],
    members: int | Collection[object],
    *,
    include_unofficial: bool = False,
) -> UnitSummary:
    """Summarise a group: `results` are the latest results of its members (None: never measured).

    `members` is the number of members (or the members themselves). Members never measured are not
    counted as 0; they lower coverage. Results outside the official measurement (CPNS, PPPK) are left
    out of the mean unless `include_unofficial` (rules §7); left out, they count like unmeasured members
    (they lower coverage). Either way every result must belong to a member: more results than members
    is an error.
    """
    return Tally.of(results, members, include_unofficial=include_unofficial).summary()
