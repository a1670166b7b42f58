"""Link codes: random, readable, normalized alike however typed, stored only as a hash."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.linking.codes import ALPHABET, CODE_LENGTH, deep_link, generate_code, hash_code, is_well_formed, normalize_code


def test_codes_are_grouped_and_use_no_look_alikes() -> None:
    codes = {generate_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert re.fullmatch(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", code)
    assert not set("IO01") & set(ALPHABET)


@given(st.text(alphabet=ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH), st.sampled_from(["", " ", "-", "  -  "]))
def test_case_spaces_and_dashes_do_not_matter(raw: str, separator: str) -> None:
    typed = (raw[:5] + separator + raw[5:]).lower()
    assert normalize_code(typed) == raw
    assert is_well_formed(typed)
    assert hash_code(typed) == hash_code(raw)


def test_the_hash_is_not_the_code() -> None:
    code = generate_code()
    digest = hash_code(code)
    assert len(digest) == 64 and normalize_code(code) not in digest.upper()


@given(st.text(max_size=30))
def test_anything_else_is_not_well_formed_unless_it_is_a_code(text: str) -> None:
    normalized = normalize_code(text)
    assert is_well_formed(text) == (len(normalized) == CODE_LENGTH and set(normalized) <= set(ALPHABET))


def test_deep_link_carries_the_code_as_start_payload() -> None:
    assert deep_link("@ipasn_bot", "K7MQX-3RWPA") == "https://t.me/ipasn_bot?start=K7MQX-3RWPA"
