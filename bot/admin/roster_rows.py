"""Roster rows: the layout, and every check that needs no database write (row by row, then across rows).

The unit tree is given either by codes (`Kode Unit` + `Unit Kerja` as the name + optional `Kode Unit
Induk`), or, without a `Kode Unit` column, as paths in `Unit Kerja`: "Dinas Pendidikan > Bidang SD" makes
two units, the second under the first; a path unit's code is its whole path.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from bot.admin.cells import Cell, CellError, nip_text, text
from bot.admin.importing import describe_validation
from bot.admin.progress import Progress
from bot.admin.report import RowProblem
from bot.admin.tabular import Column, FileProblem, Layout, Sheet
from bot.storage.models import EmployeeBase, parse_employment_status
from bot.storage.nip import InvalidNip, NipProblem, normalize_nip, parse_nip
from scoring.models import Education, EmploymentStatus, Position, parse_education, parse_position

PATH_SEPARATOR = ">"
MAX_CODE = 255

ROSTER_LAYOUT = Layout(
    (
        Column("nip", "NIP", ("NIP Baru", "NIP/NI PPPK", "NI PPPK", "NIP Pegawai", "NIP 18"), required=True),
        Column("name", "Nama", ("Nama Lengkap", "Nama Pegawai"), required=True),
        Column("employment_status", "Status Kepegawaian", ("Status", "Jenis Pegawai", "Status Pegawai")),
        Column("unit", "Unit Kerja", ("Unit", "OPD", "Satuan Kerja", "Satker", "Unit Organisasi", "Nama Unit")),
        Column("unit_code", "Kode Unit", ("Kode Unit Kerja", "Kode Satker", "Kode OPD")),
        Column("parent_unit_code", "Kode Unit Induk", ("Unit Induk", "Kode Induk")),
        Column("position_title", "Jabatan", ("Nama Jabatan",)),
        Column("position_type", "Jenis Jabatan", ("Tipe Jabatan",), required=True),
        Column(
            "education",
            "Pendidikan Terakhir",
            ("Pendidikan", "Tingkat Pendidikan", "Jenjang Pendidikan"),
            required=True,
        ),
        Column("supervisor_nip", "NIP Atasan", ("NIP Atasan Langsung",)),
        Column("email", "Email", ("E-mail", "Surel", "Alamat Email")),
        Column(
            "functional_family",
            "Jenis Jabatan Fungsional",
            ("Rumpun Jabatan", "Rumpun Jabatan Fungsional"),
        ),
    )
)

ALWAYS_WRITTEN = ("name", "employment_status", "position_type", "education")
"""Employee columns every roster row sets (a missing status column means PNS, issue 3)."""
WRITTEN_IF_PRESENT = ("position_title", "email", "functional_family")
"""Employee columns written only when the file has the column, so a thinner export erases nothing."""

_POSITIONS = "JPT Utama, JPT Madya, JPT Pratama, Administrator, Pengawas, Fungsional, Pelaksana, Eselon I-IV"
_EDUCATIONS = "SD, SMP, SMA, D-I … D-IV, S-1, Profesi, S-2, Spesialis, S-3, Subspesialis"


_EMPLOYEE_INPUT = TypeAdapter(EmployeeBase)
"""Validates exactly as `EmployeeBase.model_validate`, without SQLModel's attribute-by-attribute copy
afterwards (a third of the per-row cost at 50,000 rows)."""


@functools.lru_cache(maxsize=1024)
def _position(value: str) -> Position:
    """scoring's alias parsing, cached: a roster repeats a few spellings many thousand times."""
    return parse_position(value)


@functools.lru_cache(maxsize=1024)
def _education(value: str) -> Education:
    return parse_education(value)


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    parent_code: str | None
    row: int


@dataclass
class RosterEntry:
    row: int
    employee: EmployeeBase
    unit_code: str
    supervisor_nip: str | None
    units: tuple[UnitSpec, ...]


@dataclass
class Checked:
    """Good entries (in file order), problems, and the units the good rows define (by code)."""

    entries: list[RosterEntry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rejected: dict[str, int] = field(default_factory=dict)
    """NIP → row of every rejected row whose NIP could be read (to explain orphaned supervisors)."""
    units: dict[str, UnitSpec] = field(default_factory=dict)

    def drop(self, bad_rows: Mapping[int, str]) -> None:
        if not bad_rows:
            return
        for entry in self.entries:
            if entry.row in bad_rows:
                self.problems.append(RowProblem(entry.row, bad_rows[entry.row], entry.employee.nip))
                self.rejected.setdefault(entry.employee.nip, entry.row)
        self.entries = [entry for entry in self.entries if entry.row not in bad_rows]


@functools.lru_cache(maxsize=4096)
def _supervisor_nip(value: str) -> str:
    """A supervisor's number must be well-formed as a NIP or an NI PPPK (their status is on their row)."""
    try:
        parse_nip(value, EmploymentStatus.PNS)
    except InvalidNip as error:
        try:
            parse_nip(value, EmploymentStatus.PPPK)
        except InvalidNip:
            raise error from None
    return normalize_nip(value)


def _unit_specs(sheet: Sheet, cells: Mapping[str, Cell], row: int) -> tuple[UnitSpec, ...]:
    """The units a row names, root first; the last is the employee's unit. Raises ValueError."""
    headers = sheet.headers
    if "unit_code" in sheet.fields:
        code = text(cells.get("unit_code"))
        if code is None:
            raise ValueError(f"{headers['unit_code']}: missing")
        parent = text(cells.get("parent_unit_code"))
        if parent == code:
            raise ValueError(f"{headers['parent_unit_code']}: a unit cannot be its own parent")
        if len(code) > MAX_CODE or (parent and len(parent) > MAX_CODE):
            raise ValueError(f"{headers['unit_code']}: longer than {MAX_CODE} characters")
        name = text(cells.get("unit")) or code
        return (UnitSpec(code, name[:MAX_CODE], parent, row),)
    path = text(cells.get("unit"))
    if path is None:
        raise ValueError(f"{headers['unit']}: missing")
    parts = [" ".join(part.split()) for part in path.split(PATH_SEPARATOR)]
    if any(not part for part in parts):
        raise ValueError(f"{headers['unit']}: an empty level in {path!r}")
    joiner = f" {PATH_SEPARATOR} "
    if len(joiner.join(parts)) > MAX_CODE:
        raise ValueError(f"{headers['unit']}: a path longer than {MAX_CODE} characters")
    return tuple(
        UnitSpec(joiner.join(parts[: depth + 1]), parts[depth], joiner.join(parts[:depth]) or None, row)
        for depth in range(len(parts))
    )


def _nip_problem(nip_raw: str, status: EmploymentStatus) -> str | None:
    try:
        parse_nip(nip_raw, status)
    except InvalidNip as error:
        if error.problem is NipProblem.DATE and status is not EmploymentStatus.PPPK:
            try:
                parse_nip(nip_raw, EmploymentStatus.PPPK)
                return f"{error} (an NI PPPK? give PPPK as its Status Kepegawaian)"
            except InvalidNip:
                pass
        return str(error)
    return None


def check_row(sheet: Sheet, number: int, cells: Mapping[str, Cell]) -> tuple[RosterEntry | None, list[str]]:
    """One row on its own: the entry, or every problem found (not just the first)."""
    headers = sheet.headers
    problems: list[str] = []
    try:
        nip_raw = nip_text(cells.get("nip"))
    except CellError as error:
        return None, [f"{headers['nip']}: {error}"]
    if nip_raw is None:
        return None, [f"{headers['nip']}: missing"]
    try:
        status = parse_employment_status(text(cells.get("employment_status")))
    except ValueError as error:
        problems.append(f"{headers['employment_status']}: {error}")
        status = EmploymentStatus.PNS
    if (nip_problem := _nip_problem(nip_raw, status)) is not None:
        problems.append(f"{headers['nip']}: {nip_problem}")
    if text(cells.get("name")) is None:
        problems.append(f"{headers['name']}: missing")
    position = text(cells.get("position_type"))
    education = text(cells.get("education"))
    parsed: dict[str, Any] = {}
    for name, value, parse, choices in (
        ("position_type", position, _position, _POSITIONS),
        ("education", education, _education, _EDUCATIONS),
    ):
        if value is None:
            problems.append(f"{headers[name]}: missing")
            continue
        try:
            parsed[name] = parse(value)
        except ValueError:
            problems.append(f"{headers[name]}: unknown value {value!r} (use {choices})")
    supervisor = None
    supervisor_text = text(cells.get("supervisor_nip"))
    if supervisor_text is not None:
        try:
            supervisor = _supervisor_nip(supervisor_text)
        except InvalidNip as error:
            problems.append(f"{headers['supervisor_nip']}: {error}")
    try:
        units = _unit_specs(sheet, cells, number)
    except ValueError as error:
        problems.append(str(error))
        units = ()
    if problems:
        return None, problems
    data: dict[str, Any] = {
        "nip": nip_raw,
        "name": text(cells.get("name")),
        "employment_status": status,
        **parsed,  # enum members: the model's alias validators pass them through untouched
        **{name: text(cells.get(name)) for name in WRITTEN_IF_PRESENT if name in sheet.fields},
    }
    try:
        employee = _EMPLOYEE_INPUT.validate_python(data)
    except ValidationError as error:
        return None, describe_validation(error, ROSTER_LAYOUT, headers)
    if supervisor == employee.nip:
        return None, [f"{headers['supervisor_nip']}: an employee cannot be their own supervisor"]
    return RosterEntry(number, employee, units[-1].code, supervisor, units), []


def check_rows(sheet: Sheet, progress: Progress | None = None) -> Checked:
    """Row-by-row checks, then duplicate NIPs (every row of a duplicated NIP is refused: which is right?)."""
    if "unit" not in sheet.fields and "unit_code" not in sheet.fields:
        raise FileProblem("the roster needs a Unit Kerja column (or Kode Unit)")
    if "parent_unit_code" in sheet.fields and "unit_code" not in sheet.fields:
        raise FileProblem("Kode Unit Induk needs a Kode Unit column: a parent is named by its code")
    checked = Checked()
    for count, row in enumerate(sheet.rows, start=1):
        if progress is not None and count % 1_000 == 0:
            progress.advance(1_000)
        entry, problems = check_row(sheet, row.number, row.cells)
        if entry is not None:
            checked.entries.append(entry)
            continue
        raw_nip = row.cells.get("nip")
        nip = normalize_nip(raw_nip) if isinstance(raw_nip, str) else None
        checked.problems.extend(RowProblem(row.number, problem, nip) for problem in problems)
        if nip:
            checked.rejected.setdefault(nip, row.number)
    rows_by_nip: defaultdict[str, list[int]] = defaultdict(list)
    for entry in checked.entries:
        rows_by_nip[entry.employee.nip].append(entry.row)
    for nip, rows in rows_by_nip.items():
        if nip in checked.rejected:
            rows.append(checked.rejected[nip])
    duplicates = {
        row: "duplicate NIP, also in row " + ", ".join(str(other) for other in sorted(rows) if other != row)
        for rows in rows_by_nip.values()
        if len(rows) > 1
        for row in rows
    }
    checked.drop(duplicates)
    return checked


def loop_from(start: str, parent_of: Mapping[str, str | None]) -> list[str] | None:
    """The loop met walking up from `start` through `parent_of`, as a path that ends where it closes."""
    seen: dict[str, int] = {}
    path: list[str] = []
    current: str | None = start
    while current is not None and current not in seen:
        seen[current] = len(path)
        path.append(current)
        current = parent_of.get(current)
    if current is None:
        return None
    return [*path[seen[current] :], current]


def check_units(checked: Checked, db_parent_codes: Mapping[str, str | None]) -> None:
    """One definition per unit code across rows, and no loop in the tree the file and database make."""
    units: dict[str, UnitSpec] = {}
    bad_rows: dict[int, str] = {}
    for entry in checked.entries:
        for spec in entry.units:
            known = units.setdefault(spec.code, spec)
            if (known.name, known.parent_code) != (spec.name, spec.parent_code):
                bad_rows.setdefault(
                    entry.row,
                    f"unit {spec.code!r} is {spec.name!r} under {spec.parent_code or '(none)'!r} here, "
                    f"but {known.name!r} under {known.parent_code or '(none)'!r} in row {known.row}",
                )
    parent_of = {**db_parent_codes, **{code: spec.parent_code for code, spec in units.items()}}
    for entry in checked.entries:
        loop = loop_from(entry.unit_code, parent_of)
        if loop is not None:
            bad_rows.setdefault(entry.row, "the unit tree loops: " + " → ".join(loop))
    checked.drop(bad_rows)
    checked.units = {}
    for entry in checked.entries:
        for spec in entry.units:
            checked.units.setdefault(spec.code, spec)


def check_supervisors(checked: Checked, db_supervisor_of: Mapping[str, str | None] | None) -> None:
    """Each supervisor is an employee of this roster (for a partial roster: or of the database), on a good
    row, and no chain of supervisors loops. Repeated until stable: dropping a row can orphan its reports."""
    while True:
        nips = {entry.employee.nip for entry in checked.entries}
        bad_rows: dict[int, str] = {}
        for entry in checked.entries:
            boss = entry.supervisor_nip
            if boss is None or boss in nips:
                continue
            if boss in checked.rejected:
                bad_rows[entry.row] = f"supervisor {boss} is on row {checked.rejected[boss]}, which has problems"
            elif db_supervisor_of is None:
                bad_rows[entry.row] = f"supervisor {boss} is not in this roster"
            elif boss not in db_supervisor_of:
                bad_rows[entry.row] = f"supervisor {boss} is neither in this file nor in the database"
        if not bad_rows:
            supervisor_of = {
                **(db_supervisor_of or {}),
                **{entry.employee.nip: entry.supervisor_nip for entry in checked.entries},
            }
            for entry in checked.entries:
                loop = loop_from(entry.employee.nip, supervisor_of)
                if loop is not None and loop[0] == entry.employee.nip:
                    bad_rows[entry.row] = "supervisors form a loop: " + " → ".join(loop)
        if not bad_rows:
            return
        checked.drop(bad_rows)
