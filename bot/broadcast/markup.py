"""Checking an HR admin's broadcast text against Telegram's HTML before anything is sent.

Telegram refuses a whole message for one bad tag ("Can't parse entities"); for a broadcast that would be
thousands of failures at once, found only after confirming. So the text is checked when it is composed, a
little more strictly than Telegram (only the documented tags and attributes, every tag closed in order),
and the admin is told which tag to fix.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

MAX_SOURCE = 3500
"""Characters of HTML source: the preview repeats the text with a header and the audience, in one message
of at most 4,096 characters."""
MAX_VISIBLE = 3500

TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code",
                  "pre", "blockquote", "tg-emoji"})
_ATTRIBUTE = re.compile(r"""\s*([A-Za-z][\w-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_TAG_NAME = re.compile(r"[A-Za-z][\w-]*")
_LINK = re.compile(r"^(https?://|tg://|mailto:)\S+$", re.IGNORECASE)


@dataclass
class MarkupProblem(ValueError):
    """Why the text cannot be sent; `key` names the catalog message, `params` fill it."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.key


def _attributes(tag: str, raw: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    position = 0
    raw = raw.rstrip()
    while position < len(raw):
        match = _ATTRIBUTE.match(raw, position)
        if match is None or match.end() == position:
            raise MarkupProblem("siaran.html_attribute", {"tag": tag})
        value = match.group(2) or ""
        attributes[match.group(1).lower()] = html.unescape(value[1:-1] if value[:1] in "\"'" and value else value)
        position = match.end()
    return attributes


def _check_start(tag: str, attributes: dict[str, str]) -> None:
    """Telegram's rules for the attributes each tag may carry."""
    allowed = {"a": {"href"}, "span": {"class"}, "code": {"class"}, "blockquote": {"expandable"},
               "tg-emoji": {"emoji-id"}}.get(tag, set())
    if set(attributes) - allowed:
        raise MarkupProblem("siaran.html_attribute", {"tag": tag})
    if tag == "a" and not _LINK.match(attributes.get("href", "")):
        raise MarkupProblem("siaran.html_link")
    if tag == "span" and attributes.get("class") != "tg-spoiler":
        raise MarkupProblem("siaran.html_attribute", {"tag": tag})
    if tag == "code" and "class" in attributes and not attributes["class"].startswith("language-"):
        raise MarkupProblem("siaran.html_attribute", {"tag": tag})
    if tag == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
        raise MarkupProblem("siaran.html_attribute", {"tag": tag})


def visible_text(source: str) -> str:
    """What the reader sees: the tags removed and the entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", source))


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji is usually two)."""
    return len(text.encode("utf-16-le")) // 2


def check_html(source: str) -> str:
    """The text, trimmed, when Telegram will accept it as HTML; otherwise `MarkupProblem` saying why."""
    text = source.strip()
    if len(text) > MAX_SOURCE:
        raise MarkupProblem("siaran.too_long", {"max": MAX_SOURCE})
    stack: list[str] = []
    position = 0
    while (start := text.find("<", position)) != -1:
        end = text.find(">", start)
        if end == -1 or "<" in text[start + 1 : end]:
            raise MarkupProblem("siaran.html_lt")
        inside = text[start + 1 : end]
        closing = inside.startswith("/")
        name_match = _TAG_NAME.match(inside, 1 if closing else 0)
        if name_match is None:
            raise MarkupProblem("siaran.html_lt")
        tag = name_match.group(0).lower()
        if tag not in TAGS:
            raise MarkupProblem("siaran.html_tag", {"tag": tag})
        rest = inside[name_match.end() :]
        if closing:
            if rest.strip():
                raise MarkupProblem("siaran.html_attribute", {"tag": tag})
            if not stack or stack[-1] != tag:
                expected = stack[-1] if stack else None
                raise MarkupProblem("siaran.html_order" if expected else "siaran.html_stray_end",
                                    {"tag": tag, "expected": expected or ""})
            stack.pop()
        else:
            _check_start(tag, _attributes(tag, rest))
            stack.append(tag)
        position = end + 1
    if stack:
        raise MarkupProblem("siaran.html_unclosed", {"tag": stack[-1]})
    visible = visible_text(text)
    if not visible.strip():
        raise MarkupProblem("siaran.empty")
    if utf16_length(visible) > MAX_VISIBLE:
        raise MarkupProblem("siaran.too_long", {"max": MAX_VISIBLE})
    return text
