"""`python -m bot admin …`: imports, roles, invitations and export for the HR office's operator.

Every command names the database it uses in its first line (stderr), refuses to touch a database whose schema
is behind (it names `python -m bot db upgrade`), runs as one unit of work (all or nothing), and writes the
audit log with actor 'cli'. It speaks the operator's language (`--lang`, else DEFAULT_LANGUAGE).
Exit status: 0 done, 1 refused (bad rows, unknown employee …), 2 cannot start (unusable file, bad
settings, a database that cannot be opened or is behind, an output folder that does not exist).

A new subcommand: a `Work` coroutine (session, settings, args → status) registered with `_run(work)`, which
does the settings, the schema check, the session and the one-line errors.
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
from bot.admin.invite import InviteError, invite, save_invitations, write_invitations
from bot.admin.progress import progress_for
from bot.admin.roster import import_roster
from bot.clock import SystemClock
from bot.linking.service import DEFAULT_TTL_DAYS, unlink
from bot.storage.audit import CLI_ACTOR
from bot.storage.command_line import (
    CommandFailed,
    check_sqlite_folder,
    command_settings,
    common_options,
    database_errors,
    reason,
)
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import GRANTABLE_ROLES, Employee, Role, RoleGrant, Unit
from bot.storage.nip import normalize_nip
from bot.storage.roles import RoleError, grant_role, revoke_role
from bot.storage.schema import check_schema_current_async
from bot.storage.settings import DatabaseSettings
from bot.storage.units import UnitNotFound, resolve_unit, unit_subtree_ids
from bot.targeting.report import add_report_command
from bot.texts import Lang, plain
from scoring.io.reading import Limits, TableError
from scoring.io.writing import SheetError

Work = Callable[[AsyncSession, DatabaseSettings, argparse.Namespace], Awaitable[int]]


def _run(work: Work) -> Callable[[argparse.Namespace], int]:
    """Settings, the output's folder, the schema check, one session committed on success; errors become one
    line and a status."""

    def handler(args: argparse.Namespace) -> int:
        output: str | None = getattr(args, "output", None)
        settings = command_settings(args, data_on_stdout=output == "-")
        check_sqlite_folder(settings.DATABASE_URL, args.lang)
        if output is not None and output != "-":
            check_output(Path(output), args.lang)
        return asyncio.run(_session(work, settings, args))

    return handler


def check_output(path: Path, lang: Lang) -> None:
    """Refuse, before any work, an output file whose folder does not exist or that is a folder."""
    if path.is_dir():
        raise CommandFailed(plain("cli.output.is_folder", lang, path=str(path)))
    folder = path.parent
    if not folder.is_dir():
        raise CommandFailed(plain("cli.output.no_folder", lang, path=str(path), folder=str(folder)))
    existed = path.exists()
    try:  # a probe, not a permission check: root passes those, and /proc or a full disk still refuse
        path.open("ab").close()
    except OSError as error:
        raise CommandFailed(plain("cli.output.not_writable", lang, path=str(path), reason=reason(error))) from None
    if not existed:
        path.unlink(missing_ok=True)


async def _session(work: Work, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    url = settings.DATABASE_URL
    problem = await check_schema_current_async(url, args.lang)
    if problem is not None:
        raise CommandFailed(problem)
    engine = create_engine(url)
    try:
        with database_errors(url, args.lang, connecting=False):  # checked above: it opens
            async with create_sessionmaker(engine)() as session:
                try:
                    status = await work(session, settings, args)
                except TableError as error:
                    raise CommandFailed(plain("cli.import.unusable", args.lang, reason=str(error))) from None
                except SheetError as error:  # nothing was written, and nothing is committed (no audit entry)
                    raise CommandFailed(plain("cli.output.refused", args.lang, reason=str(error))) from None
                except UnitNotFound as error:
                    raise CommandFailed(error.text(args.lang), status=1) from None
                except (RoleError, InviteError) as error:
                    raise CommandFailed(str(error), status=1) from None
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
        limits=limits, lang=args.lang,
    )


async def _import_roster(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    report = await import_roster(
        session, Path(args.file), clock=_clock(settings), options=_options(args, settings), partial=args.partial
    )
    sys.stdout.writelines(line + "\n" for line in report.lines(args.lang))  # a big dry run: never held whole
    return report.exit_status


def _import_history(spec: HistorySpec) -> Work:
    async def work(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
        report = await import_history(
            session, spec, Path(args.file), clock=_clock(settings), options=_options(args, settings)
        )
        print(report.format(args.lang))
        return report.exit_status

    return work


async def _employee(session: AsyncSession, nip: str, lang: Lang) -> Employee:
    employee = (await session.exec(select(Employee).where(col(Employee.nip) == normalize_nip(nip)))).first()
    if employee is None or employee.id is None:
        raise CommandFailed(plain("cli.admin.no_employee", lang, nip=nip), status=1)
    return employee


def _role(value: str, lang: Lang) -> Role:
    try:
        role = Role(value.strip().lower().replace("-", "_"))
    except ValueError:
        raise CommandFailed(plain("cli.admin.unknown_role", lang, role=value), status=1) from None
    if role not in GRANTABLE_ROLES:
        raise CommandFailed(plain("cli.admin.implicit_role", lang, role=role.value), status=1)
    return role


async def _grant(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    role = _role(args.role, args.lang)
    employee = await _employee(session, args.nip, args.lang)
    if not employee.active:
        raise CommandFailed(plain("cli.admin.inactive_employee", args.lang, nip=employee.nip, name=employee.name),
                            status=1)
    unit = await resolve_unit(session, args.unit) if args.unit else None
    assert employee.id is not None
    await grant_role(
        session, employee.id, role, actor=CLI_ACTOR, clock=_clock(settings), unit_id=unit.id if unit else None
    )
    where = (plain("cli.admin.scope_unit", args.lang, code=unit.code, name=unit.name) if unit
             else plain("cli.admin.scope_all", args.lang))
    print(plain("cli.admin.granted", args.lang, nip=employee.nip, name=employee.name, role=role.value, where=where))
    return 0


async def _revoke(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    role = _role(args.role, args.lang)
    employee = await _employee(session, args.nip, args.lang)
    assert employee.id is not None
    if not await revoke_role(session, employee.id, role, actor=CLI_ACTOR, clock=_clock(settings)):
        raise CommandFailed(
            plain("cli.admin.no_grant", args.lang, nip=employee.nip, name=employee.name, role=role.value), status=1
        )
    print(plain("cli.admin.revoked", args.lang, nip=employee.nip, name=employee.name, role=role.value))
    return 0


async def _roles(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    query = (
        select(RoleGrant, Employee, Unit)
        .join(Employee, col(Employee.id) == col(RoleGrant.employee_id))
        .join(Unit, col(Unit.id) == col(RoleGrant.unit_id), isouter=True)
        .order_by(col(RoleGrant.role), col(Employee.name))
    )
    grants = (await session.exec(query)).all()
    for grant, employee, unit in grants:
        scope = f"{unit.code} ({unit.name})" if unit else plain("cli.admin.scope_all", args.lang)
        state = "" if employee.active else plain("cli.admin.inactive", args.lang)
        print(f"{grant.role.value:<11} {employee.nip} {employee.name} — {scope}{state}")
    if not grants:
        print(plain("cli.admin.no_roles", args.lang))
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
        save_invitations(invitations, Path(args.output), tz=settings.tz, bot_username=args.bot_username)
        print(plain("cli.admin.codes_written", args.lang, count=len(invitations), path=args.output))
    return 0


async def _unlink(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    employee = await _employee(session, args.nip, args.lang)
    assert employee.id is not None
    previous = await unlink(session, employee.id, actor=CLI_ACTOR, clock=_clock(settings))
    if previous is None:
        raise CommandFailed(plain("cli.admin.not_linked", args.lang, nip=employee.nip, name=employee.name), status=1)
    print(plain("cli.admin.unlinked", args.lang, nip=employee.nip, name=employee.name))
    return 0


async def _export(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    counts = await export_workbook(session, Path(args.output), clock=_clock(settings), actor=CLI_ACTOR)
    print(f"{args.output}: " + ", ".join(f"{name} {rows}" for name, rows in counts.items()))
    return 0


async def _review_export(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    from bot.admin.review import export_review  # openpyxl is imported for the spreadsheet commands only

    unit_ids = await unit_subtree_ids(session, (await resolve_unit(session, args.unit)).id or 0) if args.unit else None
    done = await export_review(session, Path(args.output), clock=_clock(settings), actor=CLI_ACTOR, lang=args.lang,
                               unit_ids=unit_ids)
    print(plain("review.xlsx.exported", args.lang, path=args.output, pending=done.pending, to_update=done.to_update))
    return 0


async def _review_import(session: AsyncSession, settings: DatabaseSettings, args: argparse.Namespace) -> int:
    from bot.admin.review import import_review_atomically

    report = await import_review_atomically(session, Path(args.file), clock=_clock(settings),
                                            options=_options(args, settings))
    print(report.format(args.lang))
    return report.exit_status


def _days(lang: Lang) -> Callable[[str], int]:
    """`--ttl-days`: whole days within LINK_CODE_TTL_DAYS' own bounds, else argparse's one-line usage error."""

    def parse(text: str) -> int:
        if not text.strip().isdigit() or not 1 <= int(text) <= 365:
            raise argparse.ArgumentTypeError(plain("cli.admin.ttl.bad", lang, value=text))
        return int(text)

    return parse


HISTORY_COMMANDS: tuple[tuple[str, HistorySpec, str], ...] = (
    ("import-trainings", TRAININGS, "cli.admin.import_trainings.help"),
    ("import-skp", SKP, "cli.admin.import_skp.help"),
    ("import-penalties", PENALTIES, "cli.admin.import_penalties.help"),
)


def _import_options(parent: argparse.ArgumentParser, lang: Lang, section: str) -> argparse.ArgumentParser:
    """FILE, --dry-run and --skip-invalid; `section` is the README section that describes the file."""
    options = argparse.ArgumentParser(add_help=False, parents=[parent])
    options.add_argument("file", metavar=plain("cli.metavar.file", lang),
                         help=plain("cli.admin.file.help", lang, section=section))
    options.add_argument("--dry-run", action="store_true", help=plain("cli.admin.dry_run.help", lang))
    options.add_argument("--skip-invalid", action="store_true", help=plain("cli.admin.skip_invalid.help", lang))
    return options


def add_parser(subparsers: Any, lang: Lang) -> None:
    """Register `admin` on the top-level parser (see bot/__main__.py)."""

    def say(key: str, **kwargs: object) -> str:
        return plain(key, lang, **kwargs)

    admin = subparsers.add_parser("admin", help=say("cli.admin.help"), description=say("cli.admin.description"))
    commands = admin.add_subparsers(dest="admin_command", required=True, metavar="COMMAND")
    parent = common_options(lang)
    nip_help = say("cli.admin.nip.help")

    roster = commands.add_parser(
        "import-roster", parents=[_import_options(parent, lang, "Roster layout")],
        help=say("cli.admin.import_roster.help"), description=say("cli.admin.import_roster.help"),
    )
    roster.add_argument("--partial", action="store_true", help=say("cli.admin.partial.help"))
    roster.set_defaults(handler=_run(_import_roster))
    history = _import_options(parent, lang, "History files")
    for name, spec, help_key in HISTORY_COMMANDS:
        commands.add_parser(name, parents=[history], help=say(help_key), description=say(help_key)).set_defaults(
            handler=_run(_import_history(spec))
        )

    grant = commands.add_parser("grant-role", parents=[parent], help=say("cli.admin.grant.help"),
                                description=say("cli.admin.grant.help"))
    grant.add_argument("nip", metavar="NIP", help=nip_help)
    grant.add_argument("role", metavar="ROLE", help=say("cli.admin.role.help"))
    grant.add_argument("--unit", help=say("cli.admin.grant_unit.help"))
    grant.set_defaults(handler=_run(_grant))
    revoke = commands.add_parser("revoke-role", parents=[parent], help=say("cli.admin.revoke.help"),
                                 description=say("cli.admin.revoke.help"))
    revoke.add_argument("nip", metavar="NIP", help=nip_help)
    revoke.add_argument("role", metavar="ROLE", help=say("cli.admin.role.help"))
    revoke.set_defaults(handler=_run(_revoke))
    commands.add_parser("roles", parents=[parent], help=say("cli.admin.roles.help")).set_defaults(
        handler=_run(_roles)
    )

    codes = commands.add_parser("invite", parents=[parent], help=say("cli.admin.invite.help"),
                                description=say("cli.admin.invite.help"))
    codes.add_argument("--unit", help=say("cli.admin.invite_unit.help"))
    codes.add_argument("--nip", action="append", help=say("cli.admin.invite_nip.help"))
    codes.add_argument("-o", "--output", default="-", help=say("cli.admin.invite_output.help"))
    codes.add_argument("--ttl-days", type=_days(lang), metavar="1-365",
                       help=say("cli.admin.ttl.help", days=DEFAULT_TTL_DAYS))
    codes.add_argument("--bot-username", help=say("cli.admin.bot_username.help"))
    codes.set_defaults(handler=_run(_invite))
    detach = commands.add_parser("unlink", parents=[parent], help=say("cli.admin.unlink.help"),
                                 description=say("cli.admin.unlink.help"))
    detach.add_argument("nip", metavar="NIP", help=nip_help)
    detach.set_defaults(handler=_run(_unlink))
    export = commands.add_parser("export", parents=[parent], help=say("cli.admin.export.help"),
                                 description=say("cli.admin.export.help"))
    export.add_argument("-o", "--output", required=True, help=say("cli.admin.export_output.help"))
    export.set_defaults(handler=_run(_export))
    add_report_command(commands, parent, _run, lang)

    review = commands.add_parser("review", help=say("cli.admin.review.help"), description=say("cli.admin.review.help"))
    steps = review.add_subparsers(dest="review_command", required=True, metavar="COMMAND")
    out = steps.add_parser("export", parents=[parent], help=say("cli.admin.review_export.help"),
                           description=say("cli.admin.review_export.help"))
    out.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=say("cli.admin.review_export.help"))
    out.add_argument("--unit", help=say("cli.admin.review_unit.help"))
    out.set_defaults(handler=_run(_review_export))
    back = steps.add_parser("import", parents=[parent], help=say("cli.admin.review_import.help"),
                            description=say("cli.admin.review_import.help"))
    back.add_argument("file", metavar="FILE.xlsx", help=say("cli.admin.review_import.help"))
    back.add_argument("--dry-run", action="store_true", help=say("cli.admin.dry_run.help"))
    back.set_defaults(handler=_run(_review_import), skip_invalid=False)
