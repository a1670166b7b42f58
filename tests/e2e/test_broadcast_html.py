"""/siaran refuses, in the compose step, HTML that Telegram would refuse, with Telegram's reason and a hint."""

from __future__ import annotations

from tests.e2e.conftest import World
from tests.e2e.helpers import say
from tests.e2e.test_broadcast import hr_admin


async def test_an_unquoted_link_is_refused_with_the_reason_and_the_question_again(world: World) -> None:
    admin, _ = await hr_admin(world)
    await say(world.sim, admin, "/siaran")
    [refused] = await say(world.sim, admin, "Daftar di <a href=https://bkpsdm.example.go.id>sini</a>")
    assert "tanda kutip" in refused.text
    assert "Unexpected end of name token at byte offset 18" in refused.text
    assert "Siaran baru" in refused.text  # the same question again, nothing stored
    [audience] = await say(world.sim, admin, 'Daftar di <a href="https://bkpsdm.example.go.id">sini</a>')
    assert "Siapa penerimanya?" in audience.text
