"""Broadcast text is checked against Telegram's HTML before anything is sent."""

from __future__ import annotations

import pytest

from bot.broadcast.dialog import parse_when
from bot.broadcast.markup import MAX_SOURCE, MarkupProblem, check_html, utf16_length, visible_text
from bot.parsing import InputError
from tests.conftest import CLOCK_START


@pytest.mark.parametrize("text", [
    "Rapat <b>Senin</b> pukul <i>09.00</i>",
    '<a href="https://bkpsdm.example.go.id/x?a=1&amp;b=2">tautan</a> dan <code>kode</code>',
    "<pre><code class=\"language-python\">print(1)</code></pre>",
    '<span class="tg-spoiler">rahasia</span> <tg-spoiler>juga</tg-spoiler> <blockquote expandable>kutipan</blockquote>',
    "nilai &lt; 60 &amp; &gt; 40, Tom &amp; Jerry",
    "<B>TEBAL</B> <strong>kuat</strong> <u>garis</u> <s>coret</s>",
])  # fmt: skip
def test_valid_markup_is_kept(text: str) -> None:
    assert check_html(f"  {text}\n") == text


@pytest.mark.parametrize(("text", "key"), [
    ("<b>Penting</i>", "siaran.html_order"),
    ("<b>Penting", "siaran.html_unclosed"),
    ("Penting</b>", "siaran.html_stray_end"),
    ("<script>alert(1)</script>", "siaran.html_tag"),
    ("<div>blok</div>", "siaran.html_tag"),
    ("nilai < 60", "siaran.html_lt"),
    ("a <b", "siaran.html_lt"),
    ('<a href="javascript:alert(1)">x</a>', "siaran.html_link"),
    ('<b onclick="x()">x</b>', "siaran.html_attribute"),
    ('<span class="merah">x</span>', "siaran.html_attribute"),
    ("<b> </b>", "siaran.empty"),
    ("x" * (MAX_SOURCE + 1), "siaran.too_long"),
])  # fmt: skip
def test_bad_markup_is_refused_with_the_reason(text: str, key: str) -> None:
    with pytest.raises(MarkupProblem) as problem:
        check_html(text)
    assert problem.value.key == key


def test_length_counts_what_the_reader_sees_in_utf16() -> None:
    assert visible_text("<b>a &amp; b</b>") == "a & b"
    assert utf16_length("👍a") == 3


def test_a_sending_time_is_local_and_in_the_future() -> None:
    now = CLOCK_START  # Saturday 28 November 2026, 09:00 in Jakarta
    assert parse_when("besok 08:00", now) == now.replace(day=29, hour=8)
    assert parse_when("1/12/2026 07.30", now) == now.replace(month=12, day=1, hour=7, minute=30)
    assert parse_when("14:30", now) == now.replace(hour=14, minute=30)
    for text, key in (("08:00", "siaran.when_past"), ("kapan-kapan", "siaran.when_format"),
                      ("25:00", "siaran.when_format"), ("1/6/2027 08:00", "siaran.when_far")):
        with pytest.raises(InputError) as problem:
            parse_when(text, now)
        assert problem.value.key == key


def test_formatting_from_the_telegram_app_becomes_html_and_typed_tags_stay_as_typed() -> None:
    from datetime import UTC, datetime

    from telegram import Chat, Message, MessageEntity

    from bot.broadcast.handlers import composed

    chat = Chat(1, "private")
    formatted = Message(1, datetime.now(UTC), chat, text="Penting: rapat <besok>",
                        entities=[MessageEntity("bold", 0, 7)])
    assert composed(formatted) == "<b>Penting</b>: rapat &lt;besok&gt;"
    typed = Message(2, datetime.now(UTC), chat, text="<i>Rapat</i> di https://x.go.id",
                    entities=[MessageEntity("url", 14, 15)])
    assert composed(typed) == "<i>Rapat</i> di https://x.go.id"
