"""/siaran, the report's resend button, and the broadcast kind's wiring: Telegram in and out; the dialog and
the services decide."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Message
from telegram.constants import MessageEntityType

from bot.broadcast import dialog, manage, render, service
from bot.broadcast.audience import Audience, AudienceRefused, scope_units, unit_labels
from bot.broadcast.delivery import BroadcastKind
from bot.broadcast.listing import STOP_PREFIX, list_buttons
from bot.broadcast.listing import list_text as listing_text
from bot.broadcast.render import RESEND_PREFIX, audience_text
from bot.callback_ids import parse_id
from bot.clock import Clock
from bot.delivery.job import worker_of
from bot.dialogs.engine import Reply
from bot.router import Caller, Router
from bot.texts import t

T = TypeVar("T")

FORMATTING = frozenset({
    MessageEntityType.BOLD, MessageEntityType.ITALIC, MessageEntityType.UNDERLINE, MessageEntityType.STRIKETHROUGH,
    MessageEntityType.SPOILER, MessageEntityType.CODE, MessageEntityType.PRE, MessageEntityType.TEXT_LINK,
    MessageEntityType.BLOCKQUOTE, MessageEntityType.EXPANDABLE_BLOCKQUOTE, MessageEntityType.CUSTOM_EMOJI,
})  # fmt: skip
"""Entities a person applies in their Telegram app; with any of them, the text is taken as formatted."""


def register(router: Router) -> None:
    """The /siaran flow and command (its text step reads the whole formatted message), the report's resend
    button, and the broadcast kind of the delivery engine."""
    router.flow(dialog.flow(), full_text={"compose": composed}, heavy=True)
    router.command("siaran", command, heavy=True)
    router.button(RESEND_PREFIX, resend_uncertain)
    router.button(STOP_PREFIX, stop, heavy=True)
    worker_of(router.application).add(BroadcastKind(router.services))


async def command(who: Caller) -> None:
    """/siaran: HR admins start composing (/siaran daftar: the scheduled and running ones); anyone else is told
    it is not for them."""
    assert who.me is not None
    try:
        await scope_units(who.session, who.me.employee_id)
    except AudienceRefused:
        who.say(Reply(t("siaran.not_hr", who.lang)))
        return
    if [arg.lower() for arg in who.args] in (["daftar"], ["list"]):
        await listing(who)
        return
    if who.args:  # "/siaran daftr" or "/siaran the message": say the words were not used, then ask as always
        who.say(Reply(t("siaran.args_unused", who.lang)))
    who.say(*await who.dialogs.start(who.ctx(), dialog.NAME))


async def listing(who: Caller) -> None:
    """/siaran daftar: scheduled and running broadcasts with their progress, each with its cancel/stop button."""
    assert who.me is not None
    listed = await manage.open_broadcasts(who.session, who.me.employee_id, who.services.clock.now())
    audiences = []
    for item in listed:
        try:
            audience = Audience.from_json(item.broadcast.audience)
        except AudienceRefused:
            audiences.append("?")
            continue
        audiences.append(audience_text(audience, await unit_labels(who.session, audience.unit_ids), who.lang))
    who.say(Reply(listing_text(listed, audiences, who.services.settings.tz, who.lang),
                  list_buttons(listed, who.lang)))


async def stop(who: Caller, data: str) -> None:
    """/siaran daftar's button: cancel a scheduled broadcast or stop a running one (once, however often pressed)."""
    broadcast_id = parse_id(data) or 0
    stopped = await _as_its_admin(who, broadcast_id, "siaran.stop.not_allowed", manage.stop_broadcast)
    if stopped is None:
        return
    if stopped.already is not None:
        when = render.when_text(stopped.already, who.services.settings.tz, who.lang)
        who.say(Reply(t("siaran.stop.already", who.lang, id=broadcast_id, when=when)))
    elif stopped.finished:
        who.say(Reply(t("siaran.stop.finished", who.lang, id=broadcast_id)))
    else:
        key = "siaran.stop.cancelled" if stopped.scheduled and stopped.nothing_sent else "siaran.stop.stopped"
        who.say(Reply(t(key, who.lang, id=broadcast_id, n=stopped.cancelled)))


async def _as_its_admin(
    who: Caller, broadcast_id: int, not_allowed: str,
    act: Callable[[AsyncSession, int, int, Clock], Awaitable[T]],
) -> T | None:
    """`act` on a broadcast for the HR admin who may manage it; None (and the reason said) for anyone else."""
    assert who.me is not None
    try:
        return await act(who.session, broadcast_id, who.me.employee_id, who.services.clock)
    except AudienceRefused:
        who.say(Reply(t("siaran.not_hr", who.lang)))
    except LookupError:
        who.say(Reply(t(not_allowed, who.lang, id=broadcast_id)))
    return None


def composed(message: Message) -> str:
    """The text as HTML: the app's formatting if the person used it, else what they typed (tags and all)."""
    if any(entity.type in FORMATTING for entity in message.entities):
        return message.text_html
    return message.text or ""


async def resend_uncertain(who: Caller, data: str) -> None:
    """The report's button: the admin chose to resend the uncertain messages (once, whoever presses twice)."""
    broadcast_id = parse_id(data) or 0
    resent = await _as_its_admin(who, broadcast_id, "siaran.resend.not_allowed", service.resend_uncertain)
    if resent is None:
        return
    key = "siaran.resend.queued" if resent.count else "siaran.resend.none"
    who.say(Reply(t(key, who.lang, id=broadcast_id, n=resent.count)))
