"""/pelatihan: log one learning activity (kind, title, level or match, JP or hours, date, certificate).

```mermaid
stateDiagram-v2
    [*] --> kind
    kind --> title
    title --> level: kepemimpinan
    title --> match: fungsional
    title --> jp
    level --> jp
    match --> jp
    jp --> date
    date --> cert
    cert --> [*]: file or skip (stores a TrainingRecord)
```
"""

from __future__ import annotations

from typing import Any

from bot.assessment.dialog import is_hours
from bot.dialogs.engine import (
    Button,
    Ctx,
    DialogState,
    Finish,
    Flow,
    Go,
    IncomingFile,
    Invalid,
    Reply,
    Step,
    Transition,
)
from bot.menu import menu_buttons
from bot.parsing import InputError, clean_title, parse_date, parse_jp
from bot.render import jp_status_text
from bot.services import Services
from bot.texts import Html, plain, t
from bot.training import service
from scoring.models import LeadershipLevel, TrainingKind
from scoring.texts import LEVEL_LABELS, day, number

NAME = "training"
SKIP = "skip"
MAX_CERTIFICATE_BYTES = 20 * 1024 * 1024  # what a bot can download from Telegram
CERTIFICATE_TYPES = ("application/pdf", "image/jpeg", "image/png")


async def _start(ctx: Ctx) -> dict[str, Any]:
    return {}


async def ask_kind(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("trn.kind", ctx.lang),
                 [[Button(plain(f"trn.kind.{kind.value}", ctx.lang), kind.value)] for kind in TrainingKind])


async def kind_button(ctx: Ctx, state: DialogState, value: str) -> Transition:
    if value not in TrainingKind._value2member_map_:
        return Invalid("dialog.use_buttons")
    state.data = {"kind": value}
    return Go("title")


async def ask_title(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("asm.ask_title", ctx.lang))


async def title_text(ctx: Ctx, state: DialogState, text: str) -> Transition:
    try:
        state.data["title"] = clean_title(text)
    except InputError as exc:
        return Invalid(exc.key, exc.params)
    kind = state.data.get("kind")
    return Go("level" if kind == "kepemimpinan" else "match" if kind == "fungsional" else "jp")


async def ask_level(ctx: Ctx, state: DialogState) -> Reply:
    buttons = [Button(LEVEL_LABELS[level.value], level.value) for level in LeadershipLevel]
    return Reply(t("trn.level", ctx.lang), [buttons[:2], buttons[2:]])


async def level_button(ctx: Ctx, state: DialogState, value: str) -> Transition:
    if value not in LeadershipLevel._value2member_map_:
        return Invalid("dialog.use_buttons")
    state.data["level"] = value
    return Go("jp")


async def ask_match(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("trn.match", ctx.lang), [[Button(plain("button.yes", ctx.lang), "yes"),
                                             Button(plain("button.no", ctx.lang), "no")]])


async def match_button(ctx: Ctx, state: DialogState, value: str) -> Transition:
    if value not in ("yes", "no"):
        return Invalid("dialog.use_buttons")
    state.data["matches_position"] = value == "yes"
    return Go("jp")


async def ask_jp(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("asm.ask_jp", ctx.lang))


async def jp_text(ctx: Ctx, state: DialogState, text: str) -> Transition:
    try:
        state.data["jp"] = round(parse_jp(text, hours=is_hours(text)), 4)
    except InputError as exc:
        return Invalid(exc.key, exc.params)
    return Go("date")


async def ask_date(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("asm.ask_date", ctx.lang))


async def date_text(ctx: Ctx, state: DialogState, text: str) -> Transition:
    try:
        state.data["end_date"] = parse_date(text, today=ctx.today).isoformat()
    except InputError as exc:
        return Invalid(exc.key, exc.params)
    return Go("cert")


async def ask_cert(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("trn.certificate", ctx.lang), [[Button(plain("button.skip", ctx.lang), SKIP)]])


async def cert_button(ctx: Ctx, state: DialogState, value: str) -> Transition:
    return await _save(ctx, state) if value == SKIP else Invalid("dialog.use_buttons")


async def cert_file(ctx: Ctx, state: DialogState, file: IncomingFile) -> Transition:
    if file.kind == "document" and file.mime_type not in CERTIFICATE_TYPES:
        return Invalid("error.file_type")
    if file.size is not None and file.size > MAX_CERTIFICATE_BYTES:
        return Invalid("error.file_too_large")
    state.data["certificate_file_id"] = file.file_id
    return await _save(ctx, state)


async def _save(ctx: Ctx, state: DialogState) -> Transition:
    services: Services = ctx.services
    data = state.data
    if not {"kind", "title", "jp", "end_date"} <= data.keys():
        return Go("kind")
    async with services.session() as session:
        record = await service.add_training(session, ctx.employee_id, dict(data), clock=services.clock)
        status = await service.jp_status(session, ctx.employee_id, ctx.today)
    saved: str = t("trn.saved", ctx.lang, title=record.title, jp=number(record.jp, ctx.lang),
              date=day(record.end_date, ctx.lang))
    if record.certificate_file_id:
        saved += "\n" + t("trn.certificate_saved", ctx.lang)
    return Finish([Reply(Html(saved)), Reply(jp_status_text(status, ctx.lang), menu_buttons(ctx.lang))])


def flow() -> Flow:
    return Flow(
        name=NAME,
        first="kind",
        start_data=_start,
        steps={
            "kind": Step(ask_kind, on_button=kind_button),
            "title": Step(ask_title, on_text=title_text),
            "level": Step(ask_level, on_button=level_button),
            "match": Step(ask_match, on_button=match_button),
            "jp": Step(ask_jp, on_text=jp_text),
            "date": Step(ask_date, on_text=date_text),
            "cert": Step(ask_cert, on_button=cert_button, on_file=cert_file),
        },
    )
