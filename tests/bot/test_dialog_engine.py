"""The dialog engine on its own: persisted steps, Back, Cancel, stale buttons, rewinding detours."""

from datetime import date
from typing import Any

from bot.dialogs.engine import (
    BACK,
    CANCEL,
    Button,
    Ctx,
    Dialogs,
    DialogState,
    Finish,
    Flow,
    Go,
    Invalid,
    Reply,
    Step,
    Transition,
    unpack,
)
from bot.texts import Html


class MemoryStore:
    def __init__(self) -> None:
        self.rows: dict[int, dict[str, Any]] = {}

    async def load(self, user_id: int) -> DialogState | None:
        raw = self.rows.get(user_id)
        return DialogState.from_json(raw) if raw else None

    async def save(self, user_id: int, state: DialogState) -> None:
        self.rows[user_id] = state.to_json()

    async def clear(self, user_id: int) -> None:
        self.rows.pop(user_id, None)


async def ask(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(Html(f"question {state.step}"), [[Button("add", "add"), Button("next", "next")]])


async def on_list(ctx: Ctx, state: DialogState, value: str) -> Transition:
    return Go("detail") if value == "add" else Finish([Reply(Html(f"done {state.data['items']}"))])


async def on_detail(ctx: Ctx, state: DialogState, text: str) -> Transition:
    if not text.isdigit():
        return Invalid("error.number_format")
    state.data["items"].append(int(text))
    return Go("list")


async def start_data(ctx: Ctx) -> dict[str, Any]:
    return {"items": []}


FLOW = Flow(
    "demo",
    "intro",
    {
        "intro": Step(ask, on_button=lambda ctx, state, value: _go("list")),
        "list": Step(ask, on_button=on_list),
        "detail": Step(ask, on_text=on_detail),
    },
    start_data,
)


async def _go(step: str) -> Transition:
    return Go(step)


CTX = Ctx(user_id=1, employee_id=1, lang="id", today=date(2026, 11, 28), services=None)


def _nonce_and_values(reply: Reply) -> tuple[str, list[str]]:
    packed = [unpack(b.value) for row in reply.buttons for b in row]
    assert all(p is not None for p in packed)
    nonces = {p[0] for p in packed if p}
    assert len(nonces) == 1
    return nonces.pop(), [p[1] for p in packed if p]


async def test_steps_persist_and_back_rewinds_detours() -> None:
    store = MemoryStore()
    dialogs = Dialogs(store, [FLOW])
    [first] = await dialogs.start(CTX, "demo")
    nonce, values = _nonce_and_values(first)
    assert values == ["add", "next", CANCEL]  # no Back on the first question
    state = await dialogs.active(1)
    assert state is not None and state.step == "intro"
    await dialogs.on_button(CTX, state, nonce, "next")
    state = await dialogs.active(1)
    assert state is not None and state.step == "list"
    await dialogs.on_button(CTX, state, state.nonce, "add")
    state = await dialogs.active(1)
    assert state is not None and state.step == "detail"
    replies = await dialogs.on_text(CTX, state, "tujuh")
    assert len(replies) == 1 and "Tulis angka" in replies[0].text and replies[0].text.endswith("question detail")
    await dialogs.on_text(CTX, state, "7")
    state = await dialogs.active(1)
    assert state is not None and state.step == "list" and state.history == ["intro"]
    await dialogs.on_button(CTX, state, state.nonce, BACK)
    state = await dialogs.active(1)
    assert state is not None and state.step == "intro" and state.data["items"] == [7]


async def test_stale_button_is_refused_and_cancel_clears() -> None:
    store = MemoryStore()
    dialogs = Dialogs(store, [FLOW])
    [first] = await dialogs.start(CTX, "demo")
    old_nonce, _ = _nonce_and_values(first)
    state = await dialogs.active(1)
    assert state is not None
    await dialogs.on_button(CTX, state, old_nonce, "next")
    state = await dialogs.active(1)
    assert state is not None
    assert await dialogs.on_button(CTX, state, old_nonce, "add") is None
    replies = await dialogs.on_button(CTX, state, state.nonce, CANCEL)
    assert replies is not None and "Dibatalkan" in replies[0].text
    assert await dialogs.active(1) is None


async def test_finish_clears_state() -> None:
    store = MemoryStore()
    dialogs = Dialogs(store, [FLOW])
    await dialogs.start(CTX, "demo")
    state = await dialogs.active(1)
    assert state is not None
    await dialogs.on_button(CTX, state, state.nonce, "next")
    state = await dialogs.active(1)
    assert state is not None
    replies = await dialogs.on_button(CTX, state, state.nonce, "next")
    assert replies is not None and replies[0].text == "done []"
    assert await dialogs.active(1) is None
