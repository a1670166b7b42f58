"""Roster import: employees and units from the spreadsheet an HR office exports, upserted by NIP.

Read every row; check each on its own, then across rows (`roster_rows`); plan against the database; write
in bulk (executemany in chunks, a handful of statements for 50,000 employees). Nothing is written when a
row is bad, unless `skip_invalid`. A full roster (the default) marks employees missing from the file
inactive, never deleting them, and only when every row was imported: a skipped row's employee would
otherwise be wrongly deactivated. Importing the same file twice changes nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.admin.importing import CHUNK, ImportOptions, insert_chunks, update_chunks
from bot.admin.progress import NoProgress
from bot.admin.report import Change, ImportReport, Note
from bot.admin.roster_rows import (
    ALWAYS_WRITTEN,
    ROSTER_LAYOUT,
    WRITTEN_IF_PRESENT,
    Checked,
    RosterEntry,
    UnitSpec,
    check_rows,
    check_supervisors,
    check_units,
)
from bot.claims.closing import close_contained
from bot.clock import Clock
from bot.storage.audit import AuditAction, audit, audit_many
from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee, Unit
from bot.texts import Lang, plain
from scoring.io.reading import Header, open_table

_IN_CHUNK = 1_000


@dataclass
class Database:
    """What the roster touches, loaded in three queries."""

    unit_id: dict[str, int]
    unit_code: dict[int, str]
    unit_row: dict[str, tuple[str, int | None]]
    """code → (name, parent_id)"""
    employees: dict[str, Any]
    """nip → a row (attributes id, the roster columns, unit_id, supervisor_id, active): SQLAlchemy's compact
    rows, not a dict each (half a million stored employees)."""
    nip_of: dict[int, str]

    def parent_codes(self) -> dict[str, str | None]:
        return {code: self.unit_code.get(parent) if parent else None for code, (_, parent) in self.unit_row.items()}

    def supervisors(self) -> dict[str, str | None]:
        return {nip: self.nip_of.get(row.supervisor_id) for nip, row in self.employees.items()}


async def load_database(session: AsyncSession) -> Database:
    connection = await core_connection(session)
    unit, employee = table_of(Unit), table_of(Employee)
    units = (await connection.execute(sa.select(unit.c.id, unit.c.code, unit.c.name, unit.c.parent_id))).all()
    names = ("id", "nip", *ALWAYS_WRITTEN, *WRITTEN_IF_PRESENT, "unit_id", "supervisor_id", "active")
    rows = (await connection.execute(sa.select(*(employee.c[name] for name in names)))).all()
    employees = {row.nip: row for row in rows}
    return Database(
        unit_id={row.code: row.id for row in units},
        unit_code={row.id: row.code for row in units},
        unit_row={row.code: (row.name, row.parent_id) for row in units},
        employees=employees,
        nip_of={row.id: nip for nip, row in employees.items()},
    )


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


@dataclass
class Plan:
    new_units: list[UnitSpec] = field(default_factory=list)
    changed_units: list[UnitSpec] = field(default_factory=list)
    inserts: list[RosterEntry] = field(default_factory=list)
    updates: list[RosterEntry] = field(default_factory=list)
    changes: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    """nip → field → [before, after], for updated employees (also the audit details)."""
    unchanged: int = 0
    deactivate: list[int] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    kept_supervisor: set[str] = field(default_factory=set)
    """NIPs of stored employees whose supervisor stays as stored (the file's is on a rejected row)."""


def _orphan_parent_notes(checked: Checked, known: set[str], new_units: list[UnitSpec], lang: Lang) -> list[Note]:
    """A Kode Unit Induk that is no unit of the file or the database (a typo, often): created as a top-level
    unit named by its code, with a warning naming it, its rows and the codes it resembles."""
    notes = []
    for spec in new_units:
        rows = sorted({entry.row for entry in checked.entries for unit in entry.units if unit.parent_code == spec.code})
        similar = difflib.get_close_matches(spec.code, sorted(known), n=3, cutoff=0.6)
        similar += [code for code in sorted(known) if code.casefold() == spec.code.casefold() and code not in similar]
        hint = (plain("import.note.orphan_parent.typo", lang, similar=", ".join(repr(code) for code in similar))
                if similar else plain("import.note.orphan_parent.add", lang))
        notes.append(Note("import.note.orphan_parent", {"code": spec.code, "rows": _rows(rows), "hint": hint},
                          warning=True))
    return notes


def _rows(rows: list[int], shown: int = 20) -> str:
    text = ", ".join(str(row) for row in rows[:shown])
    return text + (f", … (+{len(rows) - shown})" if len(rows) > shown else "")


def _supervisor_notes(checked: Checked, db: Database, plan: Plan, lang: Lang) -> list[Note]:
    """Rows whose supervisor is on a rejected row: linked to the stored supervisor when there is one, else left
    as stored (or empty for a new employee), with one warning that names them and how to fix it."""
    if not checked.orphaned:
        return []
    kept = {entry.row: entry for entry in checked.entries}
    by_boss: dict[tuple[str, int], list[int]] = {}
    for row, (boss, boss_row) in sorted(checked.orphaned.items()):
        entry = kept.get(row)
        if entry is None:
            continue
        if boss in db.employees:  # the supervisor is stored already: the link is known, whatever their row says
            entry.supervisor_nip = boss
            continue
        if entry.nip in db.employees:
            plan.kept_supervisor.add(entry.nip)
        by_boss.setdefault((boss, boss_row), []).append(row)
    if not by_boss:
        return []
    pairs = "; ".join(plain("import.note.supervisor_pair", lang, rows=_rows(rows), nip=boss, row=boss_row)
                      for (boss, boss_row), rows in by_boss.items())
    count = sum(len(rows) for rows in by_boss.values())
    return [Note("import.note.supervisor_dropped", {"count": count, "rows": pairs}, warning=True)]


def plan_roster(checked: Checked, db: Database, header: Header, *, deactivate_missing: bool,
                lang: Lang = "id") -> Plan:
    plan = Plan()
    for code, spec in checked.units.items():
        if code not in db.unit_id:
            plan.new_units.append(spec)
            continue
        name, parent_id = db.unit_row[code]
        if name != spec.name or (db.unit_code.get(parent_id) if parent_id else None) != spec.parent_code:
            plan.changed_units.append(spec)
    defined = set(db.unit_id) | set(checked.units)
    orphans: dict[str, UnitSpec] = {}
    for spec in checked.units.values():
        if spec.parent_code is not None and spec.parent_code not in defined:
            orphans.setdefault(spec.parent_code, UnitSpec(spec.parent_code, spec.parent_code, None, spec.row))
    plan.new_units.extend(orphans.values())
    plan.notes.extend(_orphan_parent_notes(checked, defined, list(orphans.values()), lang))
    plan.notes.extend(_supervisor_notes(checked, db, plan, lang))
    with_supervisors = "supervisor_nip" in header.fields
    for entry in checked.entries:
        current = db.employees.get(entry.nip)
        if current is None:
            plan.inserts.append(entry)
            continue
        diff = {
            name: [_plain(getattr(current, name)), _plain(value)]
            for name, value in entry.values.items()
            if getattr(current, name) != value  # StrEnum members equal their stored values
        }
        current_unit = db.unit_code.get(current.unit_id) if current.unit_id else None
        if current_unit != entry.unit_code:
            diff["unit"] = [current_unit, entry.unit_code]
        if not current.active:
            diff["active"] = [False, True]
        if with_supervisors and entry.nip not in plan.kept_supervisor:
            before = db.nip_of.get(current.supervisor_id) if current.supervisor_id else None
            if before != entry.supervisor_nip:
                diff["supervisor"] = [before, entry.supervisor_nip]
        if diff:
            plan.updates.append(entry)
            plan.changes[entry.nip] = diff
        else:
            plan.unchanged += 1
    if deactivate_missing and db.employees:
        in_file = {entry.nip for entry in checked.entries}
        plan.deactivate = [row.id for nip, row in db.employees.items() if row.active and nip not in in_file]
    return plan


def _shown(value: Any, lang: Lang) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return plain("import.yes" if value else "import.no", lang)
    return str(value)


def planned_changes(plan: Plan, db: Database, header: Header, lang: Lang) -> Iterator[Change]:
    """Who and what the plan changes, for a dry run: units, new, changed and deactivated employees, in
    `CHANGE_KINDS` order. Made one at a time as the report is printed: half a million of them are never held."""
    field_label = {
        "unit": header.label("unit_code" if "unit_code" in header.fields else "unit"),
        "supervisor": header.label("supervisor_nip"),
        "active": plain("import.field.active", lang),
    }
    for spec in plan.new_units:
        yield Change("unit_created", spec.code, _unit_detail(spec, lang))
    for spec in plan.changed_units:
        yield Change("unit_updated", spec.code, _unit_detail(spec, lang))
    for entry in plan.inserts:
        yield Change("created", f"{entry.nip} {entry.name}", plain("import.in_unit", lang, unit=entry.unit_code))
    for entry in plan.updates:
        diff = plan.changes[entry.nip]
        detail = "; ".join(
            f"{field_label.get(name) or header.label(name)} {_shown(before, lang)} → {_shown(after, lang)}"
            for name, (before, after) in diff.items()
        )
        yield Change("updated", f"{entry.nip} {entry.name}", detail)
    leaving = set(plan.deactivate)
    names = {row.id: f"{nip} {row.name}" for nip, row in db.employees.items() if row.id in leaving}
    for employee_id in plan.deactivate:
        yield Change("deactivated", names[employee_id])


def _unit_detail(spec: UnitSpec, lang: Lang) -> str:
    if spec.parent_code is None:
        return plain("import.unit_top", lang, name=spec.name)
    return plain("import.unit_detail", lang, name=spec.name, parent=spec.parent_code)


async def _write_units(session: AsyncSession, plan: Plan, now: datetime) -> dict[str, int]:
    connection = await core_connection(session)
    unit = table_of(Unit)
    if plan.new_units:
        rows = [
            {"code": s.code, "name": s.name, "parent_id": None, "created_at": now, "updated_at": now}
            for s in plan.new_units
        ]
        await insert_chunks(connection, unit, rows, NoProgress())
    unit_ids = {row.code: row.id for row in (await connection.execute(sa.select(unit.c.id, unit.c.code))).all()}
    tree = [
        {
            "row_id": unit_ids[s.code],
            "name": s.name,
            "parent_id": unit_ids[s.parent_code] if s.parent_code else None,
            "updated_at": now,
        }
        for s in [*plan.new_units, *plan.changed_units]
    ]
    await update_chunks(connection, unit, tree, NoProgress())
    return unit_ids


def insert_waves(inserts: list[RosterEntry]) -> list[list[RosterEntry]]:
    """New employees in waves, each one's supervisor written in an earlier wave (or already stored), so a
    row is inserted with its supervisor_id and no second pass over 50,000 rows is needed."""
    new = {entry.nip: entry for entry in inserts}
    depth: dict[str, int] = {}
    for nip in new:
        chain: list[str] = []
        current: str | None = nip
        while current is not None and current in new and current not in depth and current not in chain:
            chain.append(current)
            current = new[current].supervisor_nip
        level = depth[current] + 1 if current is not None and current in depth else 0
        for offset, member in enumerate(reversed(chain)):
            depth[member] = level + offset
    waves: list[list[RosterEntry]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for entry in inserts:
        waves[depth[entry.nip]].append(entry)
    return waves


async def write_roster(
    session: AsyncSession, plan: Plan, db: Database, header: Header, *, now: datetime, options: ImportOptions
) -> dict[str, int]:
    """Write the plan; returns every employee's id by NIP."""
    progress = options.progress
    unit_ids = await _write_units(session, plan, now)
    connection = await core_connection(session)
    employee = table_of(Employee)
    ids = {nip: row.id for nip, row in db.employees.items()}
    with_supervisors = "supervisor_nip" in header.fields

    def supervisor_id(entry: RosterEntry) -> int | None:
        if entry.nip in plan.kept_supervisor:
            return db.employees[entry.nip].supervisor_id  # type: ignore[no-any-return]
        return ids[entry.supervisor_nip] if entry.supervisor_nip else None

    progress.start("inserting", len(plan.inserts))
    returning = sa.insert(employee).returning(employee.c.id, employee.c.nip)
    for wave in insert_waves(plan.inserts):
        for start in range(0, len(wave), CHUNK):
            rows = [
                {
                    "nip": entry.nip,
                    **entry.values,
                    "unit_id": unit_ids[entry.unit_code],
                    "supervisor_id": supervisor_id(entry),
                    "active": True,
                    "reminders_enabled": True,
                    "created_at": now,
                    "updated_at": now,
                }
                for entry in wave[start : start + CHUNK]
            ]
            for row in (await connection.execute(returning, rows)).all():
                ids[row.nip] = row.id
            progress.advance(len(rows))
    progress.finish()
    updates = [
        {
            "row_id": ids[entry.nip],
            **entry.values,
            "unit_id": unit_ids[entry.unit_code],
            **({"supervisor_id": supervisor_id(entry)} if with_supervisors else {}),
            "active": True,
            "updated_at": now,
        }
        for entry in plan.updates
    ]
    progress.start("updating", len(updates))
    await update_chunks(connection, employee, updates, progress)
    progress.finish()
    for start in range(0, len(plan.deactivate), _IN_CHUNK):
        chunk = plan.deactivate[start : start + _IN_CHUNK]
        await connection.execute(
            sa.update(employee).where(employee.c.id.in_(chunk)).values(active=False, updated_at=now)
        )
    return ids


async def _audit(
    session: AsyncSession,
    plan: Plan,
    ids: dict[str, int],
    report: ImportReport,
    *,
    now: datetime,
    actor: str,
) -> None:
    source = {"source": "roster", "file": report.file}
    await audit_many(
        session,
        actor=actor,
        action=AuditAction.EMPLOYEE_CREATE,
        at=now,
        entries=((ids[entry.nip], source) for entry in plan.inserts),
    )
    await audit_many(
        session,
        actor=actor,
        action=AuditAction.EMPLOYEE_UPDATE,
        at=now,
        entries=((ids[nip], {**source, "changes": diff}) for nip, diff in plan.changes.items()),
    )
    await audit_many(
        session,
        actor=actor,
        action=AuditAction.EMPLOYEE_DEACTIVATE,
        at=now,
        entries=((employee_id, {**source, "reason": "not in the full roster"}) for employee_id in plan.deactivate),
    )
    audit(
        session,
        actor=actor,
        action=AuditAction.ROSTER_IMPORT,
        at=now,
        details={
            **source,
            "rows": report.rows,
            "skipped_rows": report.bad_rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "deactivated": report.deactivated,
            "units_created": report.units_created,
            "units_updated": report.units_updated,
        },
    )
    await session.flush()


async def import_roster(
    session: AsyncSession,
    path: Path,
    *,
    clock: Clock,
    options: ImportOptions | None = None,
    partial: bool = False,
) -> ImportReport:
    """Validate, plan and (unless refused or a dry run) write. The caller commits the session.

    `partial`: the file holds only some employees (new hires, one unit): nobody is deactivated, and a
    supervisor may be an employee already in the database. Raises `TableError` for an unusable file.
    """
    options = options or ImportOptions()
    with open_table(path, ROSTER_LAYOUT, limits=options.limits) as table:
        header = table.header
        options.progress.start("checking", 0)
        checked, rows = check_rows(table, options.progress, options.lang)
        options.progress.finish()
    report = ImportReport(
        what="import.what.roster_partial" if partial else "import.what.roster",
        file=path.name,
        rows=rows,
        dry_run=options.dry_run,
        ignored_columns=header.ignored,
    )
    db = await load_database(session)
    check_units(checked, db.parent_codes(), options.lang)
    check_supervisors(checked, db.supervisors() if partial else None, options.lang)
    report.problems = checked.problems
    complete = not checked.problems
    plan = plan_roster(checked, db, header, deactivate_missing=not partial and complete, lang=options.lang)
    report.units_created, report.units_updated = len(plan.new_units), len(plan.changed_units)
    report.created, report.updated, report.unchanged = len(plan.inserts), len(plan.updates), plan.unchanged
    report.deactivated = len(plan.deactivate)
    report.notes.extend(plan.notes)
    if not complete and not partial and options.skip_invalid:
        report.notes.append(Note("import.note.nobody_deactivated"))
    if options.dry_run:
        report.planned = lambda: planned_changes(plan, db, header, options.lang)
        return report
    if not complete and not options.skip_invalid:
        return report
    now = clock.now()
    ids = await write_roster(session, plan, db, header, now=now, options=options)
    await _audit(session, plan, ids, report, now=now, actor=options.actor)
    report.closed = await close_contained(session, sorted(ids[entry.nip] for entry in plan.updates),
                                          actor=options.actor, now=now, file=report.file)
    report.written = True
    return report
