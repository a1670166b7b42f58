"""The dialog engine on its own: persisted steps, Back, Cancel, stale buttons, rewinding detours, typed
answers validated when read back, and the receipt a finished flow leaves for a repeated press."""

from datetime import date
from typing import Any, cast

from pydantic import BaseModel

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
from bot.services import Services
from bot.texts import Html


class MemoryStore:
    def __init__(self) -> None:
        self.rows: dict[int, dict[str, Any]] = {}

    async def load(self, user_id: int) -> dict[str, Any] | None:
        return self.rows.get(user_id)

    async def save(self, user_id: int, state: DialogState[Any]) -> None:
        self.rows[user_id] = state.to_json()

    async def clear(self, user_id: int) -> None:
        self.rows.pop(user_id, None)


class Items(BaseModel):
    items: list[int] = []


ASKED: list[str] = []


async def ask(ctx: Ctx, state: DialogState[Items]) -> Reply:
    ASKED.append(state.step)
    return Reply(Html(f"question {state.step}"), [[Button("add", "add"), Button("next", "next")]])


async def on_list(ctx: Ctx, state: DialogState[Items], value: str) -> Transition:
    done = Html(f"done {state.data.items}")
    return Go("detail") if value == "add" else Finish([Reply(done)], receipt=done if state.data.items else None)


async def on_detail(ctx: Ctx, state: DialogState[Items], text: str) -> Transition:
    if not text.isdigit():
        return Invalid("error.number_format")
    state.data.items.append(int(text))
    return Go("list")


async def start_data(ctx: Ctx) -> Items:
    return Items()


FLOW = Flow(
    "demo",
    "intro",
    {
        "intro": Step(ask, on_button=lambda ctx, state, value: _go("list")),
        "list": Step(ask, on_button=on_list),
        "detail": Step(ask, on_text=on_detail),
    },
    start_data,
    Items,
)


async def _go(step: str) -> Transition:
    return Go(step)


def make_ctx(store: MemoryStore) -> Ctx:
    return Ctx(user_id=1, employee_id=1, lang="id", today=date(2026, 11, 28), services=cast(Services, None),
               session=cast(Any, None), store=store)


def _nonce_and_values(reply: Reply) -> tuple[str, list[str]]:
    packed = [unpack(b.value) for row in reply.buttons for b in row]
    assert all(p is not None for p in packed)
    nonces = {p[0] for p in packed if p}
    assert len(nonces) == 1
    return nonces.pop(), [p[1] for p in packed if p]


async def test_steps_persist_and_back_rewinds_detours() -> None:
    store = MemoryStore()
    CTX = make_ctx(store)
    dialogs = Dialogs([FLOW])
    [first] = await dialogs.start(CTX, "demo")
    nonce, values = _nonce_and_values(first)
    assert values == ["add", "next", CANCEL]  # no Back on the first question
    state = await dialogs.active(store, 1)
    assert state is not None and state.step == "intro"
    await dialogs.on_button(CTX, state, nonce, "next")
    state = await dialogs.active(store, 1)
    assert state is not None and state.step == "list"
    await dialogs.on_button(CTX, state, state.nonce, "add")
    state = await dialogs.active(store, 1)
    assert state is not None and state.step == "detail"
    replies = await dialogs.on_text(CTX, state, "tujuh")
    assert len(replies) == 1 and "Tulis angka" in replies[0].text and replies[0].text.endswith("question detail")
    await dialogs.on_text(CTX, state, "7")
    state = await dialogs.active(store, 1)
    assert state is not None and state.step == "list" and state.history == ["intro"]
    await dialogs.on_button(CTX, state, state.nonce, BACK)
    state = await dialogs.active(store, 1)
    assert state is not None and state.step == "intro" and state.data.items == [7]


async def test_stale_button_is_refused_and_cancel_clears() -> None:
    store = MemoryStore()
    CTX = make_ctx(store)
    dialogs = Dialogs([FLOW])
    [first] = await dialogs.start(CTX, "demo")
    old_nonce, _ = _nonce_and_values(first)
    state = await dialogs.active(store, 1)
    assert state is not None
    await dialogs.on_button(CTX, state, old_nonce, "next")
    state = await dialogs.active(store, 1)
    assert state is not None
    assert await dialogs.on_button(CTX, state, old_nonce, "add") is None
    replies = await dialogs.on_button(CTX, state, state.nonce, CANCEL)
    assert replies is not None and "Dibatalkan" in replies[0].text
    assert await dialogs.active(store, 1) is None


async def test_finish_clears_state() -> None:
    store = MemoryStore()
    CTX = make_ctx(store)
    dialogs = Dialogs([FLOW])
    await dialogs.start(CTX, "demo")
    state = await dialogs.active(store, 1)
    assert state is not None
    await dialogs.on_button(CTX, state, state.nonce, "next")
    state = await dialogs.active(store, 1)
    assert state is not None
    replies = await dialogs.on_button(CTX, state, state.nonce, "next")
    assert replies is not None and replies[0].text == "done []"
    assert await dialogs.active(store, 1) is None


async def test_a_question_is_built_once_per_answer() -> None:
    store = MemoryStore()
    ctx = make_ctx(store)
    dialogs = Dialogs([FLOW])
    await dialogs.start(ctx, "demo")
    state = await dialogs.active(store, 1)
    assert state is not None
    await dialogs.on_button(ctx, state, state.nonce, "next")
    await dialogs.on_button(ctx, state, state.nonce, "add")
    ASKED.clear()
    await dialogs.on_text(ctx, state, "tujuh")  # refused: the same question again, built once
    assert ASKED == ["detail"]


async def test_a_finished_flow_leaves_its_receipt_for_the_same_button_only() -> None:
    store = MemoryStore()
    ctx = make_ctx(store)
    dialogs = Dialogs([FLOW])
    await dialogs.start(ctx, "demo")
    state = await dialogs.active(store, 1)
    assert state is not None
    await dialogs.on_button(ctx, state, state.nonce, "next")
    await dialogs.on_button(ctx, state, state.nonce, "add")
    await dialogs.on_text(ctx, state, "7")
    last = state.nonce
    replies = await dialogs.on_button(ctx, state, last, "next")
    assert replies is not None and replies[0].text == "done [7]"
    assert await dialogs.active(store, 1) is None  # finished: no conversation under way
    assert await dialogs.receipt(store, 1, last) == "done [7]"  # the same button pressed again
    assert await dialogs.receipt(store, 1, "000000") is None  # any older button stays stale


async def test_a_stored_state_that_no_longer_fits_starts_afresh() -> None:
    store = MemoryStore()
    dialogs = Dialogs([FLOW])
    store.rows[1] = {"flow": "demo", "step": "list", "data": {"items": "not a list"}, "nonce": "abc"}
    assert await dialogs.active(store, 1) is None and store.rows == {}  # cleared, no crash
    store.rows[1] = {"flow": "renamed", "step": "list", "data": {}}
    assert await dialogs.active(store, 1) is None and store.rows == {}
    store.rows[1] = {"flow": "demo", "step": "list", "data": {"items": [3]}, "history": ["intro"], "nonce": "n"}
    state = await dialogs.active(store, 1)  # a state from before the answers were typed reads back typed
    assert state is not None and state.data == Items(items=[3]) and state.history == ["intro"]
