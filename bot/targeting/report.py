"""`python -m bot admin report -o report.xlsx`: the unit map of every unit, the same workbook as /rekap ekspor
(`bot.targeting.export.map_export`: with what each person lacks and the change since the end of last year)."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.audit import CLI_ACTOR, audit
from bot.storage.profiles import Basis
from bot.storage.settings import DatabaseSettings
from bot.texts import Lang, lang_of, plain
from bot.unitmap.service import unit_map

Work = Callable[[AsyncSession, DatabaseSettings, argparse.Namespace], Awaitable[int]]


async def report(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    now = datetime.now(settings.tz)
    include = args.include_unofficial or settings.INDEX_INCLUDE_UNOFFICIAL
    found = await unit_map(session, scope_unit_id=None, today=now.date(), include_unofficial=include,
                           basis=Basis(settings.INDEX_BASIS))
    from bot.targeting.export import map_export  # loaded by this command, not by every `python -m bot`
    from scoring.io.writing import write_file

    write_file(Path(args.output), await map_export(session, found, lang_of(args.lang)), kind="xlsx")
    audit(session, actor=CLI_ACTOR, action="report.unit_map", at=now,
          details={"file": str(args.output), "units": len(found.own), "employees": found.total.summary.members})
    print(plain("cli.report.done", args.lang, path=str(args.output), units=len(found.own),
                members=found.total.summary.members, measured=found.total.summary.measured))
    return 0


def add_report_command(commands: Any, parent: argparse.ArgumentParser, run: Callable[[Work], Any],
                       lang: Lang = "id") -> None:
    """`admin report`; `run` is the admin CLI's wrapper (settings, schema check, one committed session);
    `parent` brings `--url` and `--lang` (also the language of the sheet names and headers)."""
    parser = commands.add_parser("report", parents=[parent], help=plain("cli.report.help", lang),
                                 description=plain("cli.report.help", lang))
    parser.add_argument("-o", "--output", required=True, help=plain("cli.report.output.help", lang))
    parser.add_argument("--include-unofficial", action="store_true", help=plain("cli.report.unofficial.help", lang))
    parser.set_defaults(handler=run(report))
