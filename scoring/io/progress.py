"""A one-line progress bar on stderr for long runs (`scoring batch`), drawn only on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal and at most five times a second."""

    WIDTH = 30

    def __init__(self, fraction: Callable[[], float | None], stream: IO[str] | None = None) -> None:
        self._fraction = fraction
        self._stream = stream if stream is not None else sys.stderr
        self.enabled = self._stream.isatty()
        self._next = 0.0
        self._drawn = False

    def tick(self, rows: int) -> None:
        """Call every row or so; cheap unless a redraw is due (the caller checks `rows` sparsely)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + 0.2
        fraction = self._fraction()
        if fraction is None:
            line = f"\r{rows:,} baris".replace(",", ".")
        else:
            filled = int(self.WIDTH * fraction)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            line = f"\r[{bar}] {fraction:4.0%} {rows:,} baris".replace(",", ".")
        self._stream.write(line)
        self._stream.flush()
        self._drawn = True

    def clear(self) -> None:
        if self._drawn:
            self._stream.write("\r" + " " * (self.WIDTH + 30) + "\r")
            self._stream.flush()
            self._drawn = False
