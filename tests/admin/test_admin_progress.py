"""The progress bar shows only on a terminal; new employees are written supervisors first."""

from __future__ import annotations

import io

from bot.admin.progress import NoProgress, TerminalProgress, progress_for
from bot.admin.roster import insert_waves
from bot.admin.roster_rows import RosterEntry
from bot.storage.models import EmployeeBase
from bot.storage.samples import make_nip


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_unless_a_terminal() -> None:
    assert isinstance(progress_for(io.StringIO()), NoProgress)
    assert isinstance(progress_for(Tty()), TerminalProgress)


def test_the_bar_counts_to_the_total() -> None:
    stream = Tty()
    bar = TerminalProgress(stream)
    bar.start("inserting", 200)
    bar.advance(100)
    bar.finish()
    assert stream.getvalue().endswith("inserting  [" + "#" * 30 + "] 100% 200/200\n")


def entry(index: int, boss: int | None) -> RosterEntry:
    employee = EmployeeBase.model_validate(
        {"nip": make_nip(index), "name": f"P{index}", "position_type": "pelaksana", "education": "sma"}
    )
    return RosterEntry(index, employee.nip, ("name",), (employee.name,), make_nip(boss) if boss else None, ())


def test_waves_put_every_supervisor_before_their_reports() -> None:
    rows = [entry(4, 3), entry(3, 2), entry(2, None), entry(5, 99), entry(6, 2)]
    waves = insert_waves(rows)
    assert [[e.row for e in wave] for wave in waves] == [[2, 5], [3, 6], [4]]
    assert insert_waves([]) == []
