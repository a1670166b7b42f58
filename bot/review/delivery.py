"""The employee's notice of a decision on their claim, as a kind of the delivery engine (`bot.delivery`).

The decision's transaction puts one message in the outbox (a batch of its own, named by
`claim.notice_batch_id`); the engine sends it at its turn, composed then in the employee's language. A notice
whose claim has changed since (decided again after a correction, withdrawn, deleted with the person's data)
is dropped: the newer state has its own notice, or none is owed.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.claims import service as claims
from bot.claims.review import OUTCOME_KIND, decider_name
from bot.claims.review_reminders import KIND as REMINDER_KIND
from bot.claims.review_reminders import cutoff, waiting_for, working_time
from bot.delivery.kinds import Composed, Defer, Drop, Message, Quiet
from bot.delivery.outbox import Claimed
from bot.menu import MENU_PREFIX
from bot.review.render import claimed_text
from bot.services import Services
from bot.storage.assessments import latest_assessment
from bot.storage.models import Claim, ClaimStatus, Employee
from bot.texts import Html, lang_of, plain, t
from scoring.texts import category_label, number

VERIFIKASI_BUTTON = f"{MENU_PREFIX}verifikasi"
"""The reminder's button: the menu item that opens /verifikasi (registered by `bot.review.handlers`)."""
NOTHING_WAITS = "nothing waits for this reviewer any more (decided, withdrawn, or no longer a reviewer)"
NOT_OWED = "the claim changed since the decision (decided again, withdrawn or deleted)"


class OutcomeKind(Quiet):
    name = OUTCOME_KIND

    def __init__(self, services: Services) -> None:
        self.services = services

    async def compose(self, session: AsyncSession, claimed: Sequence[Claimed]) -> Sequence[Composed]:
        return [await self._one(session, message) for message in claimed]

    async def _one(self, session: AsyncSession, message: Claimed) -> Composed:
        claim = (await session.exec(select(Claim).where(col(Claim.notice_batch_id) == message.batch_id))).first()
        if (claim is None or claim.employee_id != message.employee_id
                or claim.status not in (ClaimStatus.VERIFIED, ClaimStatus.REJECTED)):
            return Drop(NOT_OWED)
        employee = await session.get(Employee, claim.employee_id)
        if employee is None:
            return Drop(NOT_OWED)
        lang = lang_of(employee.language, lang_of(self.services.settings.DEFAULT_LANGUAGE))
        record = await claims.record_of(session, claim)
        target = await claims.target_of(session, claim)
        what = claimed_text(claim, record, target, lang)
        who = await decider_name(session, claim) or plain("review.notice.reviewer", lang)
        text = t(f"review.notice.{claim.status.value}", lang, who=who, claimed=what, reason=claim.reason or "")
        latest = await latest_assessment(session, employee.id or 0)
        if latest is not None:
            text = Html(text + t("review.notice.figure", lang, total=number(latest.verified_total, lang),
                                 category=category_label(latest.verified_category, lang)))
        return Message(text)


class ReviewReminderKind(Quiet):
    """The weekly reminder to a reviewer (`bot.claims.review_reminders`): composed at its turn from what still
    waits for them then, only in working time (outside it, deferred), dropped when nothing waits any more."""

    name = REMINDER_KIND

    def __init__(self, services: Services) -> None:
        self.services = services

    async def compose(self, session: AsyncSession, claimed: Sequence[Claimed]) -> Sequence[Composed]:
        now = self.services.clock.now()
        working = working_time(self.services)
        if not working.is_working(now):
            return [Defer(working.next_working(now)) for _ in claimed]
        default = lang_of(self.services.settings.DEFAULT_LANGUAGE)
        days = self.services.settings.REVIEW_REMINDER_DAYS
        composed: list[Composed] = []
        for message in claimed:
            count = 0 if message.employee_id is None else await waiting_for(session, message.employee_id,
                                                                            cutoff(now, self.services))
            employee = await session.get(Employee, message.employee_id) if count else None
            if employee is None:
                composed.append(Drop(NOTHING_WAITS))
                continue
            lang = lang_of(employee.language, default)
            button = InlineKeyboardButton(plain("review.reminder.button", lang), callback_data=VERIFIKASI_BUTTON)
            composed.append(Message(t("review.reminder", lang, count=number(count, lang), days=days),
                                    InlineKeyboardMarkup([[button]])))
        return composed
