"""`python -m scoring batch`: score an HR spreadsheet, one employee a row.

HR offices keep summaries, not training logs: the highest leadership training, whether functional
training matching the post was done, the JP of technical training in the last 12 months, and so on.
This module turns such a row into a `scoring.Profile` and lets `scoring.score` do every rule, so a
sheet and the bot can never disagree. The column layout (`COLUMNS`) is documented in the README and
in `batch --help`, both generated from this table.

Decisions the rules leave open (also in the README):
- An empty date cell means "dated on the assessment date": the record counts in every window.
- A row that cannot be read keeps its place in the output with empty scores and the reason in the
  `kesalahan` column, so the output lines up with the input row for row.
- When both `Predikat SKP` and `Nilai SKP` are filled, the predicate is scored (rules §3: appraisals
  since 2020 are scored by the predicate they state).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from scoring.engine import score
from scoring.io.sheets import Cell, SheetError
from scoring.models import (
    Education,
    EmploymentStatus,
    LeadershipLevel,
    Penalty,
    PenaltyLevel,
    Performance,
    Position,
    Predicate,
    Profile,
    Training,
    TrainingKind,
    parse_education,
    parse_position,
    parse_predicate,
)
from scoring.ruleset import RuleSet
from scoring.texts import number


@dataclass(frozen=True, slots=True)
class Column:
    """One column HR may provide: its field, the header we write, the aliases we also accept."""

    field: str
    header: str
    aliases: tuple[str, ...]
    help: str
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("nip", "NIP", ("NIP Baru", "Nomor Induk Pegawai"), "disalin ke hasil apa adanya"),
    Column("nama", "Nama", ("Nama Pegawai", "Nama Lengkap", "Name"), "disalin ke hasil apa adanya"),
    Column(
        "position", "Jenis Jabatan", ("Tipe Jabatan", "Kelompok Jabatan", "Kategori Jabatan", "position"),
        "JPT Utama, JPT Madya, JPT Pratama, Administrator, Pengawas, Fungsional, Pelaksana; juga "
        "Eselon I–IV (II.a …), JFT, JFU, Staf",
        required=True,
    ),
    Column(
        "education", "Pendidikan Terakhir",
        ("Pendidikan", "Pendidikan Tertinggi", "Tingkat Pendidikan", "Jenjang Pendidikan", "education"),
        "SD, SMP/SLTP, SMA/SMK/SLTA, D-I … D-IV, S-1, Profesi, S-2, Spesialis, S-3, Subspesialis",
        required=True,
    ),
    Column(
        "status", "Status Kepegawaian",
        ("Status Pegawai", "Status ASN", "Status", "Jenis Kepegawaian", "employment_status"),
        "PNS, CPNS atau PPPK (P3K); kosong = PNS",
    ),
    Column(
        "family", "Rumpun Jabatan", ("Rumpun Jabatan Fungsional", "functional_family"),
        "rumpun jabatan fungsional (mis. guru); dinilai otomatis hanya bila aturan menyebutnya",
    ),
    Column(
        "lead", "Diklat Kepemimpinan",
        ("Diklatpim", "Diklat PIM", "Pelatihan Kepemimpinan", "Diklat Struktural", "Jenjang Diklatpim"),
        "jenjang tertinggi: PKN I, PKN II, PKA, PKP atau Diklatpim I–IV (boleh beberapa, dipisah koma); "
        "kosong/tidak = belum",
    ),
    Column(
        "lead_date", "Tanggal Diklat Kepemimpinan",
        ("Tgl Diklat Kepemimpinan", "Tanggal Diklatpim", "Tgl Diklatpim", "Tanggal Pelatihan Kepemimpinan"),
        "tanggal lulus",
    ),
    Column(
        "func", "Diklat Fungsional Sesuai",
        ("Diklat Fungsional", "Diklat Fungsional Sesuai Jabatan", "Pelatihan Fungsional"),
        "ya/tidak: diklat fungsional yang sesuai jabatan (mis. PPG bagi guru); 'tidak sesuai' = ada "
        "tetapi tidak sesuai",
    ),
    Column(
        "func_date", "Tanggal Diklat Fungsional",
        ("Tgl Diklat Fungsional", "Tanggal Pelatihan Fungsional"),
        "tanggal lulus",
    ),
    Column(
        "tech_jp", "JP Diklat Teknis",
        ("Diklat Teknis", "Jumlah JP Diklat Teknis", "Diklat Teknis (JP)", "JP Teknis", "JP Pelatihan Teknis"),
        "jumlah JP diklat teknis dalam 12 bulan terakhir (angka; 0/kosong = tidak ada)",
    ),
    Column(
        "tech_date", "Tanggal Diklat Teknis",
        ("Tgl Diklat Teknis", "Tanggal Pelatihan Teknis"),
        "tanggal diklat teknis (bila JP dari beberapa diklat: yang paling awal); di luar 12 bulan = tidak dihitung",
    ),
    Column(
        "seminar", "Seminar",
        ("Seminar/Workshop", "Seminar/Workshop/Magang/Kursus", "Jumlah Seminar", "JP Seminar", "Workshop"),
        "ya/tidak, atau jumlah kegiatan/JP (lebih dari 0 = ya): seminar, workshop, magang atau kursus",
    ),
    Column(
        "seminar_date", "Tanggal Seminar", ("Tgl Seminar", "Tanggal Workshop"),
        "tanggal seminar/workshop terakhir",
    ),
    Column(
        "predicate", "Predikat SKP",
        ("Predikat", "Predikat Kinerja", "Predikat SKP Terakhir", "Predikat Kinerja Pegawai"),
        "Sangat Baik, Baik, Cukup/Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang, Buruk",
    ),
    Column(
        "score", "Nilai SKP", ("Nilai SKP Terakhir", "Nilai Kinerja", "SKP"),
        "nilai SKP lama (PP 46/2011, sampai tahun 2019), skala 0–100; dipakai bila Predikat SKP kosong",
    ),
    Column(
        "year", "Tahun SKP", ("Tahun Penilaian", "Tahun SKP Terakhir", "Tahun Penilaian Kinerja"),
        "tahun penilaian SKP (boleh kosong)",
    ),
    Column(
        "penalty", "Hukuman Disiplin",
        ("Hukdis", "Tingkat Hukuman Disiplin", "Jenis Hukuman Disiplin"),
        "tidak ada, ringan, sedang atau berat (yang terberat)",
    ),
    Column(
        "penalty_date", "TMT Hukuman Disiplin",
        ("TMT Hukdis", "Tanggal Hukuman Disiplin", "Tgl Hukuman Disiplin", "TMT Hukuman"),
        "tanggal mulai berlaku hukuman",
    ),
)

RESULT_COLUMNS = ("kualifikasi", "kompetensi", "kinerja", "disiplin", "total", "kategori", "resmi", "kesalahan")
"""Appended to the input columns; `resmi` is 'tidak' for CPNS and PPPK (outside the official measurement)."""

DATE_FIELDS = ("lead_date", "func_date", "tech_date", "seminar_date", "penalty_date")


def fold(text: str) -> str:
    """Header and value key: case, spacing and punctuation do not matter ('Tgl. Diklat-Teknis')."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


_HEADER_FIELDS: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        _HEADER_FIELDS[fold(_name)] = _column.field
_COLUMN_OF = {column.field: column for column in COLUMNS}
_RESULT_KEYS = {fold(name) for name in RESULT_COLUMNS}


def column_letter(index: int) -> str:
    """0 → A, 26 → AA: how a spreadsheet user finds the column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


# Layout --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How one file's header maps onto the fields, and which columns go to the output."""

    header: list[str]
    keep: list[int]
    """Indices of the input columns written to the output (all but earlier result columns)."""
    index: dict[str, int]
    ignored: list[str]
    """Headers used neither for scoring nor as NIP/Nama: reported, in case one is a misspelling."""

    def name(self, field_name: str) -> str:
        """'Pendidikan Terakhir' (C): the column as this file spells it, with its letter."""
        i = self.index[field_name]
        return f"column {self.header[i]!r} ({column_letter(i)})"

    @property
    def output_header(self) -> list[str]:
        return [self.header[i] for i in self.keep] + list(RESULT_COLUMNS)


def _blank(cells: Sequence[Cell]) -> bool:
    # `any(cells)` is the fast answer; only an all-falsy row (0, False, "") needs the exact look.
    return not any(cells) and all(cell is None or cell == "" for cell in cells)


class LayoutError(SheetError):
    """A header that cannot be used; the caller adds the file name."""


class MissingColumns(LayoutError):
    """A row that lacks a required column: not the header, or a sheet without one."""


HEADER_SEARCH_ROWS = 10
"""Non-empty rows searched for the header: exports often put a title or two above it."""


def find_layout(rows: Iterator[tuple[int, Sequence[Cell]]]) -> tuple[int, Layout] | None:
    """The header row and its layout: the first row naming the required columns. None: no rows at all.

    Rows above it (a title, an agency name) are skipped. When none of the first rows qualifies, the
    error describes the first non-empty row, the one a person would take for the header.
    """
    first_error: MissingColumns | None = None
    searched = 0
    for row_number, cells in rows:
        if _blank(cells):
            continue
        try:
            return row_number, read_layout(cells)
        except MissingColumns as exc:
            first_error = first_error or exc
            searched += 1
            if searched >= HEADER_SEARCH_ROWS:
                break
    if first_error is not None:
        raise first_error
    return None


def read_layout(cells: Sequence[Cell]) -> Layout:
    """Map a header row onto the fields; a missing required column or a doubled one is fatal."""
    header = [cell_text(cell) for cell in cells]
    while header and not header[-1]:
        header.pop()
    index: dict[str, int] = {}
    keep: list[int] = []
    ignored: list[str] = []
    for i, name in enumerate(header):
        key = fold(name)
        if key in _RESULT_KEYS:
            continue  # a result column of an earlier run: replaced, so a corrected output can be re-scored
        keep.append(i)
        field_name = _HEADER_FIELDS.get(key)
        if field_name is None:
            if name:
                ignored.append(name)
            continue
        if field_name in index:
            first = index[field_name]
            raise LayoutError(
                f"columns {header[first]!r} ({column_letter(first)}) and {name!r} ({column_letter(i)}) "
                f"both mean {_COLUMN_OF[field_name].header!r}; keep one"
            )
        index[field_name] = i
    missing = [c for c in COLUMNS if c.required and c.field not in index]
    if missing:
        wanted = "; ".join(
            f"{c.header!r} (or {', '.join(repr(a) for a in c.aliases)})" for c in missing
        )
        found = ", ".join(repr(h) for h in header if h) or "nothing"
        raise MissingColumns(f"missing required column {wanted}; the header row has {found}")
    return Layout(header, keep, index, ignored)


# Cell values -------------------------------------------------------------------------------------


class CellError(ValueError):
    """One cell that cannot be read; the caller adds the row and the column."""


_NO = frozenset(fold(w) for w in (
    "", "-", "tidak", "t", "no", "n", "false", "salah", "belum", "tidak ada", "belum ada", "none",
    "nihil", "0", "tidak pernah", "bebas",
))
_YES = frozenset(fold(w) for w in ("ya", "y", "yes", "true", "benar", "sudah", "ada", "sesuai", "1", "v"))
_UNMATCHED = frozenset(fold(w) for w in ("tidak sesuai", "belum sesuai", "ada tidak sesuai"))
_DASHES = frozenset({"-", "–", "—"})


def _is_empty(text: str) -> bool:
    return not text or text in _DASHES


def _choices(enum: type[Any]) -> str:
    return ", ".join(member.value for member in enum)


# Spreadsheet spellings that `scoring.models` does not know yet; tried only when it refuses a value.
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_SPREADSHEET_SPELLINGS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # 'Eselon II.a', 'Eselon I' → 'eselon2', 'eselon1' (the sub-grade does not change the position type)
    (re.compile(r"^eselon\s*(i{1,3}|iv|[1-4])\s*(?:[.\-]?\s*[a-e])?$"),
     lambda m: "eselon" + _ROMAN.get(m.group(1), m.group(1))),
    (re.compile(r"^jabatan\s+fungsional\s+tertentu$"), "jft"),
    (re.compile(r"^jabatan\s+fungsional\s+umum$"), "jfu"),
    (re.compile(r"^jabatan\s+pimpinan\s+tinggi\s+(utama|madya|pratama)$"), r"jpt \1"),
    (re.compile(r"^strata\s*[-.]?\s*([1-3])$"), r"s\1"),
    (re.compile(r"^diploma\s*[-.]?\s*(i{1,3}|iv|[1-4])$"), r"d\1"),
    (re.compile(r"^(?:diklat\s*pim|diklat\s+kepemimpinan|pelatihan\s+kepemimpinan)\s*(?:tingkat|tk\.?)?\s*"
                r"(i{1,3}|iv|[1-4])$"), r"diklatpim \1"),
    (re.compile(r"^pkn\s*(?:tingkat|tk\.?)\s*(i{1,2}|[12])$"), r"pkn \1"),
    (re.compile(r"^pelatihan\s+kepemimpinan\s+administrator$"), "pka"),
    (re.compile(r"^pelatihan\s+kepemimpinan\s+pengawas$"), "pkp"),
)


def _respelled(text: str) -> str | None:
    lowered = " ".join(text.casefold().split())
    for pattern, replacement in _SPREADSHEET_SPELLINGS:
        if pattern.match(lowered):
            return pattern.sub(replacement, lowered)
    return None


def _enum_cell(parse: Callable[[str], Any], text: str) -> Any:
    try:
        return parse(text)
    except ValueError:
        respelled = _respelled(text)
        if respelled is None:
            raise
        return parse(respelled)


def parse_position_cell(text: str) -> Position:
    try:
        return _enum_cell(parse_position, text)  # type: ignore[no-any-return]
    except ValueError:
        raise CellError(
            f"unknown position {text!r}; expected one of {_choices(Position)} "
            "(or Eselon I–IV, JFT, JFU, Staf)"
        ) from None


def parse_education_cell(text: str) -> Education:
    try:
        return _enum_cell(parse_education, text)  # type: ignore[no-any-return]
    except ValueError:
        raise CellError(
            f"unknown education {text!r}; expected one of {_choices(Education)} (or S-1, SMA, D-III, …)"
        ) from None


def parse_status_cell(text: str) -> EmploymentStatus:
    key = fold(text)
    if not key:
        return EmploymentStatus.PNS
    if key == "p3k":
        return EmploymentStatus.PPPK
    for status in EmploymentStatus:
        if key == status.value.casefold():
            return status
    raise CellError(f"unknown employment status {text!r}; expected PNS, CPNS or PPPK")


def _parse_level(text: str) -> LeadershipLevel:
    training = Training.model_validate({"kind": "kepemimpinan", "level": text, "date": date.min})
    assert training.level is not None  # a leadership training always has one (model rule)
    return training.level


def parse_levels_cell(text: str) -> tuple[LeadershipLevel, ...]:
    """One or more leadership levels ('PKA' or 'Diklatpim IV, Diklatpim III'); none-words mean none."""
    if _is_empty(text) or fold(text) in _NO:
        return ()
    levels: list[LeadershipLevel] = []
    for part in re.split(r"[,;+&]", text):
        part = part.strip()
        if not part:
            continue
        try:
            levels.append(_enum_cell(_parse_level, part))
        except ValueError:
            raise CellError(
                f"unknown leadership training level {part!r}; expected {_choices(LeadershipLevel)} "
                "or Diklatpim I–IV"
            ) from None
    return tuple(levels)


def parse_functional_cell(text: str) -> bool | None:
    """True: matching functional training; False: on record but not matching; None: none."""
    key = fold(text)
    if key in _UNMATCHED:
        return False
    if _is_empty(text) or key in _NO:
        return None
    if key in _YES:
        return True
    raise CellError(f"expected ya or tidak (or 'tidak sesuai'), not {text!r}")


def parse_number(cell: Cell, *, low: float = 0.0, high: float = 100_000.0) -> float | None:
    """A number from a cell: 12, 12.5, '12,5' (Indonesian decimal comma) or '24 JP'; empty is None."""
    if cell is None or isinstance(cell, bool):
        value = None if cell is None else float(cell)
    elif isinstance(cell, int | float):
        value = float(cell)
    elif isinstance(cell, str):
        text = cell.strip().casefold().removesuffix("jp").strip()
        if _is_empty(text):
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise CellError(f"expected a number, not {cell!r}") from None
    else:
        raise CellError(f"expected a number, not {cell!r}")
    if value is None:
        return None
    if value != value or not low <= value <= high:  # NaN included
        raise CellError(f"{number(value, 'en')} is outside {number(low, 'en')}–{number(high, 'en')}")
    return value


def parse_seminar_cell(cell: Cell) -> bool:
    if isinstance(cell, str):
        key = fold(cell)
        if key in _YES:
            return True
        if key in _NO or _is_empty(cell.strip()):
            return False
    try:
        amount = parse_number(cell)
    except CellError:
        raise CellError(f"expected ya/tidak or a number of seminars or JP, not {cell!r}") from None
    return amount is not None and amount > 0


def parse_predicate_cell(text: str) -> Predicate | None:
    if _is_empty(text):
        return None
    try:
        return parse_predicate(text)
    except ValueError:
        raise CellError(
            f"unknown SKP predicate {text!r}; expected one of {_choices(Predicate)}"
        ) from None


def parse_year_cell(cell: Cell) -> int | None:
    value = parse_number(cell, low=1970, high=2100)
    if value is None:
        return None
    if not value.is_integer():
        raise CellError(f"expected a year such as 2025, not {cell!r}")
    return int(value)


def parse_penalty_cell(text: str) -> PenaltyLevel | None:
    key = fold(text).removeprefix("hukumandisiplin").removeprefix("hukdis")
    if _is_empty(text) or key in _NO:
        return None
    for level in PenaltyLevel:
        if key == level.value:
            return level
    raise CellError(f"unknown penalty {text!r}; expected tidak ada, ringan, sedang or berat")


_MONTH_NAMES = {
    **{name: i for i, name in enumerate(
        ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
         "oktober", "november", "desember"), start=1)},
    **{name: i for i, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"), start=1)},
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8, "ags": 8,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "nop": 11, "des": 12, "dec": 12,
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s+[\d:.]*)?$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[\s\-]+([a-z]+)\.?[\s\-]+(\d{4})$")
DATE_HINT = "expected a date such as 2024-03-31, 31/03/2024 or 31 Maret 2024"


def parse_date(cell: Cell) -> date | None:
    """A date cell: a spreadsheet date, ISO, day-first (31/03/2024, as in Indonesia) or '31 Maret 2024'."""
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        raise CellError(f"{DATE_HINT}, not {cell!r}")
    text = cell.strip().casefold()
    if _is_empty(text):
        return None
    if match := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_FIRST.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif (match := _NAMED_MONTH.match(text)) and match.group(2) in _MONTH_NAMES:
        day, month, year = int(match.group(1)), _MONTH_NAMES[match.group(2)], int(match.group(3))
    else:
        raise CellError(f"{DATE_HINT}, not {cell!r}")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"{cell!r} is not a valid date") from None


# Rows --------------------------------------------------------------------------------------------


class RowError(ValueError):
    """A row that cannot be scored; the message names the columns (the caller adds the row number)."""


CACHE_LIMIT = 65_536
"""Entries per cache before it is emptied: enough for every distinct value of a real sheet's column,
small enough (a few MB) that memory stays flat on a file with millions of distinct dates."""


def _text(parse: Callable[[str], Any]) -> Callable[[Cell], Any]:
    return lambda cell: parse(cell_text(cell))


_PARSERS: dict[str, Callable[[Cell], Any]] = {
    "position": _text(parse_position_cell),
    "education": _text(parse_education_cell),
    "status": _text(parse_status_cell),
    "family": lambda cell: cell_text(cell) or None,
    "lead": _text(parse_levels_cell),
    "func": _text(parse_functional_cell),
    "tech_jp": parse_number,
    "seminar": parse_seminar_cell,
    "predicate": _text(parse_predicate_cell),
    "score": lambda cell: parse_number(cell, high=100.0),
    "year": parse_year_cell,
    "penalty": _text(parse_penalty_cell),
    **dict.fromkeys(DATE_FIELDS, parse_date),
}

@dataclass
class RowReader:
    """Turns the cells of one row into a `Profile`, checking each cell against its column.

    Speed matters (a national sheet has millions of rows) and sheets repeat themselves: a column holds
    few distinct values, and many rows share a training, an appraisal or a penalty. So parsed cells
    and validated sub-models (`Training`, `Performance`, `Penalty`, all frozen) are cached; each is
    still validated by the model once, so every rule of `scoring.models` applies to every row.
    """

    layout: Layout
    as_of: date
    refuse_future: bool
    """True when the assessment date is today: records after it are errors, not just uncounted (§2)."""
    _columns: list[tuple[str, int, dict[Any, Any], Callable[[Cell], Any]]] = field(init=False)
    _models: dict[tuple[Any, ...], Any] = field(init=False, default_factory=dict)
    _heads: dict[tuple[Any, ...], Profile] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._columns = [
            (name, i, {}, _PARSERS[name]) for name, i in self.layout.index.items() if name in _PARSERS
        ]

    def values(self, cells: Sequence[Cell]) -> dict[str, Any]:
        """Parsed cell values by field; every bad cell is reported, not only the first."""
        values: dict[str, Any] = {}
        errors: list[str] | None = None
        width = len(cells)
        for name, i, cache, parse in self._columns:
            cell = cells[i] if i < width else None
            try:
                value = cache[cell]
            except KeyError:
                try:
                    value = parse(cell)
                except CellError as exc:
                    value = exc
                if len(cache) >= CACHE_LIMIT:
                    cache.clear()
                cache[cell] = value
            if value.__class__ is CellError:
                errors = errors or []
                errors.append(f"{self.layout.name(name)}: {value}")
            else:
                values[name] = value
        if self.refuse_future:
            errors = self._future(values, errors)
        if errors:
            raise RowError(" | ".join(errors))
        return values

    def _future(self, values: dict[str, Any], errors: list[str] | None) -> list[str] | None:
        found = [
            f"{self.layout.name(name)}: {day.isoformat()} is after the assessment date {self.as_of.isoformat()}"
            for name in DATE_FIELDS if (day := values.get(name)) is not None and day > self.as_of
        ]
        year = values.get("year")
        if year is not None and year > self.as_of.year:
            found.append(f"{self.layout.name('year')}: {year} is after the assessment year {self.as_of.year}")
        return [*(errors or []), *found] or None

    def _model(self, model: type[Any], key: tuple[Any, ...], data: dict[str, Any], columns: tuple[str, ...],
               errors: list[str]) -> Any:
        """A validated, shared instance of `model`; a refusal is reported at `columns`.

        `key` identifies `data` (built by the caller without the dict, which is only read on a miss).
        """
        try:
            hit = model.model_validate(data)
        except ValidationError as exc:
            named = " and ".join(self.layout.name(c) for c in columns if c in self.layout.index)
            messages = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
            errors.append(f"{named or model.__name__}: {messages}")
            return None
        if len(self._models) >= CACHE_LIMIT:
            self._models.clear()
            self._heads.clear()
        self._models[key] = hit
        return hit

    def profile(self, cells: Sequence[Cell]) -> Profile:
        values = self.values(cells)
        get = values.get
        as_of = self.as_of
        models = self._models
        errors: list[str] = []
        trainings: list[Any] = []
        key: tuple[Any, ...]
        # An empty date cell means "dated on the assessment date" (README: counts in every window).
        levels = get("lead")
        if levels:
            day = get("lead_date") or as_of
            for level in levels:
                key = (_LEADERSHIP, level, day)
                trainings.append(models.get(key) or self._model(
                    Training, key, {"kind": _LEADERSHIP, "level": level, "date": day},
                    ("lead", "lead_date"), errors))
        matches = get("func")
        if matches is not None:
            key = (_FUNCTIONAL, matches, day := get("func_date") or as_of)
            trainings.append(models.get(key) or self._model(
                Training, key, {"kind": _FUNCTIONAL, "matches_position": matches, "date": day},
                ("func", "func_date"), errors))
        jp = get("tech_jp")
        if jp:
            key = (_TECHNICAL, jp, day := get("tech_date") or as_of)
            trainings.append(models.get(key) or self._model(
                Training, key, {"kind": _TECHNICAL, "jp": jp, "date": day}, ("tech_jp", "tech_date"), errors))
        if get("seminar"):
            key = (_SEMINAR, day := get("seminar_date") or as_of)
            trainings.append(models.get(key) or self._model(
                Training, key, {"kind": _SEMINAR, "date": day}, ("seminar", "seminar_date"), errors))
        performance: Any = None
        predicate = get("predicate")
        if predicate is not None:  # the predicate wins over a number (README, rules §3)
            key = (Performance, predicate, year := get("year"))
            performance = models.get(key) or self._model(
                Performance, key, {"predicate": predicate, "year": year}, ("predicate", "year"), errors)
        elif (skp := get("score")) is not None:
            key = (Performance, None, year := get("year"), skp)
            performance = models.get(key) or self._model(
                Performance, key, {"score": skp, "year": year}, ("score", "year"), errors)
        penalties: tuple[Any, ...] = ()
        if (penalty := get("penalty")) is not None:
            key = (penalty, day := get("penalty_date") or as_of)
            penalties = (models.get(key) or self._model(
                Penalty, key, {"level": penalty, "date": day}, ("penalty", "penalty_date"), errors),)
        if errors:
            raise RowError(" | ".join(errors))
        head_key = (values["position"], values["education"], get("status"), get("family"))
        head = self._heads.get(head_key)
        if head is None:
            return self._head(head_key, tuple(trainings), performance, penalties)
        # The records were validated by their own models above: a validated head with them is a valid profile.
        return head.with_records(tuple(trainings), performance, penalties)

    def _head(self, key: tuple[Any, ...], trainings: tuple[Training, ...], performance: Performance | None,
              penalties: tuple[Penalty, ...]) -> Profile:
        """`Profile.model_validate` in full, once per distinct head (position, education, status, family)."""
        position, education, status, family = key
        try:
            profile = Profile.model_validate({
                "position": position, "education": education, "employment_status": status or _PNS,
                "functional_family": family, "trainings": trainings, "performance": performance,
                "penalties": penalties,
            })
        except ValidationError as exc:  # every cell was checked; this names what the model still refused
            raise RowError(" | ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
                for e in exc.errors()
            )) from None
        self._heads[key] = profile
        return profile


_PNS = EmploymentStatus.PNS
_LEADERSHIP = TrainingKind.KEPEMIMPINAN
_FUNCTIONAL = TrainingKind.FUNGSIONAL
_TECHNICAL = TrainingKind.TEKNIS
_SEMINAR = TrainingKind.SEMINAR


# The run -------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    rows: int = 0
    failed: int = 0


def score_rows(
    rows: Iterator[tuple[int, Sequence[Cell]]],
    layout: Layout,
    reader: RowReader,
    rules: RuleSet,
    *,
    write: Callable[[Sequence[Cell]], None],
    number: Callable[[float], Cell],
    report: Callable[[int, str], None],
    tick: Callable[[int], None],
) -> Outcome:
    """Score every row after the header; write each at once, so memory does not grow with the file.

    `number` renders a score for the output format (`Sink.number`).
    """
    outcome = Outcome()
    keep = layout.keep
    width_in = len(layout.header)
    copy_all = keep == list(range(width_in))
    as_of = reader.as_of
    blank: list[Cell] = [None] * (len(RESULT_COLUMNS) - 1)
    official = {True: "ya", False: "tidak"}
    for row_number, cells in rows:
        if _blank(cells):
            continue  # blank rows (Excel keeps many at the end) are neither scored nor copied
        outcome.rows += 1
        width = len(cells)
        if copy_all and width == width_in:
            copied: Sequence[Cell] = cells
        else:
            copied = [cells[i] if i < width else None for i in keep]
        try:
            profile = reader.profile(cells)
        except RowError as exc:
            outcome.failed += 1
            report(row_number, str(exc))
            write([*copied, *blank, str(exc)])
        else:
            result = score(profile, as_of=as_of, ruleset=rules)
            points = result.dimension_points
            write([*copied, number(points["kualifikasi"]), number(points["kompetensi"]),
                   number(points["kinerja"]), number(points["disiplin"]), number(result.total),
                   result.category, official[result.official], None])
        if not outcome.rows & 255:
            tick(outcome.rows)
    return outcome
