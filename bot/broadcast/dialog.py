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

from pydantic import BaseModel, Field

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
from bot.broadcast.markup import MAX_TEXT, MarkupProblem, check_html
from bot.broadcast.render import SHOWN_UNITS, audience_text, when_text
from bot.broadcast.sender import sender_line
from bot.callback_ids import id_after
from bot.dialogs.engine import Button, Ctx, DialogState, Finish, Flow, Go, Invalid, Reply, Step, Transition
from bot.parsing import InputError, parse_date
from bot.texts import Html, plain, t
from scoring.ruleset import CATEGORY_NAMES
from scoring.texts import category_label

NAME = "broadcast"
NEXT, SEND, WHEN, NOW = "next", "send", "when", "now"
UNIT_PREFIX = "u:"
MAX_AHEAD = timedelta(days=90)
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_TOMORROW = ("besok", "tomorrow")


class AudienceAnswer(BaseModel):
    kind: AudienceKind = AudienceKind.ALL
    unit_ids: list[int] = Field(default_factory=list)
    category: str | None = None


class BroadcastAnswers(BaseModel):
    """The broadcast being composed (the dialog state's `data`); checked again when it is created."""

    text: str | None = None
    audience: AudienceAnswer = Field(default_factory=AudienceAnswer)
    send_at: datetime | None = None


State = DialogState[BroadcastAnswers]


async def _still_admin(ctx: Ctx) -> bool:
    try:
        await scope_units(ctx.session, ctx.employee_id)
    except AudienceRefused:
        return False
    return True


Answer = Callable[[Ctx, State, str], Awaitable[Transition]]


def guarded(answer: Answer) -> Answer:
    """The answer, run only while the person is still an HR admin (a role can be revoked mid-dialog)."""

    async def checked(ctx: Ctx, state: State, value: str) -> Transition:
        if not await _still_admin(ctx):
            return Finish([Reply(t("siaran.not_hr", ctx.lang))])
        return await answer(ctx, state, value)

    return checked


def _refused(ctx: Ctx, refused: AudienceRefused) -> Transition:
    if refused.key == "siaran.not_hr":
        return Finish([Reply(t("siaran.not_hr", ctx.lang))])
    return Invalid(refused.key, refused.params)


# -- compose ----------------------------------------------------------------------------------------------


async def _start(ctx: Ctx) -> BroadcastAnswers:
    return BroadcastAnswers()


async def ask_text(ctx: Ctx, state: State) -> Reply:
    return Reply(t("siaran.ask_text", ctx.lang, max=MAX_TEXT))


async def text_answer(ctx: Ctx, state: State, text: str) -> Transition:
    try:
        state.data.text = check_html(text)
    except MarkupProblem as problem:
        return Invalid(problem.key, problem.params)
    return Go("audience")


# -- audience ---------------------------------------------------------------------------------------------


async def ask_audience(ctx: Ctx, state: State) -> Reply:
    return Reply(t("siaran.ask_audience", ctx.lang),
                 [[Button(plain(f"siaran.audience.{kind.value}", ctx.lang), kind.value)] for kind in AudienceKind])


async def audience_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value not in AudienceKind._value2member_map_:
        return Invalid("dialog.use_buttons")
    kind = AudienceKind(value)
    state.data.audience = AudienceAnswer(kind=kind)
    return Go({AudienceKind.UNITS: "units", AudienceKind.CATEGORY: "category"}.get(kind, "preview"))


async def ask_units(ctx: Ctx, state: State) -> Reply:
    chosen = state.data.audience.unit_ids
    try:
        choices = await unit_choices(ctx.session, ctx.employee_id)
    except AudienceRefused:
        return Reply(t("siaran.not_hr", ctx.lang))
    labels = await unit_labels(ctx.session, tuple(chosen))
    buttons = [[Button(("✅ " if c.id in chosen else "") + c.code, f"{UNIT_PREFIX}{c.id}")] for c in choices]
    if chosen:
        buttons.append([Button(plain("button.continue", ctx.lang), NEXT)])
    selected = ", ".join(labels[:SHOWN_UNITS]) if labels else plain("siaran.units_none", ctx.lang)
    if len(labels) > SHOWN_UNITS:
        selected += f" (+{len(labels) - SHOWN_UNITS})"
    return Reply(t("siaran.ask_units", ctx.lang, selected=selected), buttons)


async def units_button(ctx: Ctx, state: State, value: str) -> Transition:
    audience = state.data.audience
    chosen = audience.unit_ids
    if value == NEXT:
        return Go("preview") if chosen else Invalid("siaran.no_units")
    unit_id = id_after(UNIT_PREFIX, value)
    if unit_id is None:
        return Invalid("button.expired")
    try:
        await check_unit(ctx.session, ctx.employee_id, unit_id)
    except AudienceRefused as refused:
        return _refused(ctx, refused)
    audience.unit_ids = [u for u in chosen if u != unit_id] if unit_id in chosen else [*chosen, unit_id]
    return Go("units")


async def units_text(ctx: Ctx, state: State, text: str) -> Transition:
    audience = state.data.audience
    try:
        typed = await units_from_text(ctx.session, ctx.employee_id, text[:500])
    except AudienceRefused as refused:
        return _refused(ctx, refused)
    chosen = audience.unit_ids
    audience.unit_ids = chosen + [u.id for u in typed if u.id not in chosen]
    return Go("units")


async def ask_category(ctx: Ctx, state: State) -> Reply:
    return Reply(t("siaran.ask_category", ctx.lang), [[Button(category_label(name, ctx.lang), name)]
                                                            for name in CATEGORY_NAMES])


async def category_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value not in CATEGORY_NAMES:
        return Invalid("dialog.use_buttons")
    state.data.audience.category = value
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


async def ask_when(ctx: Ctx, state: State) -> Reply:
    return Reply(t("siaran.ask_when", ctx.lang))


async def when_text_answer(ctx: Ctx, state: State, text: str) -> Transition:
    try:
        state.data.send_at = parse_when(text, ctx.services.clock.now())
    except InputError as problem:
        return Invalid(problem.key, problem.params)
    return Go("preview")


# -- preview and confirm ----------------------------------------------------------------------------------


async def ask_preview(ctx: Ctx, state: State) -> Reply:
    services = ctx.services
    try:
        audience = Audience.from_json(state.data.audience.model_dump(mode="json"))
        count = await service.count_recipients(ctx.session, ctx.employee_id, audience, ctx.today)
        units = await unit_labels(ctx.session, audience.unit_ids)
    except AudienceRefused as refused:
        return Reply(t(refused.key, ctx.lang, **refused.params))
    send_at = state.data.send_at
    when = (when_text(send_at, services.settings.tz, ctx.lang) if send_at
            else plain("siaran.when_now", ctx.lang))
    sender = await sender_line(ctx.session, ctx.employee_id)
    signed = [t("siaran.sender", ctx.lang, sender=sender), ""] if sender else []
    text = Html("\n".join([
        t("siaran.preview_header", ctx.lang), "", state.data.text or "", "", *signed,
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


async def preview_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value == WHEN:
        return Go("when")
    if value == NOW:
        state.data.send_at = None
        return Go("preview")
    if value != SEND:
        return Invalid("dialog.use_buttons")
    return await _confirm(ctx, state)


async def _confirm(ctx: Ctx, state: State) -> Transition:
    """Create the broadcast in the turn's session: the outbox rows and the end of the dialog commit together,
    so a second press of the same button finds the receipt, not a second broadcast."""
    services = ctx.services
    send_at = state.data.send_at
    try:
        audience = Audience.from_json(state.data.audience.model_dump(mode="json"))
        broadcast = await service.create_broadcast(
            ctx.session, admin_id=ctx.employee_id, admin_chat_id=ctx.user_id, lang=ctx.lang,
            text=state.data.text or "", audience=audience, send_at=send_at, today=ctx.today, clock=services.clock,
        )
    except AudienceRefused as refused:
        return _refused(ctx, refused)
    except MarkupProblem as problem:
        return Invalid(problem.key, problem.params)
    if not broadcast.recipients:
        return Finish([Reply(t("siaran.nobody", ctx.lang))])
    if send_at and broadcast.send_at > services.clock.now():
        done = t("siaran.scheduled", ctx.lang, id=broadcast.id, n=broadcast.recipients,
                 when=when_text(broadcast.send_at, services.settings.tz, ctx.lang))
    else:
        done = t("siaran.queued", ctx.lang, id=broadcast.id, n=broadcast.recipients)
    return Finish([Reply(done)], receipt=done)


def flow() -> Flow[BroadcastAnswers]:
    return Flow(
        name=NAME,
        first="compose",
        start_data=_start,
        model=BroadcastAnswers,
        steps={
            "compose": Step(ask_text, on_text=guarded(text_answer)),
            "audience": Step(ask_audience, on_button=guarded(audience_button)),
            "units": Step(ask_units, on_button=guarded(units_button), on_text=guarded(units_text)),
            "category": Step(ask_category, on_button=guarded(category_button)),
            "when": Step(ask_when, on_text=guarded(when_text_answer)),
            "preview": Step(ask_preview, on_button=guarded(preview_button)),
        },
    )
