"""The bot's command menu: setMyCommands, getMyCommands, deleteMyCommands.

Telegram keeps one list per (scope, language_code) pair and getMyCommands returns exactly that pair's list
(an empty list when none was set; no fallback to the default scope), which is what is stored here.
"""

from __future__ import annotations

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
