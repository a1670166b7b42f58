"""The first bytes of a file someone sent the bot: getFile, then a download that stops after them.

A certificate is checked by its first bytes (`bot.certificates`); fetching a whole 20 MB upload for that
would cost the bot time and memory for nothing. The download asks for a byte range and, whether or not the
file server honours it, reads only until it has `limit` bytes and hangs up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

import httpx
from telegram import Bot
from telegram.error import TelegramError

from bot.telegram_io import tls_context

TIMEOUT = httpx.Timeout(10.0)


class FileUnavailable(OSError):
    """Telegram or the network did not give us the file (too big for bots, expired, a timeout…)."""


async def file_head(bot: Bot, file_id: str, limit: int) -> bytes:
    """At most the first `limit` bytes of the file; `FileUnavailable` when they cannot be had."""
    try:
        file = await bot.get_file(file_id)
    except TelegramError as error:
        raise FileUnavailable(f"getFile: {error}") from error
    if not file.file_path:
        raise FileUnavailable("getFile gave no file_path")
    if not file.file_path.startswith(("http://", "https://")):  # a local Bot API server (--local) gives a path
        with Path(file.file_path).open("rb") as local:
            return local.read(limit)
    head = bytearray()
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT, verify=tls_context()) as client, client.stream(
            "GET", file.file_path, headers={"Range": f"bytes=0-{limit - 1}"}
        ) as response:
            response.raise_for_status()
            async for chunk in response.aiter_bytes():
                head += chunk
                if len(head) >= limit:
                    break
    except httpx.HTTPError as error:  # the URL holds the token: name only the kind of failure
        raise FileUnavailable(f"download failed: {type(error).__name__}") from None
    return bytes(head[:limit])


def head_reader(bot: Bot, file_id: str) -> Callable[[int], Awaitable[bytes]]:
    """`IncomingFile.read_head` for a file that came in through `bot`."""
    return partial(file_head, bot, file_id)
