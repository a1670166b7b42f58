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
    cert --> cert: not a PDF or image by its first bytes (bot.certificates)
    date --> dup: one that looks the same is on record (bot.claims.similar)
    dup --> cert: keep both
    dup --> [*]: don't save the new one (nothing stored)
    cert --> [*]: file or skip (stores a TrainingRecord)
```
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from bot.certificates import certificate_problem
from bot.claims.corrections import Entry, similar_entries
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
from bot.parsing import InputError, clean_title, is_hours, parse_date, parse_jp
from bot.records.render import duplicate_buttons, duplicate_text
from bot.texts import Html, plain, t
from bot.training import service
from bot.training.render import jp_status_text, where_it_counts
from scoring.models import LeadershipLevel, TrainingKind
from scoring.texts import LEVEL_LABELS, day, number

NAME = "training"
SKIP = "skip"
KEEP, DROP = "keep", "drop"


class TrainingAnswers(BaseModel):
    """The answers so far (the dialog state's `data`); the record is validated again when stored."""

    kind: TrainingKind | None = None
    title: str | None = None
    level: LeadershipLevel | None = None
    matches_position: bool | None = None
    jp: float | None = None
    end_date: date | None = None
    certificate_file_id: str | None = None
    certificate_kind: str | None = None
    """'photo' or 'document': how the certificate is shown to a reviewer."""


State = DialogState[TrainingAnswers]


async def _start(ctx: Ctx) -> TrainingAnswers:
    return TrainingAnswers()


async def ask_kind(ctx: Ctx, state: State) -> Reply:
    return Reply(t("trn.kind", ctx.lang),
                 [[Button(plain(f"trn.kind.{kind.value}", ctx.lang), kind.value)] for kind in TrainingKind])


async def kind_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value not in TrainingKind._value2member_map_:
        return Invalid("dialog.use_buttons")
    state.data = TrainingAnswers(kind=TrainingKind(value))
    return Go("title")


async def ask_title(ctx: Ctx, state: State) -> Reply:
    return Reply(t("asm.ask_title", ctx.lang))


async def title_text(ctx: Ctx, state: State, text: str) -> Transition:
    try:
        state.data.title = clean_title(text)
    except InputError as exc:
        return Invalid(exc.key, exc.params)
    kind = state.data.kind
    return Go("level" if kind is TrainingKind.KEPEMIMPINAN else "match" if kind is TrainingKind.FUNGSIONAL else "jp")


async def ask_level(ctx: Ctx, state: State) -> Reply:
    buttons = [Button(LEVEL_LABELS[level.value], level.value) for level in LeadershipLevel]
    return Reply(t("trn.level", ctx.lang), [buttons[:2], buttons[2:]])


async def level_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value not in LeadershipLevel._value2member_map_:
        return Invalid("dialog.use_buttons")
    state.data.level = LeadershipLevel(value)
    return Go("jp")


async def ask_match(ctx: Ctx, state: State) -> Reply:
    return Reply(t("trn.match", ctx.lang), [[Button(plain("button.yes", ctx.lang), "yes"),
                                             Button(plain("button.no", ctx.lang), "no")]])


async def match_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value not in ("yes", "no"):
        return Invalid("dialog.use_buttons")
    state.data.matches_position = value == "yes"
    return Go("jp")


async def ask_jp(ctx: Ctx, state: State) -> Reply:
    return Reply(t("asm.ask_jp", ctx.lang))


async def jp_text(ctx: Ctx, state: State, text: str) -> Transition:
    try:
        state.data.jp = round(parse_jp(text, hours=is_hours(text)), 4)
    except InputError as exc:
        return Invalid(exc.key, exc.params)
    return Go("date")


async def ask_date(ctx: Ctx, state: State) -> Reply:
    return Reply(t("asm.ask_date", ctx.lang))


async def date_text(ctx: Ctx, state: State, text: str) -> Transition:
    try:
        state.data.end_date = parse_date(text, today=ctx.today)
    except InputError as exc:
        return Invalid(exc.key, exc.params)
    return Go("dup") if await _similar(ctx, state) else Go("cert")


async def _similar(ctx: Ctx, state: State) -> list[Entry]:
    data = state.data
    if data.kind is None or data.end_date is None or data.title is None or data.jp is None:
        return []
    return await similar_entries(ctx.session, ctx.employee_id, data.kind.value, data.end_date, data.title, data.jp)


async def ask_dup(ctx: Ctx, state: State) -> Reply:
    return Reply(duplicate_text(await _similar(ctx, state), ctx.lang), duplicate_buttons(KEEP, DROP, ctx.lang))


async def dup_button(ctx: Ctx, state: State, value: str) -> Transition:
    """Keep both (on to the certificate) or not (nothing is stored; the flow ends)."""
    if value == KEEP:
        return Go("cert")
    if value == DROP:
        return Finish([Reply(t("dup.dropped", ctx.lang, title=state.data.title or ""), menu_buttons(ctx.lang))])
    return Invalid("dialog.use_buttons")


async def ask_cert(ctx: Ctx, state: State) -> Reply:
    return Reply(t("trn.certificate", ctx.lang), [[Button(plain("button.skip", ctx.lang), SKIP)]])


async def cert_button(ctx: Ctx, state: State, value: str) -> Transition:
    return await _save(ctx, state) if value == SKIP else Invalid("dialog.use_buttons")


async def cert_file(ctx: Ctx, state: State, file: IncomingFile) -> Transition:
    if (problem := await certificate_problem(file)) is not None:
        return Invalid(problem)
    state.data.certificate_file_id, state.data.certificate_kind = file.file_id, file.kind
    return await _save(ctx, state)


async def _save(ctx: Ctx, state: State) -> Transition:
    """Store the record in the turn's session: it commits together with the end of the dialog."""
    data = state.data
    if data.kind is None or data.title is None or data.jp is None or data.end_date is None:
        return Go("kind")
    record = await service.add_training(ctx.session, ctx.employee_id,
                                        data.model_dump(exclude_none=True, exclude={"certificate_kind"}),
                                        clock=ctx.services.clock, evidence_kind=data.certificate_kind)
    status = await service.jp_status(ctx.session, ctx.employee_id, ctx.today)
    saved: str = t("trn.saved", ctx.lang, title=record.title, jp=number(record.jp, ctx.lang),
                   date=day(record.end_date, ctx.lang))
    if record.certificate_file_id:
        saved += "\n" + t("trn.certificate_saved", ctx.lang)
    if (note := where_it_counts(record.kind, record.end_date, ctx.today, ctx.lang)) is not None:
        saved += "\n" + note
    return Finish([Reply(Html(saved)), Reply(jp_status_text(status, ctx.lang), menu_buttons(ctx.lang))],
                  receipt=saved)


def flow() -> Flow[TrainingAnswers]:
    return Flow(
        name=NAME,
        first="kind",
        start_data=_start,
        model=TrainingAnswers,
        steps={
            "kind": Step(ask_kind, on_button=kind_button),
            "title": Step(ask_title, on_text=title_text),
            "level": Step(ask_level, on_button=level_button),
            "match": Step(ask_match, on_button=match_button),
            "jp": Step(ask_jp, on_text=jp_text),
            "date": Step(ask_date, on_text=date_text),
            "dup": Step(ask_dup, on_button=dup_button),
            "cert": Step(ask_cert, on_button=cert_button, on_file=cert_file),
        },
    )
