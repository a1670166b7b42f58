"""The HTTP face of the emulator: `/bot<token>/<method>` and `/file/bot<token>/<path>` on 127.0.0.1.

Tornado serves it because python-telegram-bot's webhooks extra already brings it in (no new dependency)
and it runs on the caller's asyncio loop, so the emulator, the bot and the test share one loop and one
clock. Tokens are judged like Telegram judges them: a string that cannot be a token is 404 "Not Found", a
well-formed but wrong one is 401 "Unauthorized".
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.iostream import StreamClosedError
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.simulator.dispatch import Dispatcher, Reply
from bot.simulator.errors import NOT_FOUND, UNAUTHORIZED, ApiError
from bot.simulator.params import Params, Upload, from_form, from_json_body
from bot.simulator.state import SimState

_LOGGER = logging.getLogger(__name__)
TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")
MAX_BODY_BYTES = 60 * 1024 * 1024  # above Telegram's 50 MB upload limit, so the API answers, not the server


def token_error(expected: str, given: str) -> ApiError | None:
    if given == expected:
        return None
    return UNAUTHORIZED if TOKEN_SHAPE.match(given) else NOT_FOUND


class _JsonHandler(RequestHandler):
    def _reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self._reply(status_code, {"ok": False, "error_code": status_code, "description": self._reason})


class ApiHandler(_JsonHandler):
    def initialize(self, state: SimState, dispatcher: Dispatcher) -> None:
        self.state = state
        self.dispatcher = dispatcher

    async def get(self, token: str, method: str) -> None:
        await self._handle(token, method)

    async def post(self, token: str, method: str) -> None:
        await self._handle(token, method)

    def _params(self) -> Params:
        request = self.request
        values = from_form(request.query_arguments)
        content_type = request.headers.get("Content-Type", "")
        if content_type.startswith("application/json"):
            values.update(from_json_body(request.body))
        else:
            values.update(from_form(request.body_arguments))
        files = {
            name: Upload(item.filename, item.content_type or "application/octet-stream", item.body)
            for name, items in request.files.items()
            for item in items[-1:]
        }
        return Params(values=values, files=files)

    async def _handle(self, token: str, method: str) -> None:
        refused = token_error(self.state.bot.token, token)
        if refused is not None:
            self._reply(refused.status, refused.payload())
            return
        try:
            params = self._params()
        except ApiError as error:
            self._reply(error.status, error.payload())
            return
        reply: Reply = await self.dispatcher.call(method, params)
        if reply.drop:
            self.detach().close()
            return
        # The bot may have hung up (a long poll it cancelled): nobody is left to read the answer then.
        with contextlib.suppress(StreamClosedError):
            self._reply(reply.status, reply.body)


class FileHandler(RequestHandler):
    def initialize(self, state: SimState) -> None:
        self.state = state

    def get(self, token: str, path: str) -> None:
        refused = token_error(self.state.bot.token, token)
        stored = self.state.files.by_path.get(path)
        if refused is None and stored is None:
            refused = NOT_FOUND
        if refused is not None or stored is None:
            error = refused or NOT_FOUND
            self.set_status(error.status)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(error.payload()))
            return
        data = stored.data
        wanted = _RANGE.match(self.request.headers.get("Range", "").strip())
        if wanted is not None:  # one byte range, as any file server answers it (RFC 9110 §14)
            first = int(wanted.group(1))
            last = min(int(wanted.group(2) or len(data) - 1), len(data) - 1)
            if first > last:
                self.set_status(416)
                self.set_header("Content-Range", f"bytes */{len(data)}")
                self.finish()
                return
            self.set_status(206)
            self.set_header("Content-Range", f"bytes {first}-{last}/{len(data)}")
            data = data[first : last + 1]
        self.set_header("Accept-Ranges", "bytes")
        self.set_header("Content-Type", stored.mime_type)
        downloaded = self.state.files.downloaded
        downloaded[path] = downloaded.get(path, 0) + len(data)
        self.finish(data)


class NotFoundHandler(_JsonHandler):
    def prepare(self) -> None:
        self._reply(404, NOT_FOUND.payload())


def _log_request(handler: RequestHandler) -> None:
    """Refusals are the point of many tests: log them at debug level, not as tornado's warnings."""
    request = handler.request
    path = re.sub(r"/bot[^/]*", "/bot<token>", request.path)  # keep tokens out of logs
    _LOGGER.debug("%s %s -> %s", request.method, path, handler.get_status())


class ApiServer:
    """Listens on 127.0.0.1 at a free port chosen by the system (port 0)."""

    def __init__(self, state: SimState, dispatcher: Dispatcher) -> None:
        self.app = Application(
            [
                (r"/bot([^/]*)/([A-Za-z0-9_]+)/?", ApiHandler, {"state": state, "dispatcher": dispatcher}),
                (r"/file/bot([^/]*)/(.+)", FileHandler, {"state": state}),
            ],
            default_handler_class=NotFoundHandler,
            log_function=_log_request,
        )
        self._server: HTTPServer | None = None
        self.port = 0

    def start(self) -> None:
        sockets: list[socket.socket] = bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
        self._server = HTTPServer(self.app, max_body_size=MAX_BODY_BYTES, idle_connection_timeout=30)
        self._server.add_sockets(sockets)
        self.port = int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
