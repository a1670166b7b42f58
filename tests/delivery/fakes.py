"""Test doubles for the delivery engine: time that moves only when slept on, a Bot that records what it was
asked to send and fails where a test says so, and a process that can die on the spot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot
from telegram.error import NetworkError, TelegramError, TimedOut

from bot.delivery.kinds import Kind
from bot.delivery.worker import DeliveryWorker
from bot.services import Services

WALL_START = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


@dataclass
class FakeTime:
    """`monotonic()` and `sleep()` for the pacer and the engine, and the lease's wall clock: sleeping moves
    time, instantly."""

    now: float = 1_000.0
    slept: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return WALL_START + timedelta(seconds=self.now)

    async def sleep(self, seconds: float) -> None:
        """Whatever is ready runs first, at the time it became ready; then the sleeper's time passes."""
        self.slept.append(seconds)
        for _ in range(3):
            await asyncio.sleep(0)
        self.now += max(seconds, 0.0)


def lost_answer(message: str = "Timed out") -> NetworkError:
    """A send whose request left but whose answer never came (httpx read timeout under PTB's TimedOut)."""
    error = TimedOut(message)
    error.__cause__ = httpx.ReadTimeout(message)
    return error


class Crash(BaseException):
    """The process dying: not an Exception, so nothing in the engine catches it."""


@dataclass
class FakeBot:
    """Answers like Telegram; `failures[chat_id]` lists errors to raise on that chat's next sends, before (or,
    for `lost_answer`s in `delivered_then`, after) the message is delivered."""

    failures: dict[int, list[TelegramError]] = field(default_factory=dict)
    delivered_then: dict[int, list[TelegramError]] = field(default_factory=dict)
    on_send: Callable[[int], None] | None = None
    messages: list[tuple[int, str]] = field(default_factory=list)
    markups: list[Any] = field(default_factory=list)
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    documents: list[tuple[int, bytes, str]] = field(default_factory=list)

    async def __aenter__(self) -> FakeBot:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        return None

    def _fail(self, chat_id: int, failures: dict[int, list[TelegramError]]) -> None:
        pending = failures.get(chat_id)
        if pending:
            raise pending.pop(0)

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Any:
        await asyncio.sleep(0)
        self._fail(chat_id, self.failures)
        self.messages.append((chat_id, text))
        self.markups.append(kwargs.get("reply_markup"))
        if self.on_send is not None:
            self.on_send(chat_id)
        self._fail(chat_id, self.delivered_then)
        return SimpleNamespace(message_id=len(self.messages))

    async def edit_message_text(self, text: str, *, chat_id: int, message_id: int, **kwargs: Any) -> Any:
        if self.edits and self.edits[-1] == (chat_id, message_id, text):
            raise AssertionError("edited with the same text: Telegram says 'message is not modified'")
        self.edits.append((chat_id, message_id, text))
        return True

    async def send_document(self, chat_id: int, document: Any, *, caption: str = "", **kwargs: Any) -> Any:
        self._fail(chat_id, self.failures)
        self.documents.append((chat_id, document.input_file_content, caption))
        self.markups.append(kwargs.get("reply_markup"))
        return SimpleNamespace(message_id=len(self.messages) + len(self.documents))

    def to(self, chat_id: int) -> list[str]:
        return [text for chat, text in self.messages if chat == chat_id]

    @property
    def chats(self) -> list[int]:
        return [chat for chat, _ in self.messages]


class Mortal(Services):
    """Services of a process that can die: once `dead`, every database session raises `Crash` (nothing more
    is written: the lease stays taken, claimed messages stay `sending`)."""

    dead: bool = False

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        if self.dead:
            raise Crash
        async with super().session() as session:
            yield session


def mortal(services: Services) -> Mortal:
    return Mortal(services.engine, services.sessionmaker, services.clock, services.settings)


def make_worker(services: Services, bot: FakeBot, time: FakeTime, kinds: Iterable[Kind],
                holder: str = "w1") -> DeliveryWorker:
    """A delivery worker on fake time and a fake Bot, as one process would have it."""
    return DeliveryWorker(services, lambda: cast(Bot, bot), kinds, monotonic=time.monotonic, sleep=time.sleep,
                          wall=time.wall, holder=holder)
