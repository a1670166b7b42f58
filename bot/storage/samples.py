"""Valid sample rows with a few keywords: for tests, benchmarks and a demo database.

Lives in the package (like `bot.clock.FakeClock`) so that test fixtures, `benchmarks/` and a `demo`
command share one way to make well-formed employees.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import Employee, Unit
from scoring.models import Education, EmploymentStatus, Position

MAX_SAMPLE_INDEX = 9_990_000

MakeUnit = Callable[..., Awaitable[Unit]]
MakeEmployee = Callable[..., Awaitable[Employee]]


def make_nip(
    index: int,
    *,
    status: EmploymentStatus = EmploymentStatus.PNS,
    birth: date | None = None,
    gender: int | None = None,
) -> str:
    """A valid NIP (or NI PPPK), distinct for each index below 9,990,000 (birth day × sequence)."""
    if not 0 <= index < MAX_SAMPLE_INDEX:
        raise ValueError("make_nip: index out of the distinct range")
    born = birth or date(1970, 1, 1) + timedelta(days=index % 10_000)
    sequence = 1 + index // 10_000
    sex = gender or 1 + index % 2
    month = "21" if status is EmploymentStatus.PPPK else f"{1 + index % 12:02d}"
    return f"{born:%Y%m%d}{born.year + 25}{month}{sex}{sequence:03d}"


async def add_unit(session: AsyncSession, code: str, *, name: str | None = None, parent: Unit | None = None) -> Unit:
    unit = Unit(code=code, name=name or code, parent_id=parent.id if parent else None)
    session.add(unit)
    await session.flush()
    return unit


def employee_factory(session: AsyncSession, *, start: int = 1) -> MakeEmployee:
    """`await make(unit=u, supervisor=boss, position_type=Position.FUNGSIONAL, …)`: adds and flushes."""
    counter = itertools.count(start)

    async def make(*, unit: Unit | None = None, supervisor: Employee | None = None, **fields: Any) -> Employee:
        index = next(counter)
        status = fields.get("employment_status", EmploymentStatus.PNS)
        values: dict[str, Any] = {
            "nip": make_nip(index, status=status),
            "name": f"Pegawai {index}",
            "employment_status": status,
            "position_type": Position.PELAKSANA,
            "education": Education.S1,
            "unit_id": unit.id if unit else None,
            "supervisor_id": supervisor.id if supervisor else None,
            **fields,
        }
        employee = Employee(**values)
        session.add(employee)
        await session.flush()
        return employee

    return make


def both_figures(profile: dict[str, Any], total: float, category: str, kualifikasi: float, kompetensi: float,
                 kinerja: float, disiplin: float) -> dict[str, Any]:
    """The figure columns of an `Assessment` row whose declared and verified figures are the same (no claim):
    for tests and benchmarks that write assessment rows directly."""
    figures = {"total": total, "category": category, "kualifikasi": kualifikasi, "kompetensi": kompetensi,
               "kinerja": kinerja, "disiplin": disiplin}
    return {"profile": profile, **figures, "verified_profile": profile,
            **{f"verified_{name}": value for name, value in figures.items()}, "provenance": {}, "fully_verified": True}
