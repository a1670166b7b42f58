"""A tiny progress bar on stderr for large imports, shown only on a terminal (never in logs or CI)."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class Progress(Protocol):
    def start(self, label: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def finish(self) -> None: ...


class NoProgress:
    def start(self, label: str, total: int) -> None:
        return None

    def advance(self, count: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None


class TerminalProgress:
    """`label [#######.....]  42% 21000/50000`, redrawn at most ten times a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.label = ""
        self.total = 0
        self.done = 0
        self._drawn_at = 0.0

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self._drawn_at = label, max(total, 0), 0, 0.0
        self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total) if self.total else self.done + count
        self._draw()

    def finish(self) -> None:
        if self.total:
            self.done = self.total
        self._draw(force=True)
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._drawn_at < 0.1:
            return
        self._drawn_at = now
        if self.total:
            filled = self.WIDTH * self.done // self.total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            line = f"{self.label:<10} [{bar}] {100 * self.done // self.total:3d}% {self.done}/{self.total}"
        else:
            line = f"{self.label:<10} {self.done}"
        self.stream.write("\r" + line)
        self.stream.flush()


def progress_for(stream: TextIO | None = None) -> Progress:
    """A bar when `stream` (default stderr) is a terminal, else nothing."""
    stream = stream or sys.stderr
    return TerminalProgress(stream) if stream.isatty() else NoProgress()
