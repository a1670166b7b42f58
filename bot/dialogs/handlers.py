"""Routing of what is not a command: answers to questions, files, buttons; and /batal.

Every button is re-checked here and in the services: dialog buttons carry the nonce of the question
they belong to, menu and language buttons act only on the presser's own account, anything else is
refused as "no longer valid".
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.accounts.handlers import LANG_PREFIX, choose_language, unlinked_text
from bot.dialogs.engine import IncomingFile, Reply, unpack
from bot.menu import MENU_PREFIX
from bot.telegram_io import Caller, caller, menu, send
from bot.texts import plain, t

log = logging.getLogger(__name__)
MAX_TEXT_INPUT = 1000  # longer answers are refused before any parsing: no question needs more

Action = Callable[[ContextTypes.DEFAULT_TYPE, Caller], Awaitable[None]]
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    who = await caller(update, context)
    if who is None or update.effective_message is None:
        return
    text = update.effective_message.text or ""
    if who.me is None:
        await unlinked_text(context, who, text[:100])
        return
    state = await who.dialogs.active(who.user_id)
    if state is None:
        await menu(context, who)
        return
    if len(text) > MAX_TEXT_INPUT:
        replies = await who.dialogs.repeat(who.ctx(), state, notice=t("error.title_too_long", who.lang, max=200))
    else:
        replies = await who.dialogs.on_text(who.ctx(), state, text)
    await send(context, who.chat_id, replies)


async def on_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    who = await caller(update, context)
    message = update.effective_message
    if who is None or message is None:
        return
    if who.me is None:
        await send(context, who.chat_id, [Reply(t("start.ask_code", who.lang))])
        return
    state = await who.dialogs.active(who.user_id)
    if state is None:
        await menu(context, who)
        return
    if message.photo:
        photo = message.photo[-1]
        incoming = IncomingFile(photo.file_id, "photo", None, "image/jpeg", photo.file_size)
    elif message.document:
        document = message.document
        incoming = IncomingFile(document.file_id, "document", document.file_name, document.mime_type,
                                document.file_size)
    else:
        await send(context, who.chat_id, await who.dialogs.repeat(who.ctx(), state,
                                                                  notice=t("error.text_expected", who.lang)))
        return
    await send(context, who.chat_id, await who.dialogs.on_file(who.ctx(), state, incoming))


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice, locations…: in a dialog, the same question again; otherwise the menu."""
    who = await caller(update, context)
    if who is None:
        return
    if who.me is None:
        await send(context, who.chat_id, [Reply(t("start.ask_code", who.lang))])
        return
    state = await who.dialogs.active(who.user_id)
    if state is None:
        await menu(context, who)
    else:
        await send(context, who.chat_id, await who.dialogs.repeat(who.ctx(), state,
                                                                  notice=t("error.text_expected", who.lang)))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    who = await caller(update, context)
    message = update.effective_message
    if who is None or message is None:
        return
    command = (message.text or "/").split()[0][:32]
    if who.me is None:
        await send(context, who.chat_id, [Reply(t("start.ask_code", who.lang))])
        return
    state = await who.dialogs.active(who.user_id)
    notice = t("hint.unknown_command", who.lang, command=command)
    if state is not None:
        await send(context, who.chat_id, await who.dialogs.repeat(who.ctx(), state, notice=notice))
    else:
        await menu(context, who, "hint.unknown_command", command=command)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    who = await caller(update, context)
    if who is None:
        return
    had = await who.dialogs.store.load(who.user_id) is not None
    await who.dialogs.store.clear(who.user_id)
    key = "dialog.cancelled" if had else "dialog.nothing_to_cancel"
    if who.me is None:
        await send(context, who.chat_id, [Reply(t(key, who.lang))])
    else:
        await menu(context, who, key)


def on_button(menu_actions: dict[str, Action]) -> Handler:
    """The one callback-query handler: dialog answers, menu items, language choice."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        who = await caller(update, context)
        if who is None:
            await query.answer()
            return
        data = query.data or ""
        if who.me is None:
            await query.answer(plain("link.needed", who.lang), show_alert=True)
            return
        if (packed := unpack(data)) is not None:
            state = await who.dialogs.active(who.user_id)
            replies = await who.dialogs.on_button(who.ctx(), state, *packed) if state is not None else None
            if replies is None:
                await query.answer(plain("button.expired", who.lang), show_alert=True)
                return
            await query.answer()
            await _retire_keyboard(query)
            await send(context, who.chat_id, replies)
        elif data.startswith(MENU_PREFIX) and data[len(MENU_PREFIX):] in menu_actions:
            await query.answer()
            await menu_actions[data[len(MENU_PREFIX):]](context, who)
        elif data.startswith(LANG_PREFIX):
            await query.answer()
            await _retire_keyboard(query)
            await choose_language(context, who, data[len(LANG_PREFIX):])
        else:
            await query.answer(plain("button.expired", who.lang), show_alert=True)

    return handle


async def _retire_keyboard(query: CallbackQuery) -> None:
    """Replace the buttons of an answered question by the answer chosen, so the chat reads like a record
    and an old message cannot be pressed again."""
    message = query.message
    chosen = None
    if isinstance(message, Message) and message.reply_markup is not None:
        chosen = next((b.text for row in message.reply_markup.inline_keyboard for b in row
                       if b.callback_data == query.data), None)
    try:
        if isinstance(message, Message) and message.text and chosen:
            await query.edit_message_text(f"{message.text_html}\n\n<i>➡️ {html.escape(chosen)}</i>",
                                          parse_mode=ParseMode.HTML)
        else:
            await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as exc:  # already edited, or too old to edit: the nonce still protects it
        log.debug("could not retire keyboard: %s", exc)
