"""`python -m bot admin report -o report.xlsx`: the unit map of every unit, the same workbook as /rekap ekspor."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.audit import CLI_ACTOR, audit
from bot.storage.settings import DatabaseSettings
from bot.texts import lang_of
from bot.unitmap.service import unit_map
from bot.unitmap.workbook import map_workbook

Work = Callable[[AsyncSession, DatabaseSettings, argparse.Namespace], Awaitable[int]]


async def report(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    now = datetime.now(settings.tz)
    include = args.include_unofficial or settings.INDEX_INCLUDE_UNOFFICIAL
    found = await unit_map(session, scope_unit_id=None, today=now.date(), include_unofficial=include)
    Path(args.output).write_bytes(map_workbook(found, lang_of(args.lang)))
    audit(session, actor=CLI_ACTOR, action="report.unit_map", at=now,
          details={"file": str(args.output), "units": len(found.own), "employees": found.total.summary.members})
    print(f"{args.output}: {len(found.own)} units, {found.total.summary.members} active employees, "
          f"{found.total.summary.measured} measured")
    return 0


def add_report_command(commands: Any, parent: argparse.ArgumentParser, run: Callable[[Work], Any]) -> None:
    """`admin report`; `run` is the admin CLI's wrapper (settings, schema check, one committed session)."""
    parser = commands.add_parser("report", parents=[parent], help="the unit map (IP ASN per unit) as XLSX")
    parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    parser.add_argument("--include-unofficial", action="store_true",
                        help="count CPNS and PPPK results in the means (default: INDEX_INCLUDE_UNOFFICIAL)")
    parser.add_argument("--lang", default="id", choices=("id", "en"), help="language of the sheet names and headers")
    parser.set_defaults(handler=run(report))
