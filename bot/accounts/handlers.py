"""/start (and linking by code), /bahasa, /bantuan: thin handlers over the account and linking services."""

from __future__ import annotations

from datetime import datetime

from bot.accounts.service import set_language
from bot.dialogs.engine import Button, Reply
from bot.linking.codes import is_well_formed, lookalikes_in
from bot.linking.service import LinkOutcome, redeem_code
from bot.menu import menu_buttons
from bot.router import Caller, Router, menu
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


def register_start(router: Router) -> None:
    router.command("start", start, linked=False, listed=False)
    router.link_code(code_text)


def register_language(router: Router) -> None:
    router.command(("bahasa", "language"), language_command)
    router.button(LANG_PREFIX, choose_language)


def register_help(router: Router) -> None:
    router.command(("bantuan", "help"), send_help, linked=False, menu=True)


async def start(who: Caller) -> None:
    payload = (who.args or [""])[0]
    if payload and is_well_formed(payload):
        await link_with_code(who, payload)
    elif payload and who.me is None:
        await code_text(who, payload)
    elif who.me is not None:
        menu(who, "start.welcome", name=who.me.name)
    else:
        who.say(Reply(t("start.ask_code", who.lang)))


async def link_with_code(who: Caller, text: str) -> None:
    """Redeem a code typed or opened as a deep link; says precisely why when it does not work. Sent again
    by the account it linked (the first answer was lost), it says so instead of "already used"."""
    services = who.services
    result = await redeem_code(who.session, who.user_id, text, clock=services.clock)
    if result.outcome is LinkOutcome.ALREADY_LINKED and who.me is not None:
        who.say(Reply(t("link.already", who.lang, name=who.me.name, nip=who.me.nip), menu_buttons(who.lang)))
        return
    if not result.linked:
        key = _OUTCOME_KEYS.get(result.outcome, "link.used")
        until = result.locked_until.astimezone(services.settings.tz) if result.locked_until else None
        notice = t(key, who.lang, until=moment(until, who.lang) if until else "")
        if result.outcome is LinkOutcome.INVALID_CODE and until is not None:
            notice = t("link.locked", who.lang, until=moment(until, who.lang))
        who.say(Reply(notice))
        return
    await who.refresh()
    assert who.me is not None
    who.say(
        Reply(t("link.ok", who.lang, name=who.me.name, nip=who.me.nip)),
        Reply(t("start.welcome", who.lang, name=who.me.name), menu_buttons(who.lang)),
    )


async def code_text(who: Caller, text: str) -> None:
    """A person who is not linked yet can only send a code: anything else gets the instructions."""
    if is_well_formed(text):
        await link_with_code(who, text)
    elif found := lookalikes_in(text):
        who.say(Reply(t("chat.code_lookalikes", who.lang, found=" ".join(found))))
    else:
        who.say(Reply(t("link.code_format", who.lang)))


def moment(at: datetime, lang: Lang) -> str:
    """A date and time with its time zone's abbreviation (`7 Desember 2026 11:45 WIB`): the person may live
    in another zone than the bot's TIMEZONE (WITA, WIT); a zone without an abbreviation shows its offset."""
    zone = at.tzname() or ""
    if not zone or zone[0] in "+-":
        offset = f"{at:%z}"
        zone = f"UTC{offset[:3]}:{offset[3:5]}"
    return f"{day(at.date(), lang)} {at:%H:%M} {zone}"


async def send_help(who: Caller) -> None:
    buttons = menu_buttons(who.lang) if who.me else []
    who.say(Reply(t("help", who.lang), buttons))


def language_buttons() -> list[list[Button]]:
    return [[Button("🇮🇩 Bahasa Indonesia", f"{LANG_PREFIX}id"), Button("🇬🇧 English", f"{LANG_PREFIX}en")]]


async def language_command(who: Caller) -> None:
    who.say(Reply(t("lang.ask", who.lang), language_buttons()))


async def choose_language(who: Caller, code: str) -> None:
    """Button `l|<code>`: it can only change the presser's own preference, so no nonce is needed."""
    if who.me is None or code not in LANGUAGES:
        who.say(Reply(t("button.expired_long", who.lang)))
        return
    who.retire = True
    lang: Lang = "en" if code == "en" else "id"
    await set_language(who.session, who.me.employee_id, lang, clock=who.services.clock)
    who.lang = lang
    menu(who, "lang.set")
