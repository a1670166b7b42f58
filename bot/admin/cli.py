"""`python -m bot admin …`: imports, roles, invitations and export for the HR office's operator.

Every command refuses to touch a database whose schema is behind (it names `python -m bot db upgrade`),
runs as one unit of work (all or nothing), and writes the audit log with actor 'cli'.
Exit status: 0 done, 1 refused (bad rows, unknown employee …), 2 cannot start (unusable file, bad
settings, database schema behind).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.admin.export import export_workbook
from bot.admin.history import PENALTIES, SKP, TRAININGS, HistorySpec, import_history
from bot.admin.importing import ImportOptions
from bot.admin.invite import InviteError, invite, write_invitations
from bot.admin.progress import progress_for
from bot.admin.roster import import_roster
from bot.clock import SystemClock
from bot.linking.service import DEFAULT_TTL_DAYS, unlink
from bot.storage.audit import CLI_ACTOR
from bot.storage.cli import url_option
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import GRANTABLE_ROLES, Employee, Role, RoleGrant, Unit
from bot.storage.nip import normalize_nip
from bot.storage.roles import RoleError, grant_role, revoke_role
from bot.storage.schema import check_schema_current_async
from bot.storage.settings import DatabaseSettings, load_database_settings
from bot.storage.units import UnitNotFound, resolve_unit
from bot.unitmap.cli import add_report_command
from scoring.io.reading import Limits, TableError


class CommandError(Exception):
    """A refusal to print on stderr with exit status 1."""


Work = Callable[[AsyncSession, DatabaseSettings, argparse.Namespace], Awaitable[int]]


def _run(work: Work) -> Callable[[argparse.Namespace], int]:
    """Settings, schema check, one session committed on success; errors become one line and a status."""

    def handler(args: argparse.Namespace) -> int:
        overrides = {"DATABASE_URL": args.url} if args.url else {}
        settings = load_database_settings(**overrides)
        return asyncio.run(_session(work, settings, args))

    return handler


async def _session(work: Work, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    problem = await check_schema_current_async(settings.DATABASE_URL)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    engine = create_engine(settings.DATABASE_URL)
    try:
        async with create_sessionmaker(engine)() as session:
            try:
                status = await work(session, settings, args)
            except TableError as error:
                print(f"Cannot import: {error}", file=sys.stderr)
                return 2
            except (CommandError, RoleError, UnitNotFound, InviteError) as error:
                print(str(error), file=sys.stderr)
                return 1
            await session.commit()
            return status
    finally:
        await engine.dispose()


def _clock(settings: DatabaseSettings) -> SystemClock:
    return SystemClock(tz=settings.tz)


def _options(args: argparse.Namespace, settings: DatabaseSettings) -> ImportOptions:
    limits = Limits(max_mb=settings.IMPORT_MAX_MB, max_rows=settings.IMPORT_MAX_ROWS,
                    setting="IMPORT_MAX_MB / IMPORT_MAX_ROWS")
    return ImportOptions(
        dry_run=args.dry_run, skip_invalid=args.skip_invalid, actor=CLI_ACTOR, progress=progress_for(sys.stderr),
        limits=limits,
    )


async def _import_roster(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    report = await import_roster(
        session, Path(args.file), clock=_clock(settings), options=_options(args, settings), partial=args.partial
    )
    print(report.format())
    return report.exit_status


def _import_history(spec: HistorySpec) -> Work:
    async def work(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
        report = await import_history(
            session, spec, Path(args.file), clock=_clock(settings), options=_options(args, settings)
        )
        print(report.format())
        return report.exit_status

    return work


async def _employee(session: AsyncSession, nip: str) -> Employee:
    employee = (await session.exec(select(Employee).where(col(Employee.nip) == normalize_nip(nip)))).first()
    if employee is None or employee.id is None:
        raise CommandError(f"no employee with NIP {nip}")
    return employee


def _role(value: str) -> Role:
    try:
        role = Role(value.strip().lower().replace("-", "_"))
    except ValueError:
        raise CommandError(f"unknown role {value!r}: grantable roles are supervisor and hr_admin") from None
    if role not in GRANTABLE_ROLES:
        raise CommandError(f"role {role.value!r} is implicit and cannot be granted or revoked")
    return role


async def _grant(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    employee = await _employee(session, args.nip)
    unit = await resolve_unit(session, args.unit) if args.unit else None
    assert employee.id is not None
    await grant_role(
        session,
        employee.id,
        _role(args.role),
        actor=CLI_ACTOR,
        clock=_clock(settings),
        unit_id=unit.id if unit else None,
    )
    where = f"units under {unit.code} ({unit.name})" if unit else "all units"
    print(f"{employee.nip} {employee.name} is {_role(args.role).value} for {where}")
    return 0


async def _revoke(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    employee = await _employee(session, args.nip)
    assert employee.id is not None
    role = _role(args.role)
    if not await revoke_role(session, employee.id, role, actor=CLI_ACTOR, clock=_clock(settings)):
        raise CommandError(f"{employee.nip} {employee.name} has no granted role {role.value}")
    print(f"{employee.nip} {employee.name}: {role.value} revoked")
    return 0


async def _roles(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    query = (
        select(RoleGrant, Employee, Unit)
        .join(Employee, col(Employee.id) == col(RoleGrant.employee_id))
        .join(Unit, col(Unit.id) == col(RoleGrant.unit_id), isouter=True)
        .order_by(col(RoleGrant.role), col(Employee.name))
    )
    for grant, employee, unit in (await session.exec(query)).all():
        scope = f"{unit.code} ({unit.name})" if unit else "all units"
        state = "" if employee.active else "  [inactive: holds no role]"
        print(f"{grant.role.value:<11} {employee.nip} {employee.name} — {scope}{state}")
    return 0


async def _invite(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    invitations = await invite(
        session,
        clock=_clock(settings),
        actor=CLI_ACTOR,
        unit=args.unit,
        nips=args.nip or (),
        ttl_days=args.ttl_days or settings.LINK_CODE_TTL_DAYS,
    )
    if args.output == "-":
        write_invitations(invitations, sys.stdout, tz=settings.tz, bot_username=args.bot_username)
    else:
        with open(args.output, "w", encoding="utf-8-sig", newline="") as stream:
            write_invitations(invitations, stream, tz=settings.tz, bot_username=args.bot_username)
        print(f"{len(invitations)} codes written to {args.output} (earlier unused codes of these employees are void)")
    return 0


async def _unlink(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    employee = await _employee(session, args.nip)
    assert employee.id is not None
    previous = await unlink(session, employee.id, actor=CLI_ACTOR, clock=_clock(settings))
    if previous is None:
        raise CommandError(f"{employee.nip} {employee.name} has no linked Telegram account")
    print(f"{employee.nip} {employee.name}: Telegram account unlinked; a new invite code is needed to link again")
    return 0


async def _export(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    counts = await export_workbook(session, Path(args.output), clock=_clock(settings), actor=CLI_ACTOR)
    print(f"{args.output}: " + ", ".join(f"{name} {rows}" for name, rows in counts.items()))
    return 0


def add_parser(subparsers: Any) -> None:
    """Register `admin` on the top-level parser (see bot/__main__.py)."""
    admin = subparsers.add_parser("admin", help="imports, roles, invitations and export (HR operators)")
    commands = admin.add_subparsers(dest="admin_command", required=True, metavar="COMMAND")
    parent = url_option()
    imports = argparse.ArgumentParser(add_help=False, parents=[parent])
    imports.add_argument("file", help="a .csv or .xlsx file (see README: roster layout)")
    imports.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    imports.add_argument("--skip-invalid", action="store_true", help="import the good rows even if some are bad")

    roster = commands.add_parser("import-roster", parents=[imports], help="load employees and units (upsert by NIP)")
    roster.add_argument("--partial", action="store_true", help="the file is not the whole roster: deactivate nobody")
    roster.set_defaults(handler=_run(_import_roster))
    for name, spec, what in (
        ("import-trainings", TRAININGS, "training history"),
        ("import-skp", SKP, "annual appraisals (SKP)"),
        ("import-penalties", PENALTIES, "disciplinary penalties"),
    ):
        commands.add_parser(name, parents=[imports], help=f"load {what} keyed by NIP").set_defaults(
            handler=_run(_import_history(spec))
        )

    grant = commands.add_parser("grant-role", parents=[parent], help="grant supervisor or hr_admin")
    grant.add_argument("nip")
    grant.add_argument("role", help="supervisor or hr_admin")
    grant.add_argument("--unit", help="limit to this unit (code or name) and the units below it")
    grant.set_defaults(handler=_run(_grant))
    revoke = commands.add_parser("revoke-role", parents=[parent], help="remove a granted role")
    revoke.add_argument("nip")
    revoke.add_argument("role")
    revoke.set_defaults(handler=_run(_revoke))
    commands.add_parser("roles", parents=[parent], help="list granted roles").set_defaults(handler=_run(_roles))

    codes = commands.add_parser("invite", parents=[parent], help="one-time link codes for employees not yet linked")
    codes.add_argument("--unit", help="only this unit (code or name) and the units below it")
    codes.add_argument("--nip", action="append", help="only this employee, even if linked (re-link); repeatable")
    codes.add_argument("-o", "--output", default="-", help="CSV file to write (default: standard output)")
    codes.add_argument(
        "--ttl-days", type=int, help=f"days a code stays valid (default LINK_CODE_TTL_DAYS, {DEFAULT_TTL_DAYS})"
    )
    codes.add_argument("--bot-username", help="adds a t.me deep link for each code")
    codes.set_defaults(handler=_run(_invite))
    detach = commands.add_parser("unlink", parents=[parent], help="detach an employee's Telegram account")
    detach.add_argument("nip")
    detach.set_defaults(handler=_run(_unlink))
    export = commands.add_parser("export", parents=[parent], help="everything the bot holds, as XLSX")
    export.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    export.set_defaults(handler=_run(_export))
    add_report_command(commands, parent, _run)
