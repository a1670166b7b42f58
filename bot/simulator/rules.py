"""Telegram's limits on what a bot may send, checked before anything is stored.

Every number here is the Bot API documentation's ("1-4096 characters after entities parsing", "0-1024
characters", "1-64 bytes", ...). Each check raises the `ApiError` Telegram answers with, so a bot that
breaks a rule fails the same way in a test as it would in production.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.simulator.errors import ApiError, bad_request
from bot.telegram_markup import FormattedText, MarkupError, parse

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
MAX_COMMANDS = 100
MAX_COMMAND_LENGTH = 32
MAX_COMMAND_DESCRIPTION = 256
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_PHOTO_SIDES = 10000
MAX_PHOTO_RATIO = 20

CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
COMMAND_SCOPES = frozenset(
    [
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    ]
)
_COMMAND = re.compile(rf"^[a-z0-9_]{{1,{MAX_COMMAND_LENGTH}}}$")
_INLINE_ACTIONS = [
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
]
_BUTTON_URL = re.compile(r"^(https?|tg)://\S+$", re.IGNORECASE)


def formatted(
    text: str,
    parse_mode: str | None,
    entities: object | None,
    known_users: Callable[[int], dict[str, Any] | None],
) -> FormattedText:
    """Parse text the bot sent, turning markup errors into the Bot API's refusal."""
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):  # a lone surrogate from a JSON body
        raise bad_request("strings must be encoded in UTF-8")
    try:
        return parse(text, parse_mode, entities, known_users)
    except MarkupError as exc:
        raise bad_request(f"can't parse entities: {exc}") from exc
    except ValueError as exc:
        raise bad_request("unsupported parse_mode") from exc


def check_text(message: FormattedText) -> None:
    if not message.text:
        raise bad_request("message text is empty")
    if message.length > MAX_TEXT:
        raise bad_request("message is too long")


def check_caption(caption: FormattedText) -> None:
    if caption.length > MAX_CAPTION:
        raise bad_request("message caption is too long")


@dataclass(frozen=True)
class Markup:
    """A validated `reply_markup`: which kind it is and the JSON the bot sent, normalised."""

    kind: str  # "inline" | "reply" | "remove" | "force_reply"
    data: dict[str, Any] = field(default_factory=dict)


def check_reply_markup(raw: object) -> Markup | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        return Markup("inline", {"inline_keyboard": _inline_rows(raw["inline_keyboard"])})
    if "keyboard" in raw:
        _reply_rows(raw["keyboard"])
        return Markup("reply", dict(raw))
    if raw.get("remove_keyboard") is True:
        return Markup("remove", dict(raw))
    if raw.get("force_reply") is True:
        return Markup("force_reply", dict(raw))
    raise bad_request("can't parse reply keyboard markup JSON object")


def check_inline_markup(raw: object) -> Markup | None:
    """Edits and callback-carrying messages accept only an inline keyboard."""
    markup = check_reply_markup(raw)
    if markup is not None and markup.kind != "inline":
        raise bad_request("can't parse inline keyboard markup JSON object")
    return markup


def _inline_rows(rows: object) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
    return [[_inline_button(button) for button in row] for row in rows]


def _inline_button(button: object) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    if not text:
        raise bad_request("inline keyboard button text must be non-empty")
    actions = [name for name in _INLINE_ACTIONS if name in button]
    if not actions:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and (not isinstance(button["url"], str) or not _BUTTON_URL.match(button["url"])):
        raise bad_request("BUTTON_URL_INVALID")
    if "web_app" in button:
        check_web_app(button["web_app"])
    return dict(button)


_WEB_APP_URL = re.compile(r"^(https://\S+|http://(127\.0\.0\.1|localhost)(:\d+)?(/\S*)?)$", re.IGNORECASE)


def check_web_app(web_app: object) -> None:
    """WebAppInfo: an HTTPS url, as Telegram demands. Unlike Telegram, http on loopback passes too, so the
    demo can open the page it serves on 127.0.0.1."""
    url = web_app.get("url") if isinstance(web_app, dict) else None
    if not isinstance(url, str) or not _WEB_APP_URL.match(url):
        raise bad_request("BUTTON_TYPE_INVALID")


def check_menu_button(button: object) -> dict[str, Any]:
    """MenuButton: commands, default, or web_app with a text and a WebAppInfo."""
    if not isinstance(button, dict) or button.get("type") not in ("commands", "default", "web_app"):
        raise bad_request("can't parse menu button JSON object")
    if button["type"] == "web_app":
        text = button.get("text")
        if not isinstance(text, str) or not text.strip():
            raise bad_request("menu button text must be non-empty")
        check_web_app(button.get("web_app"))
    return dict(button)


def _reply_rows(rows: object) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
    for row in rows:
        for button in row:
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str):
                raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')
            if not text:
                raise bad_request("keyboard button text must be non-empty")


def check_commands(raw: object) -> list[dict[str, str]]:
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise bad_request("can't parse commands JSON object")
    if len(raw) > MAX_COMMANDS:
        raise bad_request("too many commands specified")
    commands: list[dict[str, str]] = []
    for item in raw:
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str):
            raise bad_request("can't parse BotCommand: Can't find field \"command\"")
        if not isinstance(description, str):
            raise bad_request("can't parse BotCommand: Can't find field \"description\"")
        if not _COMMAND.match(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not description.strip():
            raise bad_request("command description must be non-empty")
        if len(description) > MAX_COMMAND_DESCRIPTION:
            raise bad_request("command description is too long")
        commands.append({"command": command, "description": description})
    return commands


def scope_key(raw: object, resolve_chat: Callable[[object], int]) -> str:
    """A stable key for a BotCommandScope, so commands are stored per (scope, language) as Telegram does."""
    if raw is None:
        return "default"
    if not isinstance(raw, dict) or raw.get("type") not in COMMAND_SCOPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = str(raw["type"])
    if kind in ("chat", "chat_administrators", "chat_member"):
        chat = resolve_chat(raw.get("chat_id"))
        if kind == "chat_member":
            user_id = raw.get("user_id")
            if not isinstance(user_id, int):
                raise bad_request("user not found")
            return f"{kind}:{chat}:{user_id}"
        return f"{kind}:{chat}"
    return kind


def check_language_code(raw: object) -> str:
    if raw in (None, ""):
        return ""
    if not isinstance(raw, str) or not re.match(r"^[a-z]{2}$", raw):
        raise bad_request("invalid language code specified")
    return raw


def check_chat_action(action: object) -> str:
    if not isinstance(action, str) or action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return action


def require(condition: bool, error: ApiError) -> None:
    if not condition:
        raise error
