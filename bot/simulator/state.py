"""The simulated Telegram: users, their private chats with the bot, messages, updates, callback queries.

One `SimState` per emulator, mutated only from the event loop it runs on, so no locks: every change is a
plain method call followed by `signal.notify()`, which wakes whoever waits on a condition (a long poll,
`wait_for_reply`, the webhook deliverer) to look again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.simulator.errors import (
    BLOCKED_BY_USER,
    CANT_INITIATE,
    CHAT_NOT_FOUND,
    USER_DEACTIVATED,
    bad_request,
    forbidden,
)
from bot.simulator.journal import Journal
from bot.simulator.media import FileStore, StoredFile
from bot.simulator.rules import Markup
from bot.simulator.views import (
    Button,
    CallbackAnswer,
    ChatEvent,
    ChatEventKind,
    MessageKind,
    SentFile,
    SimMessage,
    SimUser,
)
from bot.telegram_markup import FormattedText

# getUpdates' default when allowed_updates was never given: "all update types except chat_member,
# message_reaction, and message_reaction_count".
NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class ChangeSignal:
    """Wakes every waiter after any change; waiters re-check their own condition (no lost wake-ups)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, condition: Callable[[], bool], timeout: float) -> bool:
        """True once `condition()` holds; False if it still does not after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            event = self._event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return condition()
        return True


@dataclass(frozen=True)
class BotIdentity:
    token: str
    id: int
    username: str
    first_name: str

    def user_api(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def get_me(self) -> dict[str, Any]:
        return {
            **self.user_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }


@dataclass
class StoredMessage:
    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: FormattedText | None = None
    caption: FormattedText | None = None
    file: StoredFile | None = None
    contact: dict[str, Any] | None = None
    inline_markup: dict[str, Any] | None = None
    keyboard: Markup | None = None
    reply_to: int | None = None
    edit_date: int | None = None
    edit_count: int = 0
    deleted: bool = False


@dataclass
class ChatState:
    """The private chat between one user and the bot."""

    user: SimUser
    started: bool = False
    blocked: bool = False
    deactivated: bool = False
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    reply_keyboard: Markup | None = None
    bot_message_ids: list[int] = field(default_factory=list)
    consumed: int = 0
    chat_actions: list[str] = field(default_factory=list)


@dataclass
class CallbackQueryRecord:
    id: str
    user_id: int
    chat_id: int
    message_id: int | None
    data: str | None
    created: float
    answer: CallbackAnswer | None = None


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    has_custom_certificate: bool = False
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class UpdateQueue:
    """Updates not yet confirmed by the bot, oldest first, as Telegram keeps them for getUpdates."""

    pending: list[dict[str, Any]] = field(default_factory=list)
    next_id: int = 1
    allowed: frozenset[str] | None = None  # None: Telegram's default set

    def accepts(self, kind: str) -> bool:
        if self.allowed is None or not self.allowed:
            return kind not in NOT_DELIVERED_BY_DEFAULT
        return kind in self.allowed

    def push(self, update: dict[str, Any]) -> int | None:
        """Queue an update (numbering it if needed); None when allowed_updates filters its type out."""
        kinds = [key for key in update if key != "update_id"]
        if kinds and not self.accepts(kinds[0]):
            return None
        if not isinstance(update.get("update_id"), int):
            update = {"update_id": self.next_id, **update}
        self.next_id = max(self.next_id, int(update["update_id"]) + 1)
        self.pending.append(update)
        return int(update["update_id"])

    def confirm(self, offset: int) -> None:
        """getUpdates' offset: positive confirms everything below it, negative keeps only the last -offset."""
        if offset > 0:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        elif offset < 0:
            self.pending = self.pending[offset:]

    def drop_all(self) -> None:
        self.pending.clear()


class SimState:
    def __init__(
        self,
        bot: BotIdentity,
        *,
        wall_clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot = bot
        self.wall_clock = wall_clock
        self.monotonic = monotonic
        self.users: dict[int, SimUser] = {}
        self.chats: dict[int, ChatState] = {}
        self.files = FileStore()
        self.updates = UpdateQueue()
        self.webhook: WebhookConfig | None = None
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        """setChatMenuButton: per private chat id, and None for the default of every chat."""
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.signal = ChangeSignal()
        self.subscribers: dict[int, list[asyncio.Queue[ChatEvent | None]]] = {}
        self.journal = Journal()
        self.poll_generation = 0
        self.closing = False
        self._callback_counter = 0

    # -- time -------------------------------------------------------------------------------------------
    def unix_now(self) -> int:
        return int(self.wall_clock())

    # -- users and chats --------------------------------------------------------------------------------
    def known_user(self, user_id: int) -> dict[str, Any] | None:
        user = self.users.get(user_id)
        return user.to_api() if user is not None else None

    def chat_for(self, raw_chat_id: object) -> ChatState:
        """The chat a bot addresses, or Telegram's "chat not found" (bots cannot address users by @name)."""
        chat_id: int | None = None
        if isinstance(raw_chat_id, int) and not isinstance(raw_chat_id, bool):
            chat_id = raw_chat_id
        elif isinstance(raw_chat_id, str) and raw_chat_id.strip().lstrip("-").isdigit():
            chat_id = int(raw_chat_id.strip())
        if chat_id is None or chat_id not in self.chats:
            raise bad_request(CHAT_NOT_FOUND)
        return self.chats[chat_id]

    def writable_chat(self, raw_chat_id: object) -> ChatState:
        """A chat the bot may post in now: known, started by the user, not blocked."""
        chat = self.chat_for(raw_chat_id)
        if chat.user.is_bot:
            raise forbidden("bot can't send messages to bots")
        if chat.deactivated:
            raise forbidden(USER_DEACTIVATED)
        if chat.blocked:
            raise forbidden(BLOCKED_BY_USER)
        if not chat.started:
            raise forbidden(CANT_INITIATE)
        return chat

    # -- messages ---------------------------------------------------------------------------------------
    def new_message(self, chat: ChatState, *, from_bot: bool, **content: Any) -> StoredMessage:
        message = StoredMessage(
            message_id=chat.next_message_id,
            chat_id=chat.user.id,
            from_bot=from_bot,
            date=self.unix_now(),
            **content,
        )
        chat.next_message_id += 1
        chat.messages[message.message_id] = message
        if from_bot:
            chat.bot_message_ids.append(message.message_id)
            if message.keyboard is not None:
                chat.reply_keyboard = None if message.keyboard.kind == "remove" else message.keyboard
        return message

    def message_api(self, message: StoredMessage, *, with_reply: bool = True) -> dict[str, Any]:
        """The Bot API `Message` object, as returned by send methods and carried in updates."""
        chat = self.chats[message.chat_id]
        sender = self.bot.user_api() if message.from_bot else chat.user.to_api()
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "from": sender,
            "chat": chat.user.chat_api(),
            "date": message.date,
        }
        if message.edit_date is not None:
            body["edit_date"] = message.edit_date
        if with_reply and message.reply_to is not None and message.reply_to in chat.messages:
            body["reply_to_message"] = self.message_api(chat.messages[message.reply_to], with_reply=False)
        if message.text is not None:
            body["text"] = message.text.text
            if message.text.entities:
                body["entities"] = [dict(e) for e in message.text.entities]
        if message.file is not None:
            if message.file.kind == "photo":
                body["photo"] = [message.file.photo_size()]
            else:
                body["document"] = message.file.document()
        if message.caption is not None and message.caption.text:
            body["caption"] = message.caption.text
            if message.caption.entities:
                body["caption_entities"] = [dict(e) for e in message.caption.entities]
        if message.contact is not None:
            body["contact"] = dict(message.contact)
        if message.inline_markup is not None:
            body["reply_markup"] = message.inline_markup
        return body

    def snapshot(self, message: StoredMessage) -> SimMessage:
        rows = (message.inline_markup or {}).get("inline_keyboard", [])
        buttons = tuple(
            tuple(
                Button(
                    text=button["text"],
                    row=r,
                    column=c,
                    callback_data=button.get("callback_data"),
                    url=button.get("url"),
                    raw=dict(button),
                )
                for c, button in enumerate(row)
            )
            for r, row in enumerate(rows)
        )
        keyboard = None
        if message.keyboard is not None and message.keyboard.kind == "reply":
            keyboard = tuple(
                tuple(b["text"] if isinstance(b, dict) else str(b) for b in row)
                for row in message.keyboard.data.get("keyboard", [])
            )
        sent = None
        if message.file is not None:
            stored = message.file
            sent = SentFile(
                stored.kind,
                stored.data,
                stored.filename,
                stored.mime_type,
                stored.file_id,
                stored.width,
                stored.height,
            )
        kind: MessageKind = "text"
        if message.file is not None:
            kind = message.file.kind
        elif message.contact is not None:
            kind = "contact"
        return SimMessage(
            message_id=message.message_id,
            chat_id=message.chat_id,
            from_bot=message.from_bot,
            kind=kind,
            date=message.date,
            text=message.text.text if message.text is not None else None,
            caption=message.caption.text if message.caption is not None else None,
            entities=(message.text or message.caption or FormattedText("")).entities,
            buttons=buttons,
            keyboard=keyboard,
            file=sent,
            reply_to_message_id=message.reply_to,
            edit_count=message.edit_count,
            deleted=message.deleted,
            raw=self.message_api(message),
        )

    # -- updates ----------------------------------------------------------------------------------------
    def push_update(self, update: dict[str, Any]) -> int | None:
        update_id = self.updates.push(update)
        self.signal.notify()
        return update_id

    def new_callback_query_id(self) -> str:
        self._callback_counter += 1
        return f"{self.bot.id}{self._callback_counter:09d}"

    # -- events for live consumers ----------------------------------------------------------------------
    def emit(self, event: ChatEvent) -> None:
        for queue in self.subscribers.get(event.chat_id, []):
            queue.put_nowait(event)
        self.signal.notify()

    def emit_message(self, kind: ChatEventKind, message: StoredMessage) -> None:
        self.emit(ChatEvent(kind, message.chat_id, message=self.snapshot(message)))
