"""A stand-in for `build_application` in the offload worker (importable by reference, as `spawn` needs)."""

from types import SimpleNamespace
from typing import Any


def build(settings: Any, offload: bool = False) -> Any:
    return SimpleNamespace(bot_data=SimpleNamespace(router=None))
