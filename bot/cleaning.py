"""Text from outside, cleaned once where it enters: names, unit names, titles, reasons.

Every text a person or a file gives the bot passes one of these two functions before it is stored:

- `clean_line(value, limit=…)`: a one-line value (a name, a unit, a title, a code). Unicode NFC; invisible
  formatting characters removed (zero-width spaces and joiners, bidi embeddings, overrides and isolates, the
  byte-order mark, soft hyphens: every character of Unicode category Cf); any run of white space, line breaks
  and tabs included, becomes one space; ends trimmed.
- `clean_text(value, limit=…)`: the same for text that may hold several lines (a description, a reason):
  line breaks kept (at most one empty line in a row), each line cleaned as above.

Both refuse, with `TextRefused`, a value holding a control character (C0/C1 controls other than tab and line
breaks, such as `\\x01` or an escape sequence; a lone surrogate), a value longer than `limit` characters once
cleaned, and (unless `required=False`, which gives None) a value left empty: a title made only of zero-width
characters or of a right-to-left override is refused as empty, not stored as nothing.

`TextRefused.key` names the problem for a message catalog ('text.control', 'text.too_long', 'text.empty');
`str()` of it is an English sentence for the command line.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
"""Refused: C0/C1 controls except tab, line feed, carriage return (and NEL, a line break); lone surrogates."""
_BLANK_LINES = re.compile(r"\n{3,}")


class TextRefused(ValueError):
    """A text that cannot be used. `key`: 'text.control', 'text.too_long' or 'text.empty'; `limit` for
    'text.too_long'; `char` the refused character for 'text.control'."""

    def __init__(self, key: str, *, limit: int | None = None, char: str | None = None, blank: bool = True) -> None:
        self.key = key
        self.limit = limit
        self.char = char
        self.blank = blank
        """For 'text.empty': nothing was given (rather than only invisible characters)."""
        super().__init__(self._sentence())

    def _sentence(self) -> str:
        if self.key == "text.control":
            return f"contains a control character (U+{ord(self.char or chr(0)):04X})"
        if self.key == "text.too_long":
            return f"longer than {self.limit:,} characters"
        return "missing" if self.blank else "empty once invisible characters are removed"


def _prepared(value: str) -> str:
    found = _CONTROL.search(value)
    if found is not None:
        raise TextRefused("text.control", char=found.group())
    value = unicodedata.normalize("NFC", value)
    if value.isascii():  # the common case: nothing invisible in it
        return value
    # Removed: Unicode format characters (category Cf): U+200B–U+200F, U+202A–U+202E, U+2060–U+2069, U+FEFF …
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cf")


def _checked(cleaned: str, given: str, limit: int, required: bool) -> str | None:
    if not cleaned:
        if required:
            raise TextRefused("text.empty", blank=not given.strip())
        return None
    if len(cleaned) > limit:
        raise TextRefused("text.too_long", limit=limit)
    return cleaned


def clean_line(value: str, *, limit: int, required: bool = True) -> str | None:
    """One line of text, cleaned (see the module's docstring); None only for an empty optional value."""
    return _checked(" ".join(_prepared(value).split()), value, limit, required)


def clean_text(value: str, *, limit: int, required: bool = True) -> str | None:
    """Text of one or more lines, cleaned (see the module's docstring); None only for an empty optional value."""
    lines = (" ".join(line.split()) for line in _prepared(value).replace("\r\n", "\n").splitlines())
    return _checked(_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n"), value, limit, required)
