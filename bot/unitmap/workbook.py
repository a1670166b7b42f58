"""XLSX workbooks of the unit map and of a team: one sheet per view, written by the one writer.

`/rekap ekspor` and `python -m bot admin report` both call `map_workbook`, so what HR downloads in Telegram
and what the operator writes to disk are the same workbook. Every cell goes through `scoring.io.writing`
(nothing evaluates, typed cells, fitted widths, frozen and filtered header); here is only the layout:

- a summary sheet (the whole scope, or each view of a team);
- units, lowest mean first (as the map ranks them), each code beside its name and its parent's;
- the people ("Pegawai": everyone the map counts; "Anggota" of a team), lowest score first, never measured
  last (there is nothing to rank them by), NIP as text, and what each one lacks (on the map: the stored advice
  of `bot.unitmap.lacks`, what /rekap's drill-down says, in the map's and the team's workbook alike);
- the change since an earlier date (`Compared`, from `bot.targeting.compare.changes`): per unit with its
  sub-units the mean then and now and the difference, units that fell first;
- the notes: the date of the data and the date compared with, the scope and how the figures are counted.

Shares (coverage, the share meeting 20 JP) are fractions with a percent format (0.6667 shows as 66,67%),
means and scores have two decimals, dates are dates. The file's timestamps are the data's date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.profiles import Basis
from bot.texts import Lang, plain
from bot.unitmap.facts import MemberFacts, facts_for_units
from bot.unitmap.figures import Figures
from bot.unitmap.lacks import Lacks, member_lacks
from bot.unitmap.service import UnitInfo, UnitMap, UnitRow
from scoring.io.writing import Column, Kind, XlsxBook
from scoring.result import UnitSummary
from scoring.ruleset import CATEGORY_NAMES, DIMENSIONS
from scoring.texts import DIMENSION_LABELS, day

Cell = str | int | float | datetime | None


def _other(basis: Basis) -> Basis:
    return Basis.DECLARED if basis is Basis.VERIFIED else Basis.VERIFIED


def _figure_columns(lang: Lang, basis: Basis) -> list[Column]:
    """The columns of a summary row, shared by every sheet that lists units or views: the headline basis's
    figures (INDEX_BASIS), then the other basis's mean and the fully verified results."""
    other = plain(f"basis.name.{_other(basis).value}", lang)
    return [
        Column(plain("xlsx.col.members", lang), Kind.COUNT), Column(plain("xlsx.col.measured", lang), Kind.COUNT),
        Column(plain("xlsx.col.coverage", lang), Kind.PERCENT), Column(plain("xlsx.col.mean", lang), Kind.DECIMAL),
        *(Column(name, Kind.COUNT) for name in CATEGORY_NAMES),
        *(Column(DIMENSION_LABELS[lang][name], Kind.DECIMAL) for name in DIMENSIONS),
        Column(plain("xlsx.col.jp_duty", lang), Kind.COUNT), Column(plain("xlsx.col.jp_met", lang), Kind.COUNT),
        Column(plain("xlsx.col.jp_share", lang), Kind.PERCENT), Column(plain("xlsx.col.unofficial", lang), Kind.COUNT),
        Column(plain("xlsx.col.mean_other", lang, other=other), Kind.DECIMAL),
        Column(plain("xlsx.col.fully_verified", lang), Kind.COUNT),
        Column(plain("xlsx.col.verified_share", lang), Kind.PERCENT),
    ]  # fmt: skip


def _figures(figures: Figures) -> list[Cell]:
    summary = figures.summary
    return [
        summary.members, summary.measured, summary.coverage if summary.members else None, summary.mean,
        *(summary.distribution[name] for name in CATEGORY_NAMES),  # type: ignore[index]
        *(summary.dimension_means[name] for name in DIMENSIONS),
        figures.jp_duty, figures.jp_met, figures.jp_share, figures.outside_official,
        figures.beside.mean, figures.fully_verified, figures.verified_share,
    ]  # fmt: skip


def _unit_cells(row: UnitRow, units: dict[int, UnitInfo]) -> list[Cell]:
    parent = units.get(row.unit.parent_id) if row.unit.parent_id is not None else None
    return [row.unit.code, row.unit.name, parent.code if parent else None, parent.name if parent else None,
            *_figures(row.figures)]


class Change(Protocol):
    """One unit's change between two dates (`bot.targeting.compare.Change`, which the map cannot import: the
    comparison is made above it)."""

    @property
    def unit(self) -> UnitInfo: ...
    @property
    def before(self) -> UnitSummary: ...
    @property
    def after(self) -> UnitSummary: ...
    @property
    def delta(self) -> float | None: ...


@dataclass(frozen=True)
class Compared:
    """The map compared with an earlier date."""

    since: date
    changes: Sequence[Change]
    """Each unit with everything below it, the largest fall first (`bot.targeting.compare.changes`)."""


def _change_sheet(book: XlsxBook, lang: Lang, as_of: date, compared: Compared) -> None:
    then, now = day(compared.since, lang), day(as_of, lang)
    book.sheet(plain("xlsx.sheet.change", lang), [
        plain("xlsx.col.code", lang), plain("xlsx.col.unit", lang),
        Column(plain("xlsx.col.mean_on", lang, day=then), Kind.DECIMAL),
        Column(plain("xlsx.col.mean_on", lang, day=now), Kind.DECIMAL),
        Column(plain("xlsx.col.change", lang), Kind.DECIMAL),
        Column(plain("xlsx.col.measured_on", lang, day=then), Kind.COUNT),
        Column(plain("xlsx.col.measured_on", lang, day=now), Kind.COUNT),
    ]).write_all([c.unit.code, c.unit.name, c.before.mean, c.after.mean, c.delta, c.before.measured,
                  c.after.measured] for c in compared.changes)


def _notes(book: XlsxBook, lang: Lang, as_of: datetime, scope: str, include_unofficial: bool,
           basis: Basis, since: date | None = None) -> None:
    unofficial = "xlsx.note.rule_unofficial_included" if include_unofficial else "xlsx.note.rule_unofficial"
    notes = book.sheet(plain("xlsx.sheet.notes", lang), [Column(""), Column("", Kind.DATE)], table=False)
    rows: list[list[Cell]] = [[plain("xlsx.note.as_of", lang), as_of]]
    if since is not None:
        rows.append([plain("xlsx.note.since", lang), datetime.combine(since, time())])
    rows += [
        [plain("xlsx.col.scope", lang), scope],
        [plain("xlsx.note.basis", lang), plain(f"basis.name.{basis.value}", lang)],
        [plain("xlsx.note.rule_basis", lang)],
        [plain("xlsx.note.rule_mean", lang)],
        [plain(unofficial, lang)],
        [plain("xlsx.note.rule_jp", lang)],
    ]
    if since is not None:
        rows.append([plain("xlsx.note.rule_change", lang)])
    notes.write_all(rows)


@dataclass(frozen=True)
class MapPeople:
    """The people of a workbook (a map's or a team's), with what each one lacks."""

    members: Sequence[MemberFacts]
    lacks: Mapping[int, Lacks]
    """By employee id, on the map's headline basis (`bot.unitmap.lacks.member_lacks`)."""


async def map_members(session: AsyncSession, found: UnitMap) -> MapPeople:
    """Everyone the map counts (its units' active employees; for every unit, those without one too), read
    the way the map reads people when the database cannot sum (`facts_for_units`), and what each lacks."""
    members = await facts_for_units(session, None if found.scope is None else set(found.units), found.as_of)
    return MapPeople(members, await member_lacks(session, members, found.basis))


def map_workbook(found: UnitMap, people: MapPeople, lang: Lang, compared: Compared) -> bytes:
    """Summary of the scope, each unit on its own, each unit with its sub-units, each person (`people`, from
    `map_members`), the change since `compared.since`, and how it is counted (`bot.targeting.export.map_export`
    reads all of it and calls this)."""
    book = XlsxBook()
    stamp = datetime.combine(found.as_of, time())
    units = dict(found.units)
    unit_header: list[str | Column] = [plain("xlsx.col.code", lang), plain("xlsx.col.unit", lang),
                                       plain("xlsx.col.parent", lang), plain("xlsx.col.parent_name", lang),
                                       *_figure_columns(lang, found.basis)]
    scope = f"{found.scope.code} {found.scope.name}" if found.scope else plain("xlsx.note.scope_all", lang)
    book.sheet(plain("xlsx.sheet.summary", lang), [plain("xlsx.col.scope", lang),
                                                   *_figure_columns(lang, found.basis)]).write(
        [scope, *_figures(found.total.figures)])
    book.sheet(plain("xlsx.sheet.own", lang), unit_header).write_all(_unit_cells(row, units) for row in found.own)
    book.sheet(plain("xlsx.sheet.tree", lang), unit_header).write_all(_unit_cells(row, units) for row in found.tree)
    book.sheet(plain("xlsx.sheet.people", lang), _member_columns(lang, found.basis, direct=False)).write_all(
        _member_cells(m, lang, units, None, found.basis, people.lacks[m.employee_id].text(lang))
        for m in lowest_first(people.members, found.basis))
    _change_sheet(book, lang, found.as_of, compared)
    _notes(book, lang, stamp, scope, found.include_unofficial, found.basis, compared.since)
    return book.to_bytes(stamp=stamp)


def _member_columns(lang: Lang, basis: Basis, *, direct: bool) -> list[Column]:
    head = [Column(plain("xlsx.col.nip", lang)), Column(plain("xlsx.col.name", lang)),
            Column(plain("xlsx.col.code", lang)), Column(plain("xlsx.col.unit", lang)),
            Column(plain("xlsx.col.status", lang))]
    if direct:
        head.append(Column(plain("xlsx.col.direct", lang)))
    return [*head, Column(plain("xlsx.col.total", lang), Kind.DECIMAL), Column(plain("xlsx.col.category", lang)),
            Column(plain("xlsx.col.assessed_on", lang), Kind.DATE), Column(plain("xlsx.col.official", lang)),
            *(Column(DIMENSION_LABELS[lang][name], Kind.DECIMAL) for name in DIMENSIONS),
            Column(plain("xlsx.col.jp", lang), Kind.DECIMAL), Column(plain("xlsx.col.shortfall", lang), Kind.DECIMAL),
            Column(plain("xlsx.col.total_other", lang, other=plain(f"basis.name.{_other(basis).value}", lang)),
                   Kind.DECIMAL),
            Column(plain("xlsx.col.member_fully_verified", lang)), Column(plain("xlsx.col.lacks", lang))]


def lowest_first(members: Sequence[MemberFacts], basis: Basis = Basis.VERIFIED) -> list[MemberFacts]:
    """People by their latest score on the headline basis ascending; never measured last; then by name and NIP
    (a stable order)."""
    def key(m: MemberFacts) -> tuple[bool, float, str, str]:
        result = m.result_of(basis)
        return (result is None, result.total if result else 0.0, m.name, m.nip)

    return sorted(members, key=key)


def _member_cells(member: MemberFacts, lang: Lang, units: dict[int, UnitInfo], direct: bool | None,
                  basis: Basis, lacking: str) -> list[Cell]:
    """One person: the headline basis's score, category and dimensions; after the JP the other basis's score
    and whether the latest figure is fully verified; what they lack (`lacking`) last."""
    result, other = member.result_of(basis), member.result_of(_other(basis))
    yes, no = plain("xlsx.yes", lang), plain("xlsx.no", lang)
    unit = units.get(member.unit_id) if member.unit_id is not None else None
    head: list[Cell] = [member.nip, member.name, unit.code if unit else None, unit.name if unit else None,
                        member.status.value]
    if direct is not None:
        head.append(yes if direct else no)
    return [
        *head,
        result.total if result else None, result.category if result else None,
        datetime.combine(member.assessed_on, time()) if member.assessed_on else None,
        (yes if result.official else no) if result else None,
        *((result.dimension_points[name] if result else None) for name in DIMENSIONS),
        round(member.jp, 4), member.shortfall if member.owes_jp else None,
        other.total if other else None, (yes if member.fully_verified else no) if result else None, lacking,
    ]  # fmt: skip


def team_workbook(
    views: Sequence[tuple[str, Figures]],
    people: MapPeople,
    direct_ids: frozenset[int],
    units: dict[int, UnitInfo],
    *,
    lang: Lang,
    as_of: datetime,
    scope: str,
    include_unofficial: bool,
    basis: Basis = Basis.VERIFIED,
) -> bytes:
    """`views`: (label, figures) for each view of the team; `people`: its members and what each lacks
    (`bot.unitmap.lacks.member_lacks`, as on the map's workbook); `units`: the members' units by id; `basis`: the
    headline (INDEX_BASIS)."""
    book = XlsxBook()
    book.sheet(plain("xlsx.sheet.summary", lang), [plain("xlsx.col.view", lang),
                                                   *_figure_columns(lang, basis)]).write_all(
        [label, *_figures(figures)] for label, figures in views)
    book.sheet(plain("xlsx.sheet.members", lang), _member_columns(lang, basis, direct=True)).write_all(
        _member_cells(m, lang, units, m.employee_id in direct_ids, basis, people.lacks[m.employee_id].text(lang))
        for m in lowest_first(people.members, basis))
    _notes(book, lang, as_of, scope, include_unofficial, basis)
    return book.to_bytes(stamp=as_of)
