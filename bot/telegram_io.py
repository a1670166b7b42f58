"""The only place that turns `Reply` objects into Bot API calls, and Telegram updates into callers."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes, filters

from bot.accounts.service import Me, whoami
from bot.dialogs.engine import Button, Ctx, Dialogs, Reply
from bot.menu import menu_buttons
from bot.services import Services
from bot.texts import CATALOG, Lang, lang_of, t

MAX_TEXT = 4096
# New messages in private chats only: an edited message is not a new command or a new answer.
PRIVATE_MESSAGES = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.value) for b in row] for row in rows])


def _chunks(text: str) -> list[str]:
    """Split an over-long message at line breaks (Telegram's limit is 4,096 characters)."""
    if len(text) <= MAX_TEXT:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        if len(current) + len(line) + 1 > MAX_TEXT and current:
            parts.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line[:MAX_TEXT]
    parts.append(current)
    return parts


async def send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: Sequence[Reply]) -> list[Message]:
    sent: list[Message] = []
    for reply in replies:
        markup = keyboard(reply.buttons)
        if reply.photo is not None:
            sent.append(await context.bot.send_photo(chat_id, InputFile(io.BytesIO(reply.photo), filename="chart.png"),
                                                     caption=reply.text,
                                                     parse_mode=ParseMode.HTML, reply_markup=markup))
        elif reply.document is not None:
            name, content = reply.document
            sent.append(await context.bot.send_document(chat_id, io.BytesIO(content), filename=name,
                                                        caption=reply.text, parse_mode=ParseMode.HTML,
                                                        reply_markup=markup))
        else:
            parts = _chunks(reply.text)
            for i, part in enumerate(parts):
                last = i == len(parts) - 1
                sent.append(await context.bot.send_message(chat_id, part, parse_mode=ParseMode.HTML,
                                                           reply_markup=markup if last else None))
    return sent


@dataclass
class Caller:
    """Who sent the update, as the services know them."""

    services: Services
    dialogs: Dialogs
    user_id: int
    chat_id: int
    me: Me | None
    lang: Lang

    def ctx(self) -> Ctx:
        assert self.me is not None
        return Ctx(self.user_id, self.me.employee_id, self.lang, self.services.today(), self.services)


async def caller(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Caller | None:
    """None for updates without a private chat with a user (channels, groups): the bot ignores them."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or chat.type != "private":
        return None
    services: Services = context.bot_data["services"]
    dialogs: Dialogs = context.bot_data["dialogs"]
    default = lang_of(services.settings.DEFAULT_LANGUAGE)
    # Indonesian unless the person chose otherwise with /bahasa; Telegram's client language is not a choice.
    async with services.session() as session:
        me = await whoami(session, user.id, default)
    lang = me.lang if me else default
    return Caller(services, dialogs, user.id, chat.id, me, lang)


Action = Callable[[ContextTypes.DEFAULT_TYPE, "Caller"], Awaitable[None]]
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def linked(action: Action) -> Handler:
    """A handler for people with a linked account: others are told how to link first."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        who = await caller(update, context)
        if who is None:
            return
        if who.me is None:
            await send(context, who.chat_id, [Reply(t("link.needed", who.lang))])
            return
        await action(context, who)

    return handle


async def start_flow(context: ContextTypes.DEFAULT_TYPE, who: Caller, flow: str) -> None:
    """Start a guided conversation, unless one is under way: the same one continues where it was; another
    one is named, with its current question again, so answers already given are never thrown away."""
    ctx = who.ctx()
    state = await who.dialogs.active(who.user_id)
    if state is None:
        replies = await who.dialogs.start(ctx, flow)
    elif state.flow == flow:
        replies = await who.dialogs.repeat(ctx, state, notice=t("dialog.resume", who.lang))
    else:
        name = CATALOG[who.lang].get(f"flow.{state.flow}", state.flow)
        replies = await who.dialogs.repeat(ctx, state, notice=t("dialog.busy", who.lang, flow=name))
    await send(context, who.chat_id, replies)


async def menu(context: ContextTypes.DEFAULT_TYPE, who: Caller, key: str = "hint.unknown", **kwargs: object) -> None:
    await send(context, who.chat_id, [Reply(t(key, who.lang, **kwargs), menu_buttons(who.lang))])
