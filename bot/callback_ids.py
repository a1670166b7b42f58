"""Ids inside callback data, parsed and range-checked in one place.

Callback data comes from the client, and a modified client can send anything: `u:99999999999` (past
PostgreSQL's INTEGER, so the query would not even bind), `-1`, `+5`, ` 5`, `007`, or digits of other scripts
(`٣`, which Python's `int` accepts). An id here is what the bot itself writes into a button: ASCII digits, no
sign, no leading zero, within the range of the database's INTEGER keys. Anything else is None, which every
caller answers "no longer valid" (the same as a button of an old message), changing nothing.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1
"""The largest INTEGER key (PostgreSQL `integer`, SQLite's rowid is wider): ids of units, employees …"""
_MAX_DIGITS = len(str(MAX_ID))


def parse_id(text: str) -> int | None:
    """The id a button carries, or None when `text` is not one the bot could have written."""
    if not (0 < len(text) <= _MAX_DIGITS and text.isascii() and text.isdigit()) or text[0] == "0":
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def id_after(prefix: str, data: str) -> int | None:
    """The id in `data` right after `prefix` (`u:42` → 42), or None when `data` is not that shape."""
    return parse_id(data[len(prefix) :]) if data.startswith(prefix) else None
