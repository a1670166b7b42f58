"""Roster rows: the layout, and every check that needs no database write (row by row, then across rows).

Rows stream from the reader; what is kept of each good row is a compact `RosterEntry` (a few hundred bytes),
so a 100 MB roster is checked in bounded memory.

The unit tree is given either by codes (`Kode Unit` + `Unit Kerja` as the name + optional `Kode Unit
Induk`), or, without a `Kode Unit` column, as paths in `Unit Kerja`: "Dinas Pendidikan > Bidang SD" makes
two units, the second under the first; a path unit's code is its whole path.
"""

from __future__ import annotations

import functools
from collections import ChainMap, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from bot.admin.importing import RowRefused, describe_validation, filled_rows, repeated_rows, text_cell
from bot.admin.progress import Progress
from bot.admin.report import RowProblem
from bot.storage.models import EmployeeBase, parse_employment_status
from bot.storage.nip import InvalidNip, NipProblem, normalize_nip, parse_nip
from bot.texts import Lang, plain
from scoring.io.cells import Cell
from scoring.io.reading import Column, Header, Layout, Table, TableError
from scoring.models import Education, EmploymentStatus, Position, parse_education, parse_position

PATH_SEPARATOR = ">"
MAX_CODE = 255

NIP_COLUMN = Column("nip", "NIP", ("NIP Baru", "NIP/NI PPPK", "NI PPPK", "NIP Pegawai", "NIP 18"), required=True)
ROSTER_LAYOUT = Layout(
    [
        NIP_COLUMN,
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
    ]
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


LIMITS = {"name": 200, "position_title": 255, "email": 254, "functional_family": 200}
"""Characters per text column (the storage model's limits)."""


class RosterEntry:
    """A good row, compact (a roster of 650,000 rows is held whole for the checks across rows): one object with a
    slot per employee column, beside the shared tuple of the columns this file sets, the row's (shared) units and
    its supervisor. About 140 bytes besides its NIP, name and e-mail, where a dict per row took three times that."""

    __slots__ = ("education", "email", "employment_status", "functional_family", "name", "names", "nip",
                 "position_title", "position_type", "row", "supervisor_nip", "supervisor_problem", "units")

    row: int
    nip: str
    names: tuple[str, ...]
    """The employee columns this file sets (`ALWAYS_WRITTEN`, and `WRITTEN_IF_PRESENT` when present)."""
    name: str
    employment_status: Any
    position_type: Any
    education: Any
    position_title: str | None
    email: str | None
    functional_family: str | None
    supervisor_nip: str | None
    units: tuple[UnitSpec, ...]
    """The units the row names, root first; the last is the employee's."""
    supervisor_problem: str | None
    """Why the NIP Atasan is not a well-formed NIP: the row's problem, unless it is the NIP of a refused row
    (then the same mistake twice, and the row is kept without its supervisor: `check_supervisors`)."""

    def __init__(self, row: int, nip: str, names: tuple[str, ...], data: tuple[Any, ...], supervisor_nip: str | None,
                 units: tuple[UnitSpec, ...], supervisor_problem: str | None = None) -> None:
        self.row, self.nip, self.names = row, nip, names
        self.position_title = self.email = self.functional_family = None
        for name, value in zip(names, data, strict=True):
            setattr(self, name, value)
        self.supervisor_nip, self.units, self.supervisor_problem = supervisor_nip, units, supervisor_problem

    @property
    def unit_code(self) -> str:
        return self.units[-1].code

    @property
    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.names}


_REPEATED = frozenset({"position_title", "functional_family"})


class Shared(dict[Any, Any]):
    """One object for equal values that many rows repeat (titles, NIPs of supervisors): memory, not meaning."""

    def __call__(self, value: Any) -> Any:
        return self.setdefault(value, value) if len(self) < 200_000 else value


@dataclass
class Checked:
    """Good entries (in file order), problems, and the units the good rows define (by code)."""

    entries: list[RosterEntry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rejected: dict[str, int] = field(default_factory=dict)
    """NIP → row of every rejected row whose NIP could be read (to explain orphaned supervisors)."""
    units: dict[str, UnitSpec] = field(default_factory=dict)
    orphaned: dict[int, tuple[str, int]] = field(default_factory=dict)
    """Row → (supervisor NIP, their row) for good rows whose supervisor is on a rejected row: imported without
    the supervisor the file names, with a warning (`--skip-invalid` keeps them, issue 15)."""

    def collect_units(self) -> None:
        """The units the good rows define: again after rows are dropped, so a refused row creates no unit."""
        self.units = {}
        for entry in self.entries:
            for spec in entry.units:
                self.units.setdefault(spec.code, spec)

    def drop(self, bad_rows: Mapping[int, str]) -> None:
        if not bad_rows:
            return
        for entry in self.entries:
            if entry.row in bad_rows:
                self.problems.append(RowProblem(entry.row, bad_rows[entry.row], entry.nip))
                self.rejected.setdefault(entry.nip, entry.row)
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


def _unit_specs(header: Header, cells: Mapping[str, Cell], row: int,
                units: dict[tuple[str, str, str | None], UnitSpec], lang: Lang = "id") -> tuple[UnitSpec, ...]:
    """The units a row names, root first; the last is the employee's unit. Raises RowRefused.

    `units` shares one `UnitSpec` between the rows naming the same unit (memory: a roster has few units)."""

    def spec(code: str, name: str, parent: str | None) -> UnitSpec:
        return units.setdefault((code, name, parent), UnitSpec(code, name, parent, row))

    if "unit_code" in header.fields:
        code = text_cell(header, cells, "unit_code", limit=MAX_CODE, required=True)
        parent = text_cell(header, cells, "parent_unit_code", limit=MAX_CODE)
        assert code is not None
        if parent == code:
            raise RowRefused(plain("row.own_parent", lang, column=header.label("parent_unit_code")))
        name = text_cell(header, cells, "unit", limit=MAX_CODE) or code
        return (spec(code, name, parent),)
    path = text_cell(header, cells, "unit", limit=4 * MAX_CODE, required=True)
    assert path is not None
    parts = [" ".join(part.split()) for part in path.split(PATH_SEPARATOR)]
    if any(not part for part in parts):
        raise RowRefused(plain("row.empty_level", lang, column=header.label("unit"), path=path))
    joiner = f" {PATH_SEPARATOR} "
    if len(joiner.join(parts)) > MAX_CODE:
        raise RowRefused(plain("row.path_too_long", lang, column=header.label("unit"), limit=MAX_CODE))
    return tuple(
        spec(joiner.join(parts[: depth + 1]), parts[depth], joiner.join(parts[:depth]) or None)
        for depth in range(len(parts))
    )


def _nip_problem(nip_raw: str, status: EmploymentStatus, lang: Lang = "id") -> str | None:
    try:
        parse_nip(nip_raw, status)
    except InvalidNip as error:
        if error.problem is NipProblem.DATE and status is not EmploymentStatus.PPPK:
            try:
                parse_nip(nip_raw, EmploymentStatus.PPPK)
                return plain("row.pppk_hint", lang, problem=error.text(lang))
            except InvalidNip:
                pass
        return error.text(lang)
    return None


def nip_cell(header: Header, cells: Mapping[str, Cell], name: str, *, required: bool, lang: Lang = "id") -> str | None:
    """The NIP as typed. A NIP that Excel stored as a number has lost its last digits: refuse it."""
    if isinstance(cells.get(name), float):
        raise RowRefused(plain("row.nip_as_number", lang, column=header.label(name)))
    return text_cell(header, cells, name, limit=64, required=required)


def check_row(header: Header, number: int, cells: Mapping[str, Cell],
              units: dict[tuple[str, str, str | None], UnitSpec],
              shared: Shared | None = None, lang: Lang = "id") -> tuple[RosterEntry | None, list[str]]:
    """One row on its own: the entry, or every problem found (not just the first)."""
    problems: list[str] = []

    def read(name: str, **kwargs: Any) -> str | None:
        try:
            return text_cell(header, cells, name, **kwargs)
        except RowRefused as error:
            problems.append(str(error))
            return None

    try:
        nip_raw = nip_cell(header, cells, "nip", required=True, lang=lang)
    except RowRefused as error:
        return None, [str(error)]
    assert nip_raw is not None
    try:
        status = parse_employment_status(read("employment_status", limit=32))
    except ValueError as error:
        problems.append(f"{header.label('employment_status')}: {error}")
        status = EmploymentStatus.PNS
    if (nip_problem := _nip_problem(nip_raw, status, lang)) is not None:
        problems.append(f"{header.label('nip')}: {nip_problem}")
    name = read("name", limit=LIMITS["name"], required=True)
    parsed: dict[str, Any] = {}
    for field_name, parse, choices in (
        ("position_type", _position, _POSITIONS),
        ("education", _education, _EDUCATIONS),
    ):
        value = read(field_name, limit=64, required=True)
        if value is None:
            continue
        try:
            parsed[field_name] = parse(value)
        except ValueError:
            problems.append(plain("row.unknown_value", lang, column=header.label(field_name), value=value,
                                  choices=choices))
    supervisor = None
    supervisor_problem = None
    try:
        supervisor_text = nip_cell(header, cells, "supervisor_nip", required=False, lang=lang)
    except RowRefused as error:
        problems.append(str(error))
        supervisor_text = None
    if supervisor_text is not None:
        try:
            supervisor = _supervisor_nip(supervisor_text)
        except InvalidNip as error:
            supervisor = normalize_nip(supervisor_text)
            supervisor_problem = f"{header.label('supervisor_nip')}: {error.text(lang)}"
    try:
        unit_specs = _unit_specs(header, cells, number, units, lang)
    except RowRefused as error:
        problems.append(str(error))
        unit_specs = ()
    optional = {
        field_name: read(field_name, limit=LIMITS[field_name])
        for field_name in WRITTEN_IF_PRESENT if field_name in header.fields
    }
    if problems:
        return None, [*problems, *([supervisor_problem] if supervisor_problem else [])]
    given: dict[str, Any] = {
        "nip": nip_raw,
        "name": name,
        "employment_status": status,
        **parsed,  # enum members: the model's alias validators pass them through untouched
        **optional,
    }
    try:
        employee = _EMPLOYEE_INPUT.validate_python(given)
    except ValidationError as error:
        return None, describe_validation(error, header)
    if supervisor == employee.nip:
        return None, [plain("row.own_supervisor", lang, column=header.label("supervisor_nip"))]
    share = shared if shared is not None else Shared()
    names = share((*ALWAYS_WRITTEN, *optional))
    kept = tuple(share(getattr(employee, name)) if name in _REPEATED else getattr(employee, name) for name in names)
    entry = RosterEntry(number, employee.nip, names, kept, share(supervisor) if supervisor else None,
                        share(unit_specs), supervisor_problem)
    return entry, []


def check_rows(table: Table, progress: Progress | None = None, lang: Lang = "id") -> tuple[Checked, int]:
    """Row-by-row checks as the rows stream in, then duplicate NIPs (every row of a duplicated NIP is refused:
    which is right?). Returns what was found and the number of data rows."""
    header = table.header
    if "unit" not in header.fields and "unit_code" not in header.fields:
        raise TableError(plain("row.table_needs_unit", lang, path=str(table.path)))
    if "parent_unit_code" in header.fields and "unit_code" not in header.fields:
        raise TableError(plain("row.table_parent_needs_code", lang, path=str(table.path)))
    checked = Checked()
    units: dict[tuple[str, str, str | None], UnitSpec] = {}
    shared = Shared()
    count = 0
    for number, cells in filled_rows(table):
        count += 1
        if progress is not None and count % 1_000 == 0:
            progress.advance(1_000)
        entry, problems = check_row(header, number, cells, units, shared, lang)
        if entry is not None:
            checked.entries.append(entry)
            continue
        raw_nip = cells.get("nip")
        nip = normalize_nip(raw_nip) if isinstance(raw_nip, str) else None
        checked.problems.extend(RowProblem(number, problem, nip) for problem in problems)
        if nip:
            checked.rejected.setdefault(nip, number)
    first_row: dict[str, int] = {}
    rows_by_nip: defaultdict[str, list[int]] = defaultdict(list)  # only the NIPs given more than once
    for entry in checked.entries:
        seen = first_row.setdefault(entry.nip, entry.row)
        if seen != entry.row:
            rows_by_nip[entry.nip].append(entry.row)
    for nip, row in checked.rejected.items():
        if nip in first_row:
            rows_by_nip[nip].append(row)
    for nip, rows in rows_by_nip.items():
        rows.append(first_row[nip])
    checked.drop(repeated_rows(rows_by_nip.values(), "row.duplicate_nip", lang))
    return checked, count


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


def check_units(checked: Checked, db_parent_codes: Mapping[str, str | None], lang: Lang = "id") -> None:
    """One definition per unit code across rows, and no loop in the tree the file and database make."""
    units: dict[str, UnitSpec] = {}
    bad_rows: dict[int, str] = {}
    for entry in checked.entries:
        for spec in entry.units:
            known = units.setdefault(spec.code, spec)
            if (known.name, known.parent_code) != (spec.name, spec.parent_code):
                none = plain("row.no_parent", lang)
                bad_rows.setdefault(entry.row, plain(
                    "row.unit_conflict", lang, code=spec.code, name=spec.name, parent=spec.parent_code or none,
                    known_name=known.name, known_parent=known.parent_code or none, row=known.row,
                ))
    parent_of = {**db_parent_codes, **{code: spec.parent_code for code, spec in units.items()}}
    for entry in checked.entries:
        loop = loop_from(entry.unit_code, parent_of)
        if loop is not None:
            bad_rows.setdefault(entry.row, plain("row.unit_loop", lang, loop=" → ".join(loop)))
    checked.drop(bad_rows)
    checked.collect_units()


def check_supervisors(checked: Checked, db_supervisor_of: Mapping[str, str | None] | None, lang: Lang = "id") -> None:
    """Each supervisor is an employee of this roster (for a partial roster: or of the database), and no chain of
    supervisors loops. A row whose supervisor is on a rejected row is kept without that supervisor
    (`Checked.orphaned`): one bad row must not take its subordinates with it. Repeated until stable: dropping a
    row can orphan its reports."""
    while True:
        # The file's supervisor chain, also its set of NIPs: one dict, not a set beside a copy (650,000 rows).
        in_file = {entry.nip: entry.supervisor_nip for entry in checked.entries}
        bad_rows: dict[int, str] = {}
        for entry in checked.entries:
            boss = entry.supervisor_nip
            if boss is None or boss in in_file:
                continue
            if boss in checked.rejected:
                checked.orphaned[entry.row] = (boss, checked.rejected[boss])
                entry.supervisor_nip = in_file[entry.nip] = None
            elif entry.supervisor_problem is not None:
                bad_rows[entry.row] = entry.supervisor_problem
            elif db_supervisor_of is None:
                bad_rows[entry.row] = plain("row.supervisor_missing", lang, nip=boss)
            elif boss not in db_supervisor_of:
                bad_rows[entry.row] = plain("row.supervisor_nowhere", lang, nip=boss)
        if not bad_rows:
            stored = db_supervisor_of if isinstance(db_supervisor_of, dict) else dict(db_supervisor_of or {})
            supervisor_of: Mapping[str, str | None] = (
                in_file if db_supervisor_of is None else ChainMap(in_file, stored)  # the file wins
            )
            for entry in checked.entries:
                loop = loop_from(entry.nip, supervisor_of)
                if loop is not None and loop[0] == entry.nip:
                    bad_rows[entry.row] = plain("row.supervisor_loop", lang, loop=" → ".join(loop))
        if not bad_rows:
            checked.collect_units()
            return
        checked.drop(bad_rows)
