"""Each emulated Bot API method over raw HTTP: the success shape and the documented refusals.

Expected descriptions are Telegram's own wording (Bot API answers and tdlib messages), because handlers
match on them; each test names the rule of https://core.telegram.org/bots/api it checks.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest

from bot.simulator import BotApiSimulator, SimUser
from bot.simulator.errors import MESSAGE_NOT_MODIFIED, QUERY_TOO_OLD

Api = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]


@pytest.fixture
async def budi(sim: BotApiSimulator) -> SimUser:
    """A user who has started the bot, so it may write to him."""
    user = sim.add_user("Budi", username="budi")
    await sim.user_sends(user, "/start")
    return user


def keyboard(*labels: str) -> dict[str, object]:
    return {"inline_keyboard": [[{"text": label, "callback_data": label.lower()} for label in labels]]}


# -- tokens, routing, encodings ---------------------------------------------------------------------------


async def test_get_me_describes_the_bot(api: Api) -> None:
    status, body = await api("getMe")
    assert status == 200
    assert body["ok"] is True
    assert body["result"]["is_bot"] is True
    assert body["result"]["id"] == 123456789
    assert body["result"]["username"] == "ipasn_test_bot"


async def test_wrong_token_is_unauthorized_and_garbage_is_not_found(
    sim: BotApiSimulator, http: httpx.AsyncClient
) -> None:
    wrong = await http.post(f"{sim.base_url}987654321:AAwrong/getMe")
    assert (wrong.status_code, wrong.json()) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    garbage = await http.post(f"{sim.base_url}not-a-token/getMe")
    assert (garbage.status_code, garbage.json()["description"]) == (404, "Not Found")


async def test_unknown_method_is_not_found_and_names_are_case_insensitive(api: Api) -> None:
    status, body = await api("sendSticker", chat_id=1, sticker="x")
    assert (status, body["description"]) == (404, "Not Found")
    assert (await api("getme"))[0] == 200


async def test_json_body_and_query_string_are_accepted(
    api: Api, sim: BotApiSimulator, http: httpx.AsyncClient, budi: SimUser
) -> None:
    status, body = await api("sendMessage", json_body=True, chat_id=budi.id, text="json", reply_markup=keyboard("A"))
    assert status == 200
    assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
    response = await http.get(f"{sim.base_url}{sim.token}/sendMessage", params={"chat_id": budi.id, "text": "q"})
    assert response.json()["result"]["text"] == "q"


# -- sendMessage -------------------------------------------------------------------------------------------


async def test_send_message_returns_the_message(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    status, body = await api("sendMessage", chat_id=budi.id, text="<b>Halo</b>", parse_mode="HTML")
    assert status == 200
    message = body["result"]
    assert message["text"] == "Halo"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 4}]
    assert message["chat"] == {"id": budi.id, "type": "private", "first_name": "Budi", "username": "budi"}
    assert message["from"]["is_bot"] is True
    assert message["message_id"] == 2  # the user's /start is message 1 of this chat
    assert sim.last_text(budi) == "Halo"


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": ""}, "Bad Request: message text is empty"),
        ({"text": "  \n "}, "Bad Request: message text is empty"),
        ({"text": "x" * 4097}, "Bad Request: message is too long"),
        (
            {"text": "<b>x", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
        ),
        (
            {"text": "8.5", "parse_mode": "MarkdownV2"},
            "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
        ),
        ({"text": "x", "parse_mode": "Html5"}, "Bad Request: unsupported parse_mode"),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "x" * 65}]]}},
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": ""}]]}},
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "A"}]]}},
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "A", "url": "javascript:x"}]]}},
            "Bad Request: BUTTON_URL_INVALID",
        ),
        ({"text": "x", "reply_markup": "{not json"}, "Bad Request: can't parse reply keyboard markup JSON object"),
        ({"text": "x", "reply_to_message_id": 99}, "Bad Request: message to be replied not found"),
    ],
)
async def test_send_message_refusals(api: Api, budi: SimUser, params: dict[str, object], description: str) -> None:
    status, body = await api("sendMessage", chat_id=budi.id, **params)
    assert (status, body) == (400, {"ok": False, "error_code": 400, "description": description})


async def test_text_limit_is_4096_after_entity_parsing(api: Api, budi: SimUser) -> None:
    at_limit = "<b>" + "x" * 4096 + "</b>"
    assert (await api("sendMessage", chat_id=budi.id, text=at_limit, parse_mode="HTML"))[0] == 200
    emoji = "📊" * 2049  # 4,098 UTF-16 code units
    assert (await api("sendMessage", chat_id=budi.id, text=emoji))[1]["description"] == (
        "Bad Request: message is too long"
    )


async def test_callback_data_limit_is_64_bytes_not_characters(api: Api, budi: SimUser) -> None:
    fits = {"inline_keyboard": [[{"text": "A", "callback_data": "é" * 32}]]}
    too_long = {"inline_keyboard": [[{"text": "A", "callback_data": "é" * 33}]]}
    assert (await api("sendMessage", chat_id=budi.id, text="x", reply_markup=fits))[0] == 200
    assert (await api("sendMessage", chat_id=budi.id, text="x", reply_markup=too_long))[0] == 400


async def test_chats_the_bot_may_not_write_to(api: Api, sim: BotApiSimulator) -> None:
    stranger = sim.add_user("Sari")
    blocked = sim.add_user("Tono", started=True)
    gone = sim.add_user("Rudi", started=True)
    sim.block(blocked)
    sim.deactivate(gone)
    cases = [
        (424242, 400, "Bad Request: chat not found"),
        ("@budi", 400, "Bad Request: chat not found"),
        (stranger.id, 403, "Forbidden: bot can't initiate conversation with a user"),
        (blocked.id, 403, "Forbidden: bot was blocked by the user"),
        (gone.id, 403, "Forbidden: user is deactivated"),
    ]
    for chat_id, status, description in cases:
        assert await api("sendMessage", chat_id=chat_id, text="x") == (
            status,
            {"ok": False, "error_code": status, "description": description},
        )
    status, body = await api("sendMessage", text="x")
    assert body["description"] == "Bad Request: chat_id is empty"
    # 403s are the users' doing, so they are errors but not the bot's violations; 400s are violations.
    assert [v.kind for v in sim.violations] == ["bad_request", "bad_request", "bad_request"]


async def test_reply_keyboard_is_remembered_until_removed(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    markup = {"keyboard": [["Ya", "Tidak"]], "resize_keyboard": True, "one_time_keyboard": True}
    status, body = await api("sendMessage", chat_id=budi.id, text="Lanjut?", reply_markup=markup)
    assert status == 200
    assert "reply_markup" not in body["result"]  # Message.reply_markup carries inline keyboards only
    assert sim.reply_keyboard(budi) == [["Ya", "Tidak"]]
    await api("sendMessage", chat_id=budi.id, text="ok", reply_markup={"remove_keyboard": True})
    assert sim.reply_keyboard(budi) is None


# -- sendPhoto, sendDocument, getFile ----------------------------------------------------------------------


async def test_send_photo_upload_then_file_id_reuse(
    api: Api, sim: BotApiSimulator, budi: SimUser, png: Callable[[int, int], bytes], http: httpx.AsyncClient
) -> None:
    image = png(40, 30)
    status, body = await api(
        "sendPhoto",
        chat_id=budi.id,
        caption="<i>Grafik</i>",
        parse_mode="HTML",
        files={"photo": ("chart.png", image, "image/png")},
    )
    assert status == 200
    photo = body["result"]["photo"][-1]
    assert (photo["width"], photo["height"], photo["file_size"]) == (40, 30, len(image))
    assert body["result"]["caption"] == "Grafik"
    assert body["result"]["caption_entities"] == [{"type": "italic", "offset": 0, "length": 6}]

    again = await api("sendPhoto", chat_id=budi.id, photo=photo["file_id"])
    assert again[1]["result"]["photo"][-1]["file_id"] == photo["file_id"]
    assert [f.data for f in sim.files_sent(budi)] == [image, image]

    status, file_info = await api("getFile", file_id=photo["file_id"])
    assert status == 200
    download = await http.get(f"{sim.base_file_url}{sim.token}/{file_info['result']['file_path']}")
    assert (download.status_code, download.content) == (200, image)


@pytest.mark.parametrize(
    ("photo", "extra", "description"),
    [
        ("not an image", {}, "Bad Request: IMAGE_PROCESS_FAILED"),
        ("wide", {}, "Bad Request: PHOTO_INVALID_DIMENSIONS"),
        ("ok", {"caption": "x" * 1025}, "Bad Request: message caption is too long"),
    ],
)
async def test_send_photo_refusals(
    api: Api, budi: SimUser, png: Callable[[int, int], bytes], photo: str, extra: dict[str, str], description: str
) -> None:
    data = {"not an image": b"%PDF-1.4", "wide": png(2100, 100), "ok": png(4, 3)}[photo]
    status, body = await api("sendPhoto", chat_id=budi.id, files={"photo": ("p.png", data, "image/png")}, **extra)
    assert (status, body["description"]) == (400, description)


async def test_send_photo_without_a_file(api: Api, budi: SimUser) -> None:
    assert (await api("sendPhoto", chat_id=budi.id))[1][
        "description"
    ] == "Bad Request: there is no photo in the request"
    assert (await api("sendPhoto", chat_id=budi.id, photo="nope"))[1]["description"] == (
        "Bad Request: wrong file identifier/HTTP URL specified"
    )


async def test_send_document_keeps_name_type_and_bytes(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    status, body = await api(
        "sendDocument",
        chat_id=budi.id,
        caption="Laporan",
        files={"document": ("laporan.csv", b"nip;jp\n1;20\n", "text/csv")},
    )
    assert status == 200
    document = body["result"]["document"]
    assert (document["file_name"], document["mime_type"], document["file_size"]) == ("laporan.csv", "text/csv", 12)
    sent = sim.files_sent(budi)[-1]
    assert (sent.kind, sent.filename, sent.data) == ("document", "laporan.csv", b"nip;jp\n1;20\n")
    status, body = await api("sendDocument", chat_id=budi.id, document=sim.files_sent(budi)[-1].file_id)
    assert status == 200


async def test_get_file_refusals_and_missing_download(api: Api, sim: BotApiSimulator, http: httpx.AsyncClient) -> None:
    assert (await api("getFile", file_id="nope"))[1]["description"] == "Bad Request: invalid file_id"
    assert (await api("getFile"))[1]["description"] == "Bad Request: file_id not specified"
    missing = await http.get(f"{sim.base_file_url}{sim.token}/photos/none.jpg")
    assert missing.status_code == 404


# -- editing and deleting ----------------------------------------------------------------------------------


async def test_edit_message_text_applies_and_drops_the_keyboard_unless_repeated(
    api: Api, sim: BotApiSimulator, budi: SimUser
) -> None:
    sent = (await api("sendMessage", chat_id=budi.id, text="Soal 1", reply_markup=keyboard("A", "B")))[1]["result"]
    mid = sent["message_id"]
    status, body = await api(
        "editMessageText", chat_id=budi.id, message_id=mid, text="Soal 1 ✓", reply_markup=keyboard("A", "B")
    )
    assert status == 200
    assert body["result"]["edit_date"] >= body["result"]["date"]
    assert sim.buttons(budi)[0][1].text == "B"
    await api("editMessageText", chat_id=budi.id, message_id=mid, text="Soal 1 selesai")
    last = sim.last_message(budi)
    assert last is not None
    assert (last.text, last.buttons, last.edit_count) == ("Soal 1 selesai", (), 2)


async def test_edit_that_changes_nothing_is_refused(api: Api, budi: SimUser) -> None:
    sent = (
        await api("sendMessage", chat_id=budi.id, text="<b>Sama</b>", parse_mode="HTML", reply_markup=keyboard("A"))
    )[1]["result"]
    # Same visible text and entities, written differently, with the same keyboard: still "not modified".
    status, body = await api(
        "editMessageText",
        chat_id=budi.id,
        message_id=sent["message_id"],
        text="<strong>Sama</strong>",
        parse_mode="HTML",
        reply_markup=keyboard("A"),
    )
    assert (status, body["description"]) == (400, f"Bad Request: {MESSAGE_NOT_MODIFIED}")
    status, body = await api(
        "editMessageReplyMarkup", chat_id=budi.id, message_id=sent["message_id"], reply_markup=keyboard("A")
    )
    assert (status, body["description"]) == (400, f"Bad Request: {MESSAGE_NOT_MODIFIED}")


async def test_edit_message_reply_markup(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    sent = (await api("sendMessage", chat_id=budi.id, text="Pilih", reply_markup=keyboard("A")))[1]["result"]
    status, body = await api(
        "editMessageReplyMarkup", chat_id=budi.id, message_id=sent["message_id"], reply_markup=keyboard("A", "B")
    )
    assert status == 200
    assert sim.buttons(budi)[0][1].text == "B"
    status, body = await api("editMessageReplyMarkup", chat_id=budi.id, message_id=sent["message_id"])
    assert status == 200
    assert "reply_markup" not in body["result"]


@pytest.mark.parametrize(
    ("message_id", "description"),
    [
        (77, "Bad Request: message to edit not found"),
        (1, "Bad Request: message can't be edited"),  # the user's own /start
        (None, "Bad Request: message identifier is not specified"),
    ],
)
async def test_edit_refusals(api: Api, budi: SimUser, message_id: int | None, description: str) -> None:
    status, body = await api("editMessageText", chat_id=budi.id, message_id=message_id, text="x")
    assert (status, body["description"]) == (400, description)


async def test_edit_text_of_a_photo_is_refused(api: Api, budi: SimUser, png: Callable[[int, int], bytes]) -> None:
    sent = (await api("sendPhoto", chat_id=budi.id, files={"photo": ("p.png", png(4, 3), "image/png")}))[1]
    status, body = await api("editMessageText", chat_id=budi.id, message_id=sent["result"]["message_id"], text="x")
    assert body["description"] == "Bad Request: there is no text in the message to edit"
    status, body = await api(
        "editMessageCaption", chat_id=budi.id, message_id=sent["result"]["message_id"], caption="Grafik baru"
    )
    assert (status, body["result"]["caption"]) == (200, "Grafik baru")


async def test_delete_message_once(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    sent = (await api("sendMessage", chat_id=budi.id, text="sementara"))[1]["result"]
    assert await api("deleteMessage", chat_id=budi.id, message_id=sent["message_id"]) == (
        200,
        {"ok": True, "result": True},
    )
    assert [m.text for m in sim.transcript(budi)] == ["/start"]
    status, body = await api("deleteMessage", chat_id=budi.id, message_id=sent["message_id"])
    assert (status, body["description"]) == (400, "Bad Request: message to delete not found")


async def test_delete_is_refused_after_48_hours() -> None:
    now = [1_700_000_000.0]
    async with BotApiSimulator(wall_clock=lambda: now[0]) as sim, httpx.AsyncClient(trust_env=False) as http:
        user = sim.add_user("Budi", started=True)
        url = f"{sim.base_url}{sim.token}"
        sent = (await http.post(f"{url}/sendMessage", data={"chat_id": user.id, "text": "x"})).json()["result"]
        now[0] += 48 * 3600 + 1
        refused = await http.post(f"{url}/deleteMessage", data={"chat_id": user.id, "message_id": sent["message_id"]})
        assert refused.json()["description"] == "Bad Request: message can't be deleted for everyone"


# -- callback queries and chat actions ---------------------------------------------------------------------


async def test_answer_callback_query_at_most_once(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    await api("sendMessage", chat_id=budi.id, text="Pilih", reply_markup=keyboard("Ya"))
    query = await sim.user_presses(budi, "Ya")
    assert sim.unanswered_callback_queries() == [query]
    assert await api("answerCallbackQuery", callback_query_id=query.id, text="Tersimpan") == (
        200,
        {"ok": True, "result": True},
    )
    answer = sim.callback_answer(query)
    assert answer is not None
    assert (answer.text, answer.show_alert) == ("Tersimpan", False)
    assert sim.unanswered_callback_queries() == []
    status, body = await api("answerCallbackQuery", callback_query_id=query.id)
    assert (status, body["description"]) == (400, f"Bad Request: {QUERY_TOO_OLD}")
    assert (await api("answerCallbackQuery", callback_query_id="123"))[1][
        "description"
    ] == f"Bad Request: {QUERY_TOO_OLD}"


async def test_callback_query_expires() -> None:
    clock = [0.0]
    async with BotApiSimulator(monotonic=lambda: clock[0], callback_query_ttl=15) as sim:
        user = sim.add_user("Budi", started=True)
        async with httpx.AsyncClient(trust_env=False) as http:
            url = f"{sim.base_url}{sim.token}"
            await http.post(
                f"{url}/sendMessage", data={"chat_id": user.id, "text": "x", "reply_markup": json.dumps(keyboard("Ya"))}
            )
            query = await sim.user_presses(user, "Ya")
            clock[0] += 16
            late = await http.post(f"{url}/answerCallbackQuery", data={"callback_query_id": query.id})
            assert late.json()["description"] == f"Bad Request: {QUERY_TOO_OLD}"


async def test_callback_answer_text_limit(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    await api("sendMessage", chat_id=budi.id, text="Pilih", reply_markup=keyboard("Ya"))
    query = await sim.user_presses(budi, "Ya")
    status, body = await api("answerCallbackQuery", callback_query_id=query.id, text="x" * 201)
    assert (status, body["description"]) == (400, "Bad Request: MESSAGE_TOO_LONG")


async def test_send_chat_action(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    assert await api("sendChatAction", chat_id=budi.id, action="upload_photo") == (200, {"ok": True, "result": True})
    assert sim.chat_actions(budi) == ["upload_photo"]
    status, body = await api("sendChatAction", chat_id=budi.id, action="dancing")
    assert (status, body["description"]) == (400, "Bad Request: wrong parameter action in request")


# -- commands ----------------------------------------------------------------------------------------------


async def test_commands_are_kept_per_scope_and_language(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    default = [{"command": "start", "description": "Mulai"}, {"command": "asesmen", "description": "Isi asesmen"}]
    admin = [{"command": "broadcast", "description": "Kirim pengumuman"}]
    chat_scope = {"type": "chat", "chat_id": budi.id}
    assert await api("setMyCommands", commands=default, language_code="id") == (200, {"ok": True, "result": True})
    assert (await api("setMyCommands", commands=admin, scope=chat_scope))[0] == 200
    assert (await api("getMyCommands", language_code="id"))[1]["result"] == default
    assert (await api("getMyCommands"))[1]["result"] == []  # no fallback across languages, as in Telegram
    assert (await api("getMyCommands", scope=chat_scope))[1]["result"] == admin
    assert sim.commands(language_code="id") == default
    assert (await api("deleteMyCommands", scope=chat_scope))[0] == 200
    assert sim.commands(scope=chat_scope) == []


@pytest.mark.parametrize(
    ("commands", "description"),
    [
        ([{"command": "Asesmen", "description": "x"}], "Bad Request: BOT_COMMAND_INVALID"),
        ([{"command": "/start", "description": "x"}], "Bad Request: BOT_COMMAND_INVALID"),
        ([{"command": "a" * 33, "description": "x"}], "Bad Request: BOT_COMMAND_INVALID"),
        ([{"command": "start", "description": ""}], "Bad Request: command description must be non-empty"),
        ([{"command": "start"}], "Bad Request: can't parse BotCommand: Can't find field \"description\""),
    ],
)
async def test_set_my_commands_refusals(api: Api, commands: list[dict[str, str]], description: str) -> None:
    status, body = await api("setMyCommands", commands=commands)
    assert (status, body["description"]) == (400, description)


async def test_command_scope_for_unknown_chat(api: Api) -> None:
    status, body = await api("setMyCommands", commands=[], scope={"type": "chat", "chat_id": 5})
    assert (status, body["description"]) == (400, "Bad Request: chat not found")


# -- getUpdates and webhooks -------------------------------------------------------------------------------


async def test_get_updates_offset_confirms(api: Api, sim: BotApiSimulator) -> None:
    user = sim.add_user("Budi")
    await sim.user_sends(user, "satu")
    await sim.user_sends(user, "dua")
    updates = (await api("getUpdates"))[1]["result"]
    assert [u["message"]["text"] for u in updates] == ["satu", "dua"]
    assert (await api("getUpdates"))[1]["result"] == updates  # nothing confirmed yet
    rest = (await api("getUpdates", offset=updates[0]["update_id"] + 1))[1]["result"]
    assert [u["message"]["text"] for u in rest] == ["dua"]
    assert (await api("getUpdates", offset=updates[1]["update_id"] + 1))[1]["result"] == []
    assert (await api("getUpdates", limit=1))[1]["result"] == []


async def test_get_updates_negative_offset_and_limit(api: Api, sim: BotApiSimulator) -> None:
    user = sim.add_user("Budi")
    for word in ("a", "b", "c"):
        await sim.user_sends(user, word)
    assert [u["message"]["text"] for u in (await api("getUpdates", limit=2))[1]["result"]] == ["a", "b"]
    assert [u["message"]["text"] for u in (await api("getUpdates", offset=-1))[1]["result"]] == ["c"]


async def test_long_poll_returns_when_an_update_arrives(api: Api, sim: BotApiSimulator) -> None:
    user = sim.add_user("Budi")
    poll = asyncio.create_task(api("getUpdates", timeout=30))
    await sim.wait_until(lambda: sim.state.poll_generation == 1, what="the poll to arrive")
    await sim.user_sends(user, "halo")
    status, body = await asyncio.wait_for(poll, 5)
    assert status == 200
    assert [u["message"]["text"] for u in body["result"]] == ["halo"]


async def test_newer_poll_terminates_older_one(api: Api, sim: BotApiSimulator) -> None:
    older = asyncio.create_task(api("getUpdates", timeout=30))
    await sim.wait_until(lambda: sim.state.poll_generation == 1, what="the first poll")
    assert (await api("getUpdates", timeout=0))[0] == 200
    status, body = await asyncio.wait_for(older, 5)
    assert (status, body["description"]) == (
        409,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    )


async def test_allowed_updates_persist_and_filter(api: Api, sim: BotApiSimulator) -> None:
    user = sim.add_user("Budi", started=True)
    await api("sendMessage", chat_id=user.id, text="x", reply_markup=keyboard("Ya"))
    assert (await api("getUpdates", allowed_updates=["callback_query"]))[0] == 200
    await sim.user_sends(user, "filtered out")
    await sim.user_presses(user, "Ya")
    updates = (await api("getUpdates"))[1]["result"]
    assert [next(k for k in u if k != "update_id") for u in updates] == ["callback_query"]


async def test_webhook_excludes_get_updates(api: Api, sim: BotApiSimulator) -> None:
    assert await api("setWebhook", url="http://127.0.0.1:9/hook", secret_token="abc_DEF-1") == (
        200,
        {"ok": True, "result": True},
    )
    status, body = await api("getUpdates")
    assert (status, body["description"]) == (
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    )
    assert [v.kind for v in sim.violations] == ["conflict"]
    info = (await api("getWebhookInfo"))[1]["result"]
    assert (info["url"], info["pending_update_count"]) == ("http://127.0.0.1:9/hook", 0)
    assert (await api("deleteWebhook", drop_pending_updates=True))[0] == 200
    assert (await api("getWebhookInfo"))[1]["result"]["url"] == ""
    assert (await api("getUpdates"))[0] == 200


@pytest.mark.parametrize(
    ("params", "description"),
    [
        (
            {"url": "https://example.org/hook"},
            "Bad Request: bad webhook: the emulator delivers only to loopback addresses, not to example.org",
        ),
        ({"url": "ftp://127.0.0.1/x"}, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"),
        (
            {"url": "http://127.0.0.1:8/x", "secret_token": "has space"},
            "Bad Request: secret token contains unallowed characters",
        ),
    ],
)
async def test_set_webhook_refusals(api: Api, params: dict[str, str], description: str) -> None:
    status, body = await api("setWebhook", **params)
    assert (status, body["description"]) == (400, description)


async def test_failed_webhook_delivery_is_reported_and_retried(api: Api, sim: BotApiSimulator) -> None:
    from bot.simulator import free_tcp_port

    port = free_tcp_port()  # nothing listens there: delivery fails with "Connection refused"
    await api("setWebhook", url=f"http://127.0.0.1:{port}/hook")
    user = sim.add_user("Budi")
    await sim.user_sends(user, "halo")
    await sim.wait_until(
        lambda: sim.webhook is not None and sim.webhook.last_error_message is not None, what="a delivery attempt"
    )
    info = (await api("getWebhookInfo"))[1]["result"]
    assert info["last_error_message"] == "Connection refused"
    assert info["pending_update_count"] == 1
