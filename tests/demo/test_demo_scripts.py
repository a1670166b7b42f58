"""The demo scripts for HR and supervisors (bot/demo/siaran.txt, tim.txt, rekap.txt) replayed end to end,
and what a run leaves behind: one folder per run, the bot's log in a file, never in the terminal.

Before: `/siaran` ended its turn with `ApplicationHandlerStop`, which skipped the demo's completion handler,
so a script stopped there after 30 s ("Bot belum selesai"); the bot's log lines landed in the prompt; the
files of every run went into one folder, numbered from 01 each time.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot.demo.cli import LOG_NAME, logging_to, main, run_folder

SCRIPTS = Path(__file__).resolve().parents[2] / "bot" / "demo"


def replay(name: str, files: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    # The /siaran hang was not slowness: the completion was never seen, so any timeout ended the script there.
    status = main(["--script", str(SCRIPTS / name), "--output-dir", str(files)])
    out, err = capsys.readouterr()
    assert status == 0, out + err
    assert "Bot belum selesai" not in out
    assert err == "", err  # no refused call, no flood-limit excess, no log line on the terminal
    return out, err


def saved(out: str, label: str) -> list[Path]:
    return [Path(p) for p in re.findall(rf"\[{label}: (\S+)\]", out)]


def test_siaran_script_sends_the_broadcast_and_shows_the_report(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = replay("siaran.txt", tmp_path, capsys)

    assert "Penerima: semua pegawai — 8 orang." in out
    assert "bot: Siaran #1 untuk 8 penerima mulai dikirim." in out
    # The script ends once the bot has sent it: the copies and the report are part of the transcript.
    assert "Terkirim: 8 dari 8" in out
    for name in ("Rina", "Bambang", "Joko", "Dewi", "Agus", "Sri", "Hendra"):
        assert f"bot → {name}: Rapat koordinasi pengembangan kompetensi" in out


def test_tim_script_shows_the_team_widens_and_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = replay("tim.txt", tmp_path, capsys)

    assert "Bambang › /tim\nbot: Tim Bambang Sutrisno, S.Pd., M.Pd. — bawahan langsung" in out
    assert "Cakupan: 1 dari 2 pegawai sudah diukur (50%)" in out  # Rina's assessment of the script counts
    assert "— seluruh jajaran di bawahnya" in out
    charts = saved(out, "foto")
    assert charts and all(path.read_bytes().startswith(b"\x89PNG") for path in charts)
    (export,) = saved(out, "berkas")
    assert export.suffix == ".xlsx" and export.read_bytes().startswith(b"PK")


def test_rekap_script_shows_the_unit_map_with_subunits_and_exports(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = replay("rekap.txt", tmp_path, capsys)

    assert "Ratna › /rekap\nbot: Peta IP ASN per unit" in out
    assert "1. SMPN1 SMP Negeri 1 Harapan Jaya: " in out  # Joko's unit, the only one measured, first
    assert "Per unit beserta subunitnya, dari indeks terendah — 5 unit:" in out
    (export,) = saved(out, "berkas")
    assert export.name.endswith(".xlsx") and export.read_bytes().startswith(b"PK")


def test_each_run_saves_into_its_own_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "nilai.txt"
    script.write_text("/as joko\n/asesmen\n[D-III]\n[Pelaksana]\n[Lanjut]\n[Lanjut]\n[Baik]\n[Tidak ada]\n"
                      "[Hitung nilai]\n", encoding="utf-8")
    files = tmp_path / "demo-output"
    runs = []
    for _ in range(2):
        assert main(["--script", str(script), "--output-dir", str(files)]) == 0
        (chart,) = saved(capsys.readouterr().out, "foto")
        runs.append(chart)

    first, second = runs
    assert first.parent != second.parent  # the second run numbers from 01 again, in a folder of its own
    assert first.parent.parent == second.parent.parent == files
    assert first.exists() and second.exists()
    assert {p.name for p in first.parent.iterdir()} == {first.name, LOG_NAME}


def test_run_folders_never_collide(tmp_path: Path) -> None:
    from datetime import datetime

    moment = datetime(2026, 12, 7, 11, 23, 5)
    folders = [run_folder(tmp_path, moment) for _ in range(3)]
    assert [f.name for f in folders] == ["2026-12-07_112305", "2026-12-07_112305-2", "2026-12-07_112305-3"]


def test_the_bots_log_goes_to_the_run_folder_not_the_terminal(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A background job's warning (a skipped reminder occasion) written while the person types."""
    log_file = tmp_path / LOG_NAME
    with logging_to(log_file) as errors:
        logging.getLogger("bot.reminders.service").warning("reminder occasion skipped")
        logging.getLogger("bot.delivery").error("drain failed")

    captured = capsys.readouterr()
    assert captured.out == captured.err == ""
    text = log_file.read_text(encoding="utf-8")
    assert "reminder occasion skipped" in text and "drain failed" in text
    assert errors.count == 1


def test_english_speaks_english_in_nilai_riwayat_tim_and_rekap(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15 item 7: categories stayed Indonesian in /nilai, /riwayat, /tim and /rekap in English."""
    script = tmp_path / "english.txt"
    script.write_text("\n".join([
        "/as joko", "/bahasa", "[English]", "/asesmen", "[D-III]", "[Pelaksana]", "[Continue]", "[Continue]",
        "[Baik]", "[Light]", "1/3/2024", "[Compute]", "/riwayat",
        "/as atasan", "/bahasa", "[English]", "/tim",
        "/as hr", "/bahasa", "[English]", "/rekap",
    ]) + "\n", encoding="utf-8")
    status = main(["--script", str(script), "--output-dir", str(tmp_path / "files")])
    out = capsys.readouterr().out
    assert status == 0, out

    english = out[out.index("Joko › /asesmen"):]
    assert "ASN Professionalism Index: 38 — Very Low" in english
    assert "10 JP of technical training in one activity" in english and "1 activities" not in english
    assert "A light disciplinary penalty" in english and "penalty light" not in english
    assert re.search(r"• \d+ \w+ \d{4}: 38 — Very Low", english)  # /riwayat
    assert english.count("Distribution: Very High 0 · High 0 · Medium 0 · Low 0 · Very Low 1") == 2  # /tim, /rekap
    for indonesian in ("Sangat Tinggi", "Sangat Rendah", "Rendah", "Sedang"):
        assert indonesian not in english, indonesian
