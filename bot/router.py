"""Where an update goes, decided once, above the features; and one unit of work per update.

Every feature registers here (`Router.command`, `.button`, `.flow`, …, called from its `register`), and
`install` turns that into PTB handlers. Each update then runs as one *turn*:

1. in one database session (a unit of work), the person's lock is taken (PostgreSQL: an advisory lock
   per Telegram account, so N webhook processes apply one person's updates one at a time; SQLite runs in
   one process, where `PerPersonUpdates` does the same),
2. who they are is read, the guard is applied once (not linked → only a link code is taken; linked with
   no conversation under way → the menu), and the action runs, writing through the same session as the
   dialog state, so consuming a question and the action it triggers commit together,
3. the session commits, and only then are the button answered and the replies sent
   (`bot.telegram_io.deliver`). A reply that cannot be sent after the commit is logged, not raised: the
   error handler's "try again" is only ever said when nothing was committed.

A repeated press of a question whose flow already finished finds the receipt the flow left ("Sudah
tersimpan: …") instead of acting twice or calling the button expired.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import BotCommand, CallbackQuery, Message, Update
from telegram.constants import ParseMode
from telegram.ext import (
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.clock import FakeClock
from bot.delivery.job import note_replies
from bot.dialogs.engine import Ctx, Dialogs, DialogState, Flow, IncomingFile, Reply, unpack
from bot.dialogs.store import DatabaseDialogStore
from bot.linking.codes import is_well_formed
from bot.linking.service import Me, whoami
from bot.menu import MENU_PREFIX, menu_buttons
from bot.offload import TurnResult
from bot.services import Services
from bot.storage.db import is_sqlite
from bot.storage.models.dialog import DialogStateRow
from bot.telegram_files import head_reader
from bot.telegram_io import PRIVATE_MESSAGES, BotApplication, BotContext, call_interactive, deliver
from bot.texts import CATALOG, LANGUAGES, Html, Lang, lang_of, plain, t

log = logging.getLogger(__name__)
MAX_TEXT_INPUT = 1000  # longer answers are refused before any parsing: no question needs more
MAX_CONCURRENT_UPDATES = 256
REMEMBERED_FLOWS = 10_000
"""How many people's current flow the router remembers (the most recent) to choose a turn's loop without a read."""
FLOW_SEEN = "bot.router.flow"
"""Key in a turn's `session.info`: the flow the person's dialog state names, as the turn last read or wrote it."""


@dataclass
class Caller:
    """One update's person and unit of work: the session every service call of the turn uses, and what to
    say once it has committed (`say`, `answer`)."""

    services: Services
    dialogs: Dialogs
    session: AsyncSession
    user_id: int
    chat_id: int
    me: Me | None
    lang: Lang
    args: list[str] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    query: CallbackQuery | None = None
    message: Message | None = None
    query_answer: tuple[str | None, bool] = (None, False)
    retire: bool = False

    @property
    def store(self) -> DatabaseDialogStore:
        return _SeenStore(self.session, self.services.clock)

    def ctx(self) -> Ctx:
        assert self.me is not None
        return Ctx(self.user_id, self.me.employee_id, self.lang, self.services.today(), self.services,
                   self.session, self.store)

    def say(self, *replies: Reply) -> None:
        """Queue replies: they are sent after the turn's commit, in order."""
        self.replies.extend(replies)

    def answer(self, text: str | None = None, *, alert: bool = False) -> None:
        """How the pressed button is answered (default: silently)."""
        self.query_answer = (text, alert)

    async def refresh(self) -> None:
        """Read who they are again (after linking or a language change in this turn)."""
        default = lang_of(self.services.settings.DEFAULT_LANGUAGE)
        self.me = await whoami(self.session, self.user_id, default)
        self.lang = self.me.lang if self.me else self.lang


class _SeenStore(DatabaseDialogStore):
    """The dialog store, noting in the session which flow the state names after each read or write (`FLOW_SEEN`),
    for `Router._is_heavy` to know the person's next answer's loop without a session of its own."""

    async def load(self, user_id: int) -> dict[str, Any] | None:
        raw = await super().load(user_id)
        self.session.info[FLOW_SEEN] = raw.get("flow") if raw is not None else None
        return raw

    async def save(self, user_id: int, state: DialogState[Any]) -> None:
        await super().save(user_id, state)
        self.session.info[FLOW_SEEN] = state.flow

    async def clear(self, user_id: int) -> None:
        await super().clear(user_id)
        self.session.info[FLOW_SEEN] = None


def _flow_left(session: AsyncSession) -> tuple[str | None] | None:
    return (session.info[FLOW_SEEN],) if FLOW_SEEN in session.info else None


Action = Callable[[Caller], Awaitable[None]]
ButtonAction = Callable[[Caller, str], Awaitable[None]]
TextAction = Callable[[Caller, str], Awaitable[None]]
MessageText = Callable[[Message], str]
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


def menu(who: Caller, key: str = "hint.unknown", **kwargs: object) -> None:
    who.say(Reply(t(key, who.lang, **kwargs), menu_buttons(who.lang)))


async def start_flow(who: Caller, flow: str) -> None:
    """Start a guided conversation, unless one is under way: the same one continues where it was; another
    one is named, with its current question again, so answers already given are never thrown away."""
    ctx = who.ctx()
    state = await who.dialogs.active(ctx.store, who.user_id)
    if state is None:
        who.say(*await who.dialogs.start(ctx, flow))
    elif state.flow == flow:
        who.say(*await who.dialogs.repeat(ctx, state, notice=t("dialog.resume", who.lang)))
    else:
        name = CATALOG[who.lang].get(f"flow.{state.flow}", state.flow)
        who.say(*await who.dialogs.repeat(ctx, state, notice=t("dialog.busy", who.lang, flow=name)))


@dataclass(frozen=True)
class _Command:
    names: tuple[str, ...]
    action: Action
    linked: bool
    listed: bool
    heavy: bool


class Router:
    """The one registry of what the bot answers; features add to it in their `register(router)`."""

    def __init__(self, application: BotApplication, services: Services) -> None:
        self.application = application
        self.services = services
        self._commands: list[_Command] = []
        self._menu: dict[str, Action] = {}
        self._buttons: dict[str, ButtonAction] = {}
        self._flows: list[Flow[Any]] = []
        self._readers: dict[tuple[str, str], MessageText] = {}
        self._code: TextAction | None = None
        self._turns: dict[str, tuple[Action, bool, str]] = {}
        self._heavy_flows: set[str] = set()
        self._heavy_buttons: list[str] = []
        self._flow_of: OrderedDict[int, str | None] = OrderedDict()
        """Telegram user id → the flow their dialog state named when a turn in this process last saw it."""

    # -- registration -----------------------------------------------------------------------------------

    def command(self, names: str | tuple[str, ...], action: Action, *, linked: bool = True,
                listed: bool = True, menu: bool = False, heavy: bool = False) -> None:
        """A command (first name Indonesian, then aliases); `linked`: only for linked people (others are
        asked for their code); `listed`: shown by setMyCommands; `menu`: also a main-menu button; `heavy`:
        it computes a lot, so its turns run on the offload loop."""
        names = (names,) if isinstance(names, str) else names
        self._commands.append(_Command(names, action, linked, listed, heavy))
        if menu:
            self._menu[names[0]] = action

    def menu_item(self, name: str, action: Action) -> None:
        """A main-menu button (`m|name`) that is not a command."""
        self._menu[name] = action

    def button(self, prefix: str, action: ButtonAction, *, heavy: bool = False) -> None:
        """Buttons whose data starts with `prefix` (linked people only); the action gets the data after it
        and re-checks everything the data claims (the client can send any data). `heavy` as for commands."""
        self._buttons[prefix] = action
        if heavy:
            self._heavy_buttons.append(prefix)

    def flow(self, flow: Flow[Any], *, full_text: dict[str, MessageText] | None = None, heavy: bool = False) -> None:
        """A guided conversation. `full_text`: steps that read the message themselves (e.g. formatted HTML
        up to Telegram's length) instead of plain text capped at MAX_TEXT_INPUT; `heavy`: its answers are
        handled on the offload loop."""
        self._flows.append(flow)
        if heavy:
            self._heavy_flows.add(flow.name)
        for step, reader in (full_text or {}).items():
            self._readers[(flow.name, step)] = reader

    def link_code(self, action: TextAction) -> None:
        """What a person who is not linked yet may send (a link code), and a code sent again later."""
        self._code = action

    def dialogs(self) -> Dialogs:
        return Dialogs(self._flows)

    def listed_commands(self) -> list[str]:
        return [c.names[0] for c in self._commands if c.listed]

    # -- PTB handlers -----------------------------------------------------------------------------------

    def install(self) -> None:
        app = self.application
        for command in self._commands:
            app.add_handler(CommandHandler(list(command.names), self._command(command), filters=PRIVATE_MESSAGES))
        app.add_handler(CommandHandler(["batal", "cancel"], self._turn(self._cancel), filters=PRIVATE_MESSAGES))
        app.add_handler(CallbackQueryHandler(self._turn(self._button, linked_only=False)))
        app.add_handler(MessageHandler(PRIVATE_MESSAGES & filters.COMMAND, self._turn(self._unknown_command)))
        app.add_handler(MessageHandler(PRIVATE_MESSAGES & filters.TEXT, self._turn(self._text, linked_only=False)))
        app.add_handler(MessageHandler(PRIVATE_MESSAGES & (filters.PHOTO | filters.Document.ALL),
                                       self._turn(self._file)))
        app.add_handler(MessageHandler(PRIVATE_MESSAGES & ~filters.StatusUpdate.ALL, self._turn(self._other)))

    async def register_commands(self) -> None:
        """setMyCommands in Indonesian (default) and English; /batal last."""
        names = [*self.listed_commands(), "batal"]
        for lang in LANGUAGES:
            commands = [BotCommand(name, plain(f"cmd.{name}", lang)) for name in names]
            await self.application.bot.set_my_commands(commands, language_code=None if lang == "id" else lang)

    def _command(self, command: _Command) -> Handler:
        async def action(who: Caller) -> None:
            await command.action(who)

        return self._turn(action, linked_only=command.linked, unlinked_key="link.needed", heavy=command.heavy)

    def _turn(self, action: Action, *, linked_only: bool = True, unlinked_key: str = "start.ask_code",
              heavy: bool = False) -> Handler:
        """The PTB handler running `action` as one turn (see the module's doc); `linked_only`: others are
        told `unlinked_key` (how to link) instead; `heavy`: on the offload loop (`bot.services.Offload`)."""

        async def handle(update: Update, context: BotContext) -> None:
            user, chat = update.effective_user, update.effective_chat
            query = update.callback_query
            if user is None or chat is None or chat.type != "private":
                if query is not None:
                    await call_interactive(query.answer, "answer a button outside a private chat")
                return
            services = context.services
            args = list(context.args or [])
            offload = services.offload
            # A heavy turn waits for the worker to start (when it does not run yet) rather than stall everyone
            # here: `bot.offload`'s doc says why.
            if offload is not None and (heavy or await self._is_heavy(update, services)) and await offload.started():
                result = await offload.run(key, update.to_dict(), args, services.clock.now())
            else:
                who = await self._run_turn(update, services, context.dialogs, args, action, linked_only, unlinked_key)
                result = TurnResult(who.replies, who.query_answer, who.retire, _flow_left(who.session))
            if result.flow_left is not None:
                self._remember(user.id, result.flow_left[0])
            await _after_commit(context, chat.id, query, result)

        key = str(len(self._turns))
        self._turns[key] = (action, linked_only, unlinked_key)
        return handle

    async def run_offloaded(self, key: str, data: dict[str, Any], args: list[str], now: datetime) -> TurnResult:
        """In the offload worker (`bot.offload`): the turn registered as `key`, at the parent's `now`."""
        action, linked_only, unlinked_key = self._turns[key]
        update = Update.de_json(data, self.application.bot)
        services = replace(self.services, clock=FakeClock(now, tz=self.services.settings.tz))
        who = await self._run_turn(update, services, self.application.bot_data.dialogs, args, action, linked_only,
                                   unlinked_key)
        return TurnResult(who.replies, who.query_answer, who.retire, _flow_left(who.session))

    async def _run_turn(self, update: Update, services: Services, dialogs: Dialogs, args: list[str],
                        action: Action, linked_only: bool, unlinked_key: str) -> Caller:
        user, chat, query = update.effective_user, update.effective_chat, update.callback_query
        assert user is not None and chat is not None
        async with self._unit_of_work(services.sessionmaker, services, user.id) as session:
            default = lang_of(services.settings.DEFAULT_LANGUAGE)
            # Indonesian unless the person chose otherwise with /bahasa; Telegram's client language is not a choice.
            me = await whoami(session, user.id, default)
            who = Caller(services, dialogs, session, user.id, chat.id, me, me.lang if me else default,
                         args, query=query,
                         message=update.effective_message if query is None else None)
            if linked_only and me is None:
                if query is not None:
                    who.answer(plain("link.needed", who.lang), alert=True)
                else:
                    who.say(Reply(t(unlinked_key, who.lang)))
            else:
                await action(who)
        return who

    async def _is_heavy(self, update: Update, services: Services) -> bool:
        """Whether this update presses a heavy button or answers a question of a heavy flow (a cheap look,
        outside the turn: it only chooses the loop; the turn reads the state again under the lock). The flow is
        the one the person's last turn in this process left (`_flow_of`), so an answer is one session, its turn's;
        it is read only for someone this process has not seen lately (or whose turn did not look at it). Another
        process may have moved them on since: then this answer runs on the other loop, once, and is right all
        the same."""
        data = update.callback_query.data if update.callback_query else None
        if data is not None and any(data.startswith(prefix) for prefix in self._heavy_buttons):
            return True
        if not self._heavy_flows or update.effective_user is None:
            return False
        message = update.message
        if data is None and (message is None or (message.text or "").startswith("/")):
            return False
        if data is not None and unpack(data) is None:
            return False
        user_id = update.effective_user.id
        if user_id in self._flow_of:
            self._flow_of.move_to_end(user_id)
            return self._flow_of[user_id] in self._heavy_flows
        async with services.sessionmaker() as session:
            flow = (await session.exec(select(DialogStateRow.flow).where(
                col(DialogStateRow.telegram_user_id) == user_id))).first()
        self._remember(user_id, flow)
        return flow in self._heavy_flows

    def _remember(self, user_id: int, flow: str | None) -> None:
        self._flow_of[user_id] = flow
        self._flow_of.move_to_end(user_id)
        if len(self._flow_of) > REMEMBERED_FLOWS:
            self._flow_of.popitem(last=False)

    @asynccontextmanager
    async def _unit_of_work(self, sessionmaker: Any, services: Services,
                            user_id: int) -> AsyncIterator[AsyncSession]:
        async with sessionmaker() as session:
            try:
                if not is_sqlite(services.settings.DATABASE_URL):
                    # Held to the end of this transaction: one person's updates, one at a time, in every process.
                    connection = await session.connection()
                    await connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": user_id})
                yield session
            except BaseException:
                await session.rollback()
                raise
            await session.commit()

    # -- what the catch-all handlers do -----------------------------------------------------------------

    async def _text(self, who: Caller) -> None:
        message = _message(who)
        text = message.text or ""
        if who.me is None or (is_well_formed(text.strip()) and await self._idle(who)):
            if self._code is not None:
                await self._code(who, text.strip()[:100])
            return
        state = await who.dialogs.active(who.store, who.user_id)
        if state is None:
            menu(who)
            return
        reader = self._readers.get((state.flow, state.step))
        if reader is not None:
            who.say(*await who.dialogs.on_text(who.ctx(), state, reader(message)))
        elif len(text) > MAX_TEXT_INPUT:
            notice = t("error.text_too_long", who.lang, max=MAX_TEXT_INPUT)
            who.say(*await who.dialogs.repeat(who.ctx(), state, notice=notice))
        else:
            who.say(*await who.dialogs.on_text(who.ctx(), state, text))

    async def _idle(self, who: Caller) -> bool:
        return await who.dialogs.active(who.store, who.user_id) is None

    async def _file(self, who: Caller) -> None:
        message = _message(who)
        state = await who.dialogs.active(who.store, who.user_id)
        if state is None:
            await self._no_dialog(who)
            return
        if message.photo:
            photo = message.photo[-1]
            incoming = IncomingFile(photo.file_id, "photo", None, "image/jpeg", photo.file_size)
        elif message.document:
            document = message.document
            incoming = IncomingFile(document.file_id, "document", document.file_name, document.mime_type,
                                    document.file_size)
        else:
            who.say(*await who.dialogs.repeat(who.ctx(), state, notice=t("error.text_expected", who.lang)))
            return
        incoming = replace(incoming, read_head=head_reader(message.get_bot(), incoming.file_id))
        who.say(*await who.dialogs.on_file(who.ctx(), state, incoming))

    async def _no_dialog(self, who: Caller) -> None:
        """A file with no question asking for one: if the last flow just stored something (the answer to
        that file may have been lost), say what; else the menu."""
        receipt = await who.dialogs.receipt(who.store, who.user_id)
        if receipt is not None:
            menu(who, "dialog.already_done", receipt=Html(receipt))
        else:
            menu(who)

    async def _other(self, who: Caller) -> None:
        """Stickers, voice, locations…: in a dialog, the same question again; otherwise the menu."""
        state = await who.dialogs.active(who.store, who.user_id)
        if state is None:
            menu(who)
        else:
            who.say(*await who.dialogs.repeat(who.ctx(), state, notice=t("error.text_expected", who.lang)))

    async def _unknown_command(self, who: Caller) -> None:
        command = (_message(who).text or "/").split()[0][:32]
        state = await who.dialogs.active(who.store, who.user_id)
        notice = t("hint.unknown_command", who.lang, command=command)
        if state is not None:
            who.say(*await who.dialogs.repeat(who.ctx(), state, notice=notice))
        else:
            menu(who, "hint.unknown_command", command=command)

    async def _cancel(self, who: Caller) -> None:
        had = await who.dialogs.cancel(who.store, who.user_id)
        key = "dialog.cancelled" if had else "dialog.nothing_to_cancel"
        if who.me is None:
            who.say(Reply(t(key, who.lang)))
        else:
            menu(who, key)

    async def _button(self, who: Caller) -> None:
        """The one callback-query handler: dialog answers, menu items, registered prefixes."""
        assert who.query is not None
        data = who.query.data or ""
        if who.me is None:
            who.answer(plain("link.needed", who.lang), alert=True)
            return
        if (packed := unpack(data)) is not None:
            await self._dialog_button(who, *packed)
            return
        if data.startswith(MENU_PREFIX) and data[len(MENU_PREFIX):] in self._menu:
            await self._menu[data[len(MENU_PREFIX):]](who)
            return
        for prefix, action in self._buttons.items():
            if data.startswith(prefix):
                await action(who, data[len(prefix):])
                return
        who.answer(plain("button.expired", who.lang), alert=True)

    async def _dialog_button(self, who: Caller, nonce: str, value: str) -> None:
        state: DialogState[Any] | None = await who.dialogs.active(who.store, who.user_id)
        replies = await who.dialogs.on_button(who.ctx(), state, nonce, value) if state is not None else None
        if replies is not None:
            who.retire = True
            who.say(*replies)
            return
        receipt = await who.dialogs.receipt(who.store, who.user_id, nonce)
        if receipt is None:
            who.answer(plain("button.expired", who.lang), alert=True)
            return
        who.retire = True  # the answer to the first press was lost: say what that press stored
        menu(who, "dialog.already_done", receipt=Html(receipt))


def _message(who: Caller) -> Message:
    assert who.message is not None  # the message handlers are only installed for updates with one
    return who.message


async def _after_commit(context: BotContext, chat_id: int, query: CallbackQuery | None, result: TurnResult) -> None:
    """Answer the button, retire its keyboard, send the replies: all after the commit, none raising."""
    if query is not None:
        text, alert = result.query_answer
        await call_interactive(lambda: query.answer(text, show_alert=alert), "answer a button")
        if result.retire:
            await _retire_keyboard(query)
    if await deliver(context.bot, chat_id, result.replies):
        note_replies(context.application, chat_id)


async def _retire_keyboard(query: CallbackQuery) -> None:
    """Replace the buttons of an answered question by the answer chosen, so the chat reads like a record
    and an old message cannot be pressed again (the nonce protects it anyway)."""
    message = query.message
    chosen = None
    if isinstance(message, Message) and message.reply_markup is not None:
        chosen = next((b.text for row in message.reply_markup.inline_keyboard for b in row
                       if b.callback_data == query.data), None)
    if isinstance(message, Message) and message.text and chosen:
        text = f"{message.text_html}\n\n<i>➡️ {html.escape(chosen)}</i>"
        await call_interactive(lambda: query.edit_message_text(text, parse_mode=ParseMode.HTML), "retire a keyboard")
    else:
        await call_interactive(lambda: query.edit_message_reply_markup(reply_markup=None), "retire a keyboard")


class PerPersonUpdates(BaseUpdateProcessor):
    """Updates of different people at once, each person's in the order they arrived (PTB's
    `concurrent_updates` with a lock per Telegram account; tasks reach the lock in arrival order and
    asyncio's locks are fair). Across processes the advisory lock of the turn does the same."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        user = update.effective_user if isinstance(update, Update) else None
        if user is None:
            await coroutine
            return
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        self._waiting[user.id] = self._waiting.get(user.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[user.id] -= 1
            if not self._waiting[user.id]:
                del self._waiting[user.id], self._locks[user.id]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
