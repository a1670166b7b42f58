"""How the terminal shows a chat: entities, numbered buttons, edits, saved files; what typed lines mean."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from bot.demo.seed import PEOPLE, person
from bot.demo.session import expand_dates, find_button, numbered, read_script, resolve_person
from bot.demo.terminal import Screen, button_lines, styled
from bot.simulator import Button, SentFile, SimMessage


def message(text: str, *, entities: tuple[dict[str, object], ...] = (), rows: tuple[tuple[str, ...], ...] = (),
            file: SentFile | None = None) -> SimMessage:
    buttons = tuple(
        tuple(Button(label, r, c, callback_data=f"d|x|{label}") for c, label in enumerate(row))
        for r, row in enumerate(rows)
    )
    return SimMessage(message_id=7, chat_id=1, from_bot=True, kind="photo" if file else "text", date=0,
                      text=None if file else text, caption=text if file else None, entities=entities,
                      buttons=buttons, file=file)


def screen(tmp_path: Path, *, colour: bool = False) -> tuple[Screen, io.StringIO]:
    out = io.StringIO()
    return Screen(out, tmp_path / "files", colour=colour), out


def test_entities_count_utf16_units_and_become_ansi_only_on_a_colour_terminal() -> None:
    bold_after_emoji = [{"type": "bold", "offset": 3, "length": 7}]  # "📝" is two UTF-16 units

    assert styled("📝 Asesmen!", bold_after_emoji, colour=True) == "📝 \x1b[1mAsesmen\x1b[22m!"
    assert styled("📝 Asesmen!", bold_after_emoji, colour=False) == "📝 Asesmen!"
    assert styled("lihat situs", [{"type": "text_link", "offset": 6, "length": 5, "url": "https://x.id"}],
                  colour=False) == "lihat situs (https://x.id)"


def test_a_tail_keeps_the_styles_open_where_it_starts() -> None:
    assert styled("abc def", [{"type": "bold", "offset": 0, "length": 7}], colour=True, start=4) == (
        "\x1b[1mdef\x1b[22m"
    )


def test_buttons_are_numbered_across_rows() -> None:
    rows = [[Button("Ya", 0, 0), Button("Belum", 0, 1)], [Button("✖ Batal", 1, 0)]]

    assert button_lines(rows) == ["[1] Ya   [2] Belum", "[3] ✖ Batal"]


def test_a_question_with_only_back_and_cancel_wants_text_so_its_buttons_have_no_numbers(tmp_path: Path) -> None:
    jp_question = message("Berapa JP?", rows=(("◀ Kembali", "✖ Batal"),))
    shown, out = screen(tmp_path)

    shown.message(jp_question, "rina", numbered=numbered(jp_question))

    assert not numbered(jp_question)
    assert numbered(message("Sudah PPG?", rows=(("Ya", "Belum"), ("◀ Kembali", "✖ Batal"))))
    assert out.getvalue() == "bot: Berapa JP?\n     [◀ Kembali]   [✖ Batal]\n"


def test_an_edit_shows_only_what_was_added_and_a_keyboard_removal_nothing(tmp_path: Path) -> None:
    shown, out = screen(tmp_path)
    shown.message(message("Sudah PPG?", rows=(("Ya", "Belum"),)), "rina")
    shown.edited(message("Sudah PPG?"), "rina")
    shown.edited(message("Sudah PPG?\n\n➡️ Ya"), "rina")

    assert out.getvalue() == "bot: Sudah PPG?\n     [1] Ya   [2] Belum\nbot (diedit): … ➡️ Ya\n"


def test_a_photo_is_saved_and_its_path_shown(tmp_path: Path) -> None:
    shown, out = screen(tmp_path)
    png = SentFile("photo", b"\x89PNG fake", "photo.png", "image/png", "f1")

    shown.message(message("Grafik", file=png), "rina", recipient="Rina")

    saved = tmp_path / "files" / "01-rina-foto.png"
    assert saved.read_bytes() == b"\x89PNG fake"
    assert out.getvalue() == f"bot → Rina: [foto: {saved}] Grafik\n"


def test_script_lines_skip_comments_and_blanks_and_dates_follow_today() -> None:
    assert read_script("# intro\n\n  /start  \n#x\n8\n") == ["/start", "8"]
    assert expand_dates("{today} dan {today-7}", date(2026, 3, 5)) == "5/3/2026 dan 26/2/2026"


def test_as_finds_people_by_role_word_key_or_part_of_the_name() -> None:
    assert resolve_person("hr") == person("ratna")
    assert resolve_person("ATASAN") == person("bambang")
    assert resolve_person("pegawai") == person("rina")
    assert resolve_person("Joko") == person("joko")
    assert resolve_person("wahyuni") == person("sri")
    assert resolve_person("S.Pd.") == [person("rina"), person("bambang")]  # ambiguous: both candidates
    assert resolve_person("nobody") == []
    assert len({p.key for p in PEOPLE}) == len(PEOPLE)


def test_a_button_label_matches_exactly_first_then_by_a_unique_part() -> None:
    skp = message("SKP?", rows=(("Sangat Baik", "Baik"), ("Lanjut ▶",)))

    assert isinstance(found := find_button(skp, "baik"), Button) and found.text == "Baik"
    assert isinstance(found := find_button(skp, "lanjut"), Button) and found.text == "Lanjut ▶"
    assert find_button(skp, "tidak ada") == []
