"""The Mini App over HTTP (Starlette): the page, its static files and a small JSON API, all under one path.

Every API request carries the Mini App's `initData` in `Authorization: tma <initData>`; it is checked
(`bot.webapp.auth`), the Telegram user is mapped to the employee, and role and scope are decided by
`bot.webapp.service` inside one database session, as a chat turn is. Refusals are 401 (no valid initData)
or 403/404 (a known person asking for what is not theirs), with one line of text and nothing else.

Every response carries a strict Content-Security-Policy (the page loads nothing from elsewhere: no CDN,
no inline script or style) and, except the page's own code, `Cache-Control: no-store`. The page's code is
gzip-compressed once at start, the API's JSON per response: ECharts is a megabyte as it lies on disk, a
third of that on the wire.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.services import Services
from bot.storage.profiles import Basis
from bot.texts import Lang, lang_of, plain
from bot.webapp import service
from bot.webapp.auth import AuthError, WebAppUser, check_download_token, download_token, validate_init_data
from bot.webapp.service import Refused, Viewer

log = logging.getLogger(__name__)

AUTH_SCHEME = "tma"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors https://web.telegram.org")
STATIC_FILES = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "echarts.min.js": "text/javascript; charset=utf-8",
}
INDEX = "index.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GZIP_AT_LEAST = 1024  # bytes: smaller answers go as they are


class SecurityHeaders:
    """Adds the CSP and friends to every response, and `no-store` unless the route said otherwise."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"cross-origin-opener-policy", b"same-origin")]
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    gzipped: bytes
    media_type: str
    etag: str


def _static_files() -> dict[str, StaticFile]:
    """The page's files, read from the package once (echarts is shipped inside it: no CDN, no build)."""
    folder = resources.files("bot.webapp") / "static"
    files: dict[str, StaticFile] = {}
    for name, media_type in {**STATIC_FILES, INDEX: "text/html; charset=utf-8"}.items():
        body = (folder / name).read_bytes()
        files[name] = StaticFile(body, gzip.compress(body, 9, mtime=0), media_type,
                                 '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
    return files


def _accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "").lower()


def _bytes_response(request: Request, body: bytes, media_type: str, *, status: int = 200,
                    headers: dict[str, str] | None = None, gzipped: bytes | None = None) -> Response:
    extra = dict(headers or {})
    extra["vary"] = "Accept-Encoding"
    if _accepts_gzip(request) and len(body) >= GZIP_AT_LEAST:
        extra["content-encoding"] = "gzip"
        return Response(gzipped or gzip.compress(body, 5), status, extra, media_type)
    return Response(body, status, extra, media_type)


def json_response(request: Request, data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return _bytes_response(request, body, "application/json", status=status)


Work = Callable[[AsyncSession, Viewer, date], Awaitable[Response]]


class WebApp:
    """The routes of the Mini App, bound to the bot's services and token."""

    def __init__(self, services: Services, bot_token: str) -> None:
        self.services = services
        self.bot_token = bot_token
        self.files = _static_files()

    @property
    def default_lang(self) -> Lang:
        return lang_of(self.services.settings.DEFAULT_LANGUAGE)

    @property
    def include_unofficial(self) -> bool:
        return self.services.settings.INDEX_INCLUDE_UNOFFICIAL

    @property
    def basis(self) -> Basis:
        """The headline figure (INDEX_BASIS), as the chat's /rekap and /tim read it."""
        return Basis(self.services.settings.INDEX_BASIS)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self.page),
            Route("/static/{name}", self.static),
            Route("/api/overview", self.overview),
            Route("/api/comparison", self.comparison),
            Route("/api/unit/{unit_id:int}", self.unit),
            Route("/api/export", self.export),
            Route("/api/download-link", self.download_link),
            Route("/api/download/{token}", self.download),
        ]

    # -- the page and its code: no personal data, the same for everyone --------------------------------
    async def page(self, request: Request) -> Response:
        file = self.files[INDEX]
        return _bytes_response(request, file.body, file.media_type, gzipped=file.gzipped)

    async def static(self, request: Request) -> Response:
        file = self.files.get(request.path_params["name"])
        if file is None or request.path_params["name"] == INDEX:
            return Response(b"", 404)
        headers = {"cache-control": "public, max-age=3600", "etag": file.etag}
        if request.headers.get("if-none-match") == file.etag:
            return Response(b"", 304, headers)
        return _bytes_response(request, file.body, file.media_type, headers=headers, gzipped=file.gzipped)

    # -- the API: signed in by Telegram, checked every time -------------------------------------------
    def _user(self, request: Request) -> WebAppUser:
        scheme, _, init_data = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != AUTH_SCHEME:
            raise AuthError("no initData")
        return validate_init_data(init_data.strip(), self.bot_token, now=time.time(),
                                  max_age=self.services.settings.WEBAPP_AUTH_MAX_AGE)

    def _refusal(self, request: Request, status: int, key: str, lang: Lang) -> Response:
        return json_response(request, {"error": key, "message": plain(key, lang)}, status)

    async def _answer(self, request: Request, work: Work) -> Response:
        try:
            user = self._user(request)
        except AuthError as error:
            log.warning("mini app request from %s refused (401): %s", request.client and request.client.host,
                        error.reason)
            return self._refusal(request, 401, "webapp.auth", self.default_lang)
        lang = lang_of(user.language_code, self.default_lang)
        try:
            async with self.services.session() as session:
                viewer = await service.viewer_of(session, user.id, request.query_params.get("view"),
                                                 self.default_lang)
                lang = viewer.lang
                return await work(session, viewer, self.services.today())
        except Refused as refused:
            return self._refusal(request, refused.status, refused.key, lang)

    async def overview(self, request: Request) -> Response:
        async def work(session: AsyncSession, viewer: Viewer, today: date) -> Response:
            show = service.map_overview if viewer.view == "map" else service.team_overview
            return json_response(request, await show(session, viewer, today=today,
                                                     include_unofficial=self.include_unofficial, basis=self.basis))

        return await self._answer(request, work)

    async def comparison(self, request: Request) -> Response:
        """The map at the end of last year beside today's: asked for after the overview, so the first paint
        does not wait for a second map."""

        async def work(session: AsyncSession, viewer: Viewer, today: date) -> Response:
            return json_response(request, await service.map_comparison(
                session, viewer, today=today, include_unofficial=self.include_unofficial, basis=self.basis))

        return await self._answer(request, work)

    async def unit(self, request: Request) -> Response:
        unit_id = int(request.path_params["unit_id"])

        async def work(session: AsyncSession, viewer: Viewer, today: date) -> Response:
            show = service.map_unit if viewer.view == "map" else service.team_unit
            return json_response(request, await show(session, viewer, unit_id, today=today,
                                                     include_unofficial=self.include_unofficial, basis=self.basis))

        return await self._answer(request, work)

    async def _workbook(self, session: AsyncSession, viewer: Viewer, today: date) -> Response:
        make = service.map_workbook_file if viewer.view == "map" else service.team_workbook_file
        name, content = await make(session, viewer, today=today, include_unofficial=self.include_unofficial,
                                   basis=self.basis)
        return Response(content, 200, {"content-disposition": f'attachment; filename="{name}"'}, XLSX)

    async def export(self, request: Request) -> Response:
        return await self._answer(request, self._workbook)

    async def download_link(self, request: Request) -> Response:
        """For Telegram's own download (web_app_request_file_download), which sends no header: a link that
        names this person and view for DOWNLOAD_TTL_SECONDS (`bot.webapp.auth.download_token`)."""

        async def work(session: AsyncSession, viewer: Viewer, today: date) -> Response:
            token = download_token(self.bot_token, viewer.employee_id, viewer.view, now=time.time())
            return json_response(request, {"url": f"api/download/{token}",
                                           "file_name": service.workbook_name(viewer, today)})

        return await self._answer(request, work)

    async def download(self, request: Request) -> Response:
        try:
            employee_id, view = check_download_token(request.path_params["token"], self.bot_token, now=time.time())
        except AuthError as error:
            log.warning("mini app download refused (401): %s", error.reason)
            return self._refusal(request, 401, "webapp.auth", self.default_lang)
        try:
            async with self.services.session() as session:
                viewer = await service.viewer_by_employee(session, employee_id, view, self.default_lang)
                return await self._workbook(session, viewer, self.services.today())
        except Refused as refused:
            return self._refusal(request, refused.status, refused.key, self.default_lang)


def mount_path(url: str | None) -> str:
    """Where the page is served: the path of WEBAPP_URL ("/app" when unset), without the trailing slash."""
    from urllib.parse import urlparse

    path = urlparse(url).path if url else ""
    return "/" + (path.strip("/") or "app")


def webapp_routes(services: Services, bot_token: str, path: str) -> list[BaseRoute]:
    """The Mini App under `path` (the page at `path/`; `path` itself redirects there)."""
    app = WebApp(services, bot_token)

    async def to_page(request: Request) -> Response:
        return RedirectResponse(path + "/" + (f"?{request.url.query}" if request.url.query else ""), 307)

    return [Route(path, to_page), Mount(path, routes=app.routes())]


def starlette_app(routes: Sequence[BaseRoute]) -> ASGIApp:
    """One Starlette application for these routes, with the security headers on every response."""
    return SecurityHeaders(Starlette(routes=list(routes)))
