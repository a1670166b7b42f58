"""/tim, /tim ekspor, /tim <NIP> and the /tim buttons: Telegram in and out; `service` decides who is seen.

Charts are drawn in a worker thread, so a large team's chart never holds up anyone else's reply.
"""

from __future__ import annotations

import asyncio

from bot.callback_ids import parse_id
from bot.delivery.job import worker_of
from bot.dialogs.engine import Reply
from bot.router import Caller, Router
from bot.storage.profiles import Basis
from bot.team.actions import (
    MEMBERS_PREFIX,
    NUDGE_PREFIX,
    detail_text,
    extra_buttons,
    members_page,
    nudge_choice,
    nudged_text,
)
from bot.team.detail import member_detail
from bot.team.nudge import NudgeKind, NudgeReason, nudge, reason_counts
from bot.team.render import TEAM_PREFIX, parse_team_data, team_buttons, team_chart, team_text
from bot.team.service import TeamRefused, TeamView, employee_id_by_nip, team_summary
from bot.texts import plain, t
from bot.webapp_links import menu_button, webapp_button

EXPORT_WORDS = ("ekspor", "export")


def register(router: Router) -> None:
    router.command("tim", command, heavy=True)
    router.button(TEAM_PREFIX, button, heavy=True)
    router.button(NUDGE_PREFIX, nudge_button, heavy=True)
    router.button(MEMBERS_PREFIX, members_button, heavy=True)
    worker_of(router.application).add(NudgeKind(router.services))


async def command(who: Caller) -> None:
    """/tim (direct reports), /tim ekspor (the workbook), /tim <NIP> (the team of someone below)."""
    args = [arg.lower() for arg in who.args]
    if not args:
        await show(who, TeamView.DIRECT, None)
    elif args[0] in EXPORT_WORDS and len(args) == 1:
        await export(who, None)
    elif len(args) == 1 and args[0].replace(".", "").replace("-", "").isdigit():
        root = await employee_id_by_nip(who.session, args[0])
        # An unknown NIP gets the same answer as someone outside the team: existence is not for everyone.
        await show(who, TeamView.DIRECT, root if root is not None else -1)
    else:
        who.say(Reply(t("team.unknown_args", who.lang)))


async def show(who: Caller, view: TeamView, root_id: int | None) -> None:
    assert who.me is not None
    services = who.services
    try:
        summary = await team_summary(who.session, who.me.employee_id, root_id=root_id, view=view,
                                     today=services.today(),
                                     include_unofficial=services.settings.INDEX_INCLUDE_UNOFFICIAL,
                                     basis=Basis(services.settings.INDEX_BASIS))
    except TeamRefused as refused:
        who.say(Reply(t(refused.key, who.lang)))
        return
    webapp_url = services.settings.WEBAPP_URL
    who.say(Reply(team_text(summary, who.lang),
                  team_buttons(summary, who.lang) + webapp_button(webapp_url, "team", who.lang)
                  + extra_buttons(summary, who.lang),
                  menu=menu_button(webapp_url, "team", who.lang)))
    chart = await asyncio.to_thread(team_chart, summary, who.lang)
    if chart is not None:
        who.say(Reply(t("team.chart_caption", who.lang), photo=chart))


async def export(who: Caller, root_id: int | None) -> None:
    from bot.team.export import team_export  # openpyxl is imported on the first export, not at start

    assert who.me is not None
    services = who.services
    try:
        name, content = await team_export(who.session, who.me.employee_id, root_id=root_id, today=services.today(),
                                          include_unofficial=services.settings.INDEX_INCLUDE_UNOFFICIAL,
                                          basis=Basis(services.settings.INDEX_BASIS), lang=who.lang)
    except TeamRefused as refused:
        who.say(Reply(t(refused.key, who.lang)))
        return
    who.say(Reply(t("hr.xlsx_caption", who.lang), document=(name, content)))


async def button(who: Caller, data: str) -> None:
    """A /tim button: its data names a view and a root, both checked again as if typed now."""
    parsed = parse_team_data(TEAM_PREFIX + data)
    if parsed is None:
        who.answer(plain("button.expired", who.lang), alert=True)
        return
    action, view, root_id = parsed
    if action == "export":
        await export(who, root_id)
    else:
        await show(who, view, root_id)


def _view_root(parts: list[str]) -> tuple[TeamView, int] | None:
    try:
        view = TeamView(parts[0])
    except ValueError:
        return None
    root = parse_id(parts[1])
    return None if root is None else (view, root)


async def nudge_button(who: Caller, data: str) -> None:
    """`<view>|<root>`: which reason (with how many each); `<view>|<root>|<reason>`: send it. The team is read
    again and checked as /tim checks it; once a day per person is the database's."""
    assert who.me is not None
    parts = data.split("|")
    parsed = _view_root(parts) if len(parts) in (2, 3) else None
    reason: NudgeReason | None = None
    if parsed is not None and len(parts) == 3:
        if parts[2] not in NudgeReason._value2member_map_:
            parsed = None
        else:
            reason = NudgeReason(parts[2])
    if parsed is None:
        who.answer(plain("button.expired", who.lang), alert=True)
        return
    view, root = parsed
    services = who.services
    try:
        if reason is None:
            summary = await team_summary(who.session, who.me.employee_id, root_id=root, view=view,
                                         today=services.today(),
                                         include_unofficial=services.settings.INDEX_INCLUDE_UNOFFICIAL)
            counts = await reason_counts(who.session, summary.members, services.today())
            who.say(Reply(*nudge_choice(summary, counts, who.lang)))
            return
        nudged = await nudge(who.session, who.me.employee_id, root_id=root, view=view, reason=reason,
                             today=services.today(), clock=services.clock)
    except TeamRefused as refused:
        who.say(Reply(t(refused.key, who.lang)))
        return
    if not nudged.chosen:
        who.say(Reply(t("nudge.nobody", who.lang)))
        return
    who.say(Reply(nudged_text(nudged.queued, nudged.already, nudged.unreachable, reason.value, who.lang)))


async def members_button(who: Caller, data: str) -> None:
    """`<view>|<root>|<page>`: members as buttons; `d|<member>`: one member's detail (subtree checked now)."""
    assert who.me is not None
    parts = data.split("|")
    services = who.services
    try:
        if len(parts) == 2 and parts[0] == "d" and (member := parse_id(parts[1])) is not None:
            detail = await member_detail(who.session, who.me.employee_id, member, today=services.today())
            who.say(Reply(detail_text(detail, who.lang)))
            return
        parsed = _view_root(parts) if len(parts) == 3 else None
        page = parse_id(parts[2]) if len(parts) == 3 and parts[2] != "0" else 0
        if parsed is None or page is None:
            who.answer(plain("button.expired", who.lang), alert=True)
            return
        summary = await team_summary(who.session, who.me.employee_id, root_id=parsed[1], view=parsed[0],
                                     today=services.today(),
                                     include_unofficial=services.settings.INDEX_INCLUDE_UNOFFICIAL)
    except TeamRefused as refused:
        who.say(Reply(t(refused.key, who.lang)))
        return
    who.say(Reply(*members_page(summary, page, who.lang)))
