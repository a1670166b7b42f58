"""Fixtures for the emulator's own tests: a running emulator, a raw Bot API client, a tiny image."""

from __future__ import annotations

import json
import os
import struct
import zlib
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import httpx
import pytest

from bot.simulator import BotApiSimulator

# python-telegram-bot warns on every RetryAfter unless durations are timedeltas; opt in before it runs.
os.environ.setdefault("PTB_TIMEDELTA", "1")

ApiReply = tuple[int, dict[str, Any]]
Api = Callable[..., Coroutine[Any, Any, ApiReply]]


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    async with BotApiSimulator() as simulator:
        yield simulator


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False, verify=False, timeout=10) as client:
        yield client


@pytest.fixture
def api(sim: BotApiSimulator, http: httpx.AsyncClient) -> Api:
    """`await api("sendMessage", chat_id=1, text="hi")` → (HTTP status, JSON body), form-encoded like PTB.

    Nested values (dicts, lists) are sent as JSON strings, files as multipart, exactly as python-telegram-bot
    22 encodes them; `json_body=True` sends one JSON document instead, which Telegram also accepts.
    """

    async def call(
        method: str, *, json_body: bool = False, files: dict[str, Any] | None = None, **params: Any
    ) -> ApiReply:
        url = f"{sim.base_url}{sim.token}/{method}"
        if json_body:
            response = await http.post(url, json=params)
        else:
            form = {
                key: value if isinstance(value, str) else json.dumps(value)
                for key, value in params.items()
                if value is not None
            }
            response = await http.post(url, data=form, files=files) if files else await http.post(url, data=form)
        return response.status_code, response.json()

    return call


@pytest.fixture
def png() -> Callable[[int, int], bytes]:
    """A valid PNG of the given size, made here so the tests carry no binary fixtures."""

    def make(width: int = 4, height: int = 3) -> bytes:
        rows = b"".join(b"\x00" + b"\xcc\x33\x00" * width for _ in range(height))

        def chunk(tag: bytes, data: bytes) -> bytes:
            crc = zlib.crc32(tag + data) & 0xFFFFFFFF
            return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")

    return make
