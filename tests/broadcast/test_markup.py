"""Broadcast text is checked against Telegram's HTML before anything is sent, by the emulator's own parser.

`html_corpus.json` holds good and bad texts with Telegram's verdict; every one goes through the emulator (a
real sendMessage) and through /siaran's check, and both must give that verdict. A case may name a stricter
verdict for /siaran (`siaran`): only the length, which leaves room for the preview.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.broadcast.dialog import parse_when
from bot.broadcast.markup import MAX_TEXT, MarkupProblem, check_html
from bot.parsing import InputError
from bot.simulator import BotApiSimulator, RateLimits
from bot.texts import t
from tests.conftest import CLOCK_START

CORPUS: list[dict[str, Any]] = json.loads((Path(__file__).parent / "html_corpus.json").read_text("utf-8"))
OK = "ok"


def text_of(case: dict[str, Any]) -> str:
    return str(case["html"]) * int(case.get("times", 1))


def siaran_verdict(text: str) -> str:
    """/siaran's check in the Bot API's words."""
    try:
        check_html(text)
    except MarkupProblem as problem:
        if problem.key == "siaran.empty":
            return "message text is empty"
        if problem.key == "siaran.too_long":
            return "message is too long"
        return f"can't parse entities: {problem.reason}"
    return OK


async def emulator_verdicts(texts: list[str]) -> list[str]:
    """Each text sent as HTML through the emulator's Bot API, as python-telegram-bot sends it."""
    verdicts = []
    async with BotApiSimulator(rate_limits=RateLimits(chat_burst=1000, global_per_second=1000)) as sim:
        reader = sim.add_user("Pembaca", started=True)
        async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
            for text in texts:
                response = await http.post(f"{sim.base_url}{sim.token}/sendMessage",
                                           data={"chat_id": str(reader.id), "text": text, "parse_mode": "HTML"})
                body = response.json()
                verdicts.append(OK if body["ok"] else body["description"].removeprefix("Bad Request: "))
    return verdicts


def test_the_corpus_covers_what_it_should() -> None:
    assert len(CORPUS) >= 30
    assert sum(case["telegram"] == OK for case in CORPUS) >= 15 and sum(case["telegram"] != OK for case in CORPUS) >= 15
    tags = " ".join(case["html"] for case in CORPUS)
    for feature in ("tg-spoiler", "blockquote expandable", "tg-emoji", "language-", "<pre>", "&amp;", "href="):
        assert feature in tags, feature


async def test_the_emulator_and_siaran_give_telegrams_verdict_on_every_text() -> None:
    texts = [text_of(case) for case in CORPUS]
    emulator = await emulator_verdicts(texts)
    wrong = []
    for case, text, by_emulator in zip(CORPUS, texts, emulator, strict=True):
        by_siaran = siaran_verdict(text)
        if by_emulator != case["telegram"] or by_siaran != case.get("siaran", case["telegram"]):
            wrong.append((case["why"], case["telegram"], by_emulator, by_siaran))
    assert wrong == []


def test_the_admin_reads_the_reason_where_it_is_and_a_hint() -> None:
    with pytest.raises(MarkupProblem) as problem:
        check_html('Undangan: <a href=https://bkpsdm.example.go.id/rapat>daftar</a>')
    assert problem.value.key == "siaran.html_quote"
    message = t(problem.value.key, "id", **problem.value.params)
    assert "tanda kutip" in message
    assert "<code>Unexpected end of name token at byte offset 18</code>" in message
    assert "<code>https://bkpsdm.example.g…</code>" in message


@pytest.mark.parametrize(("text", "key", "params"), [
    ("<b>Penting</i>", "siaran.html_order", {"tag": "i", "expected": "b"}),
    ("<b>Penting", "siaran.html_unclosed", {"tag": "b"}),
    ("Penting</b>", "siaran.html_stray_end", {}),
    ("<script>alert(1)</script>", "siaran.html_tag", {"tag": "script"}),
    ("nilai < 60", "siaran.html_lt", {}),
    ("x <3 y", "siaran.html_lt", {}),
    ("a <b", "siaran.html_lt", {}),
    ('<span class="merah">x</span>', "siaran.html_span", {}),
    ('<tg-emoji emoji-id="abc">x</tg-emoji>', "siaran.html_refused", {}),
    ("<b> </b>", "siaran.empty", {}),
    ("x" * (MAX_TEXT + 1), "siaran.too_long", {"max": MAX_TEXT}),
])  # fmt: skip
def test_bad_markup_gets_the_hint_for_its_mistake(text: str, key: str, params: dict[str, object]) -> None:
    with pytest.raises(MarkupProblem) as problem:
        check_html(text)
    assert problem.value.key == key
    assert params.items() <= problem.value.params.items()
    t(key, "en", **problem.value.params)  # every placeholder is filled


def test_valid_markup_is_kept_trimmed() -> None:
    text = '<a href="https://x.go.id/?a=1&amp;b=2">tautan</a> <b onclick="x()">tebal</b>'
    assert check_html(f"  {text}\n") == text


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
