"""/siaran: compose a broadcast, choose who gets it, see the preview and the count, then confirm.

```mermaid
stateDiagram-v2
    [*] --> compose: /siaran (HR admins only)
    compose --> compose: bad HTML (which tag, why)
    compose --> audience: valid text
    audience --> units: one or more units
    audience --> category: at or below a category
    audience --> preview: everyone / JP shortfall / not assessed this year
    units --> units: toggle a unit, or type codes (scope checked)
    units --> preview: continue (at least one unit)
    category --> preview
    preview --> when: set a time
    when --> preview: a future time
    preview --> preview: send now instead
    preview --> [*]: confirm (outbox written, nothing sent before)
    compose --> [*]: cancel
    preview --> [*]: cancel
```

Every answer first checks that the person is still an HR admin, and every unit they pick, press or type is
checked against their scope (the service checks both again when the broadcast is created).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import Any

from bot.broadcast import service
from bot.broadcast.audience import (
    Audience,
    AudienceKind,
    AudienceRefused,
    check_unit,
    scope_units,
    unit_choices,
    unit_labels,
    units_from_text,
)
from bot.broadcast.markup import MAX_SOURCE, MarkupProblem, check_html
from bot.broadcast.render import SHOWN_UNITS, audience_text, when_text
from bot.dialogs.engine import Button, Ctx, DialogState, Finish, Flow, Go, Invalid, Reply, Step, Transition
from bot.parsing import InputError, parse_date
from bot.services import Services
from bot.texts import Html, plain, t
from scoring.ruleset import CATEGORY_NAMES

NAME = "broadcast"
NEXT, SEND, WHEN, NOW = "next", "send", "when", "now"
UNIT_PREFIX = "u:"
MAX_AHEAD = timedelta(days=90)
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_TOMORROW = ("besok", "tomorrow")


def _services(ctx: Ctx) -> Services:
    services: Services = ctx.services
    return services


async def _still_admin(ctx: Ctx) -> bool:
    try:
        async with _services(ctx).session() as session:
            await scope_units(session, ctx.employee_id)
    except AudienceRefused:
        return False
    return True


Answer = Callable[[Ctx, DialogState, str], Awaitable[Transition]]


def guarded(answer: Answer) -> Answer:
    """The answer, run only while the person is still an HR admin (a role can be revoked mid-dialog)."""

    async def checked(ctx: Ctx, state: DialogState, value: str) -> Transition:
        if not await _still_admin(ctx):
            return Finish([Reply(t("siaran.not_hr", ctx.lang))])
        return await answer(ctx, state, value)

    return checked


def _refused(ctx: Ctx, refused: AudienceRefused) -> Transition:
    if refused.key == "siaran.not_hr":
        return Finish([Reply(t("siaran.not_hr", ctx.lang))])
    return Invalid(refused.key, refused.params)


def _audience(state: DialogState) -> dict[str, Any]:
    audience: dict[str, Any] = state.data.setdefault("audience", {"kind": AudienceKind.ALL.value})
    return audience


# -- compose ----------------------------------------------------------------------------------------------


async def _start(ctx: Ctx) -> dict[str, Any]:
    return {}


async def ask_text(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("siaran.ask_text", ctx.lang, max=MAX_SOURCE))


async def text_answer(ctx: Ctx, state: DialogState, text: str) -> Transition:
    try:
        state.data["text"] = check_html(text)
    except MarkupProblem as problem:
        return Invalid(problem.key, problem.params)
    return Go("audience")


# -- audience ---------------------------------------------------------------------------------------------


async def ask_audience(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("siaran.ask_audience", ctx.lang),
                 [[Button(plain(f"siaran.audience.{kind.value}", ctx.lang), kind.value)] for kind in AudienceKind])


async def audience_button(ctx: Ctx, state: DialogState, value: str) -> Transition:
    if value not in AudienceKind._value2member_map_:
        return Invalid("dialog.use_buttons")
    kind = AudienceKind(value)
    state.data["audience"] = {"kind": kind.value, "unit_ids": [], "category": None}
    return Go({AudienceKind.UNITS: "units", AudienceKind.CATEGORY: "category"}.get(kind, "preview"))


async def ask_units(ctx: Ctx, state: DialogState) -> Reply:
    chosen = [int(u) for u in _audience(state).get("unit_ids") or []]
    async with _services(ctx).session() as session:
        try:
            choices = await unit_choices(session, ctx.employee_id)
        except AudienceRefused:
            return Reply(t("siaran.not_hr", ctx.lang))
        labels = await unit_labels(session, tuple(chosen))
    buttons = [[Button(("✅ " if c.id in chosen else "") + c.code, f"{UNIT_PREFIX}{c.id}")] for c in choices]
    if chosen:
        buttons.append([Button(plain("button.continue", ctx.lang), NEXT)])
    selected = ", ".join(labels[:SHOWN_UNITS]) if labels else plain("siaran.units_none", ctx.lang)
    if len(labels) > SHOWN_UNITS:
        selected += f" (+{len(labels) - SHOWN_UNITS})"
    return Reply(t("siaran.ask_units", ctx.lang, selected=selected), buttons)


async def units_button(ctx: Ctx, state: DialogState, value: str) -> Transition:
    audience = _audience(state)
    chosen = [int(u) for u in audience.get("unit_ids") or []]
    if value == NEXT:
        return Go("preview") if chosen else Invalid("siaran.no_units")
    if not value.startswith(UNIT_PREFIX) or not value[len(UNIT_PREFIX):].isdigit():
        return Invalid("dialog.use_buttons")
    unit_id = int(value[len(UNIT_PREFIX):])
    try:
        async with _services(ctx).session() as session:
            await check_unit(session, ctx.employee_id, unit_id)
    except AudienceRefused as refused:
        return _refused(ctx, refused)
    audience["unit_ids"] = [u for u in chosen if u != unit_id] if unit_id in chosen else [*chosen, unit_id]
    return Go("units")


async def units_text(ctx: Ctx, state: DialogState, text: str) -> Transition:
    audience = _audience(state)
    try:
        async with _services(ctx).session() as session:
            typed = await units_from_text(session, ctx.employee_id, text[:500])
    except AudienceRefused as refused:
        return _refused(ctx, refused)
    chosen = [int(u) for u in audience.get("unit_ids") or []]
    audience["unit_ids"] = chosen + [u.id for u in typed if u.id not in chosen]
    return Go("units")


async def ask_category(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("siaran.ask_category", ctx.lang), [[Button(name, name)] for name in CATEGORY_NAMES])


async def category_button(ctx: Ctx, state: DialogState, value: str) -> Transition:
    if value not in CATEGORY_NAMES:
        return Invalid("dialog.use_buttons")
    _audience(state)["category"] = value
    return Go("preview")


# -- when -------------------------------------------------------------------------------------------------


def parse_when(text: str, now: datetime) -> datetime:
    """'1/12/2026 08:00', '2026-12-01 08.00', 'besok 08:00' or '14:30' (today), local time; in the future."""
    words = " ".join(text.strip().lower().split()).split(" ")
    time_match = _TIME.match(words[-1]) if words else None
    if time_match is None:
        raise InputError("siaran.when_format")
    hour, minute = int(time_match.group(1)), int(time_match.group(2))
    if hour > 23 or minute > 59:
        raise InputError("siaran.when_format")
    rest = " ".join(words[:-1])
    today = now.date()
    day: date
    if not rest:
        day = today
    elif rest in _TOMORROW:
        day = today + timedelta(days=1)
    else:
        day = parse_date(rest, today=today, allow_future=True)
    at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=now.tzinfo)
    if at <= now:
        raise InputError("siaran.when_past")
    if at > now + MAX_AHEAD:
        raise InputError("siaran.when_far", {"days": MAX_AHEAD.days})
    return at


async def ask_when(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("siaran.ask_when", ctx.lang))


async def when_text_answer(ctx: Ctx, state: DialogState, text: str) -> Transition:
    try:
        state.data["send_at"] = parse_when(text, _services(ctx).clock.now()).isoformat()
    except InputError as problem:
        return Invalid(problem.key, problem.params)
    return Go("preview")


# -- preview and confirm ----------------------------------------------------------------------------------


async def ask_preview(ctx: Ctx, state: DialogState) -> Reply:
    services = _services(ctx)
    try:
        audience = Audience.from_json(_audience(state))
        async with services.session() as session:
            count = await service.count_recipients(session, ctx.employee_id, audience, ctx.today)
            units = await unit_labels(session, audience.unit_ids)
    except AudienceRefused as refused:
        return Reply(t(refused.key, ctx.lang, **refused.params))
    send_at = state.data.get("send_at")
    when = (when_text(datetime.fromisoformat(send_at), services.settings.tz, ctx.lang) if send_at
            else plain("siaran.when_now", ctx.lang))
    text = Html("\n".join([
        t("siaran.preview_header", ctx.lang), "", state.data.get("text", ""), "",
        t("siaran.preview_footer", ctx.lang, audience=audience_text(audience, units, ctx.lang), n=count, when=when),
    ]))
    buttons: list[list[Button]] = []
    if count:
        buttons.append([Button(plain("siaran.button.schedule" if send_at else "siaran.button.send", ctx.lang), SEND)])
    buttons.append([Button(plain("siaran.button.when", ctx.lang), WHEN)])
    if send_at:
        buttons.append([Button(plain("siaran.button.now", ctx.lang), NOW)])
    if not count:
        text = Html(text + "\n\n" + t("siaran.nobody", ctx.lang))
    return Reply(text, buttons)


async def preview_button(ctx: Ctx, state: DialogState, value: str) -> Transition:
    if value == WHEN:
        return Go("when")
    if value == NOW:
        state.data.pop("send_at", None)
        return Go("preview")
    if value != SEND:
        return Invalid("dialog.use_buttons")
    return await _confirm(ctx, state)


async def _confirm(ctx: Ctx, state: DialogState) -> Transition:
    services = _services(ctx)
    send_at = state.data.get("send_at")
    try:
        audience = Audience.from_json(_audience(state))
        async with services.session() as session:
            broadcast = await service.create_broadcast(
                session, admin_id=ctx.employee_id, admin_chat_id=ctx.user_id, lang=ctx.lang,
                text=str(state.data.get("text", "")), audience=audience,
                send_at=datetime.fromisoformat(send_at) if send_at else None, today=ctx.today, clock=services.clock,
            )
    except AudienceRefused as refused:
        return _refused(ctx, refused)
    except MarkupProblem as problem:
        return Invalid(problem.key, problem.params)
    if not broadcast.recipients:
        return Finish([Reply(t("siaran.nobody", ctx.lang))])
    if send_at and broadcast.send_at > services.clock.now():
        return Finish([Reply(t("siaran.scheduled", ctx.lang, id=broadcast.id, n=broadcast.recipients,
                               when=when_text(broadcast.send_at, services.settings.tz, ctx.lang)))])
    return Finish([Reply(t("siaran.queued", ctx.lang, id=broadcast.id, n=broadcast.recipients))])


def flow() -> Flow:
    return Flow(
        name=NAME,
        first="compose",
        start_data=_start,
        steps={
            "compose": Step(ask_text, on_text=guarded(text_answer)),
            "audience": Step(ask_audience, on_button=guarded(audience_button)),
            "units": Step(ask_units, on_button=guarded(units_button), on_text=guarded(units_text)),
            "category": Step(ask_category, on_button=guarded(category_button)),
            "when": Step(ask_when, on_text=guarded(when_text_answer)),
            "preview": Step(ask_preview, on_button=guarded(preview_button)),
        },
    )
