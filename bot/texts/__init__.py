"""The message catalog: every user-facing sentence, in Indonesian (default) and English.

Messages are HTML (Telegram's parse_mode). Arguments are escaped here, so a name or a training title
typed by a user can never break the markup; pass `Html(...)` for fragments that are already markup.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Literal

from bot.texts import (
    en,
    en_basis,
    en_catatan,
    en_chat,
    en_claims,
    en_cli,
    en_files,
    en_hr,
    en_reminders,
    en_review,
    en_sheets,
    en_targeting,
    en_webapp,
    id,
    id_basis,
    id_catatan,
    id_chat,
    id_claims,
    id_cli,
    id_files,
    id_hr,
    id_reminders,
    id_review,
    id_sheets,
    id_targeting,
    id_webapp,
)

Lang = Literal["id", "en"]
LANGUAGES: tuple[Lang, ...] = ("id", "en")
# One module per language and feature area, merged: features add messages without editing each other's files.
ID: dict[str, str] = {**id.MESSAGES, **id_reminders.MESSAGES, **id_hr.MESSAGES, **id_files.MESSAGES,
                      **id_claims.MESSAGES, **id_cli.MESSAGES, **id_webapp.MESSAGES, **id_chat.MESSAGES,
                      **id_review.MESSAGES, **id_sheets.MESSAGES,
                      **id_targeting.MESSAGES,
                      **id_basis.MESSAGES,
                      **id_catatan.MESSAGES}
EN: dict[str, str] = {**en.MESSAGES, **en_reminders.MESSAGES, **en_hr.MESSAGES, **en_files.MESSAGES,
                      **en_claims.MESSAGES, **en_cli.MESSAGES, **en_webapp.MESSAGES, **en_chat.MESSAGES,
                      **en_review.MESSAGES, **en_sheets.MESSAGES,
                      **en_targeting.MESSAGES,
                      **en_basis.MESSAGES,
                      **en_catatan.MESSAGES}
CATALOG: Mapping[str, Mapping[str, str]] = {"id": ID, "en": EN}


class Html(str):
    """A string that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


def lang_of(value: str | None, default: Lang = "id") -> Lang:
    """The supported language for a stored or Telegram-reported code ('en-US' → 'en')."""
    code = (value or "").split("-")[0].lower()
    return "en" if code == "en" else ("id" if code == "id" else default)


def _escape(value: object) -> object:
    if isinstance(value, Html):
        return value
    if isinstance(value, str):
        return html.escape(value, quote=False)
    return value


def t(key: str, lang: str = "id", /, **kwargs: object) -> Html:
    """The message `key` in `lang` (falling back to Indonesian), with escaped arguments."""
    messages = CATALOG.get(lang, ID)
    template = messages.get(key) or ID[key]
    return Html(template.format(**{name: _escape(value) for name, value in kwargs.items()}))


def plain(key: str, lang: str = "id", /, **kwargs: object) -> str:
    """For button labels and command descriptions, which Telegram shows without markup."""
    messages = CATALOG.get(lang, ID)
    return (messages.get(key) or ID[key]).format(**kwargs)
