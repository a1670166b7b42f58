"""XLSX workbooks of the unit map and of a team: one sheet per view, numbers as numbers.

`/rekap ekspor` and `python -m bot admin report` both call `map_workbook`, so what HR downloads in Telegram
and what the operator writes to disk are the same workbook. The file's timestamps are the data's date,
not the moment of writing, so the same data gives the same file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime, time

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from bot.texts import Lang, plain
from bot.unitmap.facts import MemberFacts
from bot.unitmap.figures import Figures
from bot.unitmap.service import UnitMap, UnitRow
from scoring.ruleset import CATEGORY_NAMES, DIMENSIONS
from scoring.texts import DIMENSION_LABELS

Cell = str | int | float | None


def _header(lang: Lang) -> list[str]:
    """The columns of a summary row, shared by every sheet that lists units or views."""
    return [
        plain("xlsx.col.members", lang), plain("xlsx.col.measured", lang), plain("xlsx.col.coverage", lang),
        plain("xlsx.col.mean", lang), *CATEGORY_NAMES, *(DIMENSION_LABELS[lang][name] for name in DIMENSIONS),
        plain("xlsx.col.jp_duty", lang), plain("xlsx.col.jp_met", lang), plain("xlsx.col.jp_share", lang),
        plain("xlsx.col.unofficial", lang),
    ]  # fmt: skip


def _figures(figures: Figures) -> list[Cell]:
    summary = figures.summary
    return [
        summary.members, summary.measured, summary.coverage if summary.members else None, summary.mean,
        *(summary.distribution[name] for name in CATEGORY_NAMES),  # type: ignore[index]
        *(summary.dimension_means[name] for name in DIMENSIONS),
        figures.jp_duty, figures.jp_met, figures.jp_share, figures.outside_official,
    ]  # fmt: skip


def _unit_cells(row: UnitRow, parents: dict[int, str]) -> list[Cell]:
    parent = parents.get(row.unit.parent_id) if row.unit.parent_id is not None else None
    return [row.unit.code, row.unit.name, parent,
            *_figures(row.figures)]


def _sheet(book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Worksheet:
    sheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    return sheet


def _notes(book: Workbook, lang: Lang, as_of: datetime, scope: str, include_unofficial: bool) -> None:
    unofficial = "xlsx.note.rule_unofficial_included" if include_unofficial else "xlsx.note.rule_unofficial"
    _sheet(book, plain("xlsx.sheet.notes", lang), [plain("xlsx.note.as_of", lang), as_of.date().isoformat()], [
        [plain("xlsx.note.scope", lang), scope],
        [plain("xlsx.note.rule_mean", lang)],
        [plain(unofficial, lang)],
        [plain("xlsx.note.rule_jp", lang)],
    ])


def _bytes(book: Workbook, stamp: datetime) -> bytes:
    book.properties.created = stamp
    book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def map_workbook(found: UnitMap, lang: Lang) -> bytes:
    """Summary of the scope, each unit on its own, each unit with its sub-units, and how it is counted."""
    book = Workbook()
    book.remove(book.active)
    stamp = datetime.combine(found.as_of, time())
    codes = {row.unit.id: row.unit.code for row in found.tree if row.unit.id is not None}
    codes.update({row.unit.id: row.unit.code for row in found.own if row.unit.id is not None})
    unit_header = [plain("xlsx.col.code", lang), plain("xlsx.col.unit", lang), plain("xlsx.col.parent", lang),
                   *_header(lang)]
    scope = f"{found.scope.code} {found.scope.name}" if found.scope else plain("xlsx.note.scope_all", lang)
    _sheet(book, plain("xlsx.sheet.summary", lang), [plain("xlsx.note.scope", lang), *_header(lang)],
           [[scope, *_figures(found.total.figures)]])
    _sheet(book, plain("xlsx.sheet.own", lang), unit_header, (_unit_cells(row, codes) for row in found.own))
    _sheet(book, plain("xlsx.sheet.tree", lang), unit_header, (_unit_cells(row, codes) for row in found.tree))
    _notes(book, lang, stamp, scope, found.include_unofficial)
    return _bytes(book, stamp)


def _member_cells(member: MemberFacts, lang: Lang, direct: bool, units: dict[int, str]) -> list[Cell]:
    result = member.result
    yes, no = plain("xlsx.yes", lang), plain("xlsx.no", lang)
    return [
        member.nip, member.name, units.get(member.unit_id) if member.unit_id is not None else None,
        member.status.value, yes if direct else no,
        result.total if result else None, result.category if result else None,
        member.assessed_on.isoformat() if member.assessed_on else None,
        (yes if result.official else no) if result else None,
        *((result.dimension_points[name] if result else None) for name in DIMENSIONS),
        round(member.jp, 4), member.shortfall if member.owes_jp else None,
    ]  # fmt: skip


def team_workbook(
    views: Sequence[tuple[str, Figures]],
    members: Sequence[MemberFacts],
    direct_ids: frozenset[int],
    units: dict[int, str],
    *,
    lang: Lang,
    as_of: datetime,
    scope: str,
    include_unofficial: bool,
) -> bytes:
    """`views`: (label, figures) for each view of the team; `units`: unit codes by id."""
    book = Workbook()
    book.remove(book.active)
    _sheet(book, plain("xlsx.sheet.summary", lang), [plain("xlsx.col.view", lang), *_header(lang)],
           [[label, *_figures(figures)] for label, figures in views])
    header = [plain(f"xlsx.col.{key}", lang) for key in
              ("nip", "name", "code", "status", "direct", "total", "category", "assessed_on", "official")]
    header += [DIMENSION_LABELS[lang][name] for name in DIMENSIONS]
    header += [plain("xlsx.col.jp", lang), plain("xlsx.col.shortfall", lang)]
    _sheet(book, plain("xlsx.sheet.members", lang), header,
           (_member_cells(m, lang, m.employee_id in direct_ids, units) for m in members))
    _notes(book, lang, as_of, scope, include_unofficial)
    return _bytes(book, as_of)
