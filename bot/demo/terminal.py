"""A Telegram chat as it reads in a terminal: formatted text, numbered buttons, images saved to files.

The emulator has already parsed the bot's HTML the way Telegram does (plain text plus entities with UTF-16
offsets), so the terminal shows exactly the words a phone would. Bold, italic, underline and strikethrough
become ANSI styles only on a colour terminal (and never with NO_COLOR set); in a pipe or a README they are
dropped, as copy-pasting from Telegram drops them. Link targets are spelled out, since a terminal cannot
be tapped.
"""

from __future__ import annotations

import mimetypes
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # types only: `python -m bot` loads this module for every command, not just `demo`
    from bot.simulator import Button, CallbackAnswer, SentFile, SimMessage

BOT = "bot"
INDENT = " " * (len(BOT) + 2)
_ANSI = {
    "bold": ("\x1b[1m", "\x1b[22m"),
    "italic": ("\x1b[3m", "\x1b[23m"),
    "underline": ("\x1b[4m", "\x1b[24m"),
    "strikethrough": ("\x1b[9m", "\x1b[29m"),
    "code": ("\x1b[36m", "\x1b[39m"),
    "pre": ("\x1b[36m", "\x1b[39m"),
}
_DIM = ("\x1b[2m", "\x1b[22m")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def wants_colour(stream: TextIO) -> bool:
    """ANSI styles only for a person at a terminal (https://no-color.org is honoured)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ


def styled(text: str, entities: Iterable[Mapping[str, Any]], *, colour: bool, start: int = 0) -> str:
    """`text[start:]` with its entities applied: ANSI on a colour terminal, nothing otherwise; links
    spelled out.

    Entity offsets count UTF-16 code units (as Telegram's do), so characters outside the BMP (most emoji)
    count twice while walking the text.
    """
    spans: list[tuple[int, int, str, str]] = []
    for entity in entities:
        begin = int(entity.get("offset", 0))
        end = begin + int(entity.get("length", 0))
        kind = str(entity.get("type", ""))
        on, off = _ANSI[kind] if colour and kind in _ANSI else ("", "")
        if kind == "text_link" and entity.get("url"):
            off = f"{off} ({entity['url']})"
        if on or off:
            spans.append((begin, end, on, off))
    pieces: list[str] = []
    position = 0
    for index, char in enumerate(text):
        if index == start:  # styles already open where the shown part begins
            pieces += [on for begin, end, on, _ in spans if begin < position < end]
        if index >= start:
            pieces += [off for begin, end, _, off in reversed(spans) if end == position and begin < position]
            pieces += [on for begin, _, on, _ in spans if begin == position]
            pieces.append(char)
        position += 2 if ord(char) > 0xFFFF else 1
    pieces += [off for begin, end, _, off in reversed(spans) if end == position and begin < position]
    return "".join(pieces)


def flat_buttons(message: SimMessage) -> list[Button]:
    """The message's inline buttons in reading order: the numbers the terminal shows, starting at 1."""
    return [button for row in message.buttons for button in row]


def button_lines(rows: Sequence[Sequence[Button]], *, numbered: bool = True) -> list[str]:
    """`[1] Ya   [2] Belum` per keyboard row, numbered across rows; `[◀ Kembali]   [✖ Batal]` unnumbered."""
    lines: list[str] = []
    number = 0
    for row in rows:
        cells = []
        for button in row:
            number += 1
            cells.append(f"[{number}] {button.text}" if numbered else f"[{button.text}]")
        lines.append("   ".join(cells))
    return lines


class Screen:
    """Everything the demo prints, in one place, so the interactive chat and a replayed script read alike."""

    def __init__(self, out: TextIO, files_dir: Path, *, colour: bool | None = None) -> None:
        self.out = out
        self.files_dir = files_dir
        self.colour = wants_colour(out) if colour is None else colour
        self._saved = 0
        self._seen: dict[tuple[int, int], str] = {}

    def _dim(self, text: str) -> str:
        return f"{_DIM[0]}{text}{_DIM[1]}" if self.colour else text

    def _bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[22m" if self.colour else text

    def write(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def note(self, text: str) -> None:
        """The demo's own remarks (identity changes, hints), set apart from what the bot says."""
        self.write(self._dim(f"-- {text}"))

    def prompt(self, name: str) -> str:
        return f"{self._bold(name)} › "

    def typed(self, name: str, line: str, pressed: Button | None = None) -> None:
        """A line the person typed (echoed when replaying a script), and the button it pressed."""
        self.write()
        suffix = f"  → [{pressed.text}]" if pressed is not None else ""
        self.write(f"{self.prompt(name)}{line}{suffix}")

    def pressed(self, button: Button) -> None:
        """At the keyboard the number is already on screen: only say which button it was."""
        self.write(self._dim(f"  → [{button.text}]"))

    def message(self, message: SimMessage, owner: str, *, recipient: str | None = None,
                numbered: bool = True) -> None:
        """A new message from the bot; `recipient` names another user when it went to someone else's chat;
        `numbered` False shows the buttons by label only (typing a number there answers the question)."""
        self._seen[(message.chat_id, message.message_id)] = message.content
        self._block(message, owner, self._speaker(recipient), numbered=numbered)

    def edited(self, message: SimMessage, owner: str, *, recipient: str | None = None,
               numbered: bool = True) -> None:
        """Shown only when the words changed: taking the buttons off an answered question is silent in
        Telegram too (the keyboard just disappears). When words were only added (e.g. the answer appended
        under its question), only the addition is shown: the rest is already on screen."""
        key = (message.chat_id, message.message_id)
        before = self._seen.get(key)
        if before == message.content:
            return
        self._seen[key] = message.content
        start = len(before) if before and message.content.startswith(before) else 0
        while 0 < start < len(message.content) and message.content[start] == "\n":
            start += 1
        self._block(message, owner, self._speaker(recipient) + " (diedit)", start=start, numbered=numbered,
                    edit=True)

    def deleted(self, recipient: str | None = None) -> None:
        self.write(f"{self._speaker(recipient)}: " + self._dim("(pesan dihapus)"))

    def answer(self, answer: CallbackAnswer, recipient: str | None = None) -> None:
        """An alert or a toast after a button press; an empty answer only stops the spinner."""
        if not answer.text:
            return
        mark = "⚠" if answer.show_alert else "ⓘ"
        self.write(f"{self._speaker(recipient)}: {mark} {answer.text}")

    def _speaker(self, recipient: str | None) -> str:
        return f"{BOT} → {recipient}" if recipient else BOT

    def _block(self, message: SimMessage, owner: str, speaker: str, *, start: int = 0,
               numbered: bool = True, edit: bool = False) -> None:
        """The message from character `start` on (a tail after "…" when not from the beginning). A file is
        saved when the message arrives; an edit (a new caption) only names it again."""
        body = styled(message.content, message.entities, colour=self.colour, start=start)
        if start:
            body = f"… {body}"
        if message.file is not None:
            label = "foto" if message.file.kind == "photo" else "berkas"
            where = f"{label}" if edit else f"{label}: {self.save(message.file, owner)}"
            body = f"[{where}]" + (f" {body}" if body else "")
        lines = body.split("\n") if body else [""]
        self.write(f"{speaker}: {lines[0]}")
        for line in lines[1:]:
            self.write(f"{INDENT}{line}" if line else "")
        for line in button_lines(message.buttons, numbered=numbered):
            self.write(INDENT + line)

    def save(self, file: SentFile, owner: str) -> Path:
        """Write a photo or document the bot sent to the output directory; the path is what is shown."""
        self._saved += 1
        self.files_dir.mkdir(parents=True, exist_ok=True)
        if file.kind == "photo":
            extension = mimetypes.guess_extension(file.mime_type) or Path(file.filename).suffix or ".jpg"
            name = f"{self._saved:02d}-{owner}-foto{extension}"
        else:
            name = f"{self._saved:02d}-{owner}-{_UNSAFE_NAME.sub('_', file.filename) or 'berkas'}"
        path = self.files_dir / name
        path.write_bytes(file.data)
        return path
