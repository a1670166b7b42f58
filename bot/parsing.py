"""What people type in the chat, turned into values: dates, JP and hours, appraisal scores, titles.

The chat's entry to the one parser of dates and numbers (`scoring.io.values`, shared with the imports and
`scoring batch`, so a form one accepts the others accept). These functions add the chat's own rules (no
date before 1970 or in the future, JP between 0 and 1,000) and raise `InputError` with a message key from
the catalog, so the handler can ask the same question again with a precise hint.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from bot.cleaning import TextRefused, clean_line
from scoring.io.values import ValueProblem, parse_date_text, parse_number_text

MIN_DATE = date(1970, 1, 1)
MAX_JP = 1000.0


@dataclass
class InputError(ValueError):
    """Input that cannot be used; `key` names the catalog message that explains why."""

    key: str
    params: dict[str, object] = field(default_factory=dict)  # not `args`: BaseException owns that name

    def __str__(self) -> str:
        return self.key


def parse_date(text: str, *, today: date, allow_future: bool = False) -> date:
    """Understand 12/3/2026, 12-03-2026, 12.03.2026, 2026-03-12, 12 Maret 2026, 12-Mar-2026 (day first)."""
    try:
        value = parse_date_text(text)
    except ValueProblem as problem:
        raise InputError("error.date_invalid" if problem.key == "date.invalid" else "error.date_format") from None
    if value < MIN_DATE:
        raise InputError("error.date_too_old")
    if value > today and not allow_future:
        raise InputError("error.date_future")
    return value


def parse_number(text: str, *, maximum: float, minimum_exclusive: float = 0.0) -> float:
    """A positive number such as 12, 12,5, 12.5 or 1.000 (one thousand); rejects words, emoji and values out of
    range. A trailing 'jam' (hours) is the caller's business and is ignored here, like 'JP'."""
    cleaned = text.strip().casefold().removesuffix("jam")
    try:
        value = parse_number_text(cleaned)
    except ValueProblem:
        if _negative(cleaned):  # "−5", "- 5", "–5": a number, only below zero
            raise InputError("error.number_positive") from None
        raise InputError("error.number_format") from None
    if value <= minimum_exclusive:
        raise InputError("error.number_positive")
    if value > maximum:
        raise InputError("error.number_too_large", {"max": maximum})
    return value


_MINUS_SIGNS = "-\u2212\u2013\u2014\u2010\u2011\ufe63\uff0d"
"""ASCII hyphen-minus, the minus sign, en and em dash, hyphens, small and full-width hyphen-minus: what a
phone keyboard may put before a number."""


def _negative(text: str) -> bool:
    """Whether `text` is a minus sign of any kind followed by a number (a number, though not a positive one)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in _MINUS_SIGNS:
        return False
    try:
        parse_number_text(stripped[1:].strip())
    except ValueProblem:
        return False
    return True


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
    try:
        value = parse_number_text(text)
    except ValueProblem:
        raise InputError("error.score_format") from None
    if not 0 <= value <= 100:
        raise InputError("error.score_range")
    return value


def clean_title(text: str, *, limit: int = 200) -> str:
    """A free-text title typed in the chat, cleaned by the one cleaner of text from outside
    (`bot.cleaning.clean_line`: NFC, invisible formatting characters removed, one line, at most `limit`
    characters), and refused when nothing readable is left: empty, only invisible characters (zero-width
    spaces, a right-to-left override), a control character, or no letter or digit at all (only emoji or
    punctuation: nobody could tell later what the activity was)."""
    try:
        title = clean_line(text, limit=limit)
    except TextRefused as refused:
        raise _refused(refused, "title") from None
    assert title is not None  # required: an empty value raised
    if not any(unicodedata.category(ch)[0] in "LN" for ch in title):
        raise InputError("chat.title_no_letters")
    return title


def _refused(refused: TextRefused, what: str) -> InputError:
    """The chat's message for a text the cleaner refused (`what`: 'title', …, for the empty case)."""
    if refused.key == "text.control":
        return InputError("chat.text_control")
    if refused.key == "text.too_long":
        return InputError(f"error.{what}_too_long", {"max": refused.limit})
    return InputError(f"error.{what}_empty" if refused.blank else "chat.text_invisible_only")
