"""`BotApiSimulator`: a local Telegram for one bot, driven by simulated users.

Start it, point the bot's Application at `sim.base_url` / `sim.base_file_url`, then act as users do and
look at what they see:

    async with BotApiSimulator() as sim:
        budi = sim.add_user("Budi", username="budi")
        ...build and start the Application against sim.base_url...
        await sim.user_sends(budi, "/start")
        reply = await sim.wait_for_reply(budi)
        assert "Selamat datang" in reply.text
        await sim.user_presses(budi, "Mulai")

Everything the user API does is something a Telegram client can do; what a client cannot do (press a
button that is not there, write after blocking the bot) raises `SimulatorUsageError` instead of producing
an update Telegram would never send. Crafted updates go through `inject_update` explicitly.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from bot.simulator.dispatch import Dispatcher
from bot.simulator.errors import SimulatorUsageError
from bot.simulator.faults import FaultPlan
from bot.simulator.feed import ChatFeed
from bot.simulator.journal import ApiCall, Violation
from bot.simulator.media import image_size
from bot.simulator.rates import RateLimits, RateMonitor
from bot.simulator.rules import MAX_CAPTION, MAX_TEXT, scope_key
from bot.simulator.server import TOKEN_SHAPE, ApiServer
from bot.simulator.state import BotIdentity, CallbackQueryRecord, ChatState, SimState, StoredMessage, WebhookConfig
from bot.simulator.views import Button, CallbackAnswer, SentFile, SimCallbackQuery, SimMessage, SimUser
from bot.simulator.webhook import WebhookDeliverer
from bot.telegram_markup import FormattedText, utf16_len

DEFAULT_TOKEN = "123456789:AAHsimulatorTokenForLocalTests_0000"
_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})?(?![\w/<>])")

MessageRef = SimMessage | int | None


class BotApiSimulator:
    """The emulator: HTTP server, simulated world, user API. Use as `async with BotApiSimulator() as sim`."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "ipasn_test_bot",
        bot_first_name: str = "IP ASN",
        rate_limits: RateLimits | None = None,
        callback_query_ttl: float = 15.0,
        wall_clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        first_user_id: int = 100_000_001,
    ) -> None:
        if not TOKEN_SHAPE.match(token):
            raise ValueError("a bot token looks like '123456789:AA...' (digits, a colon, letters)")
        identity = BotIdentity(token, int(token.split(":", 1)[0]), bot_username, bot_first_name)
        self.state = SimState(identity, wall_clock=wall_clock, monotonic=monotonic)
        self.faults = FaultPlan()
        self.rates = RateMonitor(rate_limits or RateLimits(), monotonic)
        self.dispatcher = Dispatcher(self.state, self.faults, self.rates, callback_query_ttl)
        self.server = ApiServer(self.state, self.dispatcher)
        self.deliverer = WebhookDeliverer(self.state, self.dispatcher)
        self._next_user_id = first_user_id
        self._running = False

    # -- lifecycle --------------------------------------------------------------------------------------
    async def start(self) -> None:
        self.state.closing = False
        self.server.start()
        await self.deliverer.start()
        self._running = True

    async def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self.state.closing = True
        self.state.signal.notify()
        for queues in self.state.subscribers.values():
            for queue in queues:
                queue.put_nowait(None)
        await self.deliverer.stop()
        await self.server.stop()

    async def __aenter__(self) -> BotApiSimulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def token(self) -> str:
        return self.state.bot.token

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot as getMe describes it."""
        return self.state.bot.get_me()

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def base_url(self) -> str:
        """For `ApplicationBuilder().base_url(...)`: PTB appends the token and `/<method>`."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For `ApplicationBuilder().base_file_url(...)`: PTB appends the token and `/<file_path>`."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- the simulated world ----------------------------------------------------------------------------
    def add_user(
        self,
        first_name: str,
        *,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "id",
        phone_number: str | None = None,
        user_id: int | None = None,
        started: bool = False,
    ) -> SimUser:
        """A Telegram user. The bot may write to them only once they wrote first (or `started=True`)."""
        if user_id is None:
            user_id = self._next_user_id
            self._next_user_id += 1
        if user_id in self.state.users or user_id == self.state.bot.id:
            raise SimulatorUsageError(f"user id {user_id} is taken")
        user = SimUser(user_id, first_name, last_name, username, language_code, phone_number)
        self.state.users[user_id] = user
        self.state.chats[user_id] = ChatState(user=user, started=started)
        return user

    def _chat(self, user: SimUser | int) -> ChatState:
        user_id = user if isinstance(user, int) else user.id
        chat = self.state.chats.get(user_id)
        if chat is None:
            raise SimulatorUsageError(f"unknown user {user_id}; create users with sim.add_user()")
        return chat

    def block(self, user: SimUser) -> None:
        """The user blocks the bot: every later send to them is 403 "bot was blocked by the user"."""
        self._chat(user).blocked = True

    def unblock(self, user: SimUser) -> None:
        self._chat(user).blocked = False

    def deactivate(self, user: SimUser) -> None:
        """The user deletes their account: sends are 403 "user is deactivated"."""
        self._chat(user).deactivated = True

    # -- what users do ----------------------------------------------------------------------------------
    def _acting_chat(self, user: SimUser) -> ChatState:
        chat = self._chat(user)
        if chat.deactivated:
            raise SimulatorUsageError(f"{user.first_name}'s account is deleted; they cannot write")
        if chat.blocked:
            raise SimulatorUsageError(f"{user.first_name} blocked the bot; call sim.unblock(user) first")
        chat.started = True
        return chat

    def _user_message(self, chat: ChatState, **content: Any) -> SimMessage:
        message = self.state.new_message(chat, from_bot=False, **content)
        self.rates.user_acted(chat.user.id)
        self.state.push_update({"message": self.state.message_api(message)})
        return self.state.snapshot(message)

    def _reply_ref(self, chat: ChatState, reply_to: MessageRef) -> int | None:
        if reply_to is None:
            return None
        message_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
        found = chat.messages.get(message_id)
        if found is None or found.deleted:
            raise SimulatorUsageError(f"message {message_id} is not in the chat")
        return message_id

    async def user_sends(self, user: SimUser, text: str, *, reply_to: MessageRef = None) -> SimMessage:
        """The user types `text`. A leading /command carries the `bot_command` entity Telegram adds."""
        chat = self._acting_chat(user)
        if not text.strip():
            raise SimulatorUsageError("Telegram clients do not send empty messages")
        if utf16_len(text) > MAX_TEXT:
            raise SimulatorUsageError(f"Telegram clients split text longer than {MAX_TEXT} characters")
        entities: tuple[dict[str, Any], ...] = ()
        command = _COMMAND.match(text)
        if command:
            entities = ({"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))},)
        return self._user_message(chat, text=FormattedText(text, entities), reply_to=self._reply_ref(chat, reply_to))

    async def user_sends_photo(
        self, user: SimUser, data: bytes, *, caption: str | None = None, filename: str = "photo.jpg"
    ) -> SimMessage:
        """The user sends a picture; the bot can fetch it with getFile and download it."""
        chat = self._acting_chat(user)
        size = image_size(data)
        if size is None:
            raise SimulatorUsageError("user_sends_photo needs PNG, JPEG, GIF, WebP or BMP bytes")
        stored = self.state.files.add("photo", data, filename, None, size)
        return self._user_message(chat, file=stored, caption=self._user_caption(caption))

    async def user_sends_document(
        self,
        user: SimUser,
        data: bytes,
        *,
        filename: str,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> SimMessage:
        chat = self._acting_chat(user)
        stored = self.state.files.add("document", data, filename, mime_type)
        return self._user_message(chat, file=stored, caption=self._user_caption(caption))

    @staticmethod
    def _user_caption(caption: str | None) -> FormattedText | None:
        if not caption:
            return None
        if utf16_len(caption) > MAX_CAPTION:
            raise SimulatorUsageError(f"captions are at most {MAX_CAPTION} characters")
        return FormattedText(caption)

    async def user_shares_contact(self, user: SimUser) -> SimMessage:
        """The user shares their own phone number (what a `request_contact` button sends)."""
        chat = self._acting_chat(user)
        if not user.phone_number:
            raise SimulatorUsageError("add the user with phone_number=... to share a contact")
        contact = {"phone_number": user.phone_number, "first_name": user.first_name, "user_id": user.id}
        if user.last_name:
            contact["last_name"] = user.last_name
        return self._user_message(chat, contact=contact)

    def _keyboard_message(self, chat: ChatState, message: MessageRef) -> StoredMessage:
        if message is not None:
            message_id = message if isinstance(message, int) else message.message_id
            stored = chat.messages.get(message_id)
            if stored is None or stored.deleted:
                raise SimulatorUsageError(f"message {message_id} is not in the chat")
            return stored
        for message_id in reversed(chat.bot_message_ids):
            stored = chat.messages[message_id]
            if not stored.deleted and stored.inline_markup:
                return stored
        raise SimulatorUsageError(f"no message with an inline keyboard in {chat.user.first_name}'s chat")

    def _press(self, chat: ChatState, message: StoredMessage, data: str) -> SimCallbackQuery:
        record = CallbackQueryRecord(
            id=self.state.new_callback_query_id(),
            user_id=chat.user.id,
            chat_id=chat.user.id,
            message_id=message.message_id,
            data=data,
            created=self.state.monotonic(),
        )
        self.state.callback_queries[record.id] = record
        self.rates.user_acted(chat.user.id)
        self.state.push_update(
            {
                "callback_query": {
                    "id": record.id,
                    "from": chat.user.to_api(),
                    "message": self.state.message_api(message),
                    "chat_instance": f"{self.state.bot.id}{chat.user.id}",
                    "data": data,
                }
            }
        )
        return SimCallbackQuery(record.id, chat.user.id, message.message_id, data)

    async def user_presses(self, user: SimUser, button: str, *, message: MessageRef = None) -> SimCallbackQuery:
        """Press an inline button by its label (or callback data) on `message`, else on the latest keyboard."""
        chat = self._acting_chat(user)
        stored = self._keyboard_message(chat, message)
        target: Button = self.state.snapshot(stored).button(button)
        if target.callback_data is None:
            raise SimulatorUsageError(f"button {target.text!r} opens a link or app; it sends nothing to the bot")
        return self._press(chat, stored, target.callback_data)

    async def forge_callback_query(self, user: SimUser, data: str, *, message: MessageRef = None) -> SimCallbackQuery:
        """A callback query with arbitrary data, as a modified client could send (to test validation)."""
        chat = self._acting_chat(user)
        if message is None:
            live = [m for m in chat.bot_message_ids if not chat.messages[m].deleted]
            if not live:
                raise SimulatorUsageError("the bot has sent no message to attach the query to")
            message = live[-1]
        return self._press(chat, self._keyboard_message(chat, message), data)

    async def user_chooses(self, user: SimUser, label: str) -> SimMessage:
        """Tap a button of the custom (reply) keyboard the bot is showing: it sends its label as text."""
        chat = self._acting_chat(user)
        keyboard = chat.reply_keyboard
        if keyboard is None:
            raise SimulatorUsageError(f"{user.first_name} has no custom keyboard open")
        for row in keyboard.data.get("keyboard", []):
            for button in row:
                text = button.get("text") if isinstance(button, dict) else button
                if text != label:
                    continue
                if keyboard.data.get("one_time_keyboard"):
                    chat.reply_keyboard = None
                if isinstance(button, dict) and button.get("request_contact"):
                    return await self.user_shares_contact(user)
                return await self.user_sends(user, label)
        labels = [b.get("text") if isinstance(b, dict) else b for row in keyboard.data["keyboard"] for b in row]
        raise SimulatorUsageError(f"no keyboard button {label!r}; the keyboard has {labels}")

    def inject_update(self, update: dict[str, Any]) -> int | None:
        """Queue a raw update exactly as given (numbered if it has no update_id); None if filtered out."""
        return self.state.push_update(dict(update))

    # -- waiting on the bot -----------------------------------------------------------------------------
    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0, *, what: str = "condition") -> None:
        """Wait for any condition over the simulator's state, re-checked after every change."""
        if not await self.state.signal.wait_until(condition, timeout):
            raise TimeoutError(self._report(f"{what} not met within {timeout}s"))

    async def wait_for_reply(self, user: SimUser, timeout: float = 5.0) -> SimMessage:
        """The next message the bot sent this user that no earlier wait returned (as it reads now)."""
        chat = self._chat(user)
        if not await self.state.signal.wait_until(lambda: chat.consumed < len(chat.bot_message_ids), timeout):
            raise TimeoutError(self._report(f"no reply to {user.first_name} within {timeout}s", chat))
        message_id = chat.bot_message_ids[chat.consumed]
        chat.consumed += 1
        return self.state.snapshot(chat.messages[message_id])

    async def wait_for_replies(self, user: SimUser, count: int, timeout: float = 5.0) -> list[SimMessage]:
        chat = self._chat(user)
        wanted = chat.consumed + count
        if not await self.state.signal.wait_until(lambda: len(chat.bot_message_ids) >= wanted, timeout):
            raise TimeoutError(self._report(f"fewer than {count} replies to {user.first_name} in {timeout}s", chat))
        return [await self.wait_for_reply(user, 0) for _ in range(count)]

    async def wait_for_delivery(self, timeout: float = 5.0) -> None:
        """Until the bot has taken every update queued so far: confirmed by a later getUpdates offset
        (polling; PTB confirms as soon as the batch is in its queue) or accepted by its webhook with a 2xx.
        Taken is not handled: to be sure a handler finished, wait for what it does."""
        target = self.state.updates.next_id - 1

        def taken() -> bool:
            return all(update["update_id"] > target for update in self.state.updates.pending)

        await self.wait_until(taken, timeout, what="update delivery")

    def pending_replies(self, user: SimUser) -> list[SimMessage]:
        """Bot messages to this user not yet returned by a wait; marks them read."""
        chat = self._chat(user)
        fresh = chat.bot_message_ids[chat.consumed :]
        chat.consumed = len(chat.bot_message_ids)
        return [self.state.snapshot(chat.messages[message_id]) for message_id in fresh]

    async def wait_for_edit(self, message: SimMessage, timeout: float = 5.0) -> SimMessage:
        """The message once the bot edited (or deleted) it after the given snapshot was taken."""
        chat = self._chat(message.chat_id)
        stored = chat.messages[message.message_id]

        def changed() -> bool:
            return stored.edit_count > message.edit_count or stored.deleted != message.deleted

        if not await self.state.signal.wait_until(changed, timeout):
            raise TimeoutError(self._report(f"message {message.message_id} not edited within {timeout}s", chat))
        return self.state.snapshot(stored)

    async def wait_for_answer(self, query: SimCallbackQuery, timeout: float = 5.0) -> CallbackAnswer:
        """The bot's answerCallbackQuery for this press (the spinner stops only then)."""
        record = self.state.callback_queries[query.id]
        if not await self.state.signal.wait_until(lambda: record.answer is not None, timeout):
            raise TimeoutError(
                self._report(f"callback query {query.data!r} not answered within {timeout}s", self._chat(query.user_id))
            )
        assert record.answer is not None
        return record.answer

    def subscribe(self, user: SimUser) -> ChatFeed:
        """Every later thing the bot does in this chat, as `ChatEvent`s, for live consumers."""
        return ChatFeed(self.state, self._chat(user).user.id)

    # -- what users see ---------------------------------------------------------------------------------
    def menu_button(self, user: SimUser) -> dict[str, Any]:
        """The menu button this user's chat shows (setChatMenuButton for the chat, else the default)."""
        button = self.state.menu_buttons.get(self._chat(user).user.id)
        if button is None or button.get("type") == "default":
            button = self.state.menu_buttons.get(None, {"type": "commands"})
        return dict(button)

    def transcript(self, user: SimUser, *, include_deleted: bool = False) -> list[SimMessage]:
        """The whole chat, both sides, oldest first, with edits applied."""
        chat = self._chat(user)
        return [
            self.state.snapshot(message) for message in chat.messages.values() if include_deleted or not message.deleted
        ]

    def render(self, user: SimUser) -> str:
        return "\n".join(message.describe() for message in self.transcript(user))

    def bot_messages(self, user: SimUser) -> list[SimMessage]:
        return [message for message in self.transcript(user) if message.from_bot]

    def last_message(self, user: SimUser) -> SimMessage | None:
        """The bot's latest message still in the chat."""
        messages = self.bot_messages(user)
        return messages[-1] if messages else None

    def last_text(self, user: SimUser) -> str:
        message = self.last_message(user)
        if message is None:
            raise SimulatorUsageError(f"the bot has sent nothing to {user.first_name}")
        return message.content

    def buttons(self, user: SimUser) -> list[list[Button]]:
        """The inline keyboard of the latest message that has one."""
        for message in reversed(self.bot_messages(user)):
            if message.buttons:
                return [list(row) for row in message.buttons]
        return []

    def reply_keyboard(self, user: SimUser) -> list[list[str]] | None:
        """The custom keyboard open under the input field, if any."""
        keyboard = self._chat(user).reply_keyboard
        if keyboard is None:
            return None
        return [
            [b.get("text", "") if isinstance(b, dict) else str(b) for b in row]
            for row in keyboard.data.get("keyboard", [])
        ]

    def files_sent(self, user: SimUser) -> list[SentFile]:
        """Photos and documents the bot sent this user, oldest first."""
        return [m.file for m in self.bot_messages(user) if m.file is not None]

    def chat_actions(self, user: SimUser) -> list[str]:
        return list(self._chat(user).chat_actions)

    def callback_answer(self, query: SimCallbackQuery) -> CallbackAnswer | None:
        return self.state.callback_queries[query.id].answer

    def unanswered_callback_queries(self) -> list[SimCallbackQuery]:
        """Presses still showing a spinner on the user's screen: the bot never answered them."""
        return [
            SimCallbackQuery(r.id, r.user_id, r.message_id, r.data)
            for r in self.state.callback_queries.values()
            if r.answer is None
        ]

    def commands(self, *, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, str]]:
        """The command menu set for exactly this scope and language."""
        key = scope_key(scope, lambda chat_id: self._chat(int(str(chat_id))).user.id)
        return [dict(c) for c in self.state.commands.get((key, language_code), [])]

    # -- what the bot did -------------------------------------------------------------------------------
    @property
    def violations(self) -> list[Violation]:
        """Requests Telegram would refuse (400/401/404, 409 webhook conflicts) and rate-limit excesses."""
        return list(self.state.journal.violations)

    @property
    def api_calls(self) -> list[ApiCall]:
        return list(self.state.journal.calls)

    @property
    def api_errors(self) -> list[ApiCall]:
        """Every refused call, including injected faults and 403s (which are not violations)."""
        return self.state.journal.errors

    def in_progress(self, method: str) -> int:
        """Calls of `method` the emulator is handling now (e.g. a delayed send it will still carry out)."""
        return self.dispatcher.in_progress[method]

    def calls(self, method: str) -> list[ApiCall]:
        return [call for call in self.state.journal.calls if call.method.lower() == method.lower()]

    @property
    def webhook(self) -> WebhookConfig | None:
        return self.state.webhook

    @property
    def delivered_webhook_updates(self) -> list[dict[str, Any]]:
        return list(self.deliverer.delivered)

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates the bot has not confirmed yet (getUpdates offset) or not received (webhook)."""
        return list(self.state.updates.pending)

    def _report(self, headline: str, chat: ChatState | None = None) -> str:
        lines = [headline]
        if chat is not None:
            lines.append(f"chat with {chat.user.first_name} (last messages):")
            recent = list(chat.messages.values())[-8:]
            lines += ["  " + self.state.snapshot(m).describe().replace("\n", "\n  ") for m in recent] or ["  (empty)"]
        errors = self.state.journal.errors[-5:]
        if errors:
            lines.append("recent refused calls:")
            lines += [f"  {call.method} -> {call.status} {call.description}" for call in errors]
        if self.state.journal.violations:
            lines.append(f"violations: {[str(v) for v in self.state.journal.violations[-5:]]}")
        lines.append(
            f"pending updates: {len(self.state.updates.pending)}; "
            f"webhook: {self.state.webhook.url if self.state.webhook else 'none'}"
        )
        return "\n".join(lines)
