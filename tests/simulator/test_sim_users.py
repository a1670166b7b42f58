"""The user-facing API: what simulated users send, and what they can see, read back as Telegram would."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest

from bot.simulator import BotApiSimulator, SimulatorUsageError, SimUser

Api = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]


@pytest.fixture
def budi(sim: BotApiSimulator) -> SimUser:
    return sim.add_user("Budi", username="budi", last_name="Santoso", phone_number="+6281234")


async def updates(api: Api) -> list[dict[str, Any]]:
    return list((await api("getUpdates"))[1]["result"])


async def test_commands_carry_a_bot_command_entity(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    await sim.user_sends(budi, "/start ref_unit-7")
    await sim.user_sends(budi, "/asesmen@ipasn_test_bot")
    await sim.user_sends(budi, "bukan /perintah")
    messages = [u["message"] for u in await updates(api)]
    assert messages[0]["text"] == "/start ref_unit-7"
    assert messages[0]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert messages[1]["entities"] == [{"type": "bot_command", "offset": 0, "length": 23}]
    assert "entities" not in messages[2]
    assert messages[0]["from"] == {
        "id": budi.id,
        "is_bot": False,
        "first_name": "Budi",
        "last_name": "Santoso",
        "username": "budi",
        "language_code": "id",
    }


async def test_a_user_starts_the_chat_by_writing(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    assert (await api("sendMessage", chat_id=budi.id, text="x"))[0] == 403
    await sim.user_sends(budi, "halo")
    assert (await api("sendMessage", chat_id=budi.id, text="x"))[0] == 200


async def test_pressing_buttons(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    await sim.user_sends(budi, "/start")
    markup = {
        "inline_keyboard": [
            [{"text": "Ya", "callback_data": "q1:yes"}, {"text": "Tidak", "callback_data": "q1:no"}],
            [{"text": "Panduan", "url": "https://bkn.go.id"}],
        ]
    }
    await api("sendMessage", chat_id=budi.id, text="Setuju?", reply_markup=markup)
    await api("sendMessage", chat_id=budi.id, text="(catatan tanpa tombol)")
    by_label = await sim.user_presses(budi, "Tidak")
    by_data = await sim.user_presses(budi, "q1:yes")
    assert (by_label.data, by_data.data) == ("q1:no", "q1:yes")
    callback = (await updates(api))[-1]["callback_query"]
    assert callback["data"] == "q1:yes"
    assert callback["message"]["text"] == "Setuju?"
    assert callback["from"]["id"] == budi.id
    with pytest.raises(SimulatorUsageError, match="no button 'Mungkin'"):
        await sim.user_presses(budi, "Mungkin")
    with pytest.raises(SimulatorUsageError, match="opens a link"):
        await sim.user_presses(budi, "Panduan")


async def test_pressing_on_a_specific_message(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    await sim.user_sends(budi, "/start")
    first = (
        await api(
            "sendMessage",
            chat_id=budi.id,
            text="1",
            reply_markup={"inline_keyboard": [[{"text": "OK", "callback_data": "one"}]]},
        )
    )[1]["result"]
    await api(
        "sendMessage",
        chat_id=budi.id,
        text="2",
        reply_markup={"inline_keyboard": [[{"text": "OK", "callback_data": "two"}]]},
    )
    assert (await sim.user_presses(budi, "OK")).data == "two"
    assert (await sim.user_presses(budi, "OK", message=first["message_id"])).data == "one"


async def test_forged_and_injected_updates(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    await sim.user_sends(budi, "/start")
    await api(
        "sendMessage",
        chat_id=budi.id,
        text="Pilih",
        reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    )
    forged = await sim.forge_callback_query(budi, "admin:delete_all")
    assert forged.data == "admin:delete_all"
    update_id = sim.inject_update(
        {"edited_message": {"message_id": 1, "date": 0, "chat": budi.chat_api(), "text": "x"}}
    )
    kinds = [next(k for k in u if k != "update_id") for u in await updates(api)]
    assert kinds == ["message", "callback_query", "edited_message"]
    assert update_id == (await updates(api))[-1]["update_id"]
    # A forged press still gets an id the bot can (and must) answer.
    assert (await api("answerCallbackQuery", callback_query_id=forged.id))[0] == 200


async def test_reply_keyboard_choice_and_contact_request(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    await sim.user_sends(budi, "/daftar")
    markup = {"keyboard": [[{"text": "Bagikan nomor", "request_contact": True}], ["Batal"]], "one_time_keyboard": True}
    await api("sendMessage", chat_id=budi.id, text="Nomor HP?", reply_markup=markup)
    assert sim.reply_keyboard(budi) == [["Bagikan nomor"], ["Batal"]]
    shared = await sim.user_chooses(budi, "Bagikan nomor")
    assert shared.kind == "contact"
    assert sim.reply_keyboard(budi) is None  # one_time_keyboard hides after use
    contact = (await updates(api))[-1]["message"]["contact"]
    assert contact == {"phone_number": "+6281234", "first_name": "Budi", "user_id": budi.id, "last_name": "Santoso"}
    with pytest.raises(SimulatorUsageError, match="no custom keyboard"):
        await sim.user_chooses(budi, "Batal")


async def test_user_files_are_downloadable_by_the_bot(
    api: Api, sim: BotApiSimulator, budi: SimUser, png: Callable[[int, int], bytes], http: httpx.AsyncClient
) -> None:
    image = png(8, 6)
    await sim.user_sends_photo(budi, image, caption="SKP saya")
    await sim.user_sends_document(budi, b"%PDF-1.4 sk", filename="sk.pdf")
    photo_message, document_message = [u["message"] for u in await updates(api)]
    assert photo_message["caption"] == "SKP saya"
    assert document_message["document"]["mime_type"] == "application/pdf"
    for file_id, expected in (
        (photo_message["photo"][-1]["file_id"], image),
        (document_message["document"]["file_id"], b"%PDF-1.4 sk"),
    ):
        path = (await api("getFile", file_id=file_id))[1]["result"]["file_path"]
        assert (await http.get(f"{sim.base_file_url}{sim.token}/{path}")).content == expected
    with pytest.raises(SimulatorUsageError, match="PNG"):
        await sim.user_sends_photo(budi, b"not an image")


async def test_wait_for_reply_consumes_in_order_and_explains_timeouts(
    api: Api, sim: BotApiSimulator, budi: SimUser
) -> None:
    await sim.user_sends(budi, "/start")

    async def bot_answers() -> None:
        await api("sendMessage", chat_id=budi.id, text="satu")
        await api("sendMessage", chat_id=budi.id, text="dua")
        await api("sendMessage", chat_id=budi.id, text="<b>tiga", parse_mode="HTML")  # refused

    answering = asyncio.create_task(bot_answers())
    assert (await sim.wait_for_reply(budi)).text == "satu"
    assert [m.text for m in await sim.wait_for_replies(budi, 1)] == ["dua"]
    await answering
    with pytest.raises(TimeoutError) as waited:
        await sim.wait_for_reply(budi, timeout=0.05)
    assert "can't parse entities" in str(waited.value)  # the report names what Telegram refused
    assert "#3 bot: dua" in str(waited.value)


async def test_wait_for_edit_and_answer(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    await sim.user_sends(budi, "/start")
    await api(
        "sendMessage",
        chat_id=budi.id,
        text="Soal",
        reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    )
    question = await sim.wait_for_reply(budi)
    query = await sim.user_presses(budi, "A")

    async def bot_handles() -> None:
        await api("answerCallbackQuery", callback_query_id=query.id, text="Dicatat", show_alert=True)
        await api("editMessageText", chat_id=budi.id, message_id=question.message_id, text="Soal: A")

    handling = asyncio.create_task(bot_handles())
    answer = await sim.wait_for_answer(query)
    edited = await sim.wait_for_edit(question)
    await handling
    assert (answer.text, answer.show_alert) == ("Dicatat", True)
    assert (edited.text, edited.edited, edited.buttons) == ("Soal: A", True, ())
    assert question.text == "Soal"  # snapshots do not change under the test's feet


async def test_transcript_render_and_helpers(
    api: Api, sim: BotApiSimulator, budi: SimUser, png: Callable[[int, int], bytes]
) -> None:
    await sim.user_sends(budi, "/start")
    sent = (
        await api(
            "sendMessage",
            chat_id=budi.id,
            text="Halo <b>Budi</b>",
            parse_mode="HTML",
            reply_markup={"inline_keyboard": [[{"text": "Mulai", "callback_data": "go"}]]},
        )
    )[1]["result"]
    await api("sendPhoto", chat_id=budi.id, caption="Grafik", files={"photo": ("g.png", png(4, 3), "image/png")})
    await api("sendMessage", chat_id=budi.id, text="hapus saya")
    await api("deleteMessage", chat_id=budi.id, message_id=4)
    transcript = sim.transcript(budi)
    assert [(m.from_bot, m.content) for m in transcript] == [(False, "/start"), (True, "Halo Budi"), (True, "Grafik")]
    assert len(sim.transcript(budi, include_deleted=True)) == 4
    assert sim.last_text(budi) == "Grafik"
    assert [b.text for b in sim.buttons(budi)[0]] == ["Mulai"]
    assert transcript[1].button("go").text == "Mulai"
    assert transcript[1].entities == ({"type": "bold", "offset": 5, "length": 4},)
    assert sim.files_sent(budi)[0].width == 4
    assert sim.render(budi).splitlines() == [
        "#1 user: /start",
        "#2 bot: Halo Budi",
        "   [Mulai]",
        "#3 bot: [photo g.png] Grafik",
    ]
    assert sent["message_id"] == 2
    assert [c.method for c in sim.calls("sendMessage")] == ["sendMessage", "sendMessage"]


async def test_feed_streams_what_the_bot_does(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    await sim.user_sends(budi, "/start")
    async with sim.subscribe(budi) as feed:
        await api("sendChatAction", chat_id=budi.id, action="typing")
        sent = (await api("sendMessage", chat_id=budi.id, text="a"))[1]["result"]
        await api("editMessageText", chat_id=budi.id, message_id=sent["message_id"], text="b")
        await api("deleteMessage", chat_id=budi.id, message_id=sent["message_id"])
        events = [await feed.next(1.0) for _ in range(4)]
    assert [e.kind for e in events] == ["chat_action", "message", "edited", "deleted"]
    assert events[2].message is not None
    assert events[2].message.text == "b"


async def test_usage_errors_for_things_clients_cannot_do(sim: BotApiSimulator, budi: SimUser) -> None:
    with pytest.raises(SimulatorUsageError, match="no message with an inline keyboard"):
        await sim.user_presses(budi, "Ya")
    sim.block(budi)
    with pytest.raises(SimulatorUsageError, match="unblock"):
        await sim.user_sends(budi, "halo")
    sim.unblock(budi)
    with pytest.raises(SimulatorUsageError, match="empty"):
        await sim.user_sends(budi, "   ")
    with pytest.raises(SimulatorUsageError, match="taken"):
        sim.add_user("Lain", user_id=budi.id)
    with pytest.raises(ValueError, match="token"):
        BotApiSimulator("not-a-token")


async def test_feed_ends_when_the_emulator_stops() -> None:
    async with BotApiSimulator() as sim:
        user = sim.add_user("Budi")
        feed = sim.subscribe(user)
    assert [event async for event in feed] == []
