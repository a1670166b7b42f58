"""What the HR admin sees of a broadcast: a progress message, edited as it goes, and one final report.

Run by the delivery engine (the broadcast kind's `tend`) while it holds the outbox lease, so one process
edits at a time. Edits count against Telegram's limits too, so the progress message changes at most every
BROADCAST_PROGRESS_SECONDS, never with the same counts ("message is not modified"), and its last edit
waits out at least a second. The report (with a CSV of who did not surely get the message, and a button to
resend the uncertain ones) is sent once: its time is stored, and only a transient failure (429, timeout,
5xx) makes it try again.
"""

from __future__ import annotations

import logging
from contextlib import suppress

from telegram import Bot, InputFile
from telegram.constants import ParseMode
from telegram.error import NetworkError, RetryAfter, TelegramError

from bot.broadcast import render, service
from bot.broadcast.service import Counts
from bot.delivery.kinds import Tending
from bot.services import Services
from bot.storage.models.broadcast import Broadcast, BroadcastStatus
from bot.telegram_io import retry_after_seconds
from bot.texts import lang_of

log = logging.getLogger(__name__)

ADMIN_READ_TIMEOUT = 30.0
"""The progress message and the report are sent again when their answer is lost: waiting long for it keeps
a slow Telegram from giving the admin two of them."""
NO_PROGRESS_MESSAGE = 0
"""Stored as progress_message_id when the progress message cannot be sent: do not try every second."""


class ProgressReporter:
    """Tends every due broadcast from the engine's drain: started, followed, finished, reported."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._edited: dict[int, float] = {}
        """Broadcast id → `monotonic()` of the last edit of its progress message."""

    async def tend(self, tending: Tending) -> None:
        """Start, follow and finish each due broadcast: progress message, edits, the final report."""
        bot, self.gate, self.monotonic, self.sleep = tending.bot, tending.gate, tending.monotonic, tending.sleep
        async with self.services.session() as session:
            broadcasts = await service.broadcasts_to_tend(session, self.services.clock.now())
        for broadcast in broadcasts:
            assert broadcast.id is not None
            async with self.services.session() as session:
                counts = await service.counts(session, broadcast.id)
            if broadcast.status is BroadcastStatus.ACTIVE:
                if broadcast.progress_message_id is None:
                    await self._start(bot, broadcast, counts)
                if not counts.done:
                    await self._progress(bot, broadcast, counts, final=False)
                    continue
                async with self.services.session() as session:
                    if not await service.finish(session, broadcast.id, self.services.clock.now()):
                        continue
                broadcast.status = BroadcastStatus.FINISHED
            if broadcast.reported_at is None:
                await self._progress(bot, broadcast, counts, final=True)
                await self._report(bot, broadcast, counts)

    async def _start(self, bot: Bot, broadcast: Broadcast, counts: Counts) -> None:
        assert broadcast.id is not None
        message_id = NO_PROGRESS_MESSAGE
        try:
            await self.gate.wait(broadcast.admin_chat_id)
            message = await bot.send_message(broadcast.admin_chat_id,
                                             render.progress_text(broadcast.id, counts, lang_of(broadcast.lang)),
                                             parse_mode=ParseMode.HTML, read_timeout=ADMIN_READ_TIMEOUT)
            message_id = message.message_id
            self._edited[broadcast.id] = self.monotonic()
        except RetryAfter as exc:  # the admin's chat is throttled: try again at the next look
            self.gate.hold(broadcast.admin_chat_id, retry_after_seconds(exc))
            return
        except NetworkError as exc:  # a timeout or a 5xx: try again at the next look
            log.warning("broadcast %s: progress message not sent yet (%s)", broadcast.id, exc.message)
            return
        except TelegramError as exc:
            log.warning("broadcast %s: could not send the progress message (%s)", broadcast.id, exc.message)
        broadcast.progress_message_id, broadcast.progress_shown = message_id, counts.signature()
        async with self.services.session() as session:
            await service.update_broadcast(session, broadcast.id, progress_message_id=message_id,
                                           progress_shown=counts.signature(), started_at=self.services.clock.now())

    async def _progress(self, bot: Bot, broadcast: Broadcast, counts: Counts, *, final: bool) -> None:
        """Edit the progress message: only with new counts, and not within BROADCAST_PROGRESS_SECONDS of the
        last edit (the final one waits out at least a second, which edits also count against)."""
        assert broadcast.id is not None
        if not broadcast.progress_message_id or broadcast.progress_shown == counts.signature():
            return
        since = self.monotonic() - self._edited.get(broadcast.id, float("-inf"))
        if not final and since < self.services.settings.BROADCAST_PROGRESS_SECONDS:
            return
        if since < 1.0:
            await self.sleep(1.0 - since)
        try:
            await bot.edit_message_text(render.progress_text(broadcast.id, counts, lang_of(broadcast.lang)),
                                        chat_id=broadcast.admin_chat_id, message_id=broadcast.progress_message_id,
                                        parse_mode=ParseMode.HTML)
        except TelegramError as exc:  # the next edit shows newer counts anyway
            log.warning("broadcast %s: could not edit the progress message (%s)", broadcast.id, exc.message)
        self._edited[broadcast.id] = self.monotonic()
        broadcast.progress_shown = counts.signature()
        async with self.services.session() as session:
            await service.update_broadcast(session, broadcast.id, progress_shown=counts.signature())

    async def _report(self, bot: Bot, broadcast: Broadcast, counts: Counts) -> None:
        """The final report, with the failures as CSV; sent once (`reported_at`), retried while Telegram fails."""
        assert broadcast.id is not None
        lang = lang_of(broadcast.lang)
        text = render.report_text(broadcast.id, counts, lang)
        try:
            await self.gate.wait(broadcast.admin_chat_id)
            markup = render.resend_button(broadcast.id, counts, lang)
            if counts.failed or counts.unreachable or counts.uncertain:
                async with self.services.session() as session:
                    failed = await service.failures(session, broadcast.id)
                document = InputFile(render.failures_csv(failed, lang), filename=f"siaran-{broadcast.id}-gagal.csv")
                await bot.send_document(broadcast.admin_chat_id, document, caption=text, parse_mode=ParseMode.HTML,
                                        reply_markup=markup, read_timeout=ADMIN_READ_TIMEOUT)
            else:
                await bot.send_message(broadcast.admin_chat_id, text, parse_mode=ParseMode.HTML,
                                       read_timeout=ADMIN_READ_TIMEOUT)
        except (RetryAfter, NetworkError) as exc:
            log.warning("broadcast %s: report not sent yet, will try again (%s)", broadcast.id, exc.message)
            return
        except TelegramError as exc:  # blocked, chat gone: trying again would not help
            log.warning("broadcast %s: the report cannot be delivered (%s)", broadcast.id, exc.message)
        broadcast.reported_at = self.services.clock.now()
        async with self.services.session() as session:
            await service.update_broadcast(session, broadcast.id, reported_at=broadcast.reported_at)
        with suppress(KeyError):
            del self._edited[broadcast.id]
