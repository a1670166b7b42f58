"""The emulator driving a real `telegram.ext.Application` over HTTP: polling, webhook, retries, errors."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.simulator import BotApiSimulator, run_polling, run_webhook

Context = ContextTypes.DEFAULT_TYPE


def tiny_png() -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x00\x80\xff" * 2 + b"\x00" + b"\x00\x80\xff" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


async def start(update: Update, context: Context) -> None:
    assert update.effective_message is not None and update.effective_user is not None
    payload = " ".join(context.args or [])
    await update.effective_message.reply_html(
        f"Halo <b>{update.effective_user.first_name}</b>{f' ({payload})' if payload else ''}. Lanjut?",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Ya", callback_data="go:yes"), InlineKeyboardButton("Tidak", callback_data="go:no")]]
        ),
    )


async def choose(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer("Tersimpan")
    await query.edit_message_text(f"Pilihan: {query.data.split(':')[1]}")


async def echo(update: Update, context: Context) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(update.effective_message.text.upper())


async def document_size(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    data = io.BytesIO()
    await (await message.document.get_file()).download_to_memory(data)
    await message.reply_photo(tiny_png(), caption=f"{message.document.file_name}: {len(data.getvalue())} byte")


AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def build(sim: BotApiSimulator, *, rate_limiter: AIORateLimiter | None = None) -> AnyApplication:
    """The way the bot's own factory builds it: token and both URLs pointed at the emulator."""
    builder: Any = ApplicationBuilder().token(sim.token).base_url(sim.base_url).base_file_url(sim.base_file_url)
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    app: AnyApplication = builder.build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(choose, pattern="^go:"))
    app.add_handler(MessageHandler(filters.Document.ALL, document_size))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


async def test_polling_bot_conversation(sim: BotApiSimulator) -> None:
    budi = sim.add_user("Budi")
    async with run_polling(build(sim)):
        await sim.user_sends(budi, "/start unit-7")
        greeting = await sim.wait_for_reply(budi)
        assert greeting.text == "Halo Budi (unit-7). Lanjut?"
        assert greeting.entities == ({"type": "bold", "offset": 5, "length": 4},)
        assert greeting.button_texts == ["Ya", "Tidak"]

        pressed = await sim.user_presses(budi, "Ya")
        assert (await sim.wait_for_answer(pressed)).text == "Tersimpan"
        assert (await sim.wait_for_edit(greeting)).text == "Pilihan: yes"
        assert sim.buttons(budi) == []  # the edit did not repeat the keyboard

        await sim.user_sends(budi, "halo")
        assert (await sim.wait_for_reply(budi)).text == "HALO"

        await sim.user_sends_document(budi, b"12345", filename="skp.pdf")
        reply = await sim.wait_for_reply(budi)
        assert (reply.kind, reply.caption) == ("photo", "skp.pdf: 5 byte")
        assert sim.files_sent(budi)[0].data == tiny_png()

        forged = await sim.forge_callback_query(budi, "admin:hapus")  # no handler matches: the bot ignores it
        await sim.wait_for_delivery()
        assert sim.unanswered_callback_queries() == [forged]
    assert sim.violations == []
    assert sim.pending_updates == []  # PTB confirmed every update on shutdown


async def test_webhook_bot_conversation(sim: BotApiSimulator) -> None:
    budi = sim.add_user("Budi")
    async with run_webhook(build(sim), secret_token="rahasia_123"):
        assert sim.webhook is not None
        assert sim.webhook.secret_token == "rahasia_123"
        await sim.user_sends(budi, "/start")
        assert (await sim.wait_for_reply(budi)).text == "Halo Budi. Lanjut?"
        await sim.user_presses(budi, "Tidak")
        assert (await sim.wait_for_edit(sim.bot_messages(budi)[0])).text == "Pilihan: no"
        await sim.wait_for_delivery()
    assert len(sim.delivered_webhook_updates) == 2
    assert sim.calls("getUpdates") == []
    assert sim.violations == []


async def test_webhook_with_a_wrong_secret_is_not_delivered(sim: BotApiSimulator) -> None:
    app = build(sim)
    async with run_webhook(app, secret_token="benar"):
        assert sim.webhook is not None
        sim.webhook.secret_token = "salah"  # as if someone else forged the request
        budi = sim.add_user("Budi")
        await sim.user_sends(budi, "/start")
        await sim.wait_until(
            lambda: sim.webhook is not None and sim.webhook.last_error_message is not None, what="a refused delivery"
        )
        assert str(sim.webhook.last_error_message).startswith("Wrong response from the webhook: 403")
        assert sim.bot_messages(budi) == []


async def test_rate_limiter_recovers_from_429(sim: BotApiSimulator) -> None:
    budi = sim.add_user("Budi")
    sim.faults.rate_limit("sendMessage", times=2, retry_after=1)
    async with run_polling(build(sim, rate_limiter=AIORateLimiter(max_retries=3))):
        await sim.user_sends(budi, "tolong")
        assert (await sim.wait_for_reply(budi, timeout=10)).text == "TOLONG"
    assert [call.status for call in sim.calls("sendMessage")] == [429, 429, 200]
    assert sim.violations == []


async def test_errors_reach_the_bot_as_ptb_exceptions(sim: BotApiSimulator) -> None:
    budi = sim.add_user("Budi", started=True)
    app = build(sim)
    async with app:
        sent = await app.bot.send_message(budi.id, "Halo")
        with pytest.raises(BadRequest, match="Message is not modified"):
            await app.bot.edit_message_text("Halo", chat_id=budi.id, message_id=sent.message_id)
        with pytest.raises(BadRequest, match="Can't parse entities"):
            await app.bot.send_message(budi.id, "<b>x", parse_mode="HTML")
        sim.block(budi)
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await app.bot.send_message(budi.id, "Pengingat")
        stranger = sim.add_user("Sari")
        with pytest.raises(Forbidden, match="can't initiate conversation"):
            await app.bot.send_message(stranger.id, "Halo")
    assert [v.kind for v in sim.violations] == ["bad_request", "bad_request"]


async def test_commands_menu_through_ptb(sim: BotApiSimulator) -> None:
    from telegram import BotCommand, BotCommandScopeAllPrivateChats

    async with build(sim) as app:
        await app.bot.set_my_commands(
            [BotCommand("start", "Mulai")], scope=BotCommandScopeAllPrivateChats(), language_code="id"
        )
        commands = await app.bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="id")
    assert [c.command for c in commands] == ["start"]
    assert sim.commands(scope={"type": "all_private_chats"}, language_code="id") == [
        {"command": "start", "description": "Mulai"}
    ]


def test_png_helper_is_a_real_image(png: Callable[[int, int], bytes]) -> None:
    from bot.simulator.media import image_size

    assert image_size(tiny_png()) == (2, 2)
    assert image_size(png(5, 7)) == (5, 7)
