"""Linking from the chat: /start, a code typed or opened as a deep link, wrong codes, the menu after."""

from tests.e2e.conftest import World


async def test_new_user_is_asked_for_a_code_and_links(world: World) -> None:
    employee, code = await world.employee(name="Siti Aminah")
    siti = world.sim.add_user("Siti")
    await world.sim.user_sends(siti, "/start")
    ask = await world.sim.wait_for_reply(siti)
    assert "kode tautan" in ask.text
    await world.sim.user_sends(siti, code.lower().replace("-", " "))
    linked, welcome = await world.sim.wait_for_replies(siti, 2)
    assert "Siti Aminah" in linked.text and employee.nip in linked.text
    assert "Asesmen" in welcome.button_texts[0]


async def test_deep_link_start_payload_links(world: World) -> None:
    _, code = await world.employee(name="Budi Santoso")
    budi = world.sim.add_user("Budi")
    await world.sim.user_sends(budi, f"/start {code}")
    linked, _ = await world.sim.wait_for_replies(budi, 2)
    assert "Budi Santoso" in linked.text


async def test_wrong_codes_are_explained_and_chatter_costs_nothing(world: World) -> None:
    await world.employee()
    eve = world.sim.add_user("Eve")
    await world.sim.user_sends(eve, "halo pak")
    assert "bukan kode" in (await world.sim.wait_for_reply(eve)).text
    await world.sim.user_sends(eve, "ABCDE-FGHJK")
    assert "tidak dikenal" in (await world.sim.wait_for_reply(eve)).text


async def test_commands_before_linking_ask_for_the_code(world: World) -> None:
    eve = world.sim.add_user("Eve")
    await world.sim.user_sends(eve, "/asesmen")
    assert "belum tertaut" in (await world.sim.wait_for_reply(eve)).text


async def test_commands_are_registered_in_both_languages(world: World) -> None:
    indonesian = {c["command"]: c["description"] for c in world.sim.commands()}
    english = {c["command"]: c["description"] for c in world.sim.commands(language_code="en")}
    assert {"asesmen", "nilai", "pelatihan", "jp", "bantuan", "batal"} <= indonesian.keys()
    assert indonesian.keys() == english.keys()
    assert indonesian["jp"] != english["jp"]
