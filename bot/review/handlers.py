"""/verifikasi and its buttons: Telegram in and out; `bot.claims.review` decides who may do what.

A card shows one pending claim (its evidence above it when there is one) with *Setujui*, *Tolak* and
*Lewati*. The queue has no state of its own: a skip or a decision shows the next claim after this one in
review order, and /verifikasi starts again from the oldest. Pressed again after its answer was lost, a
decision button finds the decision it made ("Sudah tersimpan: …"); a claim someone else decided meanwhile
says who; a forged or stale button changes nothing and is answered "no longer valid".
"""

from __future__ import annotations

import logging

from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Message

from bot.claims import review_reminders
from bot.claims import service as claims
from bot.claims.review import (
    Decided,
    Reach,
    Refusal,
    ReviewRefused,
    Verdict,
    decide,
    decided_by_me,
    decider_name,
    next_claim,
    reach_of,
    reviewable_claim,
    version_of,
)
from bot.delivery.job import schedule_sweep, worker_of
from bot.dialogs.engine import Ctx, DialogState, Finish, Flow, Invalid, Reply, Step, Transition
from bot.review.delivery import OutcomeKind, ReviewReminderKind
from bot.review.render import (
    REVIEW_PREFIX,
    Press,
    card_buttons,
    card_text,
    claimed_text,
    evidence_of,
    official_text,
    parse_press,
    reason_buttons,
)
from bot.router import Caller, Router
from bot.services import Services
from bot.storage.models import Claim, ClaimStatus, Employee
from bot.storage.models.claims import REASON_MAX
from bot.storage.profiles import Record
from bot.texts import CATALOG, Html, Lang, lang_of, plain, t
from scoring.texts import number

log = logging.getLogger(__name__)
COMMAND = "verifikasi"
JOB_NAME = "review-reminders-sweep"
FIRST_WAKE_SECONDS = 5.0
REASON_FLOW = "review_reason"
REASON_STEP = "reason"


def register(router: Router) -> None:
    """/verifikasi, its buttons and reason question, the two delivery kinds, the weekly reminder job."""
    router.command((COMMAND, "review"), command)
    router.menu_item(COMMAND, command)  # the reminder's button
    router.button(REVIEW_PREFIX, button)
    router.flow(reason_flow())
    worker = worker_of(router.application)
    worker.add(OutcomeKind(router.services))
    worker.add(ReviewReminderKind(router.services))
    schedule_sweep(router.application, JOB_NAME, review_reminders.sweep, FIRST_WAKE_SECONDS)


async def command(who: Caller) -> None:
    assert who.me is not None
    reach = await reach_of(who.session, who.me.employee_id)
    if reach is None:
        who.say(Reply(t("review.not_reviewer", who.lang)))
        return
    who.say(*await queue_replies(who.session, who.services, reach, who.lang))


async def queue_replies(session: AsyncSession, services: Services, reach: Reach, lang: Lang, *,
                        after: int | None = None, lead: list[Html] | None = None) -> list[Reply]:
    """What a reviewer reads next: `lead` (what their press did), then the next card, or the end."""
    replies = [Reply(text) for text in lead or []]
    queue = await next_claim(session, reach, after=after)
    if queue.claim is None or queue.employee is None:
        key = "review.none" if queue.waiting == 0 else "review.end"
        return [*replies, Reply(t(key, lang, waiting=number(queue.waiting, lang)))]
    return [*replies, *await card(session, services, queue.claim, queue.employee, lang,
                                  waiting=queue.waiting, direct=queue.direct)]


async def _texts(session: AsyncSession, claim: Claim, lang: Lang) -> tuple[str, str, Record | None]:
    record = await claims.record_of(session, claim)
    target = await claims.target_of(session, claim)
    return claimed_text(claim, record, target, lang), official_text(claim, target, lang), record


async def card(session: AsyncSession, services: Services, claim: Claim, employee: Employee, lang: Lang, *,
               waiting: int, direct: bool) -> list[Reply]:
    claimed, official, record = await _texts(session, claim, lang)
    evidence = evidence_of(claim, record)
    text = card_text(claim, employee, claimed, official, waiting=waiting, direct=direct,
                     evidence=evidence is not None, lang=lang, tz=services.settings.tz)
    replies = []
    if evidence is not None:
        caption = t("review.evidence_caption", lang, name=employee.name, claimed=claimed)
        replies.append(Reply(caption, file=(evidence.kind, evidence.file_id)))
    replies.append(Reply(text, card_buttons(claim.id or 0, version_of(claim), lang)))
    return replies


async def button(who: Caller, data: str) -> None:
    """A review button: its shape checked here, everything it claims checked again by the service."""
    assert who.me is not None
    press = parse_press(data)
    reach = await reach_of(who.session, who.me.employee_id) if press is not None else None
    if press is None or reach is None:
        who.answer(plain("button.expired", who.lang), alert=True)
        return
    if press.action == "s":
        _retire(who)
        who.say(*await queue_replies(who.session, who.services, reach, who.lang, after=press.claim_id))
    elif press.action in ("a", "x"):
        reason = plain(f"review.reason.{press.reason}", _agency_lang(who.services)) if press.reason else None
        verdict = Verdict.APPROVE if press.action == "a" else Verdict.REJECT
        await _decide(who, reach, press, verdict, reason)
    else:
        await _about_to_reject(who, reach, press)


def _retire(who: Caller) -> None:
    """Replace the pressed card's buttons by the choice (the chat reads as a record), when it still has them:
    an old card pressed again may have lost them already."""
    message = who.query.message if who.query is not None else None
    who.retire = isinstance(message, Message) and message.reply_markup is not None


def _agency_lang(services: Services) -> Lang:
    return lang_of(services.settings.DEFAULT_LANGUAGE)


async def _decide(who: Caller, reach: Reach, press: Press, verdict: Verdict, reason: str | None) -> None:
    services = who.services
    try:
        decided = await decide(who.session, reach, press.claim_id, press.version, verdict, clock=services.clock,
                               today=services.today(), reason=reason)
    except ReviewRefused as refused:
        await _refused(who, reach, press.claim_id, refused)
        return
    _retire(who)
    lead = await decided_lines(who.session, decided, who.lang)
    who.say(*await queue_replies(who.session, services, reach, who.lang, after=press.claim_id, lead=lead))


async def decided_lines(session: AsyncSession, decided: Decided, lang: Lang) -> list[Html]:
    """What the reviewer is told after deciding: the decision, and the employee's verified index then."""
    claimed, _, _ = await _texts(session, decided.claim, lang)
    name = decided.employee.name
    if decided.claim.status is ClaimStatus.VERIFIED:
        line = t("review.approved", lang, claimed=claimed, name=name)
    else:
        line = t("review.rejected", lang, claimed=claimed, name=name, reason=decided.claim.reason or "")
    if decided.after is None:
        figure = t("review.figure_none", lang, name=name)
    elif decided.before is None or abs(decided.before - decided.after) < 1e-9:
        figure = t("review.figure_same", lang, name=name, after=number(decided.after, lang))
    else:
        figure = t("review.figure_changed", lang, name=name, before=number(decided.before, lang),
                   after=number(decided.after, lang))
    return [Html(f"{line}\n{figure}")]


async def refusal_lines(session: AsyncSession, reach: Reach, refused: ReviewRefused, lang: Lang) -> list[Html]:
    """A decision not made because the claim was decided or withdrawn meanwhile: by this reviewer (a receipt
    of the first press, whose answer was lost), by someone else (who), or withdrawn."""
    claim = refused.claim
    assert claim is not None
    if claim.status is ClaimStatus.WITHDRAWN:
        return [t("review.withdrawn", lang)]
    status = plain(f"review.status.{claim.status.value}", lang)
    claimed, _, _ = await _texts(session, claim, lang)
    if decided_by_me(claim, reach):
        reason = f" ({claim.reason})" if claim.status is ClaimStatus.REJECTED and claim.reason else ""
        return [t("review.receipt", lang, decision=f"{claimed} — {status}{reason}")]
    who = await decider_name(session, claim) or plain("review.someone", lang)
    return [t("review.decided_by", lang, who=who, status=status)]


async def _refused(who: Caller, reach: Reach, claim_id: int, refused: ReviewRefused) -> None:
    if refused.refusal is not Refusal.DECIDED:
        who.answer(plain("button.expired", who.lang), alert=True)
        return
    _retire(who)
    lead = await refusal_lines(who.session, reach, refused, who.lang)
    who.say(*await queue_replies(who.session, who.services, reach, who.lang, after=claim_id, lead=lead))


async def _current(who: Caller, reach: Reach, press: Press) -> tuple[Claim, Employee] | None:
    """The claim of a card still as it was shown and still this reviewer's to decide, else None (answered)."""
    claim = await who.session.get(Claim, press.claim_id)
    if claim is not None and claim.status is not ClaimStatus.PENDING:
        await _refused(who, reach, press.claim_id, ReviewRefused(Refusal.DECIDED, claim))
        return None
    if (claim is None or version_of(claim) != press.version
            or not await reviewable_claim(who.session, reach, press.claim_id)):
        who.answer(plain("button.expired", who.lang), alert=True)
        return None
    employee = await who.session.get(Employee, claim.employee_id)
    assert employee is not None
    return claim, employee


async def _about_to_reject(who: Caller, reach: Reach, press: Press) -> None:
    """Reject (choose a reason), write a reason (a one-question conversation), or back to the card."""
    current = await _current(who, reach, press)
    if current is None:
        return
    claim, employee = current
    claimed, _, _ = await _texts(who.session, claim, who.lang)
    if press.action == "r":
        _retire(who)
        who.say(Reply(t("review.ask_reason", who.lang, claimed=claimed, name=employee.name),
                      reason_buttons(press.claim_id, press.version, who.lang)))
    elif press.action == "c":
        _retire(who)
        queue = await next_claim(who.session, reach)
        who.say(*await card(who.session, who.services, claim, employee, who.lang, waiting=queue.waiting,
                            direct=employee.supervisor_id == reach.reviewer_id))
    else:
        await _ask_reason(who, press)


class ReasonData(BaseModel):
    """The card whose claim the reason is for."""

    claim_id: int = 0
    version: str = ""


async def _ask_reason(who: Caller, press: Press) -> None:
    ctx = who.ctx()
    state = await who.dialogs.active(ctx.store, who.user_id)
    if state is not None and state.flow != REASON_FLOW:  # answers already given elsewhere are never lost
        name = CATALOG[who.lang].get(f"flow.{state.flow}", state.flow)
        who.say(*await who.dialogs.repeat(ctx, state, notice=t("dialog.busy", who.lang, flow=name)))
        return
    _retire(who)
    fresh = DialogState(REASON_FLOW, REASON_STEP, ReasonData(claim_id=press.claim_id, version=press.version))
    who.say(*await who.dialogs.repeat(ctx, fresh))


async def _ask(ctx: Ctx, state: DialogState[ReasonData]) -> Reply:
    claim = await ctx.session.get(Claim, state.data.claim_id)
    employee = await ctx.session.get(Employee, claim.employee_id) if claim is not None else None
    claimed = (await _texts(ctx.session, claim, ctx.lang))[0] if claim is not None else ""
    return Reply(t("review.type_reason", ctx.lang, max=REASON_MAX, claimed=claimed,
                   name=employee.name if employee else ""))


async def _reason_text(ctx: Ctx, state: DialogState[ReasonData], text: str) -> Transition:
    services = ctx.services
    reach = await reach_of(ctx.session, ctx.employee_id)
    if reach is None:
        return Finish([Reply(t("review.not_reviewer", ctx.lang))])
    claim_id = state.data.claim_id
    try:
        decided = await decide(ctx.session, reach, claim_id, state.data.version, Verdict.REJECT,
                               clock=services.clock, today=ctx.today, reason=text)
    except ReviewRefused as refused:
        if refused.refusal in (Refusal.REASON_MISSING, Refusal.REASON_TOO_LONG):
            return Invalid(f"review.refused.{refused.refusal.value}", {"max": REASON_MAX})
        lead = (await refusal_lines(ctx.session, reach, refused, ctx.lang) if refused.refusal is Refusal.DECIDED
                else [t("button.expired", ctx.lang)])
        return Finish(await queue_replies(ctx.session, services, reach, ctx.lang, after=claim_id, lead=lead))
    lead = await decided_lines(ctx.session, decided, ctx.lang)
    replies = await queue_replies(ctx.session, services, reach, ctx.lang, after=claim_id, lead=lead)
    return Finish(replies, receipt=lead[0])


async def _start(ctx: Ctx) -> ReasonData:
    return ReasonData()  # only ever entered from a card's button, which names the claim (`_ask_reason`)


def reason_flow() -> Flow[ReasonData]:
    return Flow(REASON_FLOW, REASON_STEP, {REASON_STEP: Step(_ask, on_text=_reason_text, can_go_back=False)},
                _start, ReasonData)

