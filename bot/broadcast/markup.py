"""Checking an HR admin's broadcast text against Telegram's HTML before anything is sent.

Telegram refuses a whole message for one bad tag ("Can't parse entities"); for a broadcast that would be
thousands of failures at once, found only after confirming. So the text is parsed when it is composed, by
the very parser the Bot API emulator uses (`bot.telegram_markup`, tdlib's rules step for step): what one
refuses the other refuses, with Telegram's own reason. The admin gets that reason, where in the text it is,
and for the usual mistakes a hint in their language. Like Telegram, the check keeps what it cannot use
without refusing it: an unknown attribute is ignored and a link with an unusable address shows as plain
text (the preview shows it so).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bot.telegram_markup import MarkupError, parse
from bot.texts import Html

MAX_TEXT = 3500
"""Characters the reader sees (UTF-16, as Telegram counts): Telegram allows 4,096 in a message, and the
preview repeats the text with a header and the audience in one message."""
NEAR = 24
"""Characters of the text shown from where Telegram's complaint points."""

_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r'^Unsupported start tag "(?P<tag>[a-z][\w-]*)"'), "siaran.html_tag"),
    (re.compile(r"^Unsupported start tag"), "siaran.html_lt"),  # '<' before a space or a digit
    (re.compile(r"^Unclosed start tag"), "siaran.html_lt"),
    (re.compile(r"^(Unexpected end of name token|Expected equal sign|Empty attribute name)"), "siaran.html_quote"),
    (re.compile(r'^Unmatched end tag .*expected "</(?P<expected>[^"]*)>", found "</(?P<tag>[^"]*)>"'),
     "siaran.html_order"),
    (re.compile(r"^Unexpected end tag"), "siaran.html_stray_end"),
    (re.compile(r'^Can\'t find end tag corresponding to start tag "(?P<tag>[^"]*)"'), "siaran.html_unclosed"),
    (re.compile(r'^Tag "span" must have class'), "siaran.html_span"),
)
_BYTE_OFFSET = re.compile(r"at byte offset (\d+)")


@dataclass
class MarkupProblem(ValueError):
    """Why the text cannot be sent; `key` names the catalog message, `params` fill it."""

    key: str
    params: dict[str, object] = field(default_factory=dict)
    reason: str = ""
    """Telegram's own words when its parser refused the text (as the Bot API would answer)."""

    def __str__(self) -> str:
        return self.reason or self.key


def _no_users(user_id: int) -> None:
    """A `tg://user?id=` mention of an unknown user is dropped by Telegram, not refused: none are known here."""
    return None


def _where(text: str, reason: str) -> Html:
    """Telegram's reason and the piece of the text it points at (tdlib counts in UTF-8 bytes)."""
    found = _BYTE_OFFSET.search(reason)
    where = f"Telegram: <code>{html.escape(reason)}</code>"
    if found is None:
        return Html(where)
    start = len(text.encode()[: int(found.group(1))].decode(errors="ignore"))
    near = " ".join(text[start : start + NEAR].split())
    more = "…" if len(text) > start + NEAR else ""
    return Html(f"{where} · <code>{html.escape(near)}{more}</code>")


def refusal(text: str, error: MarkupError) -> MarkupProblem:
    """The admin's message for Telegram's refusal: a hint for the usual mistakes, always the reason itself."""
    reason = str(error)
    for pattern, key in _HINTS:
        if (match := pattern.search(reason)) is not None:
            return MarkupProblem(key, {**match.groupdict(), "where": _where(text, reason)}, reason)
    return MarkupProblem("siaran.html_refused", {"where": _where(text, reason)}, reason)


def check_html(source: str) -> str:
    """The text, trimmed, when Telegram will accept it as HTML; otherwise `MarkupProblem` saying why."""
    text = source.strip()
    try:
        parsed = parse(text, "HTML", None, _no_users)
    except MarkupError as error:
        raise refusal(text, error) from None
    if not parsed.text:
        raise MarkupProblem("siaran.empty")
    if parsed.length > MAX_TEXT:
        raise MarkupProblem("siaran.too_long", {"max": MAX_TEXT})
    return text
