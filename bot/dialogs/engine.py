"""A small state machine for guided conversations, independent of Telegram.

Why not PTB's ConversationHandler: its state lives in memory (or a pickle) and is flushed on an
interval, so a crash loses the user's place. Here every step is written to the database before the
next question is sent, Back is a history stack, and every button carries a nonce of the question it
belongs to, so a button from an old message is recognised as stale rather than acted upon.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from bot.texts import Html, Lang, plain, t

BACK = "<"
CANCEL = "x"
NONCE_BYTES = 3  # 6 hex characters: enough to tell questions apart, cheap in 64-byte callback data


@dataclass(frozen=True)
class Button:
    label: str
    value: str


@dataclass
class Reply:
    """One message to send: HTML text with optional inline buttons, or a photo or a document."""

    text: Html
    buttons: list[list[Button]] = field(default_factory=list)
    photo: bytes | None = None
    document: tuple[str, bytes] | None = None


@dataclass
class DialogState:
    """What is persisted between updates; `data` must stay JSON-serialisable."""

    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    nonce: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"flow": self.flow, "step": self.step, "data": self.data, "history": self.history,
                "nonce": self.nonce}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> DialogState:
        return cls(flow=str(raw["flow"]), step=str(raw["step"]), data=dict(raw.get("data") or {}),
                   history=list(raw.get("history") or []), nonce=str(raw.get("nonce") or ""))


class DialogStore(Protocol):
    async def load(self, user_id: int) -> DialogState | None: ...
    async def save(self, user_id: int, state: DialogState) -> None: ...
    async def clear(self, user_id: int) -> None: ...


@dataclass
class Ctx:
    """What a step may know about the person it talks to."""

    user_id: int
    employee_id: int
    lang: Lang
    today: date
    services: Any


@dataclass(frozen=True)
class Go:
    step: str
    remember: bool = True  # False: Back skips this step (e.g. a detour that is already done)


@dataclass(frozen=True)
class Invalid:
    key: str
    args: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Finish:
    replies: list[Reply]


Transition = Go | Invalid | Finish
Asker = Callable[[Ctx, DialogState], Awaitable[Reply]]
TextAnswer = Callable[[Ctx, DialogState, str], Awaitable[Transition]]
ButtonAnswer = Callable[[Ctx, DialogState, str], Awaitable[Transition]]
FileAnswer = Callable[[Ctx, DialogState, "IncomingFile"], Awaitable[Transition]]


@dataclass(frozen=True)
class IncomingFile:
    file_id: str
    kind: str  # "photo" or "document"
    name: str | None
    mime_type: str | None
    size: int | None


@dataclass(frozen=True)
class Step:
    ask: Asker
    on_text: TextAnswer | None = None
    on_button: ButtonAnswer | None = None
    on_file: FileAnswer | None = None
    can_go_back: bool = True


@dataclass
class Flow:
    name: str
    first: str
    steps: dict[str, Step]
    start_data: Callable[[Ctx], Awaitable[dict[str, Any]]]


def new_nonce() -> str:
    return secrets.token_hex(NONCE_BYTES)


def pack(nonce: str, value: str) -> str:
    """Callback data of a dialog button: `d|<nonce>|<value>`, well under Telegram's 64 bytes."""
    data = f"d|{nonce}|{value}"
    if len(data.encode()) > 64:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def unpack(data: str) -> tuple[str, str] | None:
    parts = data.split("|", 2)
    if len(parts) != 3 or parts[0] != "d":
        return None
    return parts[1], parts[2]


class Dialogs:
    """Runs flows for users: start, answer text, press a button, send a file, go back, cancel."""

    def __init__(self, store: DialogStore, flows: list[Flow]) -> None:
        self.store = store
        self.flows = {flow.name: flow for flow in flows}

    async def active(self, user_id: int) -> DialogState | None:
        state = await self.store.load(user_id)
        if state is not None and (state.flow not in self.flows or
                                  state.step not in self.flows[state.flow].steps):
            await self.store.clear(user_id)  # a flow renamed by an upgrade: start afresh, not crash
            return None
        return state

    async def start(self, ctx: Ctx, flow_name: str) -> list[Reply]:
        flow = self.flows[flow_name]
        state = DialogState(flow=flow.name, step=flow.first, data=await flow.start_data(ctx))
        return [await self._ask(ctx, flow, state)]

    async def cancel(self, ctx: Ctx) -> bool:
        had = await self.store.load(ctx.user_id) is not None
        await self.store.clear(ctx.user_id)
        return had

    async def repeat(self, ctx: Ctx, state: DialogState, *, notice: Html | None = None) -> list[Reply]:
        """Ask the current question again (after a restart, or when input was off-topic)."""
        question = await self._ask(ctx, self.flows[state.flow], state)
        if notice:  # one message, not two: the reason and the question it answers belong together
            question.text = Html(f"{notice}\n\n{question.text}")
        return [question]

    async def on_text(self, ctx: Ctx, state: DialogState, text: str) -> list[Reply]:
        """Typed text: a button's label typed out presses that button; otherwise the step reads it."""
        flow = self.flows[state.flow]
        step = flow.steps[state.step]
        buttons = (await self._question(ctx, flow, state)).buttons
        value = typed_choice(text, buttons, allow_prefix=step.on_text is None)
        if value is not None:
            pressed = await self._press(ctx, flow, state, value)
            if pressed is not None:
                return pressed
        if step.on_text is None:
            return await self.repeat(ctx, state, notice=t("dialog.use_buttons", ctx.lang))
        return await self._apply(ctx, state, await step.on_text(ctx, state, text))

    async def on_file(self, ctx: Ctx, state: DialogState, file: IncomingFile) -> list[Reply]:
        step = self.flows[state.flow].steps[state.step]
        if step.on_file is None:
            return await self.repeat(ctx, state, notice=t("dialog.no_file_here", ctx.lang))
        return await self._apply(ctx, state, await step.on_file(ctx, state, file))

    async def on_button(self, ctx: Ctx, state: DialogState, nonce: str, value: str) -> list[Reply] | None:
        """None when the button is stale (another question is current) or unknown to this step."""
        if nonce != state.nonce:
            return None
        return await self._press(ctx, self.flows[state.flow], state, value)

    async def _press(self, ctx: Ctx, flow: Flow, state: DialogState, value: str) -> list[Reply] | None:
        if value == CANCEL:
            await self.store.clear(ctx.user_id)
            return [Reply(t("dialog.cancelled", ctx.lang))]
        if value == BACK:
            if not state.history:
                return await self.repeat(ctx, state)
            state.step = state.history.pop()
            return [await self._ask(ctx, flow, state)]
        step = flow.steps[state.step]
        if step.on_button is None:
            return None
        return await self._apply(ctx, state, await step.on_button(ctx, state, value))

    async def _apply(self, ctx: Ctx, state: DialogState, outcome: Transition) -> list[Reply]:
        flow = self.flows[state.flow]
        if isinstance(outcome, Invalid):
            return await self.repeat(ctx, state, notice=t(outcome.key, ctx.lang, **outcome.args))
        if isinstance(outcome, Finish):
            await self.store.clear(ctx.user_id)
            return outcome.replies
        if outcome.step in state.history:
            # Returning to an earlier question (e.g. the list after adding an item) rewinds the
            # history, so Back from there does not walk through the detour again.
            del state.history[state.history.index(outcome.step):]
        elif outcome.remember and outcome.step != state.step:
            state.history.append(state.step)
        state.step = outcome.step
        return [await self._ask(ctx, flow, state)]

    async def _question(self, ctx: Ctx, flow: Flow, state: DialogState) -> Reply:
        """The current question with its Back and Cancel buttons, values not yet packed."""
        step = flow.steps[state.step]
        reply = await step.ask(ctx, state)
        back = state.history and step.can_go_back
        controls = [Button(plain("button.back", ctx.lang), BACK)] if back else []
        controls.append(Button(plain("button.cancel", ctx.lang), CANCEL))
        reply.buttons = [*reply.buttons, controls]
        return reply

    async def _ask(self, ctx: Ctx, flow: Flow, state: DialogState) -> Reply:
        """Build the question, give it a fresh nonce, persist, and only then let it be sent."""
        reply = await self._question(ctx, flow, state)
        state.nonce = new_nonce()
        await self.store.save(ctx.user_id, state)
        reply.buttons = [[Button(b.label, pack(state.nonce, b.value)) for b in row] for row in reply.buttons]
        return reply


def _fold(text: str) -> str:
    """Letters and digits only, lower case: '➕ Tambah diklat teknis' → 'tambahdiklatteknis'."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def typed_choice(text: str, buttons: list[list[Button]], *, allow_prefix: bool = True) -> str | None:
    """The value of the button whose label the person typed: exactly (ignoring case, spaces, symbols),
    or, where the question takes no free text, as the unique label starting with what they typed
    (at least 3 characters, e.g. 'lanjut')."""
    typed = _fold(text[:100])
    if not typed:
        return None
    flat = [b for row in buttons for b in row]
    exact = [b.value for b in flat if _fold(b.label) == typed]
    if len(exact) == 1:
        return exact[0]
    if not allow_prefix or len(typed) < 3:
        return None
    prefixed = [b.value for b in flat if _fold(b.label).startswith(typed)]
    return prefixed[0] if len(prefixed) == 1 else None
