"""The XLSX package behind `scoring.io.writing`: sheet XML written directly, row by row.

openpyxl's write-only mode makes a Python cell object per value and serialises it through an element tree:
about 20 µs a cell, so a 50,000-person sheet took over 20 s. Here a row is one formatted string (about a
microsecond a cell), spooled to a temporary file per sheet and zipped when the workbook is saved; the parts
are the few an XLSX needs (content types, workbook, styles, sheets, core properties). The writer only ever
emits values (`<v>`) and inline strings (`<is>`): there is no way to write a formula (`<f>`) here at all.

Cell text must already be clean (`writing.clean_text`); it is escaped for XML here, CR kept as `&#13;`.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as Time
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from scoring.io.reading import column_letter

_SPOOL = 4 * 1024 * 1024
"""Bytes of a sheet kept in memory before it spills to a temporary file."""

_EPOCH = datetime(1899, 12, 30)
"""Day 0 of Excel's 1900 date system (as Excel counts, past its 1900 leap-year bug)."""

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

_ESCAPES = {"\r": "&#13;"}

# Number formats: built-in ids where Excel has one, custom (164 up) otherwise.
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10, "h:mm:ss": 21}
DEFAULT_DATE = "yyyy-mm-dd"
DEFAULT_DATETIME = "yyyy-mm-dd hh:mm:ss"
DEFAULT_TIME = "h:mm:ss"


def excel_serial(value: date | datetime | Time) -> float:
    """A date, date-time or time as Excel's serial number (days since 1899-12-30; the time as a fraction)."""
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - _EPOCH
        return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    if isinstance(value, date):
        return float((value - _EPOCH.date()).days)
    return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400


@dataclass
class Styles:
    """Cell formats in use: (number format, bold, quote prefix) → index into `cellXfs`."""

    formats: dict[str, int] = field(default_factory=dict)
    xfs: dict[tuple[str, bool, bool], int] = field(default_factory=lambda: {("General", False, False): 0})

    def index(self, number_format: str = "General", *, bold: bool = False, quote: bool = False) -> int:
        key = (number_format, bold, quote)
        found = self.xfs.get(key)
        if found is None:
            found = self.xfs[key] = len(self.xfs)
            if number_format not in _BUILTIN_FORMATS and number_format not in self.formats:
                self.formats[number_format] = 164 + len(self.formats)
        return found

    def xml(self) -> str:
        formats = "".join(f'<numFmt numFmtId="{number}" formatCode={quoteattr(code)}/>'
                          for code, number in self.formats.items())
        xfs = []
        for (code, bold, quote), _ in sorted(self.xfs.items(), key=lambda item: item[1]):
            number = _BUILTIN_FORMATS.get(code, self.formats.get(code, 0))
            attributes = f'numFmtId="{number}" fontId="{int(bold)}" fillId="0" borderId="0" xfId="0"'
            if number:
                attributes += ' applyNumberFormat="1"'
            if bold:
                attributes += ' applyFont="1"'
            if quote:
                attributes += ' quotePrefix="1"'
            xfs.append(f"<xf {attributes}/>")
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if self.formats else "")
            + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


class SheetPart:
    """One worksheet's rows, as XML, in a spooled temporary file; the head (views, widths) and the tail
    (filters) are added when the workbook is saved."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.rows = 0
        self.width = 0
        self.widths: list[float] = []
        self.frozen = False
        self.filtered = False
        self._body: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 (closed in `close`)

    def add_row(self, cells: Sequence[str], width: int) -> None:
        """`cells`: the `<c>` elements of the row (`text_cell`, `number_cell`, `bool_cell`); `width`: its
        number of columns, empty ones included."""
        self.rows += 1
        self.width = max(self.width, width)
        # a lone surrogate (undecodable input kept by an error handler) cannot be UTF-8: it becomes '?'
        self._body.write(f'<row r="{self.rows}">{"".join(cells)}</row>'.encode("utf-8", "replace"))

    def ref(self) -> str:
        return f"A1:{column_letter(max(self.width, 1) - 1)}{max(self.rows, 1)}"

    def write_to(self, out: IO[bytes]) -> None:
        head = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{self.ref()}"/>']
        if self.frozen:
            head.append('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
                        'sqref="A2"/></sheetView></sheetViews>')
        else:
            head.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
        head.append('<sheetFormatPr defaultRowHeight="15"/>')
        if self.widths:
            head.append("<cols>" + "".join(f'<col min="{n}" max="{n}" width="{width:.1f}" customWidth="1"/>'
                                           for n, width in enumerate(self.widths, 1)) + "</cols>")
        head.append("<sheetData>")
        out.write("".join(head).encode())
        self._body.seek(0)
        shutil.copyfileobj(self._body, out)
        tail = "</sheetData>"
        if self.filtered and self.rows > 1:
            tail += f'<autoFilter ref="{self.ref()}"/>'
        tail += '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
        out.write(tail.encode())

    def close(self) -> None:
        self._body.close()


def text_cell(column: str, text: str, style: int) -> str:
    """An inline string cell; `text` is already clean of characters XML forbids."""
    escaped = escape(text, _ESCAPES) if ("&" in text or "<" in text or ">" in text or "\r" in text) else text
    s = f' s="{style}"' if style else ""
    return f'<c r="{column}" t="inlineStr"{s}><is><t xml:space="preserve">{escaped}</t></is></c>'


def number_cell(column: str, value: float, style: int) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{column}"{s}><v>{value!r}</v></c>'


def bool_cell(column: str, value: bool, style: int) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{column}" t="b"{s}><v>{int(value)}</v></c>'


def save_package(target: Path | IO[bytes], sheets: Sequence[SheetPart], styles: Styles, *,
                 stamp: datetime | None) -> None:
    """The workbook as a zip; with `stamp`, every part is dated by it (the same data gives the same file)."""
    when = (stamp or datetime(1980, 1, 1)).replace(tzinfo=None)
    date_time = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    created = when.strftime("%Y-%m-%dT%H:%M:%SZ")

    def info(name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        return entry

    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1))
    parts: dict[str, str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{sheet_types}"
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>ipasn-bot</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified></cp:coreProperties>'),
        "xl/workbook.xml": _workbook_xml(sheets),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                      for n in range(1, len(sheets) + 1))
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": styles.xml(),
    }
    with zipfile.ZipFile(target, "w") as archive:
        for name, content in parts.items():
            archive.writestr(info(name), content.encode())
        for number, sheet in enumerate(sheets, 1):
            with archive.open(info(f"xl/worksheets/sheet{number}.xml"), "w", force_zip64=True) as out:
                sheet.write_to(out)


def _workbook_xml(sheets: Sequence[SheetPart]) -> str:
    listed = "".join(f'<sheet name={quoteattr(sheet.title)} sheetId="{n}" r:id="rId{n}"/>'
                     for n, sheet in enumerate(sheets, 1))
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{escape(_quoted_title(sheet.title))}!{_absolute(sheet.ref())}</definedName>"
        for n, sheet in enumerate(sheets) if sheet.filtered and sheet.rows > 1)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<bookViews><workbookView/></bookViews><sheets>{listed}</sheets>'
            + (f"<definedNames>{names}</definedNames>" if names else "") + "</workbook>")


def _quoted_title(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    """A1:D3 → $A$1:$D$3."""
    return re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", ref)
