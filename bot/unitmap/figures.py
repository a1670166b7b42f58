"""What the HR and supervisor views show of a group of employees, kept as counts and exact sums.

Figures of disjoint groups add up to the figures of their union (`+`), so a department with its sections,
or a whole agency, is the sum of its units: nobody is read or aggregated twice, and the §6 rounding
happens once, in `summary`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from bot.unitmap.facts import MemberFacts
from scoring.aggregate import Tally
from scoring.result import UnitSummary


@dataclass(frozen=True)
class Figures:
    tally: Tally = field(default_factory=Tally)
    """Rules §6: members, and the counts and sums of the results that make the mean."""
    jp_duty: int = 0
    """Members bound by the 20 JP a year (rules §7: PNS and CPNS)."""
    jp_met: int = 0
    outside_official: int = 0
    """Results of CPNS and PPPK among the members (out of the mean unless the setting includes them)."""

    @cached_property
    def summary(self) -> UnitSummary:
        """Mean, coverage, distribution and dimension means, as `scoring.aggregate` gives them."""
        return self.tally.summary()

    @property
    def jp_share(self) -> float | None:
        return round(self.jp_met / self.jp_duty, 4) if self.jp_duty else None

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.tally + other.tally, self.jp_duty + other.jp_duty, self.jp_met + other.jp_met,
                       self.outside_official + other.outside_official)


def figures_of(members: Sequence[MemberFacts], include_unofficial: bool) -> Figures:
    """The figures of these people, from each one's facts."""
    tally = Tally.of((m.result for m in members), len(members), include_unofficial=include_unofficial)
    duty = [m for m in members if m.owes_jp]
    outside = sum(1 for m in members if m.result is not None and not m.result.official)
    return Figures(tally, len(duty), sum(1 for m in duty if m.shortfall == 0), outside)
