"""Issue 15, items 4 and 5: the admin command line as a BKPSDM clerk meets it, run as processes.

Indonesian by default (English with --lang en or DEFAULT_LANGUAGE=en); a wrong value is refused in people's
words; a dry run lists who and what would change; a typo in a parent unit code is named; one bad row does not
take the rows of its subordinates with it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.storage.schema import upgrade
from tests.admin.test_admin_cli import EXAMPLE, employees
from tests.admin.test_cli_first_hour import bot, clean_env
from tests.conftest import call_in_thread

SEKRETARIS = "197203151998031002"
MISTYPED = "19720315199803100"  # 17 digits


@pytest.fixture
def url(tmp_path: Path) -> str:
    address = f"sqlite+aiosqlite:///{tmp_path / 'ipasn.db'}"
    call_in_thread(lambda: upgrade(address))
    return address


def example_rows() -> list[list[str]]:
    with EXAMPLE.open(encoding="utf-8") as stream:
        return list(csv.reader(stream))


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def admin(*args: str, url: str, cwd: Path, lang: str | None = None) -> tuple[int, str, str]:
    env = clean_env(**({"DEFAULT_LANGUAGE": lang} if lang else {}))
    done = bot("admin", *args, "--url", url, cwd=cwd, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def test_the_admin_command_line_speaks_indonesian_unless_told_otherwise(tmp_path: Path, url: str) -> None:
    status, out, _ = admin("import-roster", str(EXAMPLE), url=url, cwd=tmp_path)
    assert status == 0
    assert out.splitlines()[1:] == ["Data pegawai dari roster_example.csv: 8 baris, 0 bermasalah",
                                    "Ditulis: dibuat 8, diperbarui 0, unit dibuat 4"]
    status, _, err = admin("grant-role", "199001012015031001", "hr_admin", url=url, cwd=tmp_path)
    assert (status, err.strip()) == (1, "Tidak ada pegawai dengan NIP 199001012015031001.")
    status, _, err = admin("grant-role", SEKRETARIS, "supervisor", "--unit", "Dinas Kesehatan", url=url, cwd=tmp_path)
    assert (status, err.strip()) == (1, "Tidak ada unit dengan kode atau nama 'Dinas Kesehatan'.")
    status, _, err = admin("grant-role", SEKRETARIS, "bos", url=url, cwd=tmp_path, lang="en")
    assert (status, err.strip()) == (
        1, "Unknown role 'bos': the roles that can be granted are supervisor and hr_admin.")
    status, out, _ = admin("grant-role", SEKRETARIS, "hr_admin", "--lang", "en", url=url, cwd=tmp_path)
    assert status == 0 and out.splitlines()[-1] == f"{SEKRETARIS} Hj. Sri Wahyuni S.Pd. is hr_admin for all units"


def test_skp_and_penalty_values_are_refused_in_peoples_words(tmp_path: Path, url: str) -> None:
    assert admin("import-roster", str(EXAMPLE), url=url, cwd=tmp_path)[0] == 0
    skp = write(tmp_path / "skp.csv", [["NIP", "Tahun", "Predikat"], [SEKRETARIS, "2024", "Istimewa"]])
    status, out, _ = admin("import-skp", str(skp), url=url, cwd=tmp_path)
    assert status == 1
    assert (f"baris 2 (NIP {SEKRETARIS}): Predikat: 'Istimewa' bukan predikat SKP; pakai salah satu dari Sangat "
            "Baik, Baik, Cukup, Butuh Perbaikan, Kurang, Buruk, Sangat Kurang") in out
    assert "Input should be" not in out and "sangat_baik" not in out
    penalties = write(tmp_path / "hukdis.csv", [["NIP", "Tingkat Hukuman", "TMT"],
                                                [SEKRETARIS, "sangat berat", "01/02/2024"],
                                                [SEKRETARIS, "Hukuman Disiplin Sedang", "01/03/2024"]])
    status, out, _ = admin("import-penalties", str(penalties), url=url, cwd=tmp_path, lang="en")
    assert status == 1, "'sangat berat' is no level: refused, not stored as berat"
    assert (f"row 2 (NIP {SEKRETARIS}): Tingkat Hukuman: 'sangat berat' is not a penalty level; use ringan, "
            "sedang or berat") in out
    assert "Nothing written" in out


def test_a_dry_run_lists_who_and_what_would_change(tmp_path: Path, url: str) -> None:
    assert admin("import-roster", str(EXAMPLE), url=url, cwd=tmp_path)[0] == 0
    rows = example_rows()
    rows[4][6] = "Analis SDM Aparatur"  # Agus gets a new title
    rows[8][0] = "199901012024011001"  # Putri leaves, a newcomer takes her row
    rows[8][1] = "Budi Santoso"
    changed = write(tmp_path / "baru.csv", rows)
    status, out, _ = admin("import-roster", str(changed), "--dry-run", url=url, cwd=tmp_path, lang="en")
    assert status == 0
    lines = out.splitlines()
    assert "  + 199901012024011001 Budi Santoso: unit SDN-01" in lines
    assert "  ~ 199107082019031004 Agus Prasetyo: Jabatan Pengadministrasi Umum → Analis SDM Aparatur" in lines
    assert "  - inactive: 199802142025022003 Putri Ayu Lestari S.Pd." in lines
    assert lines[-1] == "Dry run, nothing written. Would be: created 1, updated 1, unchanged 6, deactivated 1"
    assert employees(url)["199802142025022003"].active


def test_a_typo_in_a_parent_unit_code_is_named_and_worded_for_what_happened(tmp_path: Path, url: str) -> None:
    rows = example_rows()
    rows[7][5] = rows[8][5] = "DISDK-SD"  # SDN-01 under a parent code that exists nowhere
    typo = write(tmp_path / "typo.csv", rows)
    status, out, _ = admin("import-roster", str(typo), "--dry-run", url=url, cwd=tmp_path, lang="en")
    warning = next(line for line in out.splitlines() if line.startswith("Warning:"))
    assert warning == ("Warning: Kode Unit Induk 'DISDK-SD' (row 8, 9) is no unit of this file or of the database: "
                       "it would be created as a new top-level unit named 'DISDK-SD'. A typo for 'DISDIK-SD', "
                       "'DISDIK-SEK', 'DISDIK'? Correct the file and import again.")
    assert out.index("Warning:") < out.index("Dry run, nothing written")
    rows[2][0] = MISTYPED  # and a bad row: nothing is written, and the warning still says "would"
    refused = write(tmp_path / "refused.csv", rows)
    status, out, _ = admin("import-roster", str(refused), url=url, cwd=tmp_path)
    assert status == 1 and out.rstrip().endswith("impor baris yang baik saja.")
    assert "akan dibuat sebagai unit teratas baru bernama 'DISDK-SD'" in out and "telah dibuat" not in out


def test_skip_invalid_keeps_the_subordinates_of_a_refused_row(tmp_path: Path, url: str) -> None:
    """The secretary's NIP is mistyped in her row and, the same way, in her subordinate's row."""
    rows = example_rows()
    for row in rows[1:]:
        row[0] = MISTYPED if row[0] == SEKRETARIS else row[0]
        row[9] = MISTYPED if row[9] == SEKRETARIS else row[9]
    mistyped = write(tmp_path / "salah.csv", rows)
    status, out, _ = admin("import-roster", str(mistyped), "--skip-invalid", url=url, cwd=tmp_path, lang="en")
    assert status == 0
    assert out.splitlines()[1:3] == ["Roster from salah.csv: 8 rows, 1 with problems",
                                     f"  row 3 (NIP {MISTYPED}): NIP: length: has 17 digits, needs 18"]
    assert ("Warning: 1 employee(s) were imported without the supervisor the file names (one already stored was "
            f"kept), because that supervisor's row has problems: row 4 (supervisor {MISTYPED}, on row 3). Fix "
            "those rows and import the file again: the supervisors are then filled in.") in out
    people = employees(url)
    assert len(people) == 7 and people["198001202005012001"].supervisor_id is None
    fixed = write(tmp_path / "benar.csv", example_rows())
    assert admin("import-roster", str(fixed), url=url, cwd=tmp_path)[0] == 0
    people = employees(url)
    assert people["198001202005012001"].supervisor_id == people[SEKRETARIS].id


def test_a_history_dry_run_lists_each_record_it_would_write(tmp_path: Path, url: str) -> None:
    assert admin("import-roster", str(EXAMPLE), url=url, cwd=tmp_path)[0] == 0
    skp = write(tmp_path / "skp.csv", [["NIP", "Tahun", "Predikat"], [SEKRETARIS, "2024", "Baik"],
                                       [SEKRETARIS, "2025", "Sangat Baik"]])
    assert admin("import-skp", str(skp), url=url, cwd=tmp_path)[0] == 0
    again = write(tmp_path / "skp2.csv", [["NIP", "Tahun", "Predikat"], [SEKRETARIS, "2024", "Baik"],
                                          [SEKRETARIS, "2025", "Baik"], ["196805121990031003", "2025", "Cukup"]])
    status, out, _ = admin("import-skp", str(again), "--dry-run", url=url, cwd=tmp_path)
    assert status == 0
    lines = out.splitlines()
    assert "  + NIP 196805121990031003: 2025, Cukup (baris 4)" in lines
    assert f"  ~ NIP {SEKRETARIS}: 2025, Baik (baris 3): Predikat Sangat Baik → Baik" in lines
    assert lines[-1] == ("Uji coba (--dry-run), tidak ada yang ditulis. Yang akan terjadi: dibuat 1, diperbarui 1, "
                         "tidak berubah 1")
