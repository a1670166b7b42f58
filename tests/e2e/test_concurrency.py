"""Updates of different people are handled at once, each person's in order: one person's slow request
never delays another's reply (shown with an event, not with the wall clock)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from bot.training import service as training_service
from tests.e2e.conftest import World


async def test_a_slow_request_does_not_delay_someone_else(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    slow_user, slow = await world.linked_user()
    quick_user, _ = await world.linked_user()
    release = asyncio.Event()
    entered = asyncio.Event()
    real = training_service.jp_status

    async def jp_status(session: Any, employee_id: int, today: date) -> Any:
        if employee_id == slow.id:  # this person's request hangs until the test lets it go
            entered.set()
            await release.wait()
        return await real(session, employee_id, today)

    monkeypatch.setattr(training_service, "jp_status", jp_status)
    sim = world.sim
    await sim.user_sends(slow_user, "/jp")
    await asyncio.wait_for(entered.wait(), 10)
    await sim.user_sends(slow_user, "/bantuan")  # the same person's next update waits for the first
    await sim.user_sends(quick_user, "/jp")
    [quick] = await sim.wait_for_replies(quick_user, 1)
    assert "JP" in quick.text
    assert sim.pending_replies(slow_user) == [] and not release.is_set()  # still held, yet the other was served
    release.set()
    first, second = await sim.wait_for_replies(slow_user, 2)
    assert "JP" in first.text and "/asesmen" in second.text  # in the order they were sent
