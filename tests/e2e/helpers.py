"""Acting as an employee in tests: press a button by its value, answer a question, read the result."""

from __future__ import annotations

from typing import Any

from bot.simulator import BotApiSimulator


def dialog_value(callback_data: str | None) -> str | None:
    """`d|<nonce>|<value>` → value; menu and other buttons keep their data."""
    if callback_data and callback_data.startswith("d|"):
        return callback_data.split("|", 2)[2]
    return callback_data


async def press(sim: BotApiSimulator, user: Any, value: str, *, replies: int = 1) -> list[Any]:
    """Press the button whose (dialog) value is `value` on the latest keyboard; wait for the replies."""
    rows = sim.buttons(user)
    for row in rows:
        for button in row:
            if dialog_value(button.callback_data) == value:
                await sim.user_presses(user, button.callback_data)
                return await sim.wait_for_replies(user, replies)
    labels = [(b.text, b.callback_data) for row in rows for b in row]
    raise AssertionError(f"no button with value {value!r}; buttons: {labels}")


async def say(sim: BotApiSimulator, user: Any, text: str, *, replies: int = 1) -> list[Any]:
    await sim.user_sends(user, text)
    return await sim.wait_for_replies(user, replies)
