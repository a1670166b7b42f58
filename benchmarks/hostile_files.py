"""Bounded work on big and hostile files (issue 11): peak memory and time of a dry run; prints one line of JSON.

    .venv/bin/python benchmarks/hostile_files.py [--mb 100] [--batch] [--keep DIR]

In a temporary folder: a roster CSV of about `--mb` MB in the roster layout (varied rows: NIP and NI PPPK,
titled names, a tree of units by code, posts, supervisors, e-mail, functional families), and the
dimension-bomb XLSX (1.5 KB claiming `A1:XFD1048576`, one cell in the last row). Each goes through
`python -m bot admin import-roster FILE --dry-run` in a child process against a fresh migrated SQLite
database, so the peak RSS is the child's own (`os.wait4` rusage, `ru_maxrss`). The roster CSV is over the
default `IMPORT_MAX_MB` (50 MB): the child runs with `IMPORT_MAX_MB` raised (the JSON says to what).
`--batch` also times `python -m scoring batch` on a sheet of the same size (`--max-mb` raised likewise).

Per run: wall seconds, CPU seconds (user + system), peak RSS in MB, exit status, and the size of what the dry
run printed. The machine is shared: run it two or three times and report the range.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.storage.samples import make_nip  # noqa: E402
from bot.storage.schema import upgrade  # noqa: E402
from scoring.models import EmploymentStatus  # noqa: E402

HEADER = [
    "NIP", "Nama", "Status Kepegawaian", "Kode Unit", "Unit Kerja", "Kode Unit Induk", "Jabatan",
    "Jenis Jabatan", "Pendidikan Terakhir", "NIP Atasan", "Email", "Jenis Jabatan Fungsional",
]  # fmt: skip
FIRST = ("Agus", "Siti", "Budi", "Dewi", "Rina", "Bambang", "Sri", "Joko", "Wahyu", "Nur", "Eko", "Ani", "Hendra",
         "Yuliana", "Dedi", "Ratna", "Andi", "Fitri", "Rudi", "Lestari", "Teguh", "Indah", "Made", "Ketut", "Putu")
LAST = ("Prasetyo", "Wahyuni", "Santoso", "Lestari", "Marlina", "Sutrisno", "Hidayat", "Rahayu", "Saputra",
        "Kurniawan", "Susanti", "Nugroho", "Setiawan", "Purnamasari", "Siregar", "Nasution", "Simanjuntak",
        "Wijaya", "Hasibuan", "Pratiwi", "Gunawan", "Syahputra", "Handayani", "Permata", "Sembiring")
BEFORE = ("", "", "", "", "Drs. ", "Ir. ", "Hj. ", "H. ", "dr. ")
AFTER = ("", "", "", " S.Pd.", " S.E.", ", M.Si.", " S.Kom.", ", S.H., M.H.", " A.Md.", " S.Kep., Ns.")
AGENCIES = ("Dinas Pendidikan", "Dinas Kesehatan", "Badan Kepegawaian Daerah", "Dinas Pekerjaan Umum",
            "Badan Pendapatan Daerah", "Dinas Sosial", "Dinas Perhubungan", "Sekretariat Daerah",
            "Dinas Pertanian", "Inspektorat")
DIVISIONS = ("Sekretariat", "Bidang Pembinaan", "Bidang Pelayanan", "Bidang Perencanaan", "Bidang Pengawasan",
             "UPT Wilayah I", "UPT Wilayah II", "UPT Wilayah III")
SECTIONS = ("Subbagian Umum dan Kepegawaian", "Subbagian Keuangan", "Seksi Program", "Seksi Evaluasi",
            "Seksi Data dan Informasi", "Satuan Pelaksana")
STAFF = (  # (Jabatan, Jenis Jabatan as people write it, Jenis Jabatan Fungsional)
    ("Guru Ahli Pertama", "Fungsional", "guru"), ("Guru Ahli Muda", "JFT", "guru"),
    ("Perawat Terampil", "Fungsional", "kesehatan"), ("Dokter Ahli Muda", "Jabatan Fungsional", "kesehatan"),
    ("Analis Kepegawaian Ahli Pertama", "Fungsional", "kepegawaian"),
    ("Pranata Komputer Ahli Muda", "fungsional", "teknologi informasi"),
    ("Pengadministrasi Umum", "Pelaksana", ""), ("Pengelola Keuangan", "JFU", ""), ("Pengemudi", "staf", ""),
    ("Penata Laporan Keuangan", "Pelaksana", ""), ("Arsiparis Terampil", "Fungsional", "kearsipan"),
)
EDUCATION = ("SMA", "SMK", "SLTA", "D-III", "D3", "D-IV", "S-1", "S1", "Strata 1", "S-1", "S-2", "S2", "Profesi",
             "S-3", "SMP", "Diploma III")
STATUS = ("PNS", "PNS", "PNS", "PNS", "CPNS", "PPPK", "P3K", "")


def units_of(count: int) -> list[tuple[str, str, str, str]]:
    """(code, name, parent code, Jenis Jabatan of its head): agencies, their divisions and their sections."""
    units = []
    while len(units) < count:
        for a, agency in enumerate(AGENCIES):
            round_ = len(units) // 1_000
            top = f"{a + 1:02d}{round_:02d}"
            units.append((top, f"{agency} {round_ + 1}", "", "JPT Pratama"))
            for d, division in enumerate(DIVISIONS):
                middle = f"{top}.{d + 1:02d}"
                units.append((middle, division, top, "Administrator"))
                units.extend((f"{middle}.{s + 1:02d}", section, middle, "Pengawas")
                             for s, section in enumerate(SECTIONS))
    return units[:count]


def write_roster(path: Path, megabytes: float, seed: int = 11) -> int:
    """A roster CSV of about `megabytes` MB; each unit's first employee heads it and reports to the head above.
    Returns the number of data rows."""
    rng = random.Random(seed)
    units = units_of(2_000)
    head_of: dict[str, str] = {}
    target = megabytes * 1024 * 1024
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        while stream.tell() < target:
            code, unit_name, parent, head_type = units[rows % len(units)]
            status = rng.choice(STATUS)
            pppk = status in ("PPPK", "P3K")
            nip = make_nip(rows + 1, status=EmploymentStatus.PPPK if pppk else EmploymentStatus.PNS)
            name = f"{rng.choice(BEFORE)}{rng.choice(FIRST)} {rng.choice(LAST)}{rng.choice(AFTER)}"
            if code not in head_of:
                status = "PNS"
                nip = make_nip(rows + 1)
                head_of[code] = nip
                boss = head_of.get(parent, "")
                title, position, family = f"Kepala {unit_name}", head_type, ""
            else:
                boss = head_of[code]
                title, position, family = rng.choice(STAFF)
            email = f"{name.split()[0].lower().strip('.')}.{rows + 1}@example.go.id" if rng.random() < 0.6 else ""
            writer.writerow([nip, name, status, code, unit_name, parent, title, position, rng.choice(EDUCATION),
                             boss, email, family])
            rows += 1
    return rows


def write_dimension_bomb(path: Path) -> None:
    """1.5 KB claiming A1:XFD1048576, one cell in the last row (issue 11; the test builds the same)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    book.active.append(["NIP", "Nama", "Unit Kerja", "Jenis Jabatan", "Pendidikan Terakhir"])
    book.active.append(["198507172010012004", "Siti", "Dinas", "Pelaksana", "S1"])
    book.save(path)
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', parts[part].decode())
    xml = xml.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                      "</sheetData>")
    parts[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def run_child(command: list[str], folder: Path, env: dict[str, str]) -> dict[str, Any]:
    """Wall and CPU seconds, peak RSS (MB) and exit status of one child; what it printed is counted, not kept."""
    out_path, err_path = folder / "stdout.txt", folder / "stderr.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, **env})
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: kilobytes on Linux, bytes on macOS
    lines = 0
    with out_path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            lines += block.count(b"\n")
    errors = err_path.read_text(errors="replace").strip().splitlines()
    result = {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / scale, 1),
        "exit": child.returncode,
        "printed_lines": lines,
        "printed_mb": round(out_path.stat().st_size / 1024 / 1024, 1),
    }
    if child.returncode not in (0, 1):
        result["stderr"] = errors[-1][:300] if errors else ""
    out_path.unlink()
    err_path.unlink()
    return result


def dry_run(path: Path, url: str, folder: Path, max_mb: float | None) -> dict[str, Any]:
    command = [sys.executable, "-m", "bot", "admin", "import-roster", str(path), "--dry-run", "--url", url,
               "--lang", "en"]
    env = {"IMPORT_MAX_MB": f"{max_mb:g}"} if max_mb else {}
    return run_child(command, folder, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mb", type=float, default=100.0, help="size of the roster CSV (default 100 MB)")
    parser.add_argument("--batch", action="store_true", help="also `scoring batch` on a sheet of the same size")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them (default: a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        (folder / "bench.db").unlink(missing_ok=True)
        upgrade(url)
        roster, bomb = folder / "roster.csv", folder / "dimension_bomb.xlsx"
        rows = write_roster(roster, args.mb)
        write_dimension_bomb(bomb)
        size_mb = roster.stat().st_size / 1024 / 1024
        max_mb = float(int(size_mb) + 10)
        results: dict[str, Any] = {
            "roster_csv": {"mb": round(size_mb, 1), "rows": rows, "IMPORT_MAX_MB": max_mb,
                           "dry_run": dry_run(roster, url, folder, max_mb)},
            "dimension_bomb_xlsx": {"kb": round(bomb.stat().st_size / 1024, 1),
                                    "dry_run": dry_run(bomb, url, folder, None)},
        }
        if args.batch:
            from benchmarks.scoring import AS_OF, write_sheet

            sheet, scored = folder / "sheet.csv", folder / "scored.csv"
            sample = folder / "sample.csv"
            write_sheet(sample, 10_000, seed=11)
            sheet_rows = int(10_000 * args.mb * 1024 * 1024 / sample.stat().st_size)
            sample.unlink()
            write_sheet(sheet, sheet_rows, seed=11)
            sheet_mb = sheet.stat().st_size / 1024 / 1024
            command = [sys.executable, "-m", "scoring", "batch", str(sheet), "-o", str(scored),
                       "--as-of", AS_OF.isoformat(), "--max-mb", f"{int(sheet_mb) + 10}"]
            results["batch_csv"] = {"mb": round(sheet_mb, 1), "rows": sheet_rows, "max_mb": int(sheet_mb) + 10,
                                    "batch": run_child(command, folder, {})}
            if not args.keep:
                sheet.unlink()
                scored.unlink(missing_ok=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
