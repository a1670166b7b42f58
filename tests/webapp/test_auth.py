"""initData is checked as Telegram specifies: HMAC-SHA256 with the key HMAC_SHA256("WebAppData", token)."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import quote, urlencode

import pytest

from bot.webapp.auth import AuthError, sign_init_data, validate_init_data

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
NOW = 1_790_000_000
USER = {"id": 279058397, "first_name": "Vladislav", "language_code": "en"}


def by_hand(fields: dict[str, str], token: str = TOKEN) -> str:
    """The signature written out from Telegram's documentation, independently of the module under test."""
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return urlencode({**fields, "hash": hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()})


def test_a_string_signed_as_telegram_documents_is_accepted() -> None:
    fields = {"query_id": "AAHdF6IQAAAAAN0XohDhrOrc", "user": json.dumps(USER), "auth_date": str(NOW - 10),
              "signature": "abc_DEF-123"}
    user = validate_init_data(by_hand(fields), TOKEN, now=NOW, max_age=3600)
    assert (user.id, user.first_name, user.language_code, user.auth_date) == (279058397, "Vladislav", "en", NOW - 10)


def test_our_signer_and_the_check_agree_and_values_are_url_decoded() -> None:
    user = {"id": 5, "first_name": "Sri & Ani=ok", "language_code": "id"}
    signed = sign_init_data(TOKEN, user, auth_date=NOW)
    assert "%26" in signed  # the & in the name travels encoded; the check reads it decoded
    assert validate_init_data(signed, TOKEN, now=NOW, max_age=60).first_name == "Sri & Ani=ok"


@pytest.mark.parametrize("case", ["tampered user", "other bot", "no hash", "empty", "twice", "garbage",
                                  "expired", "future", "no user", "user id not a number", "hash of other data"])
def test_refused(case: str) -> None:
    good = {"auth_date": str(NOW - 5), "user": json.dumps(USER)}
    raw = {
        "tampered user": by_hand(good).replace(quote("279058397"), quote("279058398")),
        "other bot": by_hand(good, token="654321:other"),
        "no hash": urlencode(good),
        "empty": "",
        "twice": by_hand(good) + "&auth_date=" + str(NOW),
        "garbage": "%%%===&&&",
        "expired": by_hand({**good, "auth_date": str(NOW - 3601)}),
        "future": by_hand({**good, "auth_date": str(NOW + 3600)}),
        "no user": by_hand({"auth_date": str(NOW)}),
        "user id not a number": by_hand({**good, "user": json.dumps({"id": "5"})}),
        "hash of other data": urlencode({**good, "hash": hmac.new(b"x", b"y", hashlib.sha256).hexdigest()}),
    }[case]
    with pytest.raises(AuthError):
        validate_init_data(raw, TOKEN, now=NOW, max_age=3600)


def test_the_age_is_the_setting() -> None:
    signed = sign_init_data(TOKEN, USER, auth_date=NOW - 100)
    assert validate_init_data(signed, TOKEN, now=NOW, max_age=100).id == USER["id"]
    with pytest.raises(AuthError, match="expired"):
        validate_init_data(signed, TOKEN, now=NOW, max_age=99)
