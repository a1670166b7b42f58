"""Imports of training, SKP and penalty history, keyed by NIP, with the roster's discipline.

Each row is validated by the storage input models (which reuse scoring's rules), refused when dated after
today (rules §2: future records are refused as input), and matched to an existing record by a natural key,
so importing the same file twice changes nothing:

- trainings: NIP + kind + title (ignoring case) + end date; an imported one is updated when the row changed.
- SKP: NIP + year (one official appraisal a year). The import replaces the year's official record: the
  office's appraisal system is the authority on appraisals. The audit log keeps the value it replaced.
- penalties: NIP + level + effective date (TMT); the description is updated when it changed. The level cell
  may name the type of penalty as HR records it (PP 94/2021 art. 8, PP 53/2010 art. 7: `PENALTY_TYPES` in
  `scoring.models`): it is stored as its level, and the type is kept at the head of the description.

Only official records (imported, or entered by HR) are matched and changed: a record an employee entered is the
content of their claim and is never changed by an import. An import that contains what a claim says closes the
claim instead (`bot.claims.closing`): the official record counts from then on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.admin.importing import (
    ImportOptions,
    RowRefused,
    describe_validation,
    filled_rows,
    insert_chunks,
    repeated_rows,
    text_cell,
    typed_cell,
    update_chunks,
)
from bot.admin.report import Change, ImportReport, RowProblem
from bot.admin.roster_rows import NIP_COLUMN, nip_cell
from bot.claims.closing import close_contained
from bot.clock import Clock, today
from bot.storage.audit import AuditAction, audit, audit_many
from bot.storage.base import core_connection, table_of
from bot.storage.models import (
    OFFICIAL_SOURCES,
    Employee,
    PenaltyRecord,
    PenaltyRecordBase,
    PerformanceRecord,
    PerformanceRecordBase,
    RecordSource,
    SkpSystem,
    TrainingRecord,
    TrainingRecordBase,
)
from bot.storage.nip import nip_problem, normalize_nip
from bot.texts import Lang, plain
from scoring.io.cells import Cell, CellError, cell_text, date_cell, number_cell, whole_number_cell, yes_no_cell
from scoring.io.reading import Column, Header, Layout, Table, open_table
from scoring.io.values import fold
from scoring.models import (
    EmploymentStatus,
    is_penalty_type,
    parse_penalty_level,
    parse_predicate,
    parse_training_kind,
)
from scoring.texts import LEVEL_LABELS, PREDICATE_LABELS

_IN_CHUNK = 1_000

TRAINING_LAYOUT = Layout(
    [
        NIP_COLUMN,
        Column("kind", "Jenis", ("Jenis Diklat", "Jenis Pelatihan", "Jenis Kegiatan", "Kategori"), required=True),
        Column(
            "title",
            "Nama Pelatihan",
            ("Nama Diklat", "Judul", "Nama Kegiatan", "Pelatihan", "Diklat"),
            required=True,
        ),
        Column("organiser", "Penyelenggara", ("Instansi Penyelenggara", "Lembaga Penyelenggara")),
        Column("start_date", "Tanggal Mulai", ("Tgl Mulai", "Mulai")),
        Column("end_date", "Tanggal Selesai", ("Tgl Selesai", "Selesai", "Tanggal"), required=True),
        Column("jp", "JP", ("Jumlah JP", "Jam Pelajaran")),
        Column("hours", "Jam", ("Jumlah Jam", "Durasi Jam", "Durasi (Jam)")),
        Column("level", "Tingkat", ("Tingkat Diklat", "Jenjang")),
        Column("matches_position", "Sesuai Jabatan", ("Sesuai Dengan Jabatan",)),
        Column(
            "certificate_number",
            "Nomor Sertifikat",
            ("No Sertifikat", "No STTPP", "Nomor STTPP", "No STTPL", "Nomor STTPL"),
        ),
    ]
)

SKP_LAYOUT = Layout(
    [
        NIP_COLUMN,
        Column("year", "Tahun", ("Tahun Penilaian", "Periode", "Tahun SKP"), required=True),
        Column("score", "Nilai", ("Nilai SKP", "Nilai Prestasi Kerja", "Nilai Kinerja")),
        Column("predicate", "Predikat", ("Predikat Kinerja", "Sebutan", "Predikat SKP")),
        Column("system", "Sistem", ("Dasar Penilaian", "Regulasi")),
    ]
)

PENALTY_LAYOUT = Layout(
    [
        NIP_COLUMN,
        Column(
            "level",
            "Tingkat Hukuman",
            ("Jenis Hukuman", "Hukuman Disiplin", "Tingkat Hukuman Disiplin", "Tingkat"),
            required=True,
        ),
        Column("effective_date", "TMT", ("TMT Hukuman", "Tanggal", "Tanggal Berlaku"), required=True),
        Column("description", "Keterangan", ("Nomor SK", "No SK", "Uraian")),
    ]
)

Key = tuple[Any, ...]


@dataclass(frozen=True)
class HistorySpec:
    """How one kind of history is read, keyed, compared and audited."""

    what: str
    """Its name in the audit log; `report_name` is the catalog key of its name for people."""
    report_name: str
    layout: Layout
    model: type[SQLModel]
    action: AuditAction
    parse: Callable[[Mapping[str, Cell], Header, date, Lang], dict[str, Any]]
    """Row cells → validated column values; raises RowRefused (its reason in the language given)."""
    key: Callable[[int, Mapping[str, Any]], Key]
    compared: tuple[str, ...]
    """Columns compared with an existing record to decide between unchanged and updated."""


def _validated(model: type[SQLModel], data: dict[str, Any], header: Header) -> SQLModel:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise RowRefused("; ".join(describe_validation(error, header))) from None


def _required(header: Header, name: str, value: Any, lang: Lang) -> Any:
    if value is None:
        raise RowRefused(plain("row.missing", lang, column=header.label(name)))
    return value


def _not_future(header: Header, name: str, value: date, today_: date, lang: Lang) -> None:
    if value > today_:
        raise RowRefused(plain("row.after_today", lang, column=header.label(name), date=f"{value:%d/%m/%Y}"))


def _word(header: Header, cells: Mapping[str, Cell], name: str, parse: Callable[[str], object], refusal: str,
          lang: Lang, *, required: bool = True, limit: int = 64, **words: str) -> str | None:
    """A cell that must be one of a few words (a kind, a predicate, a level), checked by scoring's own parser
    here, so that a wrong one is refused in people's words (`refusal`, a catalog key naming the words there
    are), never with the model's internal codes. The text goes on to the model as written."""
    value = text_cell(header, cells, name, limit=limit)
    if value is None:
        return _required(header, name, None, lang) if required else None
    try:
        parse(value)
    except ValueError:
        raise RowRefused(plain(refusal, lang, column=header.label(name), value=value, **words)) from None
    return value


def _parse_training(cells: Mapping[str, Cell], header: Header, today_: date, lang: Lang) -> dict[str, Any]:
    data = {
        "kind": _word(header, cells, "kind", parse_training_kind, "row.unknown_kind", lang),
        "title": text_cell(header, cells, "title", limit=500),
        "organiser": text_cell(header, cells, "organiser", limit=255),
        "start_date": typed_cell(header, cells, "start_date", date_cell),
        "end_date": _required(header, "end_date", typed_cell(header, cells, "end_date", date_cell), lang),
        "jp": typed_cell(header, cells, "jp", number_cell),
        "hours": typed_cell(header, cells, "hours", number_cell),
        "level": text_cell(header, cells, "level", limit=64),
        "matches_position": typed_cell(header, cells, "matches_position", yes_no_cell),
        "certificate_number": text_cell(header, cells, "certificate_number", limit=255),
    }
    _not_future(header, "end_date", data["end_date"], today_, lang)
    return _validated(TrainingRecordBase, data, header).model_dump()


_SYSTEMS = {
    "pp462011": SkpSystem.PP46_2011,
    "pp302019": SkpSystem.PP30_2019,
    "permenpanrb62022": SkpSystem.PERMENPANRB6_2022,
    "permenpanrbno62022": SkpSystem.PERMENPANRB6_2022,
    **{fold(system.value): system for system in SkpSystem},
}


def _skp_system(cell: Cell) -> SkpSystem | None:
    value = cell_text(cell)
    if not value:
        return None
    system = _SYSTEMS.get(fold(value))
    if system is None:
        raise CellError(f"unknown appraisal system {value!r} (PP 46/2011, PP 30/2019 or PermenPANRB 6/2022)")
    return system


def _year(cell: Cell) -> int | None:
    return whole_number_cell(cell, low=1900, high=2100)


def _parse_skp(cells: Mapping[str, Cell], header: Header, today_: date, lang: Lang) -> dict[str, Any]:
    year = _required(header, "year", typed_cell(header, cells, "year", _year), lang)
    if year > today_.year:
        raise RowRefused(plain("row.year_after", lang, column=header.label("year"), year=year))
    data = {
        "year": year,
        "score": typed_cell(header, cells, "score", number_cell),
        "predicate": _word(header, cells, "predicate", parse_predicate, "row.unknown_predicate", lang,
                           required=False, choices=", ".join(PREDICATE_LABELS.values())),
        "system": typed_cell(header, cells, "system", _skp_system),
    }
    return _validated(PerformanceRecordBase, data, header).model_dump()


def _parse_penalty(cells: Mapping[str, Cell], header: Header, today_: date, lang: Lang) -> dict[str, Any]:
    effective = _required(header, "effective_date", typed_cell(header, cells, "effective_date", date_cell), lang)
    _not_future(header, "effective_date", effective, today_, lang)
    level = _word(header, cells, "level", parse_penalty_level, "row.unknown_penalty", lang, limit=200)
    description = text_cell(header, cells, "description", limit=1000)
    if level is not None and is_penalty_type(level):  # the type HR recorded stays readable beside its level
        description = level if not description else f"{level}; {description}"[:1000]
    data = {"level": level, "effective_date": effective, "description": description}
    return _validated(PenaltyRecordBase, data, header).model_dump()


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


TRAININGS = HistorySpec(
    what="Trainings",
    report_name="import.what.trainings",
    layout=TRAINING_LAYOUT,
    model=TrainingRecord,
    action=AuditAction.TRAINING_IMPORT,
    parse=_parse_training,
    key=lambda employee_id, v: (employee_id, _plain(v["kind"]), str(v["title"]).casefold(), v["end_date"]),
    compared=(
        "title",
        "organiser",
        "start_date",
        "jp",
        "level",
        "matches_position",
        "certificate_number",
    ),
)
SKP = HistorySpec(
    what="SKP",
    report_name="import.what.skp",
    layout=SKP_LAYOUT,
    model=PerformanceRecord,
    action=AuditAction.SKP_IMPORT,
    parse=_parse_skp,
    key=lambda employee_id, v: (employee_id, v["year"]),
    compared=("system", "score", "predicate"),
)
PENALTIES = HistorySpec(
    what="Penalties",
    report_name="import.what.penalties",
    layout=PENALTY_LAYOUT,
    model=PenaltyRecord,
    action=AuditAction.PENALTY_IMPORT,
    parse=_parse_penalty,
    key=lambda employee_id, v: (employee_id, _plain(v["level"]), v["effective_date"]),
    compared=("description",),
)


@dataclass
class _Good:
    row: int
    nip: str
    employee_id: int
    values: dict[str, Any]
    key: Key


async def _employee_ids(session: AsyncSession) -> dict[str, int]:
    employee = table_of(Employee)
    connection = await core_connection(session)
    return {row.nip: row.id for row in (await connection.execute(sa.select(employee.c.nip, employee.c.id))).all()}


def _unknown_nip(nip: str, lang: Lang) -> str:
    problem = nip_problem(nip, EmploymentStatus.PNS, lang)
    if problem is not None and nip_problem(nip, EmploymentStatus.PPPK) is not None:
        return problem
    return plain("row.no_employee", lang)


def _check(
    spec: HistorySpec, table: Table, ids: Mapping[str, int], today_: date, lang: Lang
) -> tuple[list[_Good], list[RowProblem], int]:
    """Every row as it streams in, then duplicates across rows; returns the good, the problems, the row count."""
    header = table.header
    good: list[_Good] = []
    problems: list[RowProblem] = []
    count = 0
    for number, cells in filled_rows(table):
        count += 1
        try:
            nip = normalize_nip(nip_cell(header, cells, "nip", required=True, lang=lang) or "")
        except RowRefused as error:
            problems.append(RowProblem(number, str(error)))
            continue
        reasons = []
        employee_id = ids.get(nip)
        if employee_id is None:
            reasons.append(f"{header.label('nip')}: {_unknown_nip(nip, lang)}")
        try:
            values = spec.parse(cells, header, today_, lang)
        except RowRefused as error:
            reasons.append(str(error))
        if reasons or employee_id is None:
            problems.extend(RowProblem(number, reason, nip) for reason in reasons)
            continue
        good.append(_Good(number, nip, employee_id, values, spec.key(employee_id, values)))
    rows_by_key: defaultdict[Key, list[int]] = defaultdict(list)
    for item in good:
        rows_by_key[item.key].append(item.row)
    duplicated = repeated_rows(rows_by_key.values(), "row.same_record", lang)
    problems.extend(RowProblem(item.row, duplicated[item.row], item.nip) for item in good if item.row in duplicated)
    return [item for item in good if item.row not in duplicated], problems, count


async def _existing(session: AsyncSession, spec: HistorySpec, employee_ids: Sequence[int]) -> dict[Key, dict[str, Any]]:
    """The official records of these employees by key (an employee's own records are their claims')."""
    table = table_of(spec.model)
    connection = await core_connection(session)
    found: dict[Key, dict[str, Any]] = {}
    official = table.c.source.in_(sorted(source.value for source in OFFICIAL_SOURCES))
    for start in range(0, len(employee_ids), _IN_CHUNK):
        chunk = employee_ids[start : start + _IN_CHUNK]
        query = sa.select(table).where(table.c.employee_id.in_(chunk), official)
        rows = (await connection.execute(query)).mappings().all()
        for row in rows:
            values = dict(row)
            found.setdefault(spec.key(values["employee_id"], values), values)
    return found


async def import_history(
    session: AsyncSession,
    spec: HistorySpec,
    path: Path,
    *,
    clock: Clock,
    options: ImportOptions | None = None,
) -> ImportReport:
    """Validate every row, then (unless refused or a dry run) insert and update in bulk; caller commits."""
    options = options or ImportOptions()
    ids = await _employee_ids(session)
    with open_table(path, spec.layout, limits=options.limits) as table:
        good, problems, rows = _check(spec, table, ids, today(clock), options.lang)
    report = ImportReport(
        what=spec.report_name, file=path.name, rows=rows, dry_run=options.dry_run, ignored_columns=table.header.ignored
    )
    report.problems = problems
    existing = await _existing(session, spec, sorted({item.employee_id for item in good}))
    inserts: list[_Good] = []
    updates: list[tuple[_Good, dict[str, Any], dict[str, list[Any]]]] = []
    for item in good:
        current = existing.get(item.key)
        if current is None:
            inserts.append(item)
        else:
            diff = {
                name: [_plain(current[name]), _plain(item.values[name])]
                for name in spec.compared
                if _plain(current[name]) != _plain(item.values[name])
            }
            if diff:
                updates.append((item, current, diff))
            else:
                report.unchanged += 1
    report.created, report.updated = len(inserts), len(updates)
    if options.dry_run:
        report.changes = _planned(inserts, updates, table.header, options.lang)
    if (report.problems and not options.skip_invalid) or options.dry_run:
        return report
    await _write(session, spec, inserts, updates, clock=clock, options=options, report=report)
    report.closed = await close_contained(session, sorted({item.employee_id for item in good}), actor=options.actor,
                                          now=clock.now(), file=report.file)
    report.written = True
    return report


_WORDS: dict[str, Mapping[str, str]] = {
    "predicate": PREDICATE_LABELS,
    "level": LEVEL_LABELS,
    "system": {"pp46_2011": "PP 46/2011", "pp30_2019": "PP 30/2019", "permenpanrb6_2022": "PermenPANRB 6/2022"},
}
"""Stored codes as people write them, for the lines of a dry run (never 'sangat_baik')."""


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    text = str(_plain(value))
    return _WORDS.get(name, {}).get(text, text)


_KEY_FIELDS = ("kind", "title", "end_date", "year", "predicate", "score", "level", "effective_date")


def _record(item: _Good) -> str:
    """The record's key for people: 'teknis, Pelatihan X, 12/03/2026' (the employee is named before it)."""
    return ", ".join(_shown(name, item.values[name]) for name in _KEY_FIELDS if item.values.get(name) is not None)


def _planned(inserts: list[_Good], updates: list[tuple[_Good, dict[str, Any], dict[str, list[Any]]]],
             header: Header, lang: Lang) -> list[Change]:
    """Who and what a dry run would change: the employee's NIP, the record, its row and, for an update, what."""

    def where(item: _Good) -> str:
        return f"{_record(item)} ({plain('import.row_ref', lang, row=item.row)})"

    changes = [Change("created", f"NIP {item.nip}", where(item)) for item in inserts]
    for item, _, diff in updates:
        what = "; ".join(f"{header.label(name)} {_shown(name, before)} → {_shown(name, after)}"
                         for name, (before, after) in diff.items())
        changes.append(Change("updated", f"NIP {item.nip}", f"{where(item)}: {what}"))
    return changes


async def _write(
    session: AsyncSession,
    spec: HistorySpec,
    inserts: list[_Good],
    updates: list[tuple[_Good, dict[str, Any], dict[str, list[Any]]]],
    *,
    clock: Clock,
    options: ImportOptions,
    report: ImportReport,
) -> None:
    now = clock.now()
    table = table_of(spec.model)
    stamped = {"updated_at": now} if "updated_at" in table.c else {}
    connection = await core_connection(session)
    rows = [
        {
            **item.values,
            "employee_id": item.employee_id,
            "source": RecordSource.IMPORT,
            "created_by": options.actor,
            "created_at": now,
            **stamped,
        }
        for item in inserts
    ]
    options.progress.start("inserting", len(rows))
    await insert_chunks(connection, table, rows, options.progress)
    options.progress.finish()
    changed = [
        {
            "row_id": current["id"],
            **{name: item.values[name] for name in spec.compared},
            "source": RecordSource.IMPORT,
            **stamped,
        }
        for item, current, _ in updates
    ]
    await update_chunks(connection, table, changed, options.progress)

    def details(item: _Good, change: str, diff: dict[str, list[Any]] | None = None) -> dict[str, Any]:
        """The record's key (without the employee, who is the entry's target) and what changed."""
        key = [part.isoformat() if isinstance(part, date) else _plain(part) for part in item.key[1:]]
        return {"file": report.file, "row": item.row, "change": change, "key": key, **({"diff": diff} if diff else {})}

    await audit_many(
        session,
        actor=options.actor,
        action=spec.action,
        at=now,
        entries=[(item.employee_id, details(item, "created")) for item in inserts]
        + [(item.employee_id, details(item, "updated", _jsonable(diff))) for item, _, diff in updates],
    )
    audit(
        session,
        actor=options.actor,
        action=AuditAction.RECORDS_IMPORT,
        at=now,
        details={
            "what": spec.what,
            "file": report.file,
            "rows": report.rows,
            "skipped_rows": report.bad_rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
    await session.flush()


def _jsonable(diff: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {name: [v.isoformat() if isinstance(v, date) else v for v in pair] for name, pair in diff.items()}
