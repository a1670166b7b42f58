"""One-time link codes: generated with `secrets`, shown grouped for reading aloud, stored only as hashes.

Ten characters from a 32-letter alphabet without look-alikes (no I, O, 0, 1) give 50 bits: guessing is
hopeless even without the per-account back-off, so an unsalted SHA-256 is enough to keep a leaked database
from revealing usable codes.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
GROUP = 5


def generate_code() -> str:
    """A fresh code in its printed form, e.g. 'K7MQX-3RWPA'."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalize_code(text: str) -> str:
    """What people type → the bare code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def is_well_formed(text: str) -> bool:
    code = normalize_code(text)
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)


LOOKALIKES = "01IO"
"""Never in a code: each could be read as another (0/O/D/Q, 1/I/L)."""


def lookalikes_in(text: str) -> str:
    """The characters of LOOKALIKES in what looks like a code (ten letters and digits once spaces and dashes
    are gone, every other one from the alphabet), in the order typed; '' when it is not that shape or has
    none, so the person can be told which characters no code uses rather than only "not a code"."""
    code = normalize_code(text)
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET and ch not in LOOKALIKES for ch in code):
        return ""
    return "".join(dict.fromkeys(ch for ch in code if ch in LOOKALIKES))


def hash_code(text: str) -> str:
    """The stored form: hex SHA-256 of the normalized code."""
    return hashlib.sha256(normalize_code(text).encode("ascii", "ignore")).hexdigest()


def deep_link(bot_username: str, code: str) -> str:
    """https://t.me/<bot>?start=<code>: opening it sends '/start <code>' to the bot (start payload rules allow
    A-Z, a-z, 0-9, '_' and '-', so the printed form passes unchanged)."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"
