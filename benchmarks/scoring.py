"""Speed of scoring, printed as one line of JSON (issue 2, "Speed").

    .venv/bin/python benchmarks/scoring.py            # score, score + JSON validation, batch 100k CSV
    .venv/bin/python benchmarks/scoring.py --million  # also the 1,000,000-row memory check

Aims: `score` ≥ 75,000 profiles/s (4.3 million civil servants in under a minute on one core),
`batch` on 100,000 rows in under 10 s, peak memory of `batch` under 200 MB on 1,000,000 rows.
The profiles are varied on purpose (every position, education, 0-8 trainings of mixed kinds, dates
on both sides of every window, predicates and numeric scores, penalties), so no cache of the engine
gets an easier ride than it would on real data. Batch runs in a child process so its peak RSS is its
own, read from the child's rusage.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import Profile, score  # noqa: E402  (after the path tweak, so a checkout runs as is)

AS_OF = date(2026, 11, 28)
POSITIONS = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas", "fungsional", "pelaksana")
EDUCATIONS = ("none", "sd", "sltp", "slta", "d1", "d2", "d3", "d4", "s1", "profesi", "s2", "spesialis", "s3",
              "subspesialis")
PREDICATES = ("sangat_baik", "baik", "cukup", "butuh_perbaikan", "kurang", "buruk", "sangat_kurang")
LEVELS = ("pkn1", "pkn2", "pka", "pkp")
KINDS = ("kepemimpinan", "fungsional", "teknis", "seminar", "lainnya")


def _day(rng: random.Random, years_back: float = 6.0) -> str:
    """A date up to `years_back` before the assessment date, a few past it (ignored when scored)."""
    offset = rng.randint(-30, int(365 * years_back))
    return (AS_OF - timedelta(days=offset)).isoformat()


def profile_data(rng: random.Random) -> dict[str, Any]:
    """One varied profile in its JSON form."""
    trainings: list[dict[str, Any]] = []
    for _ in range(rng.randint(0, 8)):
        kind = rng.choice(KINDS)
        training: dict[str, Any] = {"kind": kind, "date": _day(rng)}
        if kind == "kepemimpinan":
            training["level"] = rng.choice(LEVELS)
        elif kind == "fungsional":
            training["matches_position"] = rng.random() < 0.7
        elif rng.random() < 0.2:
            training["hours"] = rng.choice((3, 6, 12, 24))
        else:
            training["jp"] = rng.choice((2, 4, 8, 10, 12, 20, 24, 30))
        if rng.random() < 0.3:
            training["title"] = "Pelatihan " + rng.choice(("Arsip", "Keuangan", "Pelayanan", "Data"))
        trainings.append(training)
    roll = rng.random()
    performance: dict[str, Any] | None
    if roll < 0.6:
        performance = {"year": rng.choice((2023, 2024, 2025)), "predicate": rng.choice(PREDICATES)}
    elif roll < 0.85:
        performance = {"year": rng.choice((2018, 2019)), "score": round(rng.uniform(40, 100), 1)}
    else:
        performance = None
    penalties = [{"level": rng.choice(("ringan", "sedang", "berat")), "date": _day(rng, 8)}
                 for _ in range(rng.choice((0, 0, 0, 0, 1, 1, 2)))]
    return {
        "position": rng.choice(POSITIONS),
        "education": rng.choice(EDUCATIONS),
        "employment_status": rng.choice(("PNS", "PNS", "PNS", "CPNS", "PPPK")),
        "trainings": trainings,
        "performance": performance,
        "penalties": penalties,
    }


def per_second(count: int, seconds: float) -> int:
    return round(count / seconds) if seconds > 0 else 0


def bench_score(count: int, seed: int) -> tuple[int, int]:
    """(profiles/s of `score` on validated profiles, profiles/s of validate-JSON + `score`)."""
    rng = random.Random(seed)
    texts = [json.dumps(profile_data(rng)) for _ in range(count)]
    profiles = [Profile.model_validate_json(text) for text in texts]
    for profile in profiles[:1000]:  # warm the rule set and date caches, as a long batch would
        score(profile, as_of=AS_OF)
    start = time.perf_counter()
    for profile in profiles:
        score(profile, as_of=AS_OF)
    scored = per_second(count, time.perf_counter() - start)
    start = time.perf_counter()
    for text in texts:
        score(Profile.model_validate_json(text), as_of=AS_OF)
    validated = per_second(count, time.perf_counter() - start)
    return scored, validated


# Batch --------------------------------------------------------------------------------------------

SHEET_HEADER = (
    "NIP", "Nama", "Unit Kerja", "Jenis Jabatan", "Pendidikan Terakhir", "Status Kepegawaian",
    "Diklat Kepemimpinan", "Tanggal Diklat Kepemimpinan", "Diklat Fungsional Sesuai",
    "Tanggal Diklat Fungsional", "JP Diklat Teknis", "Tanggal Diklat Teknis", "Seminar", "Tanggal Seminar",
    "Predikat SKP", "Nilai SKP", "Tahun SKP", "Hukuman Disiplin", "TMT Hukuman Disiplin",
)
# Spellings as HR exports have them, not only the canonical values.
SHEET_POSITIONS = ("JPT Pratama", "Eselon II", "Administrator", "Eselon III", "Pengawas", "Eselon IV",
                   "Fungsional", "JFT", "Pelaksana", "JFU", "Staf", "JPT Madya")
SHEET_EDUCATIONS = ("SD", "SMP", "SMA", "SMK", "SLTA", "D-I", "D-III", "D-IV", "S-1", "S1", "Profesi", "S-2",
                    "Spesialis", "S-3")
SHEET_LEVELS = ("", "", "", "PKP", "PKA", "PKN II", "Diklatpim IV", "Diklatpim III")
SHEET_PREDICATES = ("Sangat Baik", "Baik", "Baik", "Cukup", "Butuh Perbaikan", "Kurang")


def _sheet_day(rng: random.Random, years_back: float) -> str:
    """Day-first, as Indonesian sheets write dates; empty for a share of rows (= assessment date)."""
    if rng.random() < 0.25:
        return ""
    day = AS_OF - timedelta(days=rng.randint(0, int(365 * years_back)))
    return day.strftime("%d/%m/%Y")


def sheet_row(rng: random.Random, index: int) -> list[str]:
    numeric = rng.random() < 0.2
    penalty = rng.choice(("", "", "", "", "", "tidak ada", "ringan", "sedang", "berat"))
    return [
        f"19{rng.randint(60, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}20{index:010d}",
        f"Pegawai {index}",
        f"Unit {index % 97}",
        rng.choice(SHEET_POSITIONS),
        rng.choice(SHEET_EDUCATIONS),
        rng.choice(("PNS", "PNS", "PNS", "CPNS", "PPPK")),
        rng.choice(SHEET_LEVELS),
        _sheet_day(rng, 15),
        rng.choice(("ya", "tidak", "")),
        _sheet_day(rng, 10),
        rng.choice(("", "0", "8", "12", "16", "20", "24", "32", "12,5")),
        _sheet_day(rng, 1.5),
        rng.choice(("ya", "tidak", "", "2", "4")),
        _sheet_day(rng, 3),
        "" if numeric else rng.choice(SHEET_PREDICATES),
        f"{rng.uniform(45, 99):.1f}".replace(".", ",") if numeric else "",
        rng.choice(("2018", "2019", "")) if numeric else rng.choice(("2024", "2025", "")),
        penalty,
        _sheet_day(rng, 7) if penalty not in ("", "tidak ada") else "",
    ]


def write_sheet(path: Path, rows: int, seed: int) -> None:
    """A CSV as Indonesian Excel saves it: ';' between cells, decimal commas."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(SHEET_HEADER)
        for index in range(rows):
            writer.writerow(sheet_row(rng, index))


def run_batch(source: Path, output: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of `python -m scoring batch` as a child process.

    The child's own rusage (`os.wait4`) is read, not RUSAGE_CHILDREN, which would mix in earlier children.
    """
    command = [sys.executable, "-m", "scoring", "batch", str(source), "-o", str(output),
               "--as-of", AS_OF.isoformat()]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    error_output = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({child.returncode}): {error_output.decode(errors='replace')}")
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale


def bench_batch(rows: int, seed: int, folder: Path) -> dict[str, float]:
    source, output = folder / f"sheet-{rows}.csv", folder / f"scored-{rows}.csv"
    write_sheet(source, rows, seed)
    seconds, cpu, peak = run_batch(source, output)
    source.unlink()
    output.unlink()
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "rows_per_s": per_second(rows, seconds),
            "peak_mb": round(peak, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=100_000, help="profiles for the score timings")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the batch CSV")
    parser.add_argument("--million", action="store_true", help="also check batch memory on 1,000,000 rows")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()

    report: dict[str, Any] = {}
    # Batch first: a child forked from a parent holding 100,000 profiles would report their memory too.
    with tempfile.TemporaryDirectory(prefix="ipasn-bench-") as folder:
        batch = bench_batch(args.rows, args.seed, Path(folder))
        report |= {"batch_rows": args.rows, "batch_s": batch["seconds"], "batch_cpu_s": batch["cpu_seconds"],
                   "batch_rows_per_s": batch["rows_per_s"], "batch_peak_mb": batch["peak_mb"]}
        if args.million:
            million = bench_batch(1_000_000, args.seed, Path(folder))
            report |= {"million_batch_s": million["seconds"], "million_batch_cpu_s": million["cpu_seconds"],
                       "million_peak_mb": million["peak_mb"]}
    scored, validated = bench_score(args.profiles, args.seed)
    report = {"score_per_s": scored, "validate_json_and_score_per_s": validated, **report}
    report |= {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count()}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
