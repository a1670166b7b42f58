"""`python -m scoring score` and `rules`: what a person or a script sees on the command line.

The command line runs in-process (`main(argv)` returns the exit status) so these stay fast; two
tests start `python -m scoring` for real to prove the entry point.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from scoring import Profile, load_ruleset, score
from scoring.dates import today_in_timezone
from scoring.io.cli import main
from scoring.ruleset import RULESET_DIR

AS_OF = "2026-11-28"
ROOT = Path(__file__).resolve().parents[2]

# The example of issue 2, the profile's JSON contract.
EXAMPLE: dict[str, Any] = {
    "position": "pelaksana",
    "education": "s1",
    "trainings": [
        {"kind": "teknis", "jp": 12, "date": "2026-03-10", "title": "Pengelolaan Arsip"},
        {"kind": "kepemimpinan", "level": "pka", "date": "2019-05-01"},
        {"kind": "fungsional", "matches_position": True, "date": "2021-08-01"},
        {"kind": "seminar", "jp": 4, "date": "2025-11-20"},
        {"kind": "lainnya", "jp": 6, "date": "2026-02-01"},
    ],
    "performance": {"year": 2025, "predicate": "baik"},
    "penalties": [{"level": "ringan", "date": "2024-01-15"}],
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.out, captured.err


@pytest.fixture
def example(tmp_path: Path) -> Path:
    path = tmp_path / "profil.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    return path


def test_score_prints_exactly_what_score_returns(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    status, out, err = run(capsys, "score", str(example), "--as-of", AS_OF)

    expected = score(Profile.model_validate(EXAMPLE), as_of=date(2026, 11, 28))
    assert status == 0, err
    assert json.loads(out) == json.loads(expected.model_dump_json())
    assert json.loads(out)["total"] == 60.5
    assert json.loads(out)["category"] == "Rendah"


def test_score_reads_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(EXAMPLE).encode())))

    status, out, _ = run(capsys, "score", "-", "--as-of", AS_OF)

    assert status == 0
    assert json.loads(out)["total"] == 60.5


def test_text_format_shows_dimensions_reasons_category_and_advice(
    capsys: pytest.CaptureFixture[str], example: Path
) -> None:
    status, out, _ = run(capsys, "score", str(example), "--as-of", AS_OF, "--format", "text")

    assert status == 0
    for expected in (
        "Indeks Profesionalitas ASN: 60,5 (Rendah)",
        "Kategori: Rendah",
        "Kualifikasi",
        "Kompetensi",
        "Kinerja",
        "Disiplin",
        "Pendidikan tertinggi S-1.",
        "12 JP diklat teknis dari 1 kegiatan antara 29 November 2025 dan 28 November 2026; syarat 20 JP.",
        "Hukuman disiplin ringan (TMT 15 Januari 2024); dihitung sampai 14 Januari 2029.",
        "1. Ikuti diklat teknis 8 JP lagi paling lambat 9 Maret 2027: +22,5 poin",
        "2. Raih predikat Sangat Baik pada SKP berikutnya: +5 poin",
    ):
        assert expected in out
    total_line = next(line for line in out.splitlines() if line.startswith("Total"))
    assert total_line.split()[1:] == ["60,5", "100"]


def test_text_format_in_english(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    status, out, _ = run(capsys, "score", str(example), "--as-of", AS_OF, "--format", "text", "--lang", "en")

    assert status == 0
    assert "ASN Professionalism Index: 60.5 (Low)" in out
    assert "Take 8 more JP of technical training by 9 March 2027: +22.5 points" in out


def test_text_format_marks_results_outside_the_official_measurement(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "pppk.json"
    path.write_text(json.dumps({**EXAMPLE, "employment_status": "PPPK"}), encoding="utf-8")

    status, out, _ = run(capsys, "score", str(path), "--as-of", AS_OF, "--format", "text")

    assert status == 0
    assert "di luar pengukuran resmi" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty; expected a profile as a JSON object"),
        ("   \n", "empty; expected a profile as a JSON object"),
        ('{"position": ', "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (
            '{"position": "pelaksana", "education": "S9"}',
            "education: unknown education 'S9'; expected one of 'none', 'sd'",
        ),
        ('{"position": "lurah", "education": "s1"}', "position: unknown position 'lurah'"),
        ('{"education": "s1"}', "position: required field missing"),
        ('{"position": "pelaksana", "education": "s1", "nip": "1"}', "nip: unknown field"),
        (
            '{"position": "pelaksana", "education": "s1", "trainings": [{"kind": "teknis", "jp": "banyak", '
            '"date": "2026-01-01"}]}',
            "trainings[0].jp: ",
        ),
        (
            '{"position": "pelaksana", "education": "s1", "trainings": [{"kind": "teknis", "jp": 2}, '
            '{"kind": "seminar", "date": "31-12-2025"}]}',
            "trainings[1].date: ",
        ),
        ('{"position": "pelaksana", "education": "s1", "trainings": {"kind": "teknis"}}', "trainings: "),
        ('{"position": "pelaksana", "education": "s1", "performance": {"score": 120}}', "performance.score: "),
        ('{"position": 7, "education": "s1"}', "position: "),
    ],
)
def test_broken_profiles_exit_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "rusak.json"
    path.write_text(content, encoding="utf-8")

    status, out, err = run(capsys, "score", str(path), "--as-of", AS_OF)

    assert status == 2
    assert out == ""
    assert message in err
    assert err.startswith(f"error: {path}: ")


def test_a_missing_file_and_a_directory_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "score", str(tmp_path / "tidak-ada.json"))[::2] == (
        2,
        f"error: {tmp_path / 'tidak-ada.json'}: file not found\n",
    )
    status, _, err = run(capsys, "score", str(tmp_path))
    assert status == 2
    assert "is a directory" in err


def test_records_after_today_are_refused_without_as_of(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    today = today_in_timezone()
    later = today + timedelta(days=400)
    profile = {**EXAMPLE, "trainings": [*EXAMPLE["trainings"], {"kind": "teknis", "jp": 30, "date": later.isoformat()}]}
    path = tmp_path / "nanti.json"
    path.write_text(json.dumps(profile), encoding="utf-8")

    status, _, err = run(capsys, "score", str(path))

    assert status == 2
    assert f"trainings[5].date: {later.isoformat()} is after the assessment date {today.isoformat()}" in err


def test_records_after_an_explicit_as_of_are_only_not_counted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = {
        **EXAMPLE,
        "trainings": [*EXAMPLE["trainings"], {"kind": "teknis", "jp": 30, "date": "2027-01-01"}],
        "penalties": [{"level": "berat", "date": "2027-02-01"}],
    }
    path = tmp_path / "nanti.json"
    path.write_text(json.dumps(profile), encoding="utf-8")

    status, out, _ = run(capsys, "score", str(path), "--as-of", AS_OF)

    assert status == 0
    assert json.loads(out)["dimension_points"] == {"kualifikasi": 15, "kompetensi": 17.5, "kinerja": 25, "disiplin": 5}


@pytest.mark.parametrize("value", ["28-11-2026", "2026-02-30", "kemarin"])
def test_a_malformed_as_of_is_a_usage_error(capsys: pytest.CaptureFixture[str], example: Path, value: str) -> None:
    status, _, err = run(capsys, "score", str(example), "--as-of", value)

    assert status == 2
    assert "--as-of" in err
    assert "YYYY-MM-DD" in err


def test_an_unknown_rule_set_exits_2(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    status, _, err = run(capsys, "score", str(example), "--ruleset", "perban-bkn-99-2030")

    assert status == 2
    assert "unknown rule set 'perban-bkn-99-2030'; known: perban-bkn-8-2019" in err


def test_a_malformed_rule_set_file_exits_2_naming_file_and_field(
    capsys: pytest.CaptureFixture[str], example: Path, tmp_path: Path
) -> None:
    rules = json.loads((RULESET_DIR / "perban-bkn-8-2019.json").read_text(encoding="utf-8"))
    rules["id"] = "rusak"
    del rules["disiplin"]["window_months"]
    path = tmp_path / "rusak.json"
    path.write_text(json.dumps(rules), encoding="utf-8")

    status, _, err = run(capsys, "score", str(example), "--ruleset", str(path))

    assert status == 2
    assert str(path) in err
    assert "disiplin.window_months" in err


def test_a_missing_rule_set_file_exits_2(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    status, _, err = run(capsys, "score", str(example), "--ruleset", "tidak-ada.json")

    assert (status, err) == (2, "error: tidak-ada.json: rule set file not found\n")


def test_a_rule_set_file_is_used(capsys: pytest.CaptureFixture[str], example: Path, tmp_path: Path) -> None:
    rules = json.loads((RULESET_DIR / "perban-bkn-8-2019.json").read_text(encoding="utf-8"))
    rules["id"] = "instansi-contoh"
    rules["kompetensi"]["technical_min_jp"] = 10
    path = tmp_path / "instansi-contoh.json"
    path.write_text(json.dumps(rules), encoding="utf-8")

    status, out, _ = run(capsys, "score", str(example), "--as-of", AS_OF, "--ruleset", str(path))

    assert status == 0
    result = json.loads(out)
    assert result["ruleset"] == "instansi-contoh"
    assert result["dimension_points"]["kompetensi"] == 40  # 12 JP now reach the threshold


def test_rules_prints_every_number_of_the_rule_set(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rules")

    assert status == 0
    lines = [" ".join(line.split()) for line in out.splitlines()]
    for expected in (
        "perban-bkn-8-2019: Peraturan BKN No. 8 Tahun 2019 (PermenPANRB No. 38 Tahun 2018)",
        "Kualifikasi 25",
        "Kompetensi 40",
        "Kinerja 30",
        "Disiplin 5",
        "Total 100",
        "Subspesialis, S-3 25",
        "Spesialis, S-2 20",
        "Profesi, S-1, D-IV 15",
        "D-III 10",
        "D-II, D-I, SLTA/SMA/SMK 5",
        "SLTP/SMP, SD, tidak/belum sekolah 1",
        "Diklat kepemimpinan 15 — —",
        "Diklat fungsional — 15 —",
        "Diklat teknis ≥ 20 JP 15 15 22,5",
        "Seminar/workshop/magang/kursus 10 10 17,5",
        "Diklat teknis: minimal 20 JP (dijumlahkan) dalam 12 bulan terakhir.",
        "Seminar/workshop/magang/kursus: minimal satu dalam 24 bulan terakhir.",
        "JPT Pratama PKN Tingkat II (Diklatpim II)",
        "Pengawas PKP (Diklatpim IV)",
        "Sangat Baik 30",
        "Butuh Perbaikan 15",
        "Tidak ada SKP 0",
        "> 90 30",
        "> 75 s.d. 90 25",
        "≤ 50 1",
        "Hukuman disiplin (terberat, TMT dalam 60 bulan terakhir) Poin",
        "Tidak ada 5",
        "Berat 1",
        "Sangat Tinggi > 90",
        "Tinggi > 80 s.d. 90",
        "Sangat Rendah ≤ 60",
        "Diklat kepemimpinan yang disyaratkan (tanpa batas waktu); jenjang yang lebih tinggi juga dihitung:",
        "Diklat fungsional (tanpa batas waktu): pernyataan pegawai bahwa diklat sesuai jabatan menentukan.",
        "Kewajiban pengembangan kompetensi: 20 JP per tahun dari semua jenis kegiatan (terpisah dari indeks).",
    ):
        assert expected in lines, expected


def test_rules_as_json_is_the_rule_set(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rules", "--format", "json")

    assert status == 0
    assert json.loads(out) == json.loads(load_ruleset().model_dump_json())


def test_rules_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rules", "--lang", "en")

    assert status == 0
    assert "Technical training: at least 20 JP (summed) in the last 12 months." in out


def test_no_command_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys)
    assert status == 2
    assert "pemakaian: python -m scoring" in err

    status, out, _ = run(capsys, "batch", "--help")
    assert status == 0
    for header in ("Jenis Jabatan (wajib)", "Pendidikan Terakhir (wajib)", "JP Diklat Teknis", "TMT Hukuman Disiplin"):
        assert header in out


def test_the_entry_point_runs(example: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scoring", "score", str(example), "--as-of", AS_OF],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 60.5

    broken = subprocess.run(
        [sys.executable, "-m", "scoring", "score", "-"],
        input='{"position": "pelaksana", "education": "S9"}',
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert broken.returncode == 2
    assert broken.stderr.startswith("error: stdin: education: unknown education 'S9'")
    assert "Traceback" not in broken.stderr


def test_rules_shows_the_options_of_another_rule_set(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rules = json.loads((RULESET_DIR / "perban-bkn-8-2019.json").read_text(encoding="utf-8"))
    rules["id"] = "instansi-lain"
    rules["kompetensi"] |= {"technical_summed": False, "leadership_window_months": 60,
                            "leadership_higher_counts": False, "functional_auto_families": ["guru"]}
    rules["jp_obligation"]["kinds"] = ["teknis", "seminar"]
    path = tmp_path / "instansi-lain.json"
    path.write_text(json.dumps(rules), encoding="utf-8")

    status, out, _ = run(capsys, "rules", "--ruleset", str(path))

    assert status == 0
    for expected in (
        "instansi-lain: ",
        "Diklat teknis: minimal 20 JP (dalam satu diklat) dalam 12 bulan terakhir.",
        "Diklat kepemimpinan yang disyaratkan (dalam 60 bulan terakhir); hanya jenjang yang sama yang dihitung:",
        "Rumpun jabatan fungsional yang otomatis memenuhi: guru.",
        "Kewajiban pengembangan kompetensi: 20 JP per tahun dari teknis, seminar (terpisah dari indeks).",
    ):
        assert expected in out


def test_english_text_output_reads_as_english(tmp_path: Path) -> None:
    """Issue 15 item 7, as the command line shows it: 'in one activity' (not 'in 1 activities'), 'a light
    disciplinary penalty' (not 'Disciplinary penalty light'), the category in English."""
    profile = tmp_path / "profil.json"
    profile.write_text(json.dumps({
        "position": "pelaksana", "education": "s1",
        "trainings": [{"kind": "teknis", "jp": 8, "date": "2026-06-01"}],
        "performance": {"predicate": "baik", "year": 2025},
        "penalties": [{"level": "ringan", "date": "2026-05-01"}],
    }))
    done = subprocess.run([sys.executable, "-m", "scoring", "score", str(profile), "--format", "text", "--lang", "en",
                           "--as-of", "2026-11-28"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "ASN Professionalism Index: 43 (Very Low)"
    assert "8 JP of technical training in one activity between" in done.stdout
    assert "A light disciplinary penalty (effective 1 May 2026)" in done.stdout
    assert "Category: Very Low" in done.stdout
    assert "1 activities" not in done.stdout and "penalty light" not in done.stdout
