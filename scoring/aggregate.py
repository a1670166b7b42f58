"""§6: the index of a unit, an agency or a team, with its coverage and distribution."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from scoring.result import CategoryName, DimensionName, ScoreResult, UnitSummary
from scoring.ruleset import CATEGORY_NAMES, DIMENSIONS


def mean_2dp(values: list[float]) -> float | None:
    """Arithmetic mean rounded half up to 2 decimals, computed exactly (no float drift at .xx5)."""
    if not values:
        return None
    # Every float is n / 2**k, so over the largest denominator the sum is exact in integers: the same
    # value as summing Fractions, without building one per member (a national map has millions).
    ratios = [float(v).as_integer_ratio() for v in values]
    denominator = max(d for _, d in ratios)
    numerator = sum(n * (denominator // d) for n, d in ratios)
    exact = Fraction(numerator, denominator * len(values))
    rounded = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return float(rounded)


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
    count = members if isinstance(members, int) else len(members)
    if count < 0:
        raise ValueError("members cannot be negative")
    scored = [r for r in results if r is not None]
    if len(scored) > count:  # unofficial results belong to members too, counted or not
        raise ValueError(f"{len(scored)} results for only {count} members")
    measured = scored if include_unofficial else [r for r in scored if r.official]
    distribution: dict[CategoryName, int] = dict.fromkeys(CATEGORY_NAMES, 0)  # type: ignore[arg-type]
    for result in measured:
        distribution[result.category] += 1
    dimension_means: dict[DimensionName, float | None] = {
        name: mean_2dp([r.dimension_points[name] for r in measured]) for name in DIMENSIONS
    }
    return UnitSummary(
        members=count,
        measured=len(measured),
        coverage=round(len(measured) / count, 4) if count else 0.0,
        mean=mean_2dp([r.total for r in measured]),
        distribution=distribution,
        dimension_means=dimension_means,
    )
