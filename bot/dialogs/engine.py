"""A small state machine for guided conversations, independent of Telegram.

Why not PTB's ConversationHandler: its state lives in memory (or a pickle) and is flushed on an
interval, so a crash loses the user's place. Here every step is written to the database before the
next question is sent, Back is a history stack, and every button carries a nonce of the question it
belongs to, so a button from an old message is recognised as stale rather than acted upon.

Every flow's answers are a pydantic model of its own (`Flow.model`), validated whenever a state is read
back, so a stored state that no longer fits (an upgrade reshaped the answers) starts afresh instead of
failing mid-step. The state is saved through `Ctx.store`, bound to the update's one database session, so a
step's writes and the consumed question commit together. A flow that stored something finishes with a
receipt; pressing its last question's button again (the first answer was lost) finds the receipt.

Lifecycle of one person's state (each flow's own diagram, next to it, shows its steps):

```mermaid
stateDiagram-v2
    [*] --> asking: start (first question saved with a fresh nonce)
    asking --> asking: an answer (next question, or the same one with the reason) / Back
    asking --> [*]: Cancel, or a finish that stored nothing
    asking --> finished: a finish that stored something (its receipt, the last nonce)
    finished --> finished: the last button pressed again / "Sudah tersimpan: <receipt>"
    finished --> asking: another flow is started
    asking --> [*]: read back and no longer fits the flow's model (starts afresh)
```
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import Services
from bot.texts import Html, Lang, plain, t

BACK = "<"
CANCEL = "x"
NONCE_BYTES = 3  # 6 hex characters: enough to tell questions apart, cheap in 64-byte callback data
DONE_STEP = ""  # the step of a finished dialog kept only for its receipt

D = TypeVar("D", bound=BaseModel)


@dataclass(frozen=True)
class Button:
    label: str
    value: str
    web_app: str | None = None
    """A Web App button (the Mini App's URL) instead of callback data: Telegram opens the page, signed."""


@dataclass
class Reply:
    """One message to send: HTML text with optional inline buttons, or a photo or a document (new, or by id)."""

    text: Html
    buttons: list[list[Button]] = field(default_factory=list)
    photo: bytes | None = None
    document: tuple[str, bytes] | None = None
    menu: tuple[str, str] | None = None
    """(label, url): before this reply, the chat's menu button is set to open this Web App (the Mini App)."""
    file: tuple[str, str] | None = None
    """("photo" or "document", file_id): a file Telegram already holds, sent again by its id (a certificate
    shown to a reviewer); the text is its caption."""


class NoData(BaseModel):
    """The answers of a flow that keeps none (a single confirmation)."""


@dataclass
class DialogState(Generic[D]):
    """What is persisted between updates: the flow's answers are its own pydantic model (`Flow.model`),
    validated when read back, so a step never meets a missing key or a value of the wrong type.

    A finished flow that wrote something keeps `receipt` (what was stored) and the nonce of its last
    question, so that pressing that question's button again after a lost answer is told what was stored
    instead of doing it twice or hearing "expired"."""

    flow: str
    step: str
    data: D
    history: list[str] = field(default_factory=list)
    nonce: str = ""
    receipt: str | None = None

    @property
    def finished(self) -> bool:
        return self.step == DONE_STEP

    def to_json(self) -> dict[str, Any]:
        return {"flow": self.flow, "step": self.step, "data": self.data.model_dump(mode="json"),
                "history": self.history, "nonce": self.nonce, "receipt": self.receipt}


class DialogStore(Protocol):
    """Where states live; the database store is bound to the update's one session (unit of work)."""

    async def load(self, user_id: int) -> dict[str, Any] | None: ...
    async def save(self, user_id: int, state: DialogState[Any]) -> None: ...
    async def clear(self, user_id: int) -> None: ...


@dataclass
class Ctx:
    """What a step may know about the person it talks to, and the update's one database session: the
    step's writes, the dialog state and the consumed question commit together, or not at all."""

    user_id: int
    employee_id: int
    lang: Lang
    today: date
    services: Services
    session: AsyncSession
    store: DialogStore


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
    """The flow ends with these replies; `receipt` (HTML) names what was stored, for a repeated press."""

    replies: list[Reply]
    receipt: str | None = None


Transition = Go | Invalid | Finish


@dataclass(frozen=True)
class IncomingFile:
    file_id: str
    kind: str  # "photo" or "document"
    name: str | None
    mime_type: str | None
    size: int | None
    read_head: Callable[[int], Awaitable[bytes]] | None = field(default=None, compare=False, repr=False)
    """Fetches at most that many first bytes of the file (raises OSError when it cannot), for a step that
    must know what the file really is (`bot.certificates`); None where nothing can be fetched."""


@dataclass(frozen=True)
class Step(Generic[D]):
    ask: Callable[[Ctx, DialogState[D]], Awaitable[Reply]]
    on_text: Callable[[Ctx, DialogState[D], str], Awaitable[Transition]] | None = None
    on_button: Callable[[Ctx, DialogState[D], str], Awaitable[Transition]] | None = None
    on_file: Callable[[Ctx, DialogState[D], IncomingFile], Awaitable[Transition]] | None = None
    can_go_back: bool = True


@dataclass
class Flow(Generic[D]):
    name: str
    first: str
    steps: dict[str, Step[D]]
    start_data: Callable[[Ctx], Awaitable[D]]
    model: type[D]


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
    """Runs flows for users: start, answer text, press a button, send a file, go back, cancel.

    Each question is built once per answer (its buttons are both what a typed label is matched against and
    what is sent); the state is saved through `ctx.store` before the question leaves."""

    def __init__(self, flows: list[Flow[Any]]) -> None:
        self.flows = {flow.name: flow for flow in flows}

    def _state(self, raw: dict[str, Any]) -> DialogState[Any] | None:
        """A stored state read back and validated; None when it no longer fits (a flow renamed or its
        answers reshaped by an upgrade): the person starts afresh rather than meeting a crash."""
        flow = self.flows.get(str(raw.get("flow")))
        step = str(raw.get("step", ""))
        if flow is None or (step != DONE_STEP and step not in flow.steps):
            return None
        try:
            data = flow.model.model_validate(raw.get("data") or {})
        except ValidationError:
            return None
        receipt = raw.get("receipt")
        return DialogState(flow.name, step, data, [str(h) for h in raw.get("history") or [] if h in flow.steps],
                           str(raw.get("nonce") or ""), str(receipt) if receipt is not None else None)

    async def _load(self, store: DialogStore, user_id: int) -> DialogState[Any] | None:
        raw = await store.load(user_id)
        if raw is None:
            return None
        state = self._state(raw)
        if state is None:
            await store.clear(user_id)
        return state

    async def active(self, store: DialogStore, user_id: int) -> DialogState[Any] | None:
        """The conversation under way, if any (a finished one kept for its receipt is not under way)."""
        state = await self._load(store, user_id)
        return None if state is None or state.finished else state

    async def receipt(self, store: DialogStore, user_id: int, nonce: str | None = None) -> str | None:
        """What the person's last finished flow stored; with `nonce`, only if it was that question's."""
        state = await self._load(store, user_id)
        if state is None or not state.finished or (nonce is not None and nonce != state.nonce):
            return None
        return state.receipt

    async def start(self, ctx: Ctx, flow_name: str) -> list[Reply]:
        flow = self.flows[flow_name]
        state = DialogState(flow=flow.name, step=flow.first, data=await flow.start_data(ctx))
        return [await self._ask(ctx, flow, state)]

    async def cancel(self, store: DialogStore, user_id: int) -> bool:
        """End the conversation under way (/batal, linked or not); False when there was none."""
        had = await self.active(store, user_id) is not None
        await store.clear(user_id)
        return had

    async def repeat(self, ctx: Ctx, state: DialogState[Any], *, notice: Html | None = None) -> list[Reply]:
        """Ask the current question again (after a restart, or when input was off-topic)."""
        question = await self._ask(ctx, self.flows[state.flow], state)
        return [_with_notice(question, notice)]

    async def on_text(self, ctx: Ctx, state: DialogState[Any], text: str) -> list[Reply]:
        """Typed text: a button's label typed out presses that button; otherwise the step reads it."""
        flow = self.flows[state.flow]
        step = flow.steps[state.step]
        question = await self._question(ctx, flow, state)
        value = typed_choice(text, question.buttons, allow_prefix=step.on_text is None)
        if value is not None:
            pressed = await self._press(ctx, flow, state, value)
            if pressed is not None:
                return pressed
        if step.on_text is None:
            return [await self._resend(ctx, state, question, t("dialog.use_buttons", ctx.lang))]
        return await self._apply(ctx, state, await step.on_text(ctx, state, text), built=question)

    async def on_file(self, ctx: Ctx, state: DialogState[Any], file: IncomingFile) -> list[Reply]:
        step = self.flows[state.flow].steps[state.step]
        if step.on_file is None:
            return await self.repeat(ctx, state, notice=t("dialog.no_file_here", ctx.lang))
        return await self._apply(ctx, state, await step.on_file(ctx, state, file))

    async def on_button(self, ctx: Ctx, state: DialogState[Any], nonce: str, value: str) -> list[Reply] | None:
        """None when the button is stale (another question is current) or unknown to this step."""
        if nonce != state.nonce:
            return None
        return await self._press(ctx, self.flows[state.flow], state, value)

    async def _press(self, ctx: Ctx, flow: Flow[Any], state: DialogState[Any], value: str) -> list[Reply] | None:
        if value == CANCEL:
            await ctx.store.clear(ctx.user_id)
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

    async def _apply(
        self, ctx: Ctx, state: DialogState[Any], outcome: Transition, *, built: Reply | None = None
    ) -> list[Reply]:
        """Where an answer leads; `built` is the current question if it was already built for this answer."""
        flow = self.flows[state.flow]
        if isinstance(outcome, Invalid):
            notice = t(outcome.key, ctx.lang, **outcome.args)
            if built is not None:
                return [await self._resend(ctx, state, built, notice)]
            return await self.repeat(ctx, state, notice=notice)
        if isinstance(outcome, Finish):
            if outcome.receipt is None:
                await ctx.store.clear(ctx.user_id)
            else:  # the finished question's nonce stays, so its button, pressed again, finds the receipt
                await ctx.store.save(ctx.user_id, DialogState(flow.name, DONE_STEP, state.data, [], state.nonce,
                                                              outcome.receipt))
            return outcome.replies
        if outcome.step in state.history:
            # Returning to an earlier question (e.g. the list after adding an item) rewinds the
            # history, so Back from there does not walk through the detour again.
            del state.history[state.history.index(outcome.step):]
        elif outcome.remember and outcome.step != state.step:
            state.history.append(state.step)
        state.step = outcome.step
        return [await self._ask(ctx, flow, state)]

    async def _question(self, ctx: Ctx, flow: Flow[Any], state: DialogState[Any]) -> Reply:
        """The current question with its Back and Cancel buttons, values not yet packed."""
        step = flow.steps[state.step]
        reply = await step.ask(ctx, state)
        back = state.history and step.can_go_back
        controls = [Button(plain("button.back", ctx.lang), BACK)] if back else []
        controls.append(Button(plain("button.cancel", ctx.lang), CANCEL))
        reply.buttons = [*reply.buttons, controls]
        return reply

    async def _ask(self, ctx: Ctx, flow: Flow[Any], state: DialogState[Any]) -> Reply:
        return await self._packed(ctx, state, await self._question(ctx, flow, state))

    async def _resend(self, ctx: Ctx, state: DialogState[Any], question: Reply, notice: Html) -> Reply:
        """A question already built, sent again with a notice (not built a second time)."""
        return _with_notice(await self._packed(ctx, state, question), notice)

    async def _packed(self, ctx: Ctx, state: DialogState[Any], question: Reply) -> Reply:
        """Give the question a fresh nonce, persist, and only then let it be sent."""
        state.nonce = new_nonce()
        await ctx.store.save(ctx.user_id, state)
        question.buttons = [[Button(b.label, pack(state.nonce, b.value)) for b in row] for row in question.buttons]
        return question


def _with_notice(question: Reply, notice: Html | None) -> Reply:
    if notice:  # one message, not two: the reason and the question it answers belong together
        question.text = Html(f"{notice}\n\n{question.text}")
    return question


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
