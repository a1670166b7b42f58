"""Ids in callback data: what the bot writes comes back; anything a client could forge besides is None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callback_ids import MAX_ID, id_after, parse_id
from bot.team.render import parse_team_data, team_data
from bot.team.service import TeamView


@given(st.integers(min_value=1, max_value=MAX_ID))
def test_every_id_the_bot_writes_reads_back(value: int) -> None:
    assert parse_id(str(value)) == value
    assert id_after("u:", f"u:{value}") == value
    assert parse_team_data(team_data("show", TeamView.ALL, value)) == ("show", TeamView.ALL, value)


@pytest.mark.parametrize("forged", [
    str(MAX_ID + 1), "99999999999", str(2**63), str(2**64), "9" * 400,  # past 32 and 64 bits, and absurdly long
    "0", "-1", "+5", " 5", "5 ", "007", "5x", "0x10", "1e3", "1_000", "",  # not how the bot writes an id
    "٣", "²", "５", "𝟓",  # digits Python's int() or isdigit() take, from other scripts
])  # fmt: skip
def test_anything_else_is_no_id(forged: str) -> None:
    assert parse_id(forged) is None
    assert id_after("u:", f"u:{forged}") is None
    assert parse_team_data(f"tim|show|all|{forged}") is None


@given(st.text(max_size=20))
def test_no_text_breaks_the_parser(text: str) -> None:
    value = parse_id(text)
    assert value is None or (1 <= value <= MAX_ID and str(value) == text)


def test_the_prefix_must_match() -> None:
    assert id_after("u:", "x:5") is None and id_after("u:", "u5") is None and id_after("u:", "u:5") == 5
    assert parse_team_data("tim|show|nobody|5") is None and parse_team_data("tim|drop|all|5") is None
