"""Telegram's formatting: `parse_mode` markup turned into plain text plus entities, or refused.

The parsers follow tdlib's own (`td/telegram/MessageEntity.cpp`: `parse_html`, `parse_markdown_v2`,
`parse_markdown`) step for step, including its error texts and the byte offsets they quote, because the bot
is judged by what Telegram would do: a tag Telegram refuses must fail here too, and what Telegram accepts
(a bare `&`, `&amp` without its `;`) must pass. Offsets and lengths of entities are counted in UTF-16 code
units, as in the Bot API.

One module for two users, so that they cannot disagree: the Bot API emulator (`bot.simulator`) parses what
the bot sends with it, and `/siaran` (`bot.broadcast.markup`) checks an HR admin's text with it before a
broadcast is stored. It depends on nothing else of the project.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

SPACES = " \t\r\n\0\v"  # tdlib's is_space(); "\0" doubles as the end-of-text sentinel
TRIMMED = " \t\r\n\v\f"

HTML_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "span"}
    | {"pre", "code", "blockquote"}
)
ENTITY_TYPES = frozenset(
    [
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "url",
        "email",
        "phone_number",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "blockquote",
        "expandable_blockquote",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
    ]
)
_USER_LINK = re.compile(r"^tg://user\?id=(\d+)$", re.IGNORECASE)
_EMOJI_LINK = re.compile(r"^tg://emoji\?id=(\d+)$", re.IGNORECASE)
_LINK_SCHEMES = ("http", "https", "tg", "ton", "ftp")


class MarkupError(ValueError):
    """tdlib's reason for refusing the markup; the Bot API prefixes it with "can't parse entities: "."""


@dataclass(frozen=True)
class FormattedText:
    """What the user reads (`text`) and how it is decorated (`entities`, Bot API `MessageEntity` dicts)."""

    text: str
    entities: tuple[dict[str, Any], ...] = ()

    @property
    def length(self) -> int:
        """Length as Telegram measures it for the 4,096 / 1,024 limits: UTF-16 code units."""
        return utf16_len(self.text)


def utf16_len(text: str) -> int:
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def _width(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _byte_offsets(text: str) -> list[int]:
    """UTF-8 byte offset of every character (and of the end): tdlib's error messages quote bytes."""
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + len(ch.encode("utf-8", "surrogatepass")))
    return offsets


def checked_link(url: str) -> str:
    """A link Telegram keeps in a text_link entity, or "" when it would silently drop the entity."""
    url = url.strip()
    if not url or any(ch in url for ch in " \t\r\n"):
        return ""
    scheme, sep, rest = url.partition("://")
    if sep:
        return url if scheme.lower() in _LINK_SCHEMES and rest else ""
    if ":" in url.split("/", 1)[0] and not re.match(r"^[\w.-]+:\d+", url):
        return ""
    host = url.split("/", 1)[0]
    return f"http://{url}" if "." in host and not host.startswith(".") else ""


def _link_entity(
    url: str, offset: int, length: int, known_users: Callable[[int], dict[str, Any] | None]
) -> dict[str, Any] | None:
    mention = _USER_LINK.match(url)
    if mention:
        user = known_users(int(mention.group(1)))
        if user is None:
            return None
        return {"type": "text_mention", "offset": offset, "length": length, "user": user}
    link = checked_link(url)
    if not link:
        return None
    return {"type": "text_link", "offset": offset, "length": length, "url": link}


def _decode_html_entity(text: str, pos: int) -> tuple[int, int] | None:
    """tdlib's decode_html_entity: (code point, position after it), or None to keep the `&` literally."""
    n = len(text)

    def at(k: int) -> str:
        return text[k] if k < n else "\0"

    end = pos + 1
    code = 0
    if at(pos + 1) == "#":
        end += 1
        if at(pos + 2) == "x":
            end += 1
            while at(end) in "0123456789abcdefABCDEF" and at(end) != "\0":
                code = code * 16 + int(at(end), 16)
                end += 1
        else:
            while at(end).isascii() and at(end).isdigit():
                code = code * 10 + int(at(end))
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
    else:
        while at(end).isascii() and at(end).isalpha():
            end += 1
        named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}.get(text[pos + 1 : end])
        if named is None:
            return None
        code = ord(named)
    return code, (end + 1 if at(end) == ";" else end)


def parse_html(source: str, known_users: Callable[[int], dict[str, Any] | None]) -> FormattedText:
    n = len(source)
    byte = _byte_offsets(source)

    def at(k: int) -> str:
        return source[k] if k < n else "\0"

    out: list[str] = []
    u16 = 0
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, str, int, int]] = []  # tag, argument, utf-16 offset, index into out
    need_utf_check = False
    i = 0
    while i < n:
        ch = source[i]
        if ch == "&":
            decoded = _decode_html_entity(source, i)
            if decoded is not None:
                code, i = decoded
                need_utf_check = need_utf_check or 0xD800 <= code <= 0xDFFF
                out.append(chr(code))
                u16 += 2 if code > 0xFFFF else 1
                continue
        if ch != "<":
            out.append(ch)
            u16 += _width(ch)
            i += 1
            continue
        begin = i
        i += 1
        if at(i) != "/":
            while at(i) not in SPACES and at(i) != ">":
                i += 1
            if i >= n:
                raise MarkupError(f"Unclosed start tag at byte offset {byte[begin]}")
            tag = source[begin + 1 : i].lower()
            if tag not in HTML_TAGS:
                raise MarkupError(f'Unsupported start tag "{tag}" at byte offset {byte[begin]}')
            argument = ""
            while at(i) != ">":
                while i < n and at(i) in SPACES:
                    i += 1
                if at(i) == ">":
                    break
                attribute_begin = i
                while at(i) not in SPACES and at(i) not in "=>":
                    i += 1
                name = source[attribute_begin:i]
                if not name:
                    raise MarkupError(f'Empty attribute name in the tag "{tag}" at byte offset {byte[begin]}')
                while i < n and at(i) in SPACES:
                    i += 1
                if at(i) != "=":
                    if tag == "blockquote" and name.lower() == "expandable":
                        argument = "expandable"
                        continue
                    raise MarkupError(
                        f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                        f"at byte offset {byte[begin]}"
                    )
                i += 1
                while i < n and at(i) in SPACES:
                    i += 1
                if i >= n:
                    raise MarkupError(f'Unclosed start tag "{tag}" at byte offset {byte[begin]}')
                if at(i) not in "'\"":
                    token_begin = i
                    while at(i).isascii() and (at(i).isalnum() or at(i) in ".-") and at(i) != "\0":
                        i += 1
                    value = source[token_begin:i].lower()
                    if at(i) not in SPACES and at(i) != ">":
                        raise MarkupError(f"Unexpected end of name token at byte offset {byte[token_begin]}")
                else:
                    quote = source[i]
                    i += 1
                    parts: list[str] = []
                    while i < n and source[i] != quote:
                        if source[i] == "&":
                            decoded = _decode_html_entity(source, i)
                            if decoded is not None:
                                parts.append(chr(decoded[0]))
                                i = decoded[1]
                                continue
                        parts.append(source[i])
                        i += 1
                    if i < n:
                        i += 1
                    value = "".join(parts)
                if i >= n:
                    raise MarkupError(f"Unclosed start tag at byte offset {byte[begin]}")
                if (tag == "a" and name == "href") or (tag == "tg-emoji" and name == "emoji-id"):
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
            if tag == "span" and argument != "spoiler":
                raise MarkupError(f'Tag "span" must have class "tg-spoiler" at byte offset {byte[begin]}')
            stack.append((tag, argument, u16, len(out)))
            i += 1
            continue

        if not stack:
            raise MarkupError(f"Unexpected end tag at byte offset {byte[begin]}")
        while at(i) not in SPACES and at(i) != ">":
            i += 1
        end_tag = source[begin + 2 : i].lower()
        while i < n and at(i) in SPACES:
            i += 1
        if at(i) != ">":
            raise MarkupError(f"Unclosed end tag at byte offset {byte[begin]}")
        tag, argument, start, out_start = stack[-1]
        if end_tag and end_tag != tag:
            raise MarkupError(
                f'Unmatched end tag at byte offset {byte[begin]}, expected "</{tag}>", found "</{end_tag}>"'
            )
        if u16 > start:
            _close_html_entity(entities, tag, argument, start, u16 - start, "".join(out[out_start:]), known_users)
        stack.pop()
        i += 1
    if stack:
        raise MarkupError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    text = "".join(out)
    if need_utf_check and any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        raise MarkupError(
            "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched "
            "surrogate code units"
        )
    return FormattedText(text, tuple(_sorted(entities)))


def _close_html_entity(
    entities: list[dict[str, Any]],
    tag: str,
    argument: str,
    offset: int,
    length: int,
    inner_text: str,
    known_users: Callable[[int], dict[str, Any] | None],
) -> None:
    simple = {
        "i": "italic",
        "em": "italic",
        "b": "bold",
        "strong": "bold",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "u": "underline",
        "ins": "underline",
        "tg-spoiler": "spoiler",
        "span": "spoiler",
    }
    if tag in simple:
        entities.append({"type": simple[tag], "offset": offset, "length": length})
    elif tag == "blockquote":
        kind = "expandable_blockquote" if argument == "expandable" else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})
    elif tag == "tg-emoji":
        if not argument.isdigit() or int(argument) == 0:
            raise MarkupError("Invalid custom emoji identifier specified")
        entities.append({"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": argument})
    elif tag == "a":
        link = _link_entity(argument or inner_text, offset, length, known_users)
        if link is not None:
            entities.append(link)
    elif tag == "pre":
        last = entities[-1] if entities else None
        if (
            last
            and last["type"] == "code"
            and (last["offset"], last["length"]) == (offset, length)
            and last.get("language")
        ):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    else:  # code
        last = entities[-1] if entities else None
        if last and last["type"] == "pre" and (last["offset"], last["length"]) == (offset, length) and argument:
            last["language"] = argument
        else:
            code: dict[str, Any] = {"type": "code", "offset": offset, "length": length}
            if argument:
                code["language"] = argument
            entities.append(code)


_MD2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "pre_code": "PreCode",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
}
_MD2_RESERVED = "_*[]()~`>#+-=|{}.!\n"


def _reserved(ch: str) -> MarkupError:
    return MarkupError(f"Character '{ch}' is reserved and must be escaped with the preceding '\\'")


@dataclass
class _Open:
    kind: str
    argument: str
    offset: int
    byte_offset: int
    out_start: int


def parse_markdown_v2(source: str, known_users: Callable[[int], dict[str, Any] | None]) -> FormattedText:
    n = len(source)
    byte = _byte_offsets(source)

    def at(k: int) -> str:
        return source[k] if k < n else "\0"

    out: list[str] = []
    u16 = 0
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    have_blockquote = False
    i = -1
    while True:
        i += 1
        if i >= n:
            break
        ch = source[i]
        if ch == "\\" and 0 < ord(at(i + 1)) <= 126:
            i += 1
            u16 += 1
            out.append(source[i])
            continue
        reserved = "`" if stack and stack[-1].kind in ("code", "pre", "pre_code") else _MD2_RESERVED
        if ch not in reserved:
            out.append(ch)
            u16 += _width(ch)
            continue

        is_end = False
        if stack:
            top = stack[-1].kind
            if have_blockquote and ch == "\n" and (i + 1 == n or source[i + 1] != ">"):
                is_end = True
            else:
                is_end = {
                    "bold": ch == "*",
                    "italic": ch == "_" and at(i + 1) != "_",
                    "code": ch == "`",
                    "pre": ch == "`" and at(i + 1) == "`" and at(i + 2) == "`",
                    "pre_code": ch == "`" and at(i + 1) == "`" and at(i + 2) == "`",
                    "text_link": ch == "]",
                    "underline": ch == "_" and at(i + 1) == "_",
                    "strikethrough": ch == "~",
                    "spoiler": ch == "|" and at(i + 1) == "|",
                    "custom_emoji": ch == "]",
                    "blockquote": False,
                }[top]

        if not is_end:
            byte_offset = byte[i]
            argument = ""
            kind: str | None
            if ch == "_":
                kind = "underline" if at(i + 1) == "_" else "italic"
                i += 1 if kind == "underline" else 0
            elif ch == "*":
                kind = "bold"
            elif ch == "~":
                kind = "strikethrough"
            elif ch == "|":
                if at(i + 1) != "|":
                    raise _reserved(ch)
                i += 1
                kind = "spoiler"
            elif ch == "[":
                kind = "text_link"
            elif ch == "`":
                if at(i + 1) == "`" and at(i + 2) == "`":
                    i += 3
                    kind = "pre"
                    language_end = i
                    while at(language_end) not in SPACES and at(language_end) != "`":
                        language_end += 1
                    if i != language_end and language_end < n and at(language_end) != "`":
                        kind = "pre_code"
                        argument = source[i:language_end]
                        i = language_end
                    if at(i) in "\n\r":
                        i += 2 if at(i + 1) in "\n\r" and at(i) != at(i + 1) else 1
                    i -= 1
                else:
                    kind = "code"
            elif ch == "!":
                if at(i + 1) != "[":
                    raise _reserved(ch)
                i += 1
                kind = "custom_emoji"
            elif ch == "\n":
                u16 += 1
                out.append("\n")
                kind = None
                if i + 1 < n and source[i + 1] == ">":
                    i += 1
                    if not have_blockquote:
                        kind = "blockquote"
                        have_blockquote = True
            elif ch == ">":
                if i != 0:
                    raise _reserved(ch)
                kind = "blockquote"
                have_blockquote = True
            else:
                raise _reserved(ch)
            if kind is None:
                continue
            stack.append(_Open(kind, argument, u16, byte_offset, len(out)))
            continue

        opened = stack[-1]
        if ch == "\n" and opened.kind != "blockquote":
            raise MarkupError(f"Can't find end of {_MD2_NAMES[opened.kind]} entity at byte offset {opened.byte_offset}")
        argument = opened.argument
        skip = u16 == opened.offset
        entity: dict[str, Any] | None = None
        if opened.kind in ("underline", "spoiler"):
            i += 1
        elif opened.kind in ("pre", "pre_code"):
            i += 2
        elif opened.kind == "text_link":
            if at(i + 1) != "(":
                url = "".join(out[opened.out_start :])
            else:
                i += 2
                url_begin = i
                url_parts: list[str] = []
                while i < n and source[i] != ")":
                    if source[i] == "\\" and 0 < ord(at(i + 1)) <= 126:
                        url_parts.append(source[i + 1])
                        i += 2
                        continue
                    url_parts.append(source[i])
                    i += 1
                if at(i) != ")":
                    raise MarkupError(f"Can't find end of a URL at byte offset {byte[url_begin]}")
                url = "".join(url_parts)
            entity = _link_entity(url, opened.offset, u16 - opened.offset, known_users)
            skip = skip or entity is None
        elif opened.kind == "custom_emoji":
            if at(i + 1) != "(":
                raise MarkupError("Custom emoji entity must contain a tg://emoji URL")
            i += 2
            url_begin = i
            url_parts = []
            while i < n and source[i] != ")":
                if source[i] == "\\" and 0 < ord(at(i + 1)) <= 126:
                    url_parts.append(source[i + 1])
                    i += 2
                    continue
                url_parts.append(source[i])
                i += 1
            if at(i) != ")":
                raise MarkupError(f"Can't find end of a custom emoji URL at byte offset {byte[url_begin]}")
            emoji = _EMOJI_LINK.match("".join(url_parts))
            if emoji is None or int(emoji.group(1)) == 0:
                raise MarkupError("Invalid custom emoji URL specified")
            argument = emoji.group(1)
        elif opened.kind == "blockquote":
            have_blockquote = False
            out.append(source[i])
            u16 += 1
        if not skip:
            length = u16 - opened.offset
            if entity is None:
                entity = _md_entity(opened.kind, opened.offset, length, argument)
            entities.append(entity)
        stack.pop()

    if have_blockquote and stack and stack[-1].kind == "blockquote":
        opened = stack.pop()
        if u16 != opened.offset:
            entities.append({"type": "blockquote", "offset": opened.offset, "length": u16 - opened.offset})
    if stack:
        raise MarkupError(
            f"Can't find end of {_MD2_NAMES[stack[-1].kind]} entity at byte offset {stack[-1].byte_offset}"
        )
    return FormattedText("".join(out), tuple(_sorted(entities)))


def _md_entity(kind: str, offset: int, length: int, argument: str) -> dict[str, Any]:
    if kind == "pre_code":
        return {"type": "pre", "offset": offset, "length": length, "language": argument}
    if kind == "custom_emoji":
        return {"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": argument}
    return {"type": kind, "offset": offset, "length": length}


def parse_markdown(source: str, known_users: Callable[[int], dict[str, Any] | None]) -> FormattedText:
    """The legacy "Markdown" mode: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    n = len(source)
    byte = _byte_offsets(source)

    def at(k: int) -> str:
        return source[k] if k < n else "\0"

    out: list[str] = []
    u16 = 0
    entities: list[dict[str, Any]] = []
    i = -1
    while True:
        i += 1
        if i >= n:
            break
        ch = source[i]
        if ch == "\\" and at(i + 1) in "_*`[":
            i += 1
            out.append(source[i])
            u16 += 1
            continue
        if ch not in "_*`[":
            out.append(ch)
            u16 += _width(ch)
            continue
        begin = i
        end_char = "]" if ch == "[" else ch
        is_pre = False
        language = ""
        i += 1
        if ch == "`" and at(i) == "`" and at(i + 1) == "`":
            i += 2
            is_pre = True
            language_end = i
            while at(language_end) not in SPACES and at(language_end) != "`":
                language_end += 1
            if i != language_end and language_end < n and at(language_end) != "`":
                language = source[i:language_end]
                i = language_end
            if at(i) in "\n\r":
                i += 2 if at(i + 1) in "\n\r" and at(i) != at(i + 1) else 1
        offset = u16
        out_start = len(out)
        while i < n and (source[i] != end_char or (is_pre and not (at(i + 1) == "`" and at(i + 2) == "`"))):
            out.append(source[i])
            u16 += _width(source[i])
            i += 1
        if i >= n:
            raise MarkupError(f"Can't find end of the entity starting at byte offset {byte[begin]}")
        if u16 != offset:
            length = u16 - offset
            if ch == "_":
                entities.append({"type": "italic", "offset": offset, "length": length})
            elif ch == "*":
                entities.append({"type": "bold", "offset": offset, "length": length})
            elif ch == "[":
                if at(i + 1) != "(":
                    url = "".join(out[out_start:])
                else:
                    i += 2
                    url_parts: list[str] = []
                    while i < n and source[i] != ")":
                        url_parts.append(source[i])
                        i += 1
                    url = "".join(url_parts)
                link = _link_entity(url, offset, length, known_users)
                if link is not None:
                    entities.append(link)
            elif is_pre:
                pre: dict[str, Any] = {"type": "pre", "offset": offset, "length": length}
                if language:
                    pre["language"] = language
                entities.append(pre)
            else:
                entities.append({"type": "code", "offset": offset, "length": length})
        if is_pre:
            i += 2
    return FormattedText("".join(out), tuple(_sorted(entities)))


def _sorted(entities: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def explicit_entities(text: str, raw: object) -> FormattedText:
    """Entities the bot sent itself (`entities=`/`caption_entities=` instead of a parse_mode)."""
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise MarkupError("Can't parse entities JSON object")
    total = utf16_len(text)
    kept: list[dict[str, Any]] = []
    for item in raw:
        kind, offset, length = item.get("type"), item.get("offset"), item.get("length")
        if kind not in ENTITY_TYPES or not isinstance(offset, int) or not isinstance(length, int):
            raise MarkupError("Can't parse MessageEntity: wrong type, offset or length")
        if offset < 0 or length <= 0 or offset + length > total:
            continue  # tdlib drops entities that fall outside the text rather than refusing the message
        kept.append(dict(item))
    return FormattedText(text, tuple(_sorted(kept)))


def trim(formatted: FormattedText) -> FormattedText:
    """Strip leading and trailing whitespace as Telegram does, moving and clipping entities with it."""
    text = formatted.text
    stripped_left = text.lstrip(TRIMMED)
    left = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip(TRIMMED)
    total = utf16_len(result)
    entities: list[dict[str, Any]] = []
    for entity in formatted.entities:
        start = max(entity["offset"] - left, 0)
        end = min(entity["offset"] + entity["length"] - left, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(result, tuple(entities))


def parse(
    text: str,
    parse_mode: str | None,
    entities: object | None,
    known_users: Callable[[int], dict[str, Any] | None],
) -> FormattedText:
    """Text as Telegram stores it. Raises MarkupError (entities) or ValueError (unknown parse_mode)."""
    if parse_mode:
        mode = parse_mode.lower()
        if mode == "html":
            parsed = parse_html(text, known_users)
        elif mode == "markdownv2":
            parsed = parse_markdown_v2(text, known_users)
        elif mode == "markdown":
            parsed = parse_markdown(text, known_users)
        else:
            raise ValueError(f"unsupported parse_mode {parse_mode!r}")
    elif entities is not None:
        parsed = explicit_entities(text, entities)
    else:
        parsed = FormattedText(text)
    return trim(parsed)
