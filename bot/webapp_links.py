"""Where the Mini App opens, for the chat side: the Web App button of /rekap and /tim, the menu button, and
the demo's address with a signed initData. Kept apart from `bot.webapp` (the server), which imports the
unit map and team services: the handlers of those features import this small module instead.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote, urlencode

from bot.dialogs.engine import Button
from bot.texts import Lang, plain

View = Literal["map", "team"]


def view_url(webapp_url: str, view: View) -> str:
    """WEBAPP_URL with the view the page should open (`?view=map` or `?view=team`)."""
    base = webapp_url if webapp_url.endswith("/") else webapp_url + "/"
    return f"{base}?{urlencode({'view': view})}"


def webapp_button(webapp_url: str | None, view: View, lang: Lang) -> list[list[Button]]:
    """One row with the Web App button, or none when WEBAPP_URL is unset."""
    if not webapp_url:
        return []
    return [[Button(plain(f"webapp.button.{view}", lang), "", web_app=view_url(webapp_url, view))]]


def menu_button(webapp_url: str | None, view: View, lang: Lang) -> tuple[str, str] | None:
    """`Reply.menu` for those who may open this view: the chat's menu button opens the Mini App."""
    return (plain("webapp.menu", lang), view_url(webapp_url, view)) if webapp_url else None


def signed_link(page_url: str, init_data: str) -> str:
    """The page's address as Telegram opens it: the signed initData in the fragment (never sent to a server
    by the browser; the page hands it to the API itself)."""
    return f"{page_url}#tgWebAppData={quote(init_data, safe='')}"
