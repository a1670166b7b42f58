"""/catatan: the employee's own entries; correct or withdraw a claim, dispute an official or verified record.

```mermaid
stateDiagram-v2
    [*] --> list
    list --> entry: an entry's number (its reference, read again: forged or gone → "no longer valid")
    entry --> withdraw: pending or rejected claim
    entry --> field: correct (several parts) / value (one part)
    field --> value
    entry --> note: official or verified record: dispute
    note --> evidence
    withdraw --> [*]: withdrawn (receipt)
    value --> [*]: corrected, pending again (receipt)
    evidence --> [*]: file or skip: dispute stored (receipt)
```

Every step that changes something reads the entry again in the same turn: a claim a reviewer decided while
the employee was looking is not corrected or withdrawn over that decision ("this record changed"). Like every
flow, a finished question's button pressed again finds the receipt, and an old question's button is "no
longer valid" (the nonce). Typed text goes through `bot.cleaning`; both figures are recomputed after a change
for someone already assessed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from bot.certificates import certificate_problem
from bot.claims import corrections
from bot.claims import service as claims
from bot.claims.corrections import Entry
from bot.claims.service import ClaimProblem
from bot.cleaning import TextRefused, clean_text
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
from bot.records.render import entry_detail, entry_text, list_line
from bot.storage.assessments import refresh_figures
from bot.storage.models import ClaimKind
from bot.storage.models.claims import NOTE_MAX
from bot.texts import Html, plain, t
from scoring.models import Education, PenaltyLevel, Position, Predicate
from scoring.texts import EDUCATION_LABELS, PENALTY_LABELS, POSITION_LABELS, PREDICATE_LABELS

NAME = "records"
LISTED = 20
"""Entries offered in the list, newest first (each a button)."""
FIX, WITHDRAW, DISPUTE, YES, SKIP = "fix", "withdraw", "dispute", "yes", "skip"


class RecordsAnswers(BaseModel):
    ref: str | None = None
    """The entry chosen (`Entry.ref`), read again at every step."""
    field: str | None = None
    """The part being corrected."""
    note: str | None = None
    """A dispute's note, between its two questions."""


State = DialogState[RecordsAnswers]


async def _start(ctx: Ctx) -> RecordsAnswers:
    return RecordsAnswers()


async def _entry(ctx: Ctx, state: State) -> Entry | None:
    ref = state.data.ref
    return None if ref is None else await corrections.entry_of(ctx.session, ctx.employee_id, ref)


def _grid(buttons: list[Button], width: int = 5) -> list[list[Button]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


async def ask_list(ctx: Ctx, state: State) -> Reply:
    found = await corrections.entries(ctx.session, ctx.employee_id)
    if not found:
        return Reply(t("catatan.empty", ctx.lang))
    shown = found[:LISTED]
    lines = [list_line(n, entry, ctx.lang) for n, entry in enumerate(shown, 1)]
    if len(found) > LISTED:
        lines.append(t("catatan.more", ctx.lang, n=len(found) - LISTED))
    text = t("catatan.list", ctx.lang, n=len(found), items=Html("\n".join(lines)))
    return Reply(text, _grid([Button(str(n), entry.ref) for n, entry in enumerate(shown, 1)]))


async def list_button(ctx: Ctx, state: State, value: str) -> Transition:
    if await corrections.entry_of(ctx.session, ctx.employee_id, value) is None:
        return Invalid("catatan.gone")
    state.data = RecordsAnswers(ref=value)
    return Go("entry")


async def ask_entry(ctx: Ctx, state: State) -> Reply:
    entry = await _entry(ctx, state)
    if entry is None:
        return Reply(t("catatan.changed", ctx.lang))
    buttons: list[Button] = []
    if entry.correctable:
        buttons.append(Button(plain("catatan.button.fix", ctx.lang), FIX))
    if entry.changeable:
        buttons.append(Button(plain("catatan.button.withdraw", ctx.lang), WITHDRAW))
    if entry.disputable:
        buttons.append(Button(plain("catatan.button.dispute", ctx.lang), DISPUTE))
    return Reply(entry_detail(entry, ctx.lang), [buttons] if buttons else [])


async def entry_button(ctx: Ctx, state: State, value: str) -> Transition:
    entry = await _entry(ctx, state)
    if entry is None:
        return Invalid("catatan.changed")
    if value == WITHDRAW and entry.changeable:
        return Go("withdraw")
    if value == FIX and entry.correctable:
        if len(entry.correctable) == 1:
            state.data.field = entry.correctable[0]
            return Go("value")
        return Go("field")
    if value == DISPUTE and entry.disputable:
        return Go("note")
    return Invalid("catatan.gone")


async def ask_withdraw(ctx: Ctx, state: State) -> Reply:
    entry = await _entry(ctx, state)
    what = entry_text(entry, ctx.lang) if entry else ""
    return Reply(t("catatan.ask_withdraw", ctx.lang, what=what),
                 [[Button(plain("catatan.button.confirm_withdraw", ctx.lang), YES)]])


async def _done(ctx: Ctx, key: str, what: str, *extra: str) -> Finish:
    """Both figures again (for someone assessed), and the receipt of what was stored."""
    await refresh_figures(ctx.session, ctx.employee_id, today=ctx.today, triggered_by="catatan",
                          clock=ctx.services.clock)
    saved = "\n".join([t(key, ctx.lang, what=Html(what)), *extra])
    return Finish([Reply(Html(saved), menu_buttons(ctx.lang))], receipt=saved)


def _changed(ctx: Ctx) -> Finish:
    return Finish([Reply(t("catatan.changed", ctx.lang), menu_buttons(ctx.lang))])


async def withdraw_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value != YES:
        return Invalid("dialog.use_buttons")
    entry = await _entry(ctx, state)
    if entry is None or entry.claim is None or not entry.changeable:
        return _changed(ctx)
    what = entry_text(entry, ctx.lang)
    await claims.withdraw(ctx.session, entry.claim, now=ctx.services.clock.now())
    return await _done(ctx, "catatan.saved.withdrawn", what)


async def ask_field(ctx: Ctx, state: State) -> Reply:
    entry = await _entry(ctx, state)
    fields = entry.correctable if entry else ()
    return Reply(t("catatan.ask_field", ctx.lang, what=entry_text(entry, ctx.lang) if entry else ""),
                 [[Button(plain(f"catatan.field.{name}", ctx.lang), name) for name in fields]])


async def field_button(ctx: Ctx, state: State, value: str) -> Transition:
    entry = await _entry(ctx, state)
    if entry is None:
        return _changed(ctx)
    if value not in entry.correctable:
        return Invalid("dialog.use_buttons")
    state.data.field = value
    return Go("value")


def _choices(entry: Entry | None, field: str | None, lang: str) -> list[Button]:
    """The values a chosen part can take, when it is a choice rather than typed text."""
    kind = entry.claim.kind if entry and entry.claim else None
    if field == "predicate":
        return [Button(PREDICATE_LABELS[p.value], p.value) for p in Predicate]
    if field == "level":
        return [Button(PENALTY_LABELS["en" if lang == "en" else "id"][p.value], p.value) for p in PenaltyLevel]
    if field == "value" and kind is ClaimKind.EDUCATION:
        return [Button(EDUCATION_LABELS[e.value], e.value) for e in Education]
    if field == "value" and kind is ClaimKind.POSITION:
        return [Button(POSITION_LABELS[p.value], p.value) for p in Position]
    return []


async def ask_value(ctx: Ctx, state: State) -> Reply:
    entry, field = await _entry(ctx, state), state.data.field
    choices = _choices(entry, field, ctx.lang)
    if choices:
        return Reply(t("catatan.ask.choice", ctx.lang), _grid(choices, 3))
    return Reply(t(f"catatan.ask.{field}", ctx.lang, max=NOTE_MAX))


def _typed(ctx: Ctx, field: str, text: str) -> Any:
    """A typed correction, parsed and cleaned like the same answer anywhere else; raises InputError,
    TextRefused."""
    if field == "title":
        return clean_title(text)
    if field == "jp":
        return round(parse_jp(text, hours=is_hours(text)), 4)
    if field in ("end_date", "effective_date"):
        return parse_date(text, today=ctx.today)
    if field == "note":
        return clean_text(text, limit=NOTE_MAX)
    raise InputError("dialog.use_buttons")


def _refused(refused: TextRefused) -> Invalid:
    """Text `bot.cleaning` refused, said in the person's language (`catatan.text.*`)."""
    return Invalid(f"catatan.{refused.key}", {"max": refused.limit})


async def _correct(ctx: Ctx, state: State, value: Any) -> Transition:
    entry, field = await _entry(ctx, state), state.data.field
    if entry is None or field is None or field not in entry.correctable:
        return _changed(ctx)
    current = getattr(entry.record if entry.record is not None else entry.claim, field)
    if str(getattr(current, "value", current)) == str(value):
        return Invalid("catatan.unchanged")
    try:
        await corrections.correct(ctx.session, entry, {field: value}, now=ctx.services.clock.now())
    except ClaimProblem as problem:
        return Invalid(problem.key, dict(problem.params))
    fresh = await corrections.entry_of(ctx.session, ctx.employee_id, entry.ref)
    return await _done(ctx, "catatan.saved.corrected", entry_text(fresh or entry, ctx.lang))


async def value_text(ctx: Ctx, state: State, text: str) -> Transition:
    field = state.data.field or ""
    if _choices(await _entry(ctx, state), field, ctx.lang):
        return Invalid("dialog.use_buttons")
    try:
        value = _typed(ctx, field, text)
    except InputError as exc:
        return Invalid(exc.key, exc.params)
    except TextRefused as refused:
        return _refused(refused)
    return await _correct(ctx, state, value)


async def value_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value not in {b.value for b in _choices(await _entry(ctx, state), state.data.field, ctx.lang)}:
        return Invalid("dialog.use_buttons")
    return await _correct(ctx, state, value)


async def ask_note(ctx: Ctx, state: State) -> Reply:
    entry = await _entry(ctx, state)
    return Reply(t("catatan.ask_dispute", ctx.lang, what=entry_text(entry, ctx.lang) if entry else "",
                   max=NOTE_MAX))


async def note_text(ctx: Ctx, state: State, text: str) -> Transition:
    try:
        state.data.note = clean_text(text, limit=NOTE_MAX)
    except TextRefused as refused:
        return _refused(refused)
    return Go("evidence")


async def ask_evidence(ctx: Ctx, state: State) -> Reply:
    return Reply(t("catatan.ask_evidence", ctx.lang), [[Button(plain("button.skip", ctx.lang), SKIP)]])


async def _dispute(ctx: Ctx, state: State, file: IncomingFile | None) -> Transition:
    entry = await _entry(ctx, state)
    if entry is None or not entry.disputable or not state.data.note:
        return _changed(ctx)
    await corrections.dispute(ctx.session, ctx.employee_id, entry, state.data.note, now=ctx.services.clock.now(),
                              evidence_file_id=file.file_id if file else None,
                              evidence_kind=file.kind if file else None)
    extra = [t("catatan.saved.evidence", ctx.lang)] if file else []
    return await _done(ctx, "catatan.saved.disputed", entry_text(entry, ctx.lang), *extra)


async def evidence_button(ctx: Ctx, state: State, value: str) -> Transition:
    return await _dispute(ctx, state, None) if value == SKIP else Invalid("dialog.use_buttons")


async def evidence_file(ctx: Ctx, state: State, file: IncomingFile) -> Transition:
    if (problem := await certificate_problem(file)) is not None:
        return Invalid(problem)
    return await _dispute(ctx, state, file)


def flow() -> Flow[RecordsAnswers]:
    return Flow(
        name=NAME,
        first="list",
        start_data=_start,
        model=RecordsAnswers,
        steps={
            "list": Step(ask_list, on_button=list_button),
            "entry": Step(ask_entry, on_button=entry_button),
            "withdraw": Step(ask_withdraw, on_button=withdraw_button),
            "field": Step(ask_field, on_button=field_button),
            "value": Step(ask_value, on_text=value_text, on_button=value_button),
            "note": Step(ask_note, on_text=note_text),
            "evidence": Step(ask_evidence, on_button=evidence_button, on_file=evidence_file),
        },
    )
