"""A live feed of what the bot does in one chat, for consumers that react as it happens (the demo).

Tests mostly wait on conditions (`wait_for_reply`); a terminal chat instead wants every new message, edit
and toast in order, without polling. `ChatFeed` is an async iterator over those `ChatEvent`s.
"""

from __future__ import annotations

import asyncio
from types import TracebackType

from bot.simulator.state import SimState
from bot.simulator.views import ChatEvent


class ChatFeed:
    """`async with sim.subscribe(user) as feed: async for event in feed: ...` — ends when the emulator stops."""

    def __init__(self, state: SimState, chat_id: int) -> None:
        self._state = state
        self._chat_id = chat_id
        self._queue: asyncio.Queue[ChatEvent | None] = asyncio.Queue()
        self._closed = False
        state.subscribers.setdefault(chat_id, []).append(self._queue)

    def __aiter__(self) -> ChatFeed:
        return self

    async def __anext__(self) -> ChatEvent:
        event = await self._queue.get()
        if event is None:
            raise StopAsyncIteration
        return event

    async def next(self, timeout: float) -> ChatEvent:
        """The next event within `timeout` seconds; TimeoutError if the bot stays silent."""
        try:
            return await asyncio.wait_for(self.__anext__(), timeout)
        except StopAsyncIteration:
            raise TimeoutError("the emulator stopped; no more events") from None

    def pending(self) -> list[ChatEvent]:
        """Events already delivered and not yet read, without waiting."""
        events: list[ChatEvent] = []
        while not self._queue.empty():
            event = self._queue.get_nowait()
            if event is None:
                self._queue.put_nowait(None)
                break
            events.append(event)
        return events

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        queues = self._state.subscribers.get(self._chat_id, [])
        if self._queue in queues:
            queues.remove(self._queue)
        self._queue.put_nowait(None)

    async def __aenter__(self) -> ChatFeed:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
