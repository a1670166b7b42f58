"""What the HR and supervisor views show of a group of employees, kept as counts and exact sums.

Figures of disjoint groups add up to the figures of their union (`+`), so a department with its sections,
or a whole agency, is the sum of its units: nobody is read or aggregated twice, and the §6 rounding
happens once, in `summary`.

Both figures of every member are kept (docs/ipasn-rules.md §10): the *verified* tally (official records and
verified claims) and the *declared* one (the employees' own answers not rejected). `basis` names the headline
(the `INDEX_BASIS` setting); the other is shown beside it. Both count the same results (a result is in the
mean or not by its employment status, whatever the basis), so `fully_verified` out of `measured` is the
share of the mean that rests on no pending claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from bot.storage.profiles import Basis
from bot.unitmap.facts import MemberFacts
from scoring.aggregate import Tally
from scoring.result import UnitSummary

BASES = (Basis.VERIFIED, Basis.DECLARED)
"""The bases a view can headline (INDEX_BASIS); the official-only figure is not a view of its own."""


@dataclass(frozen=True)
class Figures:
    verified: Tally = field(default_factory=Tally)
    """Rules §6 over the verified figures: members, and the counts and sums that make the mean."""
    declared: Tally = field(default_factory=Tally)
    """The same over the declared figures."""
    jp_duty: int = 0
    """Members bound by the 20 JP a year (rules §7: PNS and CPNS)."""
    jp_met: int = 0
    outside_official: int = 0
    """Results of CPNS and PPPK among the members (out of the mean unless the setting includes them)."""
    fully_verified: int = 0
    """Results counted in the mean that rest on no pending claim (declared and verified are the same)."""
    basis: Basis = Basis.VERIFIED
    """Which tally is the headline (`tally`, `summary`)."""

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"a view cannot headline the {self.basis} figure")

    @property
    def tally(self) -> Tally:
        """The headline tally."""
        return self.tally_of(self.basis)

    @property
    def other_basis(self) -> Basis:
        return Basis.DECLARED if self.basis is Basis.VERIFIED else Basis.VERIFIED

    def tally_of(self, basis: Basis) -> Tally:
        return self.declared if basis is Basis.DECLARED else self.verified

    @cached_property
    def summary(self) -> UnitSummary:
        """The headline's mean, coverage, distribution and dimension means, as `scoring.aggregate` gives them."""
        return self.tally.summary()

    @cached_property
    def beside(self) -> UnitSummary:
        """The other basis's summary, shown beside the headline."""
        return self.tally_of(self.other_basis).summary()

    def summary_of(self, basis: Basis) -> UnitSummary:
        return self.summary if basis is self.basis else self.beside

    @property
    def verified_share(self) -> float | None:
        """Of the results in the mean, the share that rests on no pending claim (None: nobody measured)."""
        measured = self.verified.measured
        return round(self.fully_verified / measured, 4) if measured else None

    @property
    def jp_share(self) -> float | None:
        return round(self.jp_met / self.jp_duty, 4) if self.jp_duty else None

    def __add__(self, other: Figures) -> Figures:
        if other.basis is not self.basis:
            raise ValueError(f"cannot add {other.basis} figures to {self.basis} figures")
        return Figures(self.verified + other.verified, self.declared + other.declared,
                       self.jp_duty + other.jp_duty, self.jp_met + other.jp_met,
                       self.outside_official + other.outside_official, self.fully_verified + other.fully_verified,
                       self.basis)

    def headlined(self, basis: Basis) -> Figures:
        """The same figures with another headline."""
        return Figures(self.verified, self.declared, self.jp_duty, self.jp_met, self.outside_official,
                       self.fully_verified, basis)


def figures_of(members: Sequence[MemberFacts], include_unofficial: bool, basis: Basis = Basis.VERIFIED) -> Figures:
    """The figures of these people, from each one's facts: `scoring.aggregate`'s tally of each basis."""
    tallies = {b: Tally.of((m.result_of(b) for m in members), len(members), include_unofficial=include_unofficial)
               for b in BASES}
    duty = [m for m in members if m.owes_jp]
    outside = sum(1 for m in members if m.result is not None and not m.result.official)
    checked = sum(1 for m in members if m.result is not None and m.fully_verified
                  and (m.result.official or include_unofficial))
    return Figures(tallies[Basis.VERIFIED], tallies[Basis.DECLARED], len(duty),
                   sum(1 for m in duty if m.shortfall == 0), outside, checked, basis)
