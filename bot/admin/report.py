"""What an import found and did, for the person who ran it: every bad row with its number and reason, and, for
a dry run, who and what would change. Rendered in the operator's language (`format(lang)`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.texts import Lang, plain


@dataclass(frozen=True)
class RowProblem:
    row: int
    reason: str
    nip: str | None = None

    def line(self, lang: Lang = "id") -> str:
        key = "import.row_nip" if self.nip else "import.row"
        return plain(key, lang, row=self.row, nip=self.nip, reason=self.reason)


@dataclass(frozen=True)
class Change:
    """One planned change, listed by a dry run: `kind` is created, updated, deactivated, unit_created or
    unit_updated; `subject` says who (NIP and name, or the unit); `detail` what."""

    kind: str
    subject: str
    detail: str = ""


@dataclass(frozen=True)
class Note:
    """A remark after the rows, worded for the outcome: `key` + '.done' once written, '.would' otherwise."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)
    warning: bool = False

    def text(self, lang: Lang, written: bool) -> str:
        return plain(f"{self.key}.{'done' if written else 'would'}", lang, **self.args)


COUNTS = ("created", "updated", "unchanged", "deactivated", "closed", "units_created", "units_updated")
CHANGE_KINDS = ("unit_created", "unit_updated", "created", "updated", "deactivated")


@dataclass
class ImportReport:
    """Counts are of what was written, or of what would be written for a dry run or a refused import."""

    what: str
    """Catalog key of what is imported ('import.what.roster', …)."""
    file: str
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    closed: int = 0
    """Employees' claims the import now contains: closed (the official record counts from now on)."""
    units_created: int = 0
    units_updated: int = 0
    dry_run: bool = False
    written: bool = False
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    """Who and what would change (listed by a dry run)."""
    planned: Callable[[], Iterator[Change]] | None = None
    """Instead of `changes`, for an import that may touch half a million rows: makes the changes in
    `CHANGE_KINDS` order as they are listed, so a dry run holds none of them (`lines`)."""

    @property
    def bad_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    @property
    def exit_status(self) -> int:
        """0: written, or a clean dry run; 1: problems kept the import from being written."""
        if self.dry_run:
            return 1 if self.problems else 0
        return 0 if self.written else 1

    def changes_in_order(self) -> Iterator[Change]:
        """The changes grouped by kind, in `CHANGE_KINDS` order."""
        if self.planned is not None:
            yield from self.planned()
            return
        for kind in CHANGE_KINDS:
            yield from (change for change in self.changes if change.kind == kind)

    def format(self, lang: Lang = "id") -> str:
        return "\n".join(self.lines(lang))

    def lines(self, lang: Lang = "id") -> Iterator[str]:
        """The report line by line: a dry run of a big roster lists every change without holding the text."""

        def say(key: str, **kwargs: object) -> str:
            return plain(key, lang, **kwargs)

        yield say("import.header", what=say(self.what), file=self.file, rows=self.rows, bad=self.bad_rows)
        for problem in sorted(self.problems, key=lambda p: (p.row, p.reason)):
            yield "  " + problem.line(lang)
        if self.ignored_columns:
            yield say("import.ignored_columns", columns=", ".join(self.ignored_columns))
        for note in self.notes:
            prefix = say("import.warning") if note.warning else ""
            yield prefix + note.text(lang, self.written)
        changes = self.changes_in_order() if self.dry_run else iter(())
        first = next(changes, None)
        if first is not None:
            yield say("import.changes")
            labels = {kind: say("import.change." + kind) for kind in CHANGE_KINDS}
            for change in itertools.chain((first,), changes):
                detail = f": {change.detail}" if change.detail else ""
                yield f"  {labels[change.kind]} {change.subject}{detail}"
        counts = {name: getattr(self, name) for name in COUNTS}
        summary = ", ".join(
            f"{say('import.count.' + name)} {count}" for name, count in counts.items()
            if count or name in {"created", "updated"}
        )
        if self.dry_run:
            yield say("import.dry_run", summary=summary)
        elif self.written:
            yield say("import.written", summary=summary)
        else:
            yield say("import.nothing_written")
