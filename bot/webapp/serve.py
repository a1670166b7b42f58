"""Running the bot's own HTTP server (uvicorn) inside the bot's event loop, for as long as a block lasts.

The bot's process owns SIGINT and SIGTERM (`bot.runner` stops the Application cleanly on them), so
uvicorn is told not to install its own signal handlers; it stops when the block ends.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator

import uvicorn
from starlette.types import ASGIApp

MAX_BODY_BYTES = 1 << 20
"""Nothing posted to this server is bigger than an update of a few kilobytes."""


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:  # the bot's own handlers stay in place
        yield


@contextlib.asynccontextmanager
async def http_server(app: ASGIApp, *, host: str, port: int) -> AsyncIterator[uvicorn.Server]:
    """`app` served on host:port until the block ends; the block starts once the port is listening."""
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="off",
                            server_header=False, proxy_headers=False, h11_max_incomplete_event_size=64 * 1024)
    server = _Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():  # e.g. the port is taken: the error is raised here, not lost in the task
                await task
                raise OSError(f"the HTTP server on {host}:{port} did not start")
            await asyncio.sleep(0.01)
        yield server
    finally:
        server.should_exit = True
        await task
