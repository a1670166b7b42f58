"""Bot API methods that write into chats: send, edit, delete, answer a button press, chat actions, files.

Each function takes the state and the request's parameters and returns the `result` Telegram would return,
or raises the `ApiError` Telegram would answer with. Checks run in the order that lets the most specific
refusal win, as in the real API: the chat must be reachable before its content is judged.
"""

from __future__ import annotations

from typing import Any

from bot.simulator import rules
from bot.simulator.errors import (
    MESSAGE_NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    bad_request,
)
from bot.simulator.media import FileKind, StoredFile, image_size
from bot.simulator.params import Params
from bot.simulator.state import ChatState, SimState, StoredMessage
from bot.simulator.views import CallbackAnswer, ChatEvent
from bot.telegram_markup import FormattedText

DELETE_WINDOW_SECONDS = 48 * 3600


def _chat_id(params: Params) -> object:
    value = params.raw("chat_id")
    if value is None or value == "":
        raise bad_request("chat_id is empty")
    return value


def _caption(state: SimState, params: Params) -> FormattedText | None:
    caption = params.text("caption")
    if not caption:
        return None
    formatted = rules.formatted(
        caption,
        params.text("parse_mode"),
        params.json("caption_entities", what="caption entities"),
        state.known_user,
    )
    rules.check_caption(formatted)
    return formatted if formatted.text else None


def _reply_target(chat: ChatState, params: Params) -> int | None:
    """reply_parameters (or the older reply_to_message_id) pointing at a message of this chat."""
    reply = params.json("reply_parameters", what="reply parameters")
    allow_missing = params.flag("allow_sending_without_reply")
    target: int | None = None
    if isinstance(reply, dict):
        raw_id = reply.get("message_id")
        target = raw_id if isinstance(raw_id, int) else None
        allow_missing = bool(reply.get("allow_sending_without_reply", allow_missing))
        if target is None:
            raise bad_request("message to be replied not found")
    elif reply is not None:
        raise bad_request("can't parse reply parameters JSON object")
    else:
        target = params.integer("reply_to_message_id")
    if target is None:
        return None
    found = chat.messages.get(target)
    if found is None or found.deleted:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    return target


def _markup_fields(markup: rules.Markup | None) -> dict[str, Any]:
    if markup is None:
        return {"inline_markup": None, "keyboard": None}
    if markup.kind == "inline":
        return {"inline_markup": markup.data, "keyboard": None}
    return {"inline_markup": None, "keyboard": markup}


def _store_sent(state: SimState, chat: ChatState, **content: Any) -> dict[str, Any]:
    message = state.new_message(chat, from_bot=True, **content)
    state.emit_message("message", message)
    return state.message_api(message)


def send_message(state: SimState, params: Params) -> dict[str, Any]:
    chat = state.writable_chat(_chat_id(params))
    text = params.text("text", missing="message text is empty") or ""
    formatted = rules.formatted(
        text, params.text("parse_mode"), params.json("entities", what="entities"), state.known_user
    )
    rules.check_text(formatted)
    markup = rules.check_reply_markup(params.json("reply_markup", what="reply keyboard markup"))
    reply_to = _reply_target(chat, params)
    return _store_sent(state, chat, text=formatted, reply_to=reply_to, **_markup_fields(markup))


def _input_file(state: SimState, params: Params, field: str, kind: FileKind) -> StoredFile:
    """The file of a send method: a fresh upload, or the file_id of one Telegram already has."""
    upload = params.files.get(field)
    value = params.text(field)
    if upload is None and value and value.startswith("attach://"):
        upload = params.files.get(value[len("attach://") :])
    if upload is not None:
        if not upload.data:
            raise bad_request("file must be non-empty")
        if kind == "photo":
            if len(upload.data) > rules.MAX_PHOTO_BYTES:
                raise bad_request("PHOTO_SAVE_FILE_INVALID")
            size = image_size(upload.data)
            if size is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            width, height = size
            if width + height > rules.MAX_PHOTO_SIDES or max(width, height) > rules.MAX_PHOTO_RATIO * max(
                min(width, height), 1
            ):
                raise bad_request("PHOTO_INVALID_DIMENSIONS")
            return state.files.add("photo", upload.data, upload.filename, upload.content_type, size)
        if len(upload.data) > rules.MAX_DOCUMENT_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        content_type = upload.content_type if upload.content_type != "application/octet-stream" else None
        return state.files.add("document", upload.data, upload.filename, content_type)
    if not value:
        raise bad_request(f"there is no {kind} in the request")
    known = state.files.by_id.get(value)
    if known is not None:
        if known.kind != kind:
            raise bad_request("type of file mismatch")
        return known
    if value.lower().startswith(("http://", "https://")):
        # Telegram would download the URL itself; the emulator reaches no network, so it refuses like
        # Telegram does when the download fails.
        raise bad_request("failed to get HTTP URL content")
    raise bad_request("wrong file identifier/HTTP URL specified")


def _send_file(state: SimState, params: Params, field: str, kind: FileKind) -> dict[str, Any]:
    chat = state.writable_chat(_chat_id(params))
    caption = _caption(state, params)
    markup = rules.check_reply_markup(params.json("reply_markup", what="reply keyboard markup"))
    reply_to = _reply_target(chat, params)
    stored = _input_file(state, params, field, kind)
    return _store_sent(state, chat, file=stored, caption=caption, reply_to=reply_to, **_markup_fields(markup))


def send_photo(state: SimState, params: Params) -> dict[str, Any]:
    return _send_file(state, params, "photo", "photo")


def send_document(state: SimState, params: Params) -> dict[str, Any]:
    return _send_file(state, params, "document", "document")


def _message_to_edit(state: SimState, params: Params) -> StoredMessage:
    if params.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")  # no inline mode in the emulated world
    chat = state.writable_chat(_chat_id(params))
    message_id = params.integer("message_id", missing="message identifier is not specified")
    message = chat.messages.get(message_id or 0)
    if message is None or message.deleted:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _apply_edit(state: SimState, message: StoredMessage, **changes: Any) -> dict[str, Any]:
    for name, value in changes.items():
        setattr(message, name, value)
    message.edit_date = state.unix_now()
    message.edit_count += 1
    state.emit_message("edited", message)
    return state.message_api(message)


def _inline(params: Params) -> dict[str, Any] | None:
    markup = rules.check_inline_markup(params.json("reply_markup", what="reply keyboard markup"))
    return markup.data if markup is not None else None


def edit_message_text(state: SimState, params: Params) -> dict[str, Any]:
    message = _message_to_edit(state, params)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text = params.text("text", missing="message text is empty") or ""
    formatted = rules.formatted(
        text, params.text("parse_mode"), params.json("entities", what="entities"), state.known_user
    )
    rules.check_text(formatted)
    # Telegram drops the inline keyboard when an edit does not repeat it: the new markup is "none".
    markup = _inline(params)
    if formatted == message.text and markup == message.inline_markup:
        raise bad_request(MESSAGE_NOT_MODIFIED)
    return _apply_edit(state, message, text=formatted, inline_markup=markup)


def edit_message_caption(state: SimState, params: Params) -> dict[str, Any]:
    message = _message_to_edit(state, params)
    if message.file is None:
        raise bad_request("there is no caption in the message to edit")
    caption = _caption(state, params)
    markup = _inline(params)
    if caption == message.caption and markup == message.inline_markup:
        raise bad_request(MESSAGE_NOT_MODIFIED)
    return _apply_edit(state, message, caption=caption, inline_markup=markup)


def edit_message_reply_markup(state: SimState, params: Params) -> dict[str, Any]:
    message = _message_to_edit(state, params)
    markup = _inline(params)
    if markup == message.inline_markup:
        raise bad_request(MESSAGE_NOT_MODIFIED)
    return _apply_edit(state, message, inline_markup=markup)


def delete_message(state: SimState, params: Params) -> bool:
    chat = state.chat_for(_chat_id(params))
    message_id = params.integer("message_id", missing="message identifier is not specified")
    message = chat.messages.get(message_id or 0)
    if message is None or message.deleted:
        raise bad_request("message to delete not found")
    if state.unix_now() - message.date > DELETE_WINDOW_SECONDS:
        raise bad_request("message can't be deleted for everyone")
    message.deleted = True
    state.emit_message("deleted", message)
    return True


def answer_callback_query(state: SimState, params: Params, ttl: float) -> bool:
    query_id = params.text("callback_query_id") or ""
    record = state.callback_queries.get(query_id)
    if record is None or record.answer is not None or state.monotonic() - record.created > ttl:
        raise bad_request(QUERY_TOO_OLD)
    text = params.text("text")
    if text is not None and len(text) > rules.MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    record.answer = CallbackAnswer(
        text=text or None,
        show_alert=params.flag("show_alert"),
        url=params.text("url"),
        cache_time=params.integer("cache_time") or 0,
    )
    state.emit(ChatEvent("callback_answer", record.chat_id, answer=record.answer))
    return True


def send_chat_action(state: SimState, params: Params) -> bool:
    chat = state.writable_chat(_chat_id(params))
    action = rules.check_chat_action(params.raw("action"))
    chat.chat_actions.append(action)
    state.emit(ChatEvent("chat_action", chat.user.id, action=action))
    return True


def get_file(state: SimState, params: Params) -> dict[str, Any]:
    file_id = params.text("file_id")
    if not file_id:
        raise bad_request("file_id not specified")
    stored = state.files.by_id.get(file_id)
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.size > rules.MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": stored.file_path,
    }
