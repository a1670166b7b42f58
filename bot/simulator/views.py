"""What a test (or a terminal demo) sees: immutable snapshots of users, messages, buttons and files.

Snapshots, not live records, so an assertion reads the message as it was when it was fetched and a later
edit cannot change a value the test already holds; `sim.wait_for_edit(message)` fetches the next state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.simulator.errors import SimulatorUsageError


@dataclass(frozen=True)
class SimUser:
    """A Telegram user of the simulated world; the private chat with the bot has the same id."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    phone_number: str | None = None
    is_bot: bool = False

    def to_api(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat_api(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass(frozen=True)
class Button:
    """One inline keyboard button as the user sees it."""

    text: str
    row: int
    column: int
    callback_data: str | None = None
    url: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SentFile:
    """A photo or document in the chat: the exact bytes, ready to compare or save to disk."""

    kind: Literal["photo", "document"]
    data: bytes
    filename: str
    mime_type: str
    file_id: str
    width: int = 0
    height: int = 0


MessageKind = Literal["text", "photo", "document", "contact"]


@dataclass(frozen=True)
class SimMessage:
    """A message in a private chat, with every edit applied, as the user reads it now."""

    message_id: int
    chat_id: int
    from_bot: bool
    kind: MessageKind
    date: int
    text: str | None = None
    caption: str | None = None
    entities: tuple[Mapping[str, Any], ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()
    keyboard: tuple[tuple[str, ...], ...] | None = None
    file: SentFile | None = None
    reply_to_message_id: int | None = None
    edit_count: int = 0
    deleted: bool = False
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def content(self) -> str:
        """The words on screen: the text, or the caption of a photo or document."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def edited(self) -> bool:
        return self.edit_count > 0

    @property
    def button_texts(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    @property
    def has_inline_keyboard(self) -> bool:
        return bool(self.buttons)

    def button(self, label_or_data: str) -> Button:
        """The button with this exact label, or else with this callback data; raises if none or several."""
        flat = [button for row in self.buttons for button in row]
        for matches in (
            [b for b in flat if b.text == label_or_data],
            [b for b in flat if b.callback_data == label_or_data],
        ):
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise SimulatorUsageError(
                    f"{len(matches)} buttons match {label_or_data!r} on message {self.message_id}; "
                    "press by callback data instead"
                )
        raise SimulatorUsageError(
            f"no button {label_or_data!r} on message {self.message_id}; it has {self.button_texts}"
        )

    def describe(self) -> str:
        """One readable block for failure messages and transcripts."""
        who = "bot" if self.from_bot else "user"
        body = self.content
        if self.file is not None:
            body = f"[{self.file.kind} {self.file.filename}] {body}".rstrip()
        if self.kind == "contact":
            body = f"[contact {self.raw.get('contact', {}).get('phone_number', '')}]"
        lines = [
            f"#{self.message_id} {who}{' (edited)' if self.edited else ''}"
            f"{' (deleted)' if self.deleted else ''}: {body}"
        ]
        lines += ["   " + " | ".join(f"[{b.text}]" for b in row) for row in self.buttons]
        if self.keyboard:
            lines += ["   keyboard: " + " | ".join(row) for row in self.keyboard]
        return "\n".join(lines)


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to a button press (answerCallbackQuery): a toast, an alert, or nothing."""

    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int


@dataclass(frozen=True)
class SimCallbackQuery:
    """A button press the simulated user made; pass it to `sim.callback_answer()` / `wait_for_answer()`."""

    id: str
    user_id: int
    message_id: int | None
    data: str | None


ChatEventKind = Literal["message", "edited", "deleted", "callback_answer", "chat_action"]


@dataclass(frozen=True)
class ChatEvent:
    """Something the bot did in a chat, in order, for a live consumer such as the terminal demo."""

    kind: ChatEventKind
    chat_id: int
    message: SimMessage | None = None
    answer: CallbackAnswer | None = None
    action: str | None = None
