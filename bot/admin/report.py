"""What an import found and did, for the person who ran it: every bad row with its number and reason."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowProblem:
    row: int
    reason: str
    nip: str | None = None

    def line(self) -> str:
        who = f" (NIP {self.nip})" if self.nip else ""
        return f"row {self.row}{who}: {self.reason}"


@dataclass
class ImportReport:
    """Counts are of what was written, or of what would be written for a dry run or a refused import."""

    what: str
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
    notes: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    @property
    def exit_status(self) -> int:
        """0: written, or a clean dry run; 1: problems kept the import from being written."""
        if self.dry_run:
            return 1 if self.problems else 0
        return 0 if self.written else 1

    def format(self) -> str:
        lines = [f"{self.what} from {self.file}: {self.rows} rows, {self.bad_rows} with problems"]
        for problem in sorted(self.problems, key=lambda p: (p.row, p.reason)):
            lines.append("  " + problem.line())
        if self.ignored_columns:
            lines.append("Ignored columns: " + ", ".join(self.ignored_columns))
        counts = [
            ("created", self.created),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
            ("deactivated", self.deactivated),
            ("claims confirmed and closed", self.closed),
            ("units created", self.units_created),
            ("units updated", self.units_updated),
        ]
        summary = ", ".join(f"{name} {count}" for name, count in counts if count or name in {"created", "updated"})
        if self.dry_run:
            lines.append(f"Dry run, nothing written. Would be: {summary}")
        elif self.written:
            lines.append(f"Written: {summary}")
        else:
            lines.append(
                "Nothing written: fix the rows above and import again, or use --skip-invalid to import the "
                "good rows only."
            )
        lines.extend(self.notes)
        return "\n".join(lines)
