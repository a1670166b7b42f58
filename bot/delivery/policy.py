"""What each Telegram answer means for a bulk message: the one policy of the delivery engine.

| Telegram says (PTB raises)                                   | verdict      | the message                       |
|--------------------------------------------------------------|--------------|-----------------------------------|
| ok                                                           | sent         | done                              |
| 429 retry after N (`RetryAfter`)                             | later        | again in N s, not an attempt      |
| 403 (`Forbidden`: blocked, account deleted)                  | unreachable  | never again; the person is marked |
| 400 and other refusals (`BadRequest`, `TelegramError`)       | failed       | never again                       |
| 5xx, or the request never left (connect error, pool timeout) | retry        | again after 2, 4, 8 … s; failed   |
|                                                              |              | after BROADCAST_MAX_ATTEMPTS      |
| the request left and no answer came (read timeout, dropped   | uncertain    | never resent automatically        |
| connection), or an unexpected error                          |              |                                   |

Why "uncertain" is final: Telegram may have delivered the message and answered too late; sending it again
would be the duplicate a person sees. It is reported separately, and a person can resend it deliberately.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import httpx
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.telegram_io import retry_after_seconds

BACKOFF_FIRST = 2.0
BACKOFF_MAX = 300.0
ERROR_LENGTH = 255

_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""httpx errors raised before any byte of the request left this machine."""


class Verdict(StrEnum):
    SENT = "sent"
    LATER = "later"
    RETRY = "retry"
    UNREACHABLE = "unreachable"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class Judged:
    verdict: Verdict
    detail: str | None = None
    wait: float = 0.0
    """Seconds Telegram asked to wait (429)."""


def surely_not_delivered(error: NetworkError) -> bool:
    """True when Telegram answered with an error status (PTB raises those without an httpx cause) or the
    request never left this machine; False for timeouts and connections lost after it was sent."""
    cause = error.__cause__
    if cause is None or isinstance(cause, TelegramError):
        return True
    return isinstance(cause, _NEVER_SENT)


def judge(error: BaseException | None) -> Judged:
    """The verdict on one send: `None` means Telegram accepted it."""
    if error is None:
        return Judged(Verdict.SENT)
    if isinstance(error, RetryAfter):
        seconds = retry_after_seconds(error)
        return Judged(Verdict.LATER, f"429 retry after {seconds:g} s", wait=seconds)
    if isinstance(error, Forbidden):
        return Judged(Verdict.UNREACHABLE, _short(error.message))
    if isinstance(error, BadRequest):  # a NetworkError subclass in PTB, but a definite refusal
        return Judged(Verdict.FAILED, _short(error.message))
    if isinstance(error, NetworkError):
        if surely_not_delivered(error):
            return Judged(Verdict.RETRY, _short(error.message))
        return Judged(Verdict.UNCERTAIN, _short(f"{error.message} (may have been delivered)"))
    if isinstance(error, TelegramError):
        return Judged(Verdict.FAILED, _short(error.message))
    return Judged(Verdict.UNCERTAIN, _short(f"unexpected: {error!r}"))


def backoff(attempts: int) -> float:
    """Seconds before the next try after `attempts` failed ones: 2, 4, 8 … up to five minutes."""
    return float(min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX))


def _short(text: str) -> str:
    return text[:ERROR_LENGTH]
