"""Test doubles for the broadcast worker: a monotonic clock that moves only when slept on, and a Bot that
records what it was asked to send and fails where a test says so."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from telegram.error import TelegramError


@dataclass
class FakeTime:
    """`monotonic()` and `sleep()` for the pacer and the worker: sleeping moves time, instantly."""

    now: float = 1_000.0
    slept: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


@dataclass
class FakeBot:
    """Answers like Telegram; `failures[chat_id]` lists errors to raise on that chat's next sends."""

    failures: dict[int, list[TelegramError]] = field(default_factory=dict)
    on_send: Callable[[int], None] | None = None
    messages: list[tuple[int, str]] = field(default_factory=list)
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    documents: list[tuple[int, bytes, str]] = field(default_factory=list)

    async def __aenter__(self) -> FakeBot:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        return None

    def _fail(self, chat_id: int) -> None:
        pending = self.failures.get(chat_id)
        if pending:
            raise pending.pop(0)

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Any:
        await asyncio.sleep(0)
        self._fail(chat_id)
        self.messages.append((chat_id, text))
        if self.on_send is not None:
            self.on_send(chat_id)
        return SimpleNamespace(message_id=len(self.messages))

    async def edit_message_text(self, text: str, *, chat_id: int, message_id: int, **kwargs: Any) -> Any:
        if self.edits and self.edits[-1] == (chat_id, message_id, text):
            raise AssertionError("edited with the same text: Telegram says 'message is not modified'")
        self.edits.append((chat_id, message_id, text))
        return True

    async def send_document(self, chat_id: int, document: Any, *, caption: str = "", **kwargs: Any) -> Any:
        self._fail(chat_id)
        self.documents.append((chat_id, document.input_file_content, caption))
        return SimpleNamespace(message_id=len(self.messages) + len(self.documents))

    def to(self, chat_id: int) -> list[str]:
        return [text for chat, text in self.messages if chat == chat_id]
