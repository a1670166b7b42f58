"""What people type, turned into values: dates in the forms Indonesians write them, JP and hours.

Pure functions returning a value or raising `InputError` with a message key from the catalog, so the
handler can ask the same question again with a precise hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

MIN_DATE = date(1970, 1, 1)
MAX_JP = 1000.0

MONTHS = {
    # Indonesian and English names and their common abbreviations (also read by the admin imports)
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "aug": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_NUMERIC = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_NUMBER = re.compile(r"^\d{1,7}([.,]\d{1,4})?$")


@dataclass
class InputError(ValueError):
    """Input that cannot be used; `key` names the catalog message that explains why."""

    key: str
    params: dict[str, object] = field(default_factory=dict)  # not `args`: BaseException owns that name

    def __str__(self) -> str:
        return self.key


def parse_date(text: str, *, today: date, allow_future: bool = False) -> date:
    """Understand 12/3/2026, 12-03-2026, 12.03.2026, 2026-03-12 and 12 Maret 2026 (day first)."""
    cleaned = " ".join(text.strip().lower().split())
    if len(cleaned) > 40:
        raise InputError("error.date_format")
    day = month = year = 0
    if match := _ISO.match(cleaned):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NUMERIC.match(cleaned):
        day, month, year = (int(g) for g in match.groups())
    elif (match := _WORDS.match(cleaned)) and match.group(2) in MONTHS:
        day, month, year = int(match.group(1)), MONTHS[match.group(2)], int(match.group(3))
    else:
        raise InputError("error.date_format")
    try:
        value = date(year, month, day)
    except ValueError:
        raise InputError("error.date_invalid") from None
    if value < MIN_DATE:
        raise InputError("error.date_too_old")
    if value > today and not allow_future:
        raise InputError("error.date_future")
    return value


def parse_number(text: str, *, maximum: float, minimum_exclusive: float = 0.0) -> float:
    """A positive number such as 12, 12,5 or 12.5; rejects words, emoji and out-of-range values."""
    cleaned = text.strip().lower().removesuffix("jp").removesuffix("jam").strip()
    if not _NUMBER.match(cleaned):
        raise InputError("error.number_format")
    value = float(cleaned.replace(",", "."))
    if value <= minimum_exclusive:
        raise InputError("error.number_positive")
    if value > maximum:
        raise InputError("error.number_too_large", {"max": maximum})
    return value


def is_hours(text: str) -> bool:
    """Whether a typed amount is in hours ("6 jam", "6 hours") rather than JP."""
    lowered = text.lower()
    return "jam" in lowered or "hour" in lowered


def parse_jp(text: str, *, hours: bool) -> float:
    """JP (or hours, converted at 60/45) of one activity; 0 < JP ≤ 1,000."""
    value = parse_number(text, maximum=MAX_JP if not hours else MAX_JP * 45 / 60)
    return value * 60 / 45 if hours else value


def parse_score(text: str) -> float:
    """A numeric SKP on the old 0–100 scale."""
    cleaned = text.strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", cleaned):
        raise InputError("error.score_format")
    value = float(cleaned)
    if value > 100:
        raise InputError("error.score_range")
    return value


def clean_title(text: str, *, limit: int = 200) -> str:
    """A free-text title: trimmed, single-spaced, at most `limit` characters."""
    title = " ".join(text.split())
    if not title:
        raise InputError("error.title_empty")
    if len(title) > limit:
        raise InputError("error.title_too_long", {"max": limit})
    return title
