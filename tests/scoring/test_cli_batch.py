"""`python -m scoring batch`: an HR office scores a whole spreadsheet without the bot.

Sheets are generated here from canonical values; each test builds the profile it expects on its own
(the documented column meaning), scores it with `scoring.score`, and compares with the output row.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from scoring import Profile, score
from scoring.dates import today_in_timezone
from scoring.io.batch import (
    COLUMNS,
    LAYOUT,
    RESULT_COLUMNS,
    RowReader,
    parse_education_cell,
    parse_levels_cell,
    parse_position_cell,
)
from scoring.io.cells import CellError
from scoring.io.cells import date_cell as parse_date
from scoring.io.cells import number_cell as parse_number
from scoring.io.cli import ROW_ERRORS_SHOWN, main
from scoring.io.progress import Progress
from scoring.io.reading import Header, detect_delimiter

AS_OF = date(2026, 11, 28)


def read_layout(cells: Sequence[Any]) -> Header:
    return LAYOUT.header(cells, 1)
ROOT = Path(__file__).resolve().parents[2]
HEADER = [
    "NIP",
    "Nama",
    "Unit Kerja",
    "Jenis Jabatan",
    "Pendidikan Terakhir",
    "Status Kepegawaian",
    "Diklat Kepemimpinan",
    "Tanggal Diklat Kepemimpinan",
    "Diklat Fungsional Sesuai",
    "Tanggal Diklat Fungsional",
    "JP Diklat Teknis",
    "Tanggal Diklat Teknis",
    "Seminar",
    "Tanggal Seminar",
    "Predikat SKP",
    "Nilai SKP",
    "Tahun SKP",
    "Hukuman Disiplin",
    "TMT Hukuman Disiplin",
]
SCORES = RESULT_COLUMNS[:5]

# How HR sheets spell the canonical values.
POSITION_SPELLINGS = {
    "jpt_utama": ("JPT Utama",),
    "jpt_madya": ("JPT Madya", "Eselon I"),
    "jpt_pratama": ("JPT Pratama", "Eselon II", "Eselon II.a"),
    "administrator": ("Administrator", "Eselon III", "eselon iii.b"),
    "pengawas": ("Pengawas", "Eselon IV"),
    "fungsional": ("Fungsional", "JFT", "Jabatan Fungsional Tertentu"),
    "pelaksana": ("Pelaksana", "JFU", "Staf", "pelaksana"),
}
EDUCATION_SPELLINGS = {
    "none": ("Tidak Sekolah",),
    "sd": ("SD",),
    "sltp": ("SMP", "SLTP"),
    "slta": ("SMA", "SMK", "SLTA"),
    "d1": ("D-I",),
    "d2": ("D-II",),
    "d3": ("D-III", "D3", "Diploma III"),
    "d4": ("D-IV",),
    "s1": ("S-1", "S1", "Strata 1"),
    "profesi": ("Profesi",),
    "s2": ("S-2",),
    "spesialis": ("Spesialis",),
    "s3": ("S-3",),
    "subspesialis": ("Subspesialis",),
}
LEVEL_SPELLINGS = {
    "pkn1": ("PKN I", "Diklatpim I"),
    "pkn2": ("PKN II", "Diklatpim Tk. II"),
    "pka": ("PKA", "Diklatpim III"),
    "pkp": ("PKP", "Diklatpim IV"),
}
PREDICATE_SPELLINGS = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "cukup": "Cukup",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang",
    "buruk": "Buruk",
    "sangat_kurang": "Sangat Kurang",
}


@dataclass
class Employee:
    """One generated row: the cells HR would type, and the profile they mean."""

    cells: list[Any]
    profile: dict[str, Any]
    trainings: list[dict[str, Any]] = field(default_factory=list)


def _when(rng: random.Random, years_back: float, typed: bool) -> tuple[Any, date]:
    """A date cell (empty for some rows: the assessment date) and the date it means."""
    if rng.random() < 0.2:
        return "", AS_OF
    day = AS_OF - timedelta(days=rng.randint(0, int(365 * years_back)))
    if typed:
        return datetime(day.year, day.month, day.day), day
    return (day.strftime("%d/%m/%Y") if rng.random() < 0.7 else day.isoformat()), day


def employee(rng: random.Random, index: int, typed: bool = False) -> Employee:
    """A random employee; `typed` writes numbers and dates as XLSX cells, not text."""
    position = rng.choice(list(POSITION_SPELLINGS))
    education = rng.choice(list(EDUCATION_SPELLINGS))
    status = rng.choice(("PNS", "PNS", "CPNS", "PPPK", ""))
    trainings: list[dict[str, Any]] = []

    level = rng.choice((None, None, *LEVEL_SPELLINGS))
    lead_cell, lead_day = _when(rng, 15, typed)
    if level is not None:
        trainings.append({"kind": "kepemimpinan", "level": level, "date": lead_day.isoformat()})
    else:
        lead_cell = ""

    func = rng.choice(("ya", "tidak", "", "tidak sesuai"))
    func_cell, func_day = _when(rng, 10, typed)
    if func in ("ya", "tidak sesuai"):
        trainings.append({"kind": "fungsional", "matches_position": func == "ya", "date": func_day.isoformat()})

    jp = rng.choice((0, 8, 12, 19.5, 20, 24, 40, None))
    tech_cell, tech_day = _when(rng, 2, typed)
    if jp:
        trainings.append({"kind": "teknis", "jp": jp, "date": tech_day.isoformat()})
    jp_cell: Any = "" if jp is None else (jp if typed else str(jp).replace(".", ","))

    seminar = rng.choice(("ya", "tidak", "", "3"))
    seminar_cell, seminar_day = _when(rng, 4, typed)
    if seminar in ("ya", "3"):
        trainings.append({"kind": "seminar", "date": seminar_day.isoformat()})

    roll = rng.random()
    predicate_cell, score_cell, year_cell = "", "", ""
    performance: dict[str, Any] | None = None
    if roll < 0.6:
        predicate = rng.choice(list(PREDICATE_SPELLINGS))
        year = rng.choice((2024, 2025, None))
        predicate_cell, year_cell = PREDICATE_SPELLINGS[predicate], "" if year is None else str(year)
        performance = {"predicate": predicate, "year": year}
    elif roll < 0.85:
        value = round(rng.uniform(40, 100), 1)
        year = rng.choice((2018, 2019, None))
        score_cell, year_cell = str(value).replace(".", ","), "" if year is None else str(year)
        performance = {"score": value, "year": year}

    penalty = rng.choice(("", "", "tidak ada", "ringan", "sedang", "berat"))
    penalty_cell, penalty_day = _when(rng, 7, typed)
    penalties = []
    if penalty in ("ringan", "sedang", "berat"):
        penalties.append({"level": penalty, "date": penalty_day.isoformat()})
    else:
        penalty_cell = ""

    cells = [
        f"1980010120050110{index:02d}",
        f"Pegawai {index}",
        f"Unit {index % 7}",
        rng.choice(POSITION_SPELLINGS[position]),
        rng.choice(EDUCATION_SPELLINGS[education]),
        status,
        "" if level is None else rng.choice(LEVEL_SPELLINGS[level]),
        lead_cell,
        func,
        func_cell if func else "",
        jp_cell,
        tech_cell if jp else "",
        seminar,
        seminar_cell if seminar else "",
        predicate_cell,
        score_cell,
        year_cell,
        penalty.capitalize(),
        penalty_cell,
    ]
    profile = {
        "position": position,
        "education": education,
        "employment_status": status or "PNS",
        "trainings": trainings,
        "performance": performance,
        "penalties": penalties,
    }
    return Employee(cells, profile)


def expected_scores(profile: dict[str, Any]) -> list[float]:
    result = score(Profile.model_validate(profile), as_of=AS_OF)
    points = result.dimension_points
    return [points["kualifikasi"], points["kompetensi"], points["kinerja"], points["disiplin"], result.total]


def write_csv(path: Path, rows: Sequence[Sequence[Any]], delimiter: str = ";", bom: bool = True) -> None:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    delimiter = detect_delimiter(text.split("\n", 1)[0])
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def number(text: str) -> float:
    return float(text.replace(",", "."))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.out == ""  # batch talks on stderr only; stdout stays free
    return status, captured.err


def test_a_10000_row_csv_is_scored_row_for_row_like_score(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rng = random.Random(38)
    employees = [employee(rng, i) for i in range(10_000)]
    source, output = tmp_path / "pegawai.csv", tmp_path / "hasil.csv"
    write_csv(source, [HEADER, *(e.cells for e in employees)])

    status, err = run(capsys, "batch", str(source), "-o", str(output), "--as-of", AS_OF.isoformat())

    assert status == 0, err
    assert "10000 of 10000 rows scored, 0 failed" in err
    rows = read_csv(output)
    assert len(rows) == 10_000
    assert list(rows[0]) == [*HEADER, *RESULT_COLUMNS]
    for row, person in zip(rows, employees, strict=True):
        assert [row[h] for h in HEADER] == [str(c) for c in person.cells]  # input passed through as is
        result = score(Profile.model_validate(person.profile), as_of=AS_OF)
        points = result.dimension_points
        expected = [points["kualifikasi"], points["kompetensi"], points["kinerja"], points["disiplin"], result.total]
        assert [number(row[c]) for c in SCORES] == expected, row
        assert row["kategori"] == result.category
        assert row["resmi"] == ("ya" if result.official else "tidak")
        assert row["kesalahan"] == ""


def test_an_xlsx_with_typed_cells_is_scored_into_an_xlsx(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rng = random.Random(2019)
    employees = [employee(rng, i, typed=True) for i in range(300)]
    book = openpyxl.Workbook()
    book.active.append(["bukan data"])
    sheet = book.create_sheet("Pegawai")
    sheet.append(["DAFTAR NOMINATIF PEGAWAI DINAS CONTOH"])  # a title above the header is skipped
    sheet.append([])
    sheet.append(HEADER)
    for person in employees:
        sheet.append(person.cells)
    source, output = tmp_path / "pegawai.xlsx", tmp_path / "hasil.xlsx"
    book.save(source)

    status, err = run(
        capsys, "batch", str(source), "-o", str(output), "--as-of", AS_OF.isoformat(), "--sheet", "Pegawai"
    )

    assert status == 0, err
    result = openpyxl.load_workbook(output, read_only=True)
    rows = list(result.worksheets[0].iter_rows(values_only=True))
    result.close()
    assert list(rows[0]) == [*HEADER, *RESULT_COLUMNS]
    assert len(rows) == 301
    for row, person in zip(rows[1:], employees, strict=True):
        assert list(row[len(HEADER) : len(HEADER) + 5]) == expected_scores(person.profile)
        assert row[0] == person.cells[0]  # NIP stays text, not a number in scientific notation


def test_a_comma_csv_keeps_commas_and_decimal_points(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source, output = tmp_path / "pegawai.csv", tmp_path / "hasil.csv"
    write_csv(
        source,
        [["nip", "JENIS JABATAN", "pendidikan", "jp diklat teknis", "seminar"], ["1", "pelaksana", "S-1", "20", "ya"]],
        delimiter=",",
        bom=False,
    )

    status, _ = run(capsys, "batch", str(source), "-o", str(output), "--as-of", AS_OF.isoformat())

    assert status == 0
    lines = output.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "nip,JENIS JABATAN,pendidikan,jp diklat teknis,seminar," + ",".join(RESULT_COLUMNS)
    assert lines[1] == "1,pelaksana,S-1,20,ya,15,40,0,5,60,Sangat Rendah,ya,"


def test_a_semicolon_csv_gets_decimal_commas(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source, output = tmp_path / "pegawai.csv", tmp_path / "hasil.csv"
    write_csv(source, [["Jenis Jabatan", "Pendidikan Terakhir", "JP Diklat Teknis"], ["Staf", "SMA", "24"]])

    status, _ = run(capsys, "batch", str(source), "-o", str(output), "--as-of", AS_OF.isoformat())

    assert status == 0
    assert output.read_text(encoding="utf-8-sig").splitlines()[1] == ("Staf;SMA;24;5;22,5;0;5;32,5;Sangat Rendah;ya;")


def test_an_empty_date_means_the_assessment_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source, output = tmp_path / "pegawai.csv", tmp_path / "hasil.csv"
    header = [
        "Jenis Jabatan",
        "Pendidikan Terakhir",
        "JP Diklat Teknis",
        "Tanggal Diklat Teknis",
        "Hukuman Disiplin",
        "TMT Hukuman Disiplin",
    ]
    write_csv(
        source,
        [
            header,
            ["pelaksana", "s1", "20", "", "berat", ""],  # both count: dated today
            ["pelaksana", "s1", "20", "29/11/2025", "berat", "29/11/2021"],  # first day of each window
            ["pelaksana", "s1", "20", "28/11/2025", "berat", "28/11/2021"],  # one day before: not counted
        ],
    )

    status, _ = run(capsys, "batch", str(source), "-o", str(output), "--as-of", AS_OF.isoformat())

    assert status == 0
    rows = read_csv(output)
    assert [(r["kompetensi"], r["disiplin"]) for r in rows] == [("22,5", "1"), ("22,5", "1"), ("0", "5")]


def test_broken_rows_are_reported_and_the_others_scored(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source, output = tmp_path / "pegawai.csv", tmp_path / "hasil.csv"
    header = [
        "NIP",
        "Jenis Jabatan",
        "Pendidikan Terakhir",
        "JP Diklat Teknis",
        "Tanggal Diklat Teknis",
        "Predikat SKP",
        "Nilai SKP",
        "Tahun SKP",
        "Hukuman Disiplin",
    ]
    write_csv(
        source,
        [
            header,
            ["1", "pelaksana", "S-1", "24", "01/10/2026", "Baik", "", "2025", ""],
            ["2", "pelaksana", "S9", "24", "", "", "", "", ""],
            ["3", "lurah", "S-1", "dua puluh", "31/02/2026", "", "", "", ""],
            ["4", "pelaksana", "S-1", "", "", "Istimewa", "", "", "dipecat"],
            [],
            ["5", "pelaksana", "S-1", "", "", "", "120", "", ""],
            ["6", "pelaksana", "S-1", "", "", "", "80", "2023", ""],
            ["7", "administrator", "S-2", "", "", "", "91", "2019", "sedang"],
        ],
    )

    status, err = run(capsys, "batch", str(source), "-o", str(output), "--as-of", AS_OF.isoformat())

    assert status == 1
    lines = err.splitlines()
    assert "row 3: column 'Pendidikan Terakhir' (C): unknown education 'S9'; expected one of SD, SLTP/SMP" in err
    row4 = next(line for line in lines if line.startswith("row 4: "))
    assert "column 'Jenis Jabatan' (B): unknown position type 'lurah'" in row4
    assert "column 'JP Diklat Teknis' (D): expected a number, not 'dua puluh'" in row4
    assert "column 'Tanggal Diklat Teknis' (E): '31/02/2026' is not a valid date" in row4
    row5 = next(line for line in lines if line.startswith("row 5: "))
    assert "column 'Predikat SKP' (F): unknown SKP predicate 'Istimewa'" in row5
    assert "column 'Hukuman Disiplin' (I): unknown penalty 'dipecat'" in row5
    assert "row 7: column 'Nilai SKP' (G): 120 is outside 0–100" in err
    assert "row 8: column 'Nilai SKP' (G) and column 'Tahun SKP' (H): a numeric score belongs" in err
    assert "2 of 7 rows scored, 5 failed" in err

    rows = read_csv(output)
    assert [r["NIP"] for r in rows] == ["1", "2", "3", "4", "5", "6", "7"]  # same order, blank row dropped
    # 15 + 22,5 + 25 + 5, and 20 + 0 + 30 + 2 (an empty TMT is the assessment date: it counts)
    assert [r["total"] for r in rows] == ["67,5", "", "", "", "", "", "52"]
    assert rows[0]["kesalahan"] == "" and rows[6]["kesalahan"] == ""
    assert rows[1]["kesalahan"].startswith("column 'Pendidikan Terakhir' (C): unknown education 'S9'")
    assert all(r["kesalahan"] for r in rows[1:6])


def test_records_after_today_are_refused_without_as_of(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    later = today_in_timezone() + timedelta(days=400)
    source, output = tmp_path / "pegawai.csv", tmp_path / "hasil.csv"
    write_csv(
        source,
        [
            ["Jenis Jabatan", "Pendidikan Terakhir", "Seminar", "Tanggal Seminar", "Predikat SKP", "Tahun SKP"],
            ["pelaksana", "s1", "ya", later.isoformat(), "baik", str(later.year + 1)],
            ["pelaksana", "s1", "ya", "", "baik", ""],
        ],
    )

    status, err = run(capsys, "batch", str(source), "-o", str(output))

    assert status == 1
    today = today_in_timezone()
    assert (
        f"row 2: column 'Tanggal Seminar' (D): {later.isoformat()} is after the assessment date {today.isoformat()}"
    ) in err
    assert f"column 'Tahun SKP' (F): {later.year + 1} is after the assessment year {today.year}" in err

    status, _ = run(capsys, "batch", str(source), "-o", str(output), "--as-of", today.isoformat())
    assert status == 0
    assert [r["kompetensi"] for r in read_csv(output)] == ["0", "17,5"]  # later seminar: not counted


def test_only_the_first_row_errors_are_printed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source, output = tmp_path / "pegawai.csv", tmp_path / "hasil.csv"
    write_csv(source, [["Jenis Jabatan", "Pendidikan Terakhir"], *[["pelaksana", "S9"]] * (ROW_ERRORS_SHOWN + 5)])

    status, err = run(capsys, "batch", str(source), "-o", str(output), "--as-of", AS_OF.isoformat())

    assert status == 1
    assert sum(line.startswith("row ") for line in err.splitlines()) == ROW_ERRORS_SHOWN
    assert "… and 5 more rows with errors; see the column 'kesalahan'" in err
    assert len(read_csv(output)) == ROW_ERRORS_SHOWN + 5


def test_scoring_an_output_again_replaces_its_result_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source, first, second = tmp_path / "pegawai.csv", tmp_path / "hasil.csv", tmp_path / "hasil2.csv"
    write_csv(source, [["Jenis Jabatan", "Pendidikan Terakhir", "Unit"], ["pelaksana", "S9", "A"]])
    assert run(capsys, "batch", str(source), "-o", str(first), "--as-of", AS_OF.isoformat())[0] == 1
    fixed = first.read_text(encoding="utf-8-sig").replace("S9", "S-2")
    first.write_text(fixed, encoding="utf-8-sig")

    status, err = run(capsys, "batch", str(first), "-o", str(second), "--as-of", AS_OF.isoformat())

    assert status == 0
    assert "'Unit'" in err  # not a scoring column: named once, in case it is a misspelling
    rows = read_csv(second)
    assert list(rows[0]) == ["Jenis Jabatan", "Pendidikan Terakhir", "Unit", *RESULT_COLUMNS]
    assert rows[0]["kualifikasi"] == "20"


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> None:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tidak-ada.csv", None, "tidak-ada.csv: file not found"),
        ("pegawai.xls", "", "must be a .csv or .xlsx file (save the old .xls format as .xlsx first)"),
        ("pegawai.json", "{}", "must be a .csv or .xlsx file"),
        (
            "kosong.csv",
            "",
            "kosong.csv: empty; expected a header row (at least 'Jenis Jabatan' and 'Pendidikan Terakhir')",
        ),
        ("kosong2.csv", "\n;;\n\n", "empty; expected a header row"),
        ("tanpa-judul.csv", "pelaksana;S-1\nstaf;SMA\n", "missing required column 'Jenis Jabatan'"),
        (
            "kurang.csv",
            "NIP;Jenis Jabatan;Nama\n1;staf;A\n",
            "missing required column 'Pendidikan Terakhir' (or 'Pendidikan', ",
        ),
        (
            "ganda.csv",
            "Jenis Jabatan;Pendidikan;Pendidikan Terakhir\n",
            "columns 'Pendidikan' (B) and 'Pendidikan Terakhir' (C) both mean 'Pendidikan Terakhir'; keep one",
        ),
        ("rusak.xlsx", "bukan zip", "cannot be read as an .xlsx workbook"),
        (  # UTF-8 as far as the encoding is guessed (64 KB), then not
            "latin1.csv",
            b"Jenis Jabatan;Pendidikan Terakhir;Nama\n" + b"staf;SMA;A\n" * 7000 + b"staf;SMA;Jos\xe9\n",
            "latin1.csv: not UTF-8 text (line 7002); save the sheet as 'CSV UTF-8' or give its encoding",
        ),
    ],
)
def test_unusable_input_exits_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: str | bytes | None, message: str
) -> None:
    source, output = tmp_path / name, tmp_path / "hasil.csv"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content is not None:
        source.write_text(content, encoding="utf-8")

    status, err = run(capsys, "batch", str(source), "-o", str(output), "--as-of", AS_OF.isoformat())

    assert status == 2
    assert message in err
    assert err.startswith("error: ")
    assert list(tmp_path.iterdir()) == ([source] if content is not None else [])  # no output, no leftovers


@pytest.mark.parametrize("given", [["--encoding", "cp1252"], []])
def test_a_non_utf8_csv_is_read_with_encoding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, given: list[str]
) -> None:
    """Windows-1252 is read when given, and recognised when not (the file does not start as UTF-8)."""
    source, output = tmp_path / "pegawai.csv", tmp_path / "hasil.csv"
    source.write_bytes("Nama;Jenis Jabatan;Pendidikan Terakhir\nJosé;staf;SMA\n".encode("cp1252"))

    status, _ = run(capsys, "batch", str(source), "-o", str(output), "--as-of", AS_OF.isoformat(), *given)

    assert status == 0
    assert read_csv(output)[0]["Nama"] == "José"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "{dir}/pegawai.csv"], "the output would overwrite the input"),
        (["-o", "{dir}/tidak/ada/hasil.csv"], "does not exist"),
        (["-o", "{dir}/hasil.ods"], "the output must be a .csv or .xlsx file"),
        (["-o", "{dir}/hasil.csv", "--sheet", "Pegawai"], "--sheet applies to .xlsx files only"),
        (["-o", "{dir}/hasil.csv", "--ruleset", "tidak-ada"], "unknown rule set 'tidak-ada'"),
        (["-o", "{dir}/hasil.csv", "--encoding", "klingon"], "unknown encoding 'klingon'"),
    ],
)
def test_unusable_options_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    source = tmp_path / "pegawai.csv"
    write_csv(source, [["Jenis Jabatan", "Pendidikan Terakhir"], ["staf", "SMA"]])

    status, err = run(
        capsys, "batch", str(source), *(a.format(dir=tmp_path) for a in argv), "--as-of", AS_OF.isoformat()
    )

    assert status == 2
    assert message in err
    assert source.read_text(encoding="utf-8-sig").startswith("Jenis Jabatan")


def test_an_unknown_sheet_is_named_with_the_sheets_there(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "pegawai.xlsx"
    write_xlsx(source, [["Jenis Jabatan", "Pendidikan Terakhir"], ["staf", "SMA"]])

    status, err = run(capsys, "batch", str(source), "-o", str(tmp_path / "hasil.xlsx"), "--sheet", "Data")

    assert status == 2
    assert "no sheet named 'Data'; sheets: Sheet" in err


def test_header_only_gives_an_empty_result(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source, output = tmp_path / "pegawai.xlsx", tmp_path / "hasil.csv"
    write_xlsx(source, [[None], ["Jenis Jabatan", "Pendidikan Terakhir"]])  # header after an empty row

    status, err = run(capsys, "batch", str(source), "-o", str(output), "--as-of", AS_OF.isoformat())

    assert status == 0
    assert "0 of 0 rows scored" in err
    assert output.read_text(encoding="utf-8-sig").splitlines() == [
        "Jenis Jabatan,Pendidikan Terakhir," + ",".join(RESULT_COLUMNS)
    ]


def test_the_fast_profile_path_equals_full_validation() -> None:
    """Batch joins validated records to a validated head (`Profile.with_records`); that must be what full
    validation gives, for every row after the first of each head."""
    rng = random.Random(7)
    reader = RowReader(read_layout(HEADER), AS_OF, refuse_future=False)
    for index in range(500):
        person = employee(rng, index)
        made = reader.profile(person.cells)
        assert made == Profile.model_validate(person.profile)
        assert made.model_fields_set == Profile.model_validate(made.model_dump()).model_fields_set


def test_the_column_layout_accepts_every_documented_alias() -> None:
    for column in COLUMNS:
        for name in (column.header, *column.aliases, column.header.upper(), f"  {column.header.lower()} "):
            cells = (
                ["Jenis Jabatan", "Pendidikan Terakhir", name]
                if not column.required
                else [name, "Pendidikan Terakhir" if column.field == "position" else "Jenis Jabatan"]
            )
            assert read_layout(cells).index[column.field] == cells.index(name)


def test_progress_is_drawn_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = Progress(lambda: 0.5, stream)
        progress.tick(12_800)
        progress.clear()
    assert "50%" in terminal.getvalue() and "12.800 baris" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")
    assert pipe.getvalue() == ""


def test_the_entry_point_runs_a_batch(tmp_path: Path) -> None:
    source, output = tmp_path / "pegawai.xlsx", tmp_path / "hasil.csv"
    write_xlsx(
        source,
        [
            ["NIP", "Jenis Jabatan", "Pendidikan Terakhir", "Predikat SKP"],
            ["199001012015011001", "Eselon IV", "S-1", "Sangat Baik"],
            ["199001012015011002", "Eselon IV", "SMA", "Luar Biasa"],
        ],
    )

    done = subprocess.run(
        [sys.executable, "-m", "scoring", "batch", str(source), "-o", str(output), "--as-of", "2026-11-28"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 1
    assert "row 3: column 'Predikat SKP' (D): unknown SKP predicate 'Luar Biasa'" in done.stderr
    assert "\r" not in done.stderr  # no progress bar when stderr is not a terminal
    assert done.stdout == ""
    rows = read_csv(output)
    assert [r["total"] for r in rows] == ["50", ""]  # 15 (S-1) + 0 + 30 (Sangat Baik) + 5
    assert json.dumps(rows[0]["NIP"]) == '"199001012015011001"'


@pytest.mark.parametrize(
    ("parse", "cell", "expected"),
    [
        (parse_position_cell, "Eselon I", "jpt_madya"),
        (parse_position_cell, "eselon ii.b", "jpt_pratama"),
        (parse_position_cell, "Eselon IV.a", "pengawas"),
        (parse_position_cell, "Jabatan Fungsional Tertentu", "fungsional"),
        (parse_position_cell, "Jabatan Fungsional Umum", "pelaksana"),
        (parse_position_cell, "Jabatan Pimpinan Tinggi Pratama", "jpt_pratama"),
        (parse_education_cell, "Strata 1", "s1"),
        (parse_education_cell, "Diploma III", "d3"),
        (parse_education_cell, "SMK", "slta"),
        (parse_levels_cell, "Diklatpim Tk. III", ("pka",)),
        (parse_levels_cell, "Diklat Kepemimpinan Tingkat IV", ("pkp",)),
        (parse_levels_cell, "PKN Tingkat I", ("pkn1",)),
        (parse_levels_cell, "Pelatihan Kepemimpinan Administrator", ("pka",)),
        (parse_levels_cell, "Diklatpim IV, Diklatpim III", ("pkp", "pka")),
        (parse_levels_cell, "belum", ()),
        (parse_levels_cell, "-", ()),
        (parse_date, "31/03/2024", date(2024, 3, 31)),
        (parse_date, "1-3-2024", date(2024, 3, 1)),
        (parse_date, "2024-03-31", date(2024, 3, 31)),
        (parse_date, "2024-03-31 00:00:00", date(2024, 3, 31)),
        (parse_date, "31 Maret 2024", date(2024, 3, 31)),
        (parse_date, "7 Agt 2023", date(2023, 8, 7)),
        (parse_date, datetime(2024, 3, 31, 0, 0), date(2024, 3, 31)),
        (parse_date, "", None),
        (parse_number, "12,5", 12.5),
        (parse_number, "24 JP", 24.0),
        (parse_number, 20, 20.0),
        (parse_number, "", None),
    ],
)
def test_cells_as_hr_offices_write_them(parse: Any, cell: Any, expected: Any) -> None:
    assert parse(cell) == expected


@pytest.mark.parametrize(
    ("parse", "cell", "message"),
    [
        (parse_date, "2024", "expected a date such as 2024-03-31, 31/03/2024 or 31 Maret 2024, not '2024'"),
        (parse_date, "31/02/2024", "'31/02/2024' is not a valid date"),
        (parse_date, 45000, "expected a date"),
        (parse_number, "-3", "-3 is outside 0–100000"),
        (parse_number, "nan", "expected a number, not 'nan'"),
        (parse_number, "dua", "expected a number, not 'dua'"),
        (parse_levels_cell, "Diklatpim V", "unknown leadership training level 'Diklatpim V'"),
    ],
)
def test_cells_that_cannot_be_read(parse: Any, cell: Any, message: str) -> None:
    with pytest.raises(CellError, match=re.escape(message)):
        parse(cell)


def test_a_clerks_bad_cells_are_named_in_peoples_words_not_internal_codes(tmp_path: Path) -> None:
    """Issue 15 item 4: an empty cell is said to be empty; the choices are what people write (JPT Utama, not
    jpt_utama); 'sangat berat' is no penalty level."""
    source, output = tmp_path / "pegawai.csv", tmp_path / "hasil.csv"
    write_csv(source, [["Jenis Jabatan", "Pendidikan Terakhir", "Hukuman Disiplin"],
                       ["", "S-1", ""], ["Lurah", "", ""], ["Pelaksana", "SMA", "sangat berat"]])
    done = subprocess.run([sys.executable, "-m", "scoring", "batch", str(source), "-o", str(output),
                           "--as-of", "2026-01-31"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == ("row 2: column 'Jenis Jabatan' (A): empty: give the position type (JPT Utama, JPT Madya, "
                        "JPT Pratama, Administrator, Pengawas, Fungsional, Pelaksana (or Eselon I–IV, JFT, JFU, Staf))")
    assert lines[1].startswith("row 3: column 'Jenis Jabatan' (A): unknown position type 'Lurah'; expected one of "
                               "JPT Utama, JPT Madya")
    assert "column 'Pendidikan Terakhir' (B): empty: give the highest education (SD, SLTP/SMP" in lines[1]
    assert lines[2] == ("row 4: column 'Hukuman Disiplin' (C): unknown penalty 'sangat berat'; expected tidak ada, "
                        "ringan, sedang or berat")
    assert not re.search(r"jpt_utama|sangat_baik|\bs1\b|unknown position ''", done.stderr)
