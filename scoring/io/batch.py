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
from datetime import date
from typing import Any

from pydantic import ValidationError

from scoring.engine import score
from scoring.io.cells import Cell, CellError, cell_text, date_cell, is_empty, number_cell, whole_number_cell
from scoring.io.reading import Column, Header, Layout, is_blank
from scoring.io.values import NO, YES, fold
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
    parse_employment_status,
    parse_level,
    parse_penalty_level,
    parse_position,
    parse_predicate,
)
from scoring.ruleset import RuleSet
from scoring.texts import EDUCATION_LABELS, POSITION_LABELS, PREDICATE_LABELS

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


LAYOUT = Layout(COLUMNS, dropped=RESULT_COLUMNS)
"""Result columns of an earlier run are dropped: a corrected output can be scored again."""


# Cell values -------------------------------------------------------------------------------------


_NO = NO | {""}
_YES = YES
_UNMATCHED = frozenset(fold(w) for w in ("tidak sesuai", "belum sesuai", "ada tidak sesuai"))


_POSITIONS = ", ".join(POSITION_LABELS.values()) + " (or Eselon I–IV, JFT, JFU, Staf)"
_EDUCATIONS = ", ".join(label for code, label in EDUCATION_LABELS.items() if code != "none")
_PREDICATES = ", ".join(PREDICATE_LABELS.values())
"""The accepted values as people write them (never the internal codes such as jpt_utama)."""


def _required_text(text: str, what: str, choices: str) -> None:
    if is_empty(text):
        raise CellError(f"empty: give the {what} ({choices})")


def parse_position_cell(text: str) -> Position:
    _required_text(text, "position type", _POSITIONS)
    try:
        return parse_position(text)
    except ValueError:
        raise CellError(f"unknown position type {text!r}; expected one of {_POSITIONS}") from None


def parse_education_cell(text: str) -> Education:
    _required_text(text, "highest education", _EDUCATIONS)
    try:
        return parse_education(text)
    except ValueError:
        raise CellError(f"unknown education {text!r}; expected one of {_EDUCATIONS}") from None


def parse_status_cell(text: str) -> EmploymentStatus:
    try:
        return parse_employment_status(text)
    except ValueError:
        raise CellError(f"unknown employment status {text!r}; expected PNS, CPNS or PPPK") from None


def parse_levels_cell(text: str) -> tuple[LeadershipLevel, ...]:
    """One or more leadership levels ('PKA' or 'Diklatpim IV, Diklatpim III'); none-words mean none."""
    if is_empty(text) or fold(text) in _NO:
        return ()
    levels: list[LeadershipLevel] = []
    for part in re.split(r"[,;+&]", text):
        part = part.strip()
        if not part:
            continue
        try:
            levels.append(parse_level(part))
        except ValueError:
            raise CellError(
                f"unknown leadership training level {part!r}; expected PKN I, PKN II, PKA, PKP or Diklatpim I–IV"
            ) from None
    return tuple(levels)


def parse_functional_cell(text: str) -> bool | None:
    """True: matching functional training; False: on record but not matching; None: none."""
    key = fold(text)
    if key in _UNMATCHED:
        return False
    if is_empty(text) or key in _NO:
        return None
    if key in _YES:
        return True
    raise CellError(f"expected ya or tidak (or 'tidak sesuai'), not {text!r}")


def parse_seminar_cell(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, str):
        key = fold(cell)
        if key in _YES:
            return True
        if key in _NO or is_empty(cell.strip()):
            return False
    try:
        amount = number_cell(cell)
    except CellError:
        raise CellError(f"expected ya/tidak or a number of seminars or JP, not {cell!r}") from None
    return amount is not None and amount > 0


def parse_predicate_cell(text: str) -> Predicate | None:
    if is_empty(text):
        return None
    try:
        return parse_predicate(text)
    except ValueError:
        raise CellError(f"unknown SKP predicate {text!r}; expected one of {_PREDICATES}") from None


def parse_year_cell(cell: Cell) -> int | None:
    try:
        return whole_number_cell(cell, low=1970, high=2100)
    except CellError as error:
        if "whole number" in str(error):
            raise CellError(f"expected a year such as 2025, not {cell!r}") from None
        raise


def parse_penalty_cell(text: str) -> PenaltyLevel | None:
    """The heaviest penalty: none-words mean none, else a level through the one parser of levels."""
    if is_empty(text) or fold(text).removeprefix("hukumandisiplin").removeprefix("hukdis") in _NO:
        return None
    try:
        return parse_penalty_level(text)
    except ValueError:
        raise CellError(f"unknown penalty {text!r}; expected tidak ada, ringan, sedang or berat") from None


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
    "tech_jp": number_cell,
    "seminar": parse_seminar_cell,
    "predicate": _text(parse_predicate_cell),
    "score": lambda cell: number_cell(cell, high=100.0),
    "year": parse_year_cell,
    "penalty": _text(parse_penalty_cell),
    **dict.fromkeys(DATE_FIELDS, date_cell),
}

@dataclass
class RowReader:
    """Turns the cells of one row into a `Profile`, checking each cell against its column.

    Speed matters (a national sheet has millions of rows) and sheets repeat themselves: a column holds
    few distinct values, and many rows share a training, an appraisal or a penalty. So parsed cells
    and validated sub-models (`Training`, `Performance`, `Penalty`, all frozen) are cached; each is
    still validated by the model once, so every rule of `scoring.models` applies to every row.
    """

    header: Header
    as_of: date
    refuse_future: bool
    """True when the assessment date is today: records after it are errors, not just uncounted (§2)."""
    _columns: list[tuple[str, int, dict[Any, Any], Callable[[Cell], Any]]] = field(init=False)
    _models: dict[tuple[Any, ...], Any] = field(init=False, default_factory=dict)
    _heads: dict[tuple[Any, ...], Profile] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._columns = [
            (name, i, {}, _PARSERS[name]) for name, i in self.header.index.items() if name in _PARSERS
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
                errors.append(f"{self.header.where(name)}: {value}")
            else:
                values[name] = value
        if self.refuse_future:
            errors = self._future(values, errors)
        if errors:
            raise RowError(" | ".join(errors))
        return values

    def _future(self, values: dict[str, Any], errors: list[str] | None) -> list[str] | None:
        found = [
            f"{self.header.where(name)}: {day.isoformat()} is after the assessment date {self.as_of.isoformat()}"
            for name in DATE_FIELDS if (day := values.get(name)) is not None and day > self.as_of
        ]
        year = values.get("year")
        if year is not None and year > self.as_of.year:
            found.append(f"{self.header.where('year')}: {year} is after the assessment year {self.as_of.year}")
        return [*(errors or []), *found] or None

    def _model(self, model: type[Any], key: tuple[Any, ...], data: dict[str, Any], columns: tuple[str, ...],
               errors: list[str]) -> Any:
        """A validated, shared instance of `model`; a refusal is reported at `columns`.

        `key` identifies `data` (built by the caller without the dict, which is only read on a miss).
        """
        try:
            hit = model.model_validate(data)
        except ValidationError as exc:
            named = " and ".join(self.header.where(c) for c in columns if c in self.header.index)
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


def kept_columns(header: Header) -> list[int]:
    """Positions of the input columns written to the output: all but an earlier run's result columns."""
    return [i for i in range(len(header.names)) if i not in header.dropped]


def output_header(header: Header) -> list[str]:
    return [header.names[i] for i in kept_columns(header)] + list(RESULT_COLUMNS)


# The run -------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    rows: int = 0
    failed: int = 0


def score_rows(
    rows: Iterator[tuple[int, Sequence[Cell]]],
    header: Header,
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
    keep = kept_columns(header)
    width_in = len(header.names)
    copy_all = keep == list(range(width_in))
    as_of = reader.as_of
    blank: list[Cell] = [None] * (len(RESULT_COLUMNS) - 1)
    official = {True: "ya", False: "tidak"}
    for row_number, cells in rows:
        if is_blank(cells):
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
