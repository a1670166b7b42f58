"""The bot's command menu and menu button: setMyCommands, getMyCommands, deleteMyCommands, setChatMenuButton,
getChatMenuButton.

Telegram keeps one list per (scope, language_code) pair and getMyCommands returns exactly that pair's list
(an empty list when none was set; no fallback to the default scope), which is what is stored here.
"""

from __future__ import annotations

from typing import Any

from bot.simulator import rules
from bot.simulator.params import Params
from bot.simulator.state import SimState


def _key(state: SimState, params: Params) -> tuple[str, str]:
    scope = rules.scope_key(
        params.json("scope", what="BotCommandScope"), lambda chat_id: state.chat_for(chat_id).user.id
    )
    return scope, rules.check_language_code(params.raw("language_code"))


def set_my_commands(state: SimState, params: Params) -> bool:
    commands = rules.check_commands(params.json("commands", what="commands") or [])
    key = _key(state, params)
    if commands:
        state.commands[key] = commands
    else:
        state.commands.pop(key, None)
    return True


def get_my_commands(state: SimState, params: Params) -> list[dict[str, str]]:
    return [dict(command) for command in state.commands.get(_key(state, params), [])]


def delete_my_commands(state: SimState, params: Params) -> bool:
    state.commands.pop(_key(state, params), None)
    return True


DEFAULT_MENU_BUTTON: dict[str, Any] = {"type": "commands"}


def set_chat_menu_button(state: SimState, params: Params) -> bool:
    """One chat's menu button (or, without chat_id, every chat's default): commands, web_app or default."""
    raw = params.raw("chat_id")
    chat_id = None if raw in (None, "") else state.chat_for(raw).user.id
    button = params.json("menu_button", what="MenuButton") or {"type": "default"}
    state.menu_buttons[chat_id] = rules.check_menu_button(button)
    return True


def get_chat_menu_button(state: SimState, params: Params) -> dict[str, Any]:
    raw = params.raw("chat_id")
    chat_id = None if raw in (None, "") else state.chat_for(raw).user.id
    button = state.menu_buttons.get(chat_id)
    if button is None or button.get("type") == "default":
        button = state.menu_buttons.get(None, DEFAULT_MENU_BUTTON)
    return dict(button if button.get("type") != "default" else DEFAULT_MENU_BUTTON)
