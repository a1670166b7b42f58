"""File downloads answer a byte range as a file server does, and count what they served."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot

from bot.simulator import BotApiSimulator
from bot.telegram_files import FileUnavailable, file_head
from tests.simulator.conftest import Api

CONTENT = bytes(range(256)) * 4096  # 1 MiB


async def _document(sim: BotApiSimulator) -> tuple[str, str]:
    user = sim.add_user("Budi")
    message = await sim.user_sends_document(user, CONTENT, filename="besar.pdf", mime_type="application/pdf")
    assert message.file is not None
    stored = sim.state.files.by_id[message.file.file_id]
    return stored.file_id, stored.file_path


async def test_a_range_gets_that_part_and_the_rest_is_never_sent(sim: BotApiSimulator, api: Api,
                                                                  http: httpx.AsyncClient) -> None:
    file_id, _ = await _document(sim)
    path = (await api("getFile", file_id=file_id))[1]["result"]["file_path"]
    url = f"{sim.base_file_url}{sim.token}/{path}"
    part = await http.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == CONTENT[10:20]
    assert part.headers["Content-Range"] == f"bytes 10-19/{len(CONTENT)}"
    tail = await http.get(url, headers={"Range": f"bytes={len(CONTENT) - 3}-"})
    assert tail.status_code == 206 and tail.content == CONTENT[-3:]
    assert (await http.get(url, headers={"Range": f"bytes={len(CONTENT)}-"})).status_code == 416
    assert sim.state.files.downloaded[path] == 13
    whole = await http.get(url)
    assert whole.status_code == 200 and whole.content == CONTENT and whole.headers["Accept-Ranges"] == "bytes"


async def test_the_bot_fetches_only_the_first_bytes(sim: BotApiSimulator) -> None:
    file_id, path = await _document(sim)
    async with Bot(sim.token, base_url=sim.base_url, base_file_url=sim.base_file_url) as bot:
        assert await file_head(bot, file_id, 32) == CONTENT[:32]
        assert sim.state.files.downloaded[path] == 32
        with pytest.raises(FileUnavailable, match=r"(?i)invalid file_id"):
            await file_head(bot, "no-such-file", 32)
