"""The Telegram side of reminders: render one `Reminder`, send it at a safe pace, and say how it went.

Why these rules (Telegram's "too many requests" and at-most-once):
- Pace: at most REMINDER_RATE messages in any one second, per process (Telegram allows about 30 overall;
  the rest is left for the people talking to the bot and for broadcasts). One message per chat anyway.
- RetryAfter (429): Telegram did not send; wait the time it asks and try again (a few times).
- Forbidden (403): the person blocked the bot or deleted the account; `blocked`, never retried.
- BadRequest and other refusals: `failed`, not retried (sending the same request again would fail again).
- Server errors (5xx) and requests that never reached Telegram (connect error or timeout, no free
  connection in the pool): retried with back-off (1, 2, 4 s), then `failed`.
- A read timeout or a connection lost after the request went out is ambiguous: Telegram may have delivered
  the message. Retrying could send it twice, so it is `failed` ("may have been delivered"), not retried —
  at most one reminder per occasion beats at least one.

Sleeping and the monotonic clock are injectable so tests never wait on wall-clock time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import timedelta

import httpx
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.dialogs.engine import Button, Reply
from bot.menu import MENU_PREFIX
from bot.reminders.service import Reminder, SendOutcome, SendResult
from bot.telegram_io import keyboard
from bot.texts import plain, t
from scoring.texts import number

log = logging.getLogger(__name__)

BACKOFF_SECONDS = (1.0, 2.0, 4.0)  # one wait per retry of a 5xx or an unreached server
MAX_RETRY_AFTER = 5  # 429s tolerated for one message before giving up on it
PELATIHAN_BUTTON = f"{MENU_PREFIX}pelatihan"  # the main menu's item: the same path as /pelatihan

Sleep = Callable[[float], Awaitable[None]]


def render(reminder: Reminder) -> Reply:
    """The reminder in the person's language, with one button that starts /pelatihan."""
    lang = reminder.lang
    text = t("reminder.message", lang, year=reminder.year, jp=number(reminder.jp, lang),
             shortfall=number(reminder.shortfall, lang), days=reminder.days_left)
    return Reply(text, [[Button(plain("reminder.button", lang), PELATIHAN_BUTTON)]])


class Pace:
    """At most `rate` sends in any sliding second, the way Telegram (and the emulator) counts."""

    def __init__(self, rate: int, *, sleep: Sleep = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.sleep = sleep
        self.monotonic = monotonic
        self.recent: deque[float] = deque()

    async def wait(self) -> None:
        while True:
            now = self.monotonic()
            while self.recent and now - self.recent[0] >= 1.0:
                self.recent.popleft()
            if len(self.recent) < self.rate:
                self.recent.append(now)
                return
            await self.sleep(1.0 - (now - self.recent[0]))


class TelegramSender:
    """`service.Sender` over a PTB `Bot`. One per process, so the pace covers every sweep in it."""

    def __init__(self, bot: Bot, *, rate: int, sleep: Sleep = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.bot = bot
        self.sleep = sleep
        self.pace = Pace(rate, sleep=sleep, monotonic=monotonic)

    async def send(self, reminder: Reminder) -> SendResult:
        reply = render(reminder)
        retries = 0
        waits = 0
        while True:
            await self.pace.wait()
            try:
                await self.bot.send_message(reminder.chat_id, reply.text, parse_mode=ParseMode.HTML,
                                            reply_markup=keyboard(reply.buttons))
                return SendResult(SendOutcome.SENT)
            except RetryAfter as error:
                waits += 1
                if waits > MAX_RETRY_AFTER:
                    return SendResult(SendOutcome.FAILED, f"still rate limited after {MAX_RETRY_AFTER} waits")
                await self.sleep(_seconds(error.retry_after))
            except Forbidden as error:
                return SendResult(SendOutcome.BLOCKED, error.message)
            except BadRequest as error:  # a NetworkError subclass in PTB, but a definite refusal
                return SendResult(SendOutcome.FAILED, error.message)
            except NetworkError as error:
                if not _surely_not_delivered(error):
                    return SendResult(SendOutcome.FAILED, f"{error.message} (may have been delivered; not retried)")
                if retries == len(BACKOFF_SECONDS):
                    return SendResult(SendOutcome.FAILED, f"{error.message} (after {retries} retries)")
                log.info("reminder to chat %d: %s; retrying in %.0f s", reminder.chat_id, error.message,
                         BACKOFF_SECONDS[retries])
                await self.sleep(BACKOFF_SECONDS[retries])
                retries += 1
            except TelegramError as error:
                return SendResult(SendOutcome.FAILED, error.message)


def _seconds(retry_after: timedelta | float) -> float:
    """PTB gives a timedelta with PTB_TIMEDELTA=1, seconds otherwise."""
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else float(retry_after)


def _surely_not_delivered(error: NetworkError) -> bool:
    """True when Telegram answered with an error status (PTB raises those without an httpx cause) or the
    request never left this machine; False for timeouts and dropped connections after it was sent."""
    cause = error.__cause__
    if cause is None or isinstance(cause, TelegramError):
        return True
    return isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
