"""Telegram's flood limits, measured on the bot's sending so that a broadcast too fast is caught in tests.

Telegram documents two numbers (Bots FAQ, "My bot is hitting limits"): in a single chat, avoid sending
more than one message per second, although short bursts are allowed; and "if you're sending bulk
notifications to multiple users, the API will not allow more than 30 messages per second or so". The
second is a limit on *bulk* sending (broadcasts, reminders): a reply to a person who just wrote to the bot
is not a bulk notification. The emulator turns this into precise rules over the sending methods
(sendMessage, sendPhoto, sendDocument; edits, chat actions and callback answers are not counted):

* Per chat, a token bucket: `chat_burst` messages (default 3) may go out at once, then the bucket refills at
  `chat_per_second` (default 1). A send that finds the bucket empty is a `chat_rate` violation. A reply of
  text + photo + text right after a user action fits in the burst; a broadcast loop sending a fourth
  message to the same chat within the same second does not.
* Because a simulated user answers in microseconds where a person takes seconds, every update the user
  sends to the chat refills that chat's bucket (`user_action_refills`, default on). Conversational replies
  therefore never count as flooding, however fast the test drives them; bot-initiated sends (reminders,
  broadcasts) are measured as they are.
* Overall, a sliding one-second window: more than `global_per_second` (default 30) *bulk* sends across
  all chats within any 1.0 s is a `global_rate` violation. A send is a reply, not bulk, when it is one of
  the first `reply_burst` (default 3) messages to a chat within `reply_seconds` (default 30) of that
  user's latest update (message or button press); replies are still held to the per-chat rule. So a bot
  answering 50 people at once is within the rules, and a broadcast is measured as before (a recipient who
  wrote a moment ago gets at most a few messages counted as replies).

With `enforce=True` the emulator also refuses such a send with 429 and `retry_after`, as Telegram does once
its patience runs out; by default it only records the violation, so tests see every excess, not just the
first.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.simulator.journal import ViolationKind

SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


@dataclass(frozen=True)
class RateLimits:
    global_per_second: int = 30
    chat_per_second: float = 1.0
    chat_burst: int = 3
    user_action_refills: bool = True
    reply_burst: int = 3
    reply_seconds: float = 30.0
    enforce: bool = False


@dataclass(frozen=True)
class RateVerdict:
    """Whether one more send now stays within the limits; `kind` names the rule it would break."""

    kind: ViolationKind | None = None
    retry_after: int = 0
    description: str = ""

    @property
    def within_limits(self) -> bool:
        return self.kind is None


@dataclass
class _Bucket:
    tokens: float
    stamp: float


@dataclass
class RateMonitor:
    limits: RateLimits
    now: Callable[[], float]
    _buckets: dict[int, _Bucket] = field(default_factory=dict)
    _recent: deque[float] = field(default_factory=deque)
    _replies: dict[int, tuple[float, int]] = field(default_factory=dict)
    """Per chat: when its user last acted, and how many replies are still due to that action."""

    def _is_reply(self, chat_id: int, at: float) -> bool:
        acted, left = self._replies.get(chat_id, (0.0, 0))
        return left > 0 and at - acted <= self.limits.reply_seconds

    def _bucket(self, chat_id: int, at: float) -> _Bucket:
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            bucket = self._buckets[chat_id] = _Bucket(float(self.limits.chat_burst), at)
        refill = (at - bucket.stamp) * self.limits.chat_per_second
        bucket.tokens = min(float(self.limits.chat_burst), bucket.tokens + refill)
        bucket.stamp = at
        return bucket

    def _prune(self, at: float) -> None:
        while self._recent and self._recent[0] <= at - 1.0:
            self._recent.popleft()

    def check(self, chat_id: int) -> RateVerdict:
        """The verdict on sending one more message to `chat_id` now, without counting it."""
        at = self.now()
        self._prune(at)
        if not self._is_reply(chat_id, at) and len(self._recent) >= self.limits.global_per_second:
            wait = math.ceil(self._recent[0] + 1.0 - at)
            return RateVerdict(
                "global_rate",
                max(wait, 1),
                f"more than {self.limits.global_per_second} messages within one second across all chats",
            )
        bucket = self._bucket(chat_id, at)
        if bucket.tokens < 1.0:
            wait = math.ceil((1.0 - bucket.tokens) / self.limits.chat_per_second)
            return RateVerdict(
                "chat_rate",
                max(wait, 1),
                f"more than {self.limits.chat_burst} messages in a burst or more than "
                f"{self.limits.chat_per_second:g} per second sustained to chat {chat_id}",
            )
        return RateVerdict()

    def count(self, chat_id: int) -> None:
        """Record a message that went out to `chat_id`."""
        at = self.now()
        bucket = self._bucket(chat_id, at)
        bucket.tokens = max(bucket.tokens - 1.0, 0.0)
        if self._is_reply(chat_id, at):
            acted, left = self._replies[chat_id]
            self._replies[chat_id] = (acted, left - 1)
            return
        self._prune(at)
        self._recent.append(at)

    def user_acted(self, chat_id: int) -> None:
        """The user wrote or pressed something: replies to it are not bulk, and time a person would have
        taken has passed."""
        self._replies[chat_id] = (self.now(), self.limits.reply_burst)
        if self.limits.user_action_refills:
            self._buckets[chat_id] = _Bucket(float(self.limits.chat_burst), self.now())
