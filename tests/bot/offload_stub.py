"""A stand-in for `build_application` in the offload worker (importable by reference, as `spawn` needs)."""

import os
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from bot.dialogs.engine import Reply
from bot.offload import TurnResult


class Router:
    """Answers every turn with the worker's process id and what it was given (no database, no Telegram)."""

    async def run_offloaded(self, key: str, data: dict[str, Any], args: list[str], now: datetime) -> TurnResult:
        return TurnResult([Reply(f"{os.getpid()} {key} {' '.join(args)} {now.isoformat()}")])


def build(settings: Any, offload: bool = False) -> Any:
    return SimpleNamespace(bot_data=SimpleNamespace(router=Router()))
