"""/start (and linking by code), /bahasa, /bantuan: thin handlers over the account services."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.accounts.service import set_language, whoami
from bot.dialogs.engine import Button, Reply
from bot.linking.codes import is_well_formed
from bot.linking.service import LinkOutcome, redeem_code
from bot.menu import menu_buttons
from bot.telegram_io import Caller, caller, menu, send
from bot.texts import LANGUAGES, Lang, t
from scoring.texts import day

LANG_PREFIX = "l|"
_OUTCOME_KEYS = {
    LinkOutcome.INVALID_CODE: "link.invalid",
    LinkOutcome.EXPIRED: "link.expired",
    LinkOutcome.ALREADY_USED: "link.used",
    LinkOutcome.LOCKED: "link.locked",
    LinkOutcome.ACCOUNT_LINKED_ELSEWHERE: "link.taken",
    LinkOutcome.EMPLOYEE_INACTIVE: "link.inactive",
}


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    who = await caller(update, context)
    if who is None:
        return
    payload = (context.args or [""])[0]
    if payload and is_well_formed(payload):
        await link_with_code(context, who, payload)
    elif who.me is not None:
        await menu(context, who, "start.welcome", name=who.me.name)
    else:
        await send(context, who.chat_id, [Reply(t("start.ask_code", who.lang))])


async def link_with_code(context: ContextTypes.DEFAULT_TYPE, who: Caller, text: str) -> None:
    """Redeem a code typed or opened as a deep link; says precisely why when it does not work."""
    services = who.services
    async with services.session() as session:
        result = await redeem_code(session, who.user_id, text, clock=services.clock)
    if not result.linked:
        key = _OUTCOME_KEYS[result.outcome]
        until = result.locked_until.astimezone(services.settings.tz) if result.locked_until else None
        notice = t(key, who.lang, until=f"{day(until.date(), who.lang)} {until:%H:%M}" if until else "")
        if result.outcome is LinkOutcome.INVALID_CODE and until is not None:
            notice = t("link.locked", who.lang, until=f"{day(until.date(), who.lang)} {until:%H:%M}")
        await send(context, who.chat_id, [Reply(notice)])
        return
    linked = await _refresh(context, who)
    assert linked.me is not None
    await send(context, who.chat_id, [
        Reply(t("link.ok", linked.lang, name=linked.me.name, nip=linked.me.nip)),
        Reply(t("start.welcome", linked.lang, name=linked.me.name), menu_buttons(linked.lang)),
    ])


async def _refresh(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> Caller:
    async with who.services.session() as session:
        who.me = await whoami(session, who.user_id, who.lang)
    return who


async def unlinked_text(context: ContextTypes.DEFAULT_TYPE, who: Caller, text: str) -> None:
    """A person who is not linked yet can only send a code: anything else gets the instructions."""
    if is_well_formed(text):
        await link_with_code(context, who, text)
    else:
        await send(context, who.chat_id, [Reply(t("link.code_format", who.lang))])


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    who = await caller(update, context)
    if who is not None:
        await send_help(context, who)


async def send_help(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    buttons = menu_buttons(who.lang) if who.me else []
    await send(context, who.chat_id, [Reply(t("help", who.lang), buttons)])


def language_buttons() -> list[list[Button]]:
    return [[Button("🇮🇩 Bahasa Indonesia", f"{LANG_PREFIX}id"), Button("🇬🇧 English", f"{LANG_PREFIX}en")]]


async def language_command(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    await send(context, who.chat_id, [Reply(t("lang.ask", who.lang), language_buttons())])


async def choose_language(context: ContextTypes.DEFAULT_TYPE, who: Caller, code: str) -> None:
    """Button `l|<code>`: it can only change the presser's own preference, so no nonce is needed."""
    if who.me is None or code not in LANGUAGES:
        await send(context, who.chat_id, [Reply(t("button.expired_long", who.lang))])
        return
    lang: Lang = "en" if code == "en" else "id"
    async with who.services.session() as session:
        await set_language(session, who.me.employee_id, lang, clock=who.services.clock)
    who.lang = lang
    await menu(context, who, "lang.set")
