"""Files an HR clerk could be sent, built here small: each ends in one line and exit status 2, within bounds.

Every hostile kind goes through the operator's command (`admin import-roster --dry-run`); the reader is the one
`scoring batch` uses too (`scoring.io.reading`).
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from bot.__main__ import main

HEADER = ["NIP", "Nama", "Unit Kerja", "Jenis Jabatan", "Pendidikan Terakhir"]
ROW = ["198507172010012004", "Siti", "Dinas", "Pelaksana", "S1"]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    database = tmp_path_factory.mktemp("hostile") / "bot.db"
    address = f"sqlite+aiosqlite:///{database}"
    assert main(["db", "upgrade", "--url", address]) == 0
    return address


def dry_run(url: str, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["admin", "import-roster", str(path), "--dry-run", "--url", url, "--lang", "en"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.err + captured.out


def one_line(text: str) -> str:
    """The one line of a refusal, after the line that names the database."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("Database:")]
    assert len(lines) == 1, lines
    return lines[0]


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def rewrite(path: Path, part: str, change: callable) -> Path:  # type: ignore[valid-type]
    """Replace one part of an XLSX (a zip) with `change(its text)`."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts[part] = change(parts[part].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_a_dimension_bomb_reads_only_the_cells_that_exist(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """1.5 KB claiming A1:XFD1048576, one cell in the last row: read in well under a second or two."""
    path = workbook(tmp_path / "bom.xlsx", [HEADER, ROW])
    rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml
    ).replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
              "</sheetData>"))
    assert path.stat().st_size < 8_000
    started = time.process_time()
    status, output = dry_run(url, path, capsys)
    assert time.process_time() - started < 30  # a generous bound for a loaded machine; it takes about 0.5 s
    assert status == 0, output
    assert "1 rows, 0 with problems" in output  # the far cell lies outside the table: nothing padded, nothing read


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_cell_over_excels_limit_is_refused(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    long_name = "A" * 40_000
    if kind == "csv":
        path = tmp_path / "long.csv"
        path.write_text(",".join(HEADER) + "\n" + ",".join([ROW[0], long_name, *ROW[2:]]) + "\n", encoding="utf-8")
    else:  # written by hand: openpyxl itself cuts text at the limit when it writes
        path = workbook(tmp_path / "long.xlsx", [HEADER, [ROW[0], "LONG", *ROW[2:]]])
        rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("<t>LONG</t>", f"<t>{long_name}</t>"))
    status, output = dry_run(url, path, capsys)
    assert status == 2
    assert "a cell is longer than 32,767 characters (Excel's limit)" in one_line(output)
    assert len(output) < 500


def test_a_packed_giant_text_is_refused_before_it_is_read(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A small XLSX whose text unpacks to 20 MB (the issue's case held 300 MB in 307 KB)."""
    path = workbook(tmp_path / "zipbomb.xlsx", [HEADER, ["x", *ROW[1:]]])
    rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("<t>x</t>", "<t>" + "x" * 20_000_000 + "</t>"))
    assert path.stat().st_size < 200_000
    status, output = dry_run(url, path, capsys)
    assert status == 2
    assert "a zip bomb?" in one_line(output)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
XXE = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_xml_attacks_are_refused(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], attack: str, part: str
) -> None:
    path = workbook(tmp_path / "attack.xlsx", [HEADER, ROW])
    rewrite(path, part, lambda xml: attack + re.sub(r"^<\?xml[^>]*\?>", "", xml))
    status, output = dry_run(url, path, capsys)
    assert status == 2
    assert "refused: its XML declares entities or a DTD" in one_line(output)
    assert "root:" not in output


def test_garbage_bytes_are_shown_escaped_and_cut(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(b"\x1b[2J\x1b]0;pwned\x07" + bytes(range(1, 32)) * 50 + b"\n" + b"\xfe\xff" * 500)
    status, output = dry_run(url, path, capsys)
    assert status == 2
    line = one_line(output)
    assert "\x1b" not in output and "\x07" not in output
    assert len(line) < 2_000


def test_limits_on_size_and_rows_name_the_setting(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(",".join(row) for row in [HEADER, ROW, ROW, ROW, ROW]) + "\n", encoding="utf-8")
    monkeypatch.setenv("IMPORT_MAX_ROWS", "3")
    status, output = dry_run(url, path, capsys)
    assert status == 2
    assert "more than 3 rows after the header, the limit (raise it with IMPORT_MAX_MB / IMPORT_MAX_ROWS)" in one_line(
        output
    )
    monkeypatch.setenv("IMPORT_MAX_ROWS", "100")
    monkeypatch.setenv("IMPORT_MAX_MB", "0.0001")
    status, output = dry_run(url, path, capsys)
    assert status == 2
    assert "more than the limit of 0.0001 MB" in one_line(output)


def test_control_characters_in_a_row_are_a_row_error(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join([ROW[0], "Siti\x01", *ROW[2:]]) + "\n"
                    + ",".join(["198507172010012012", "\u200b\u202e", *ROW[2:]]) + "\n", encoding="utf-8")
    status, output = dry_run(url, path, capsys)
    assert status == 1
    assert "row 2 (NIP 198507172010012004): Nama: contains a control character (U+0001)" in output
    assert "row 3 (NIP 198507172010012012): Nama: empty once invisible characters are removed" in output
