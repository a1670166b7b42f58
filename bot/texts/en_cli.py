"""English: the command line (`python -m bot db|admin|run|demo`) for the HR office's operator. Plain text."""

MESSAGES: dict[str, str] = {
    "cli.bot.description": "IP ASN Telegram bot: run it, migrate its database, manage its data.",
    "cli.interrupted": "Interrupted.",
    "cli.failed.database": "The database answered with an error: {reason}",
    "cli.failed.system": "{where}{reason}",
    "cli.failed.internal": (
        "Internal error ({kind}: {reason}). Please report it with the command you ran "
        "(python -X dev -m bot … shows the details)."
    ),
    "cli.help.url": "database URL (default: DATABASE_URL from the environment or .env, else ipasn.db in your "
                    "data folder)",
    "cli.help.lang": "language of the messages: id or en (default: DEFAULT_LANGUAGE, else id)",
    "cli.metavar.file": "FILE",
    # the database
    "cli.database": "Database: {where}",
    "cli.db.bad_url": "DATABASE_URL / --url: {url!r} is not a database URL (sqlite+aiosqlite:///FILE or "
                      "postgresql+asyncpg://USER@HOST/DB)",
    "cli.db.folder_missing": (
        "The folder {folder} of the database file {file} does not exist: check DATABASE_URL or --url (or "
        "create the folder first)."
    ),
    "cli.db.cannot_create_folder": "Cannot create the database folder {folder}: {reason}.",
    "cli.db.file_missing": "The database {where} does not exist yet. Create it with: {command}",
    "cli.db.no_tables": "The database {where} has no tables yet. Create them with: {command}",
    "cli.db.unknown_revision": (
        "The database {where} is at revision {revisions}, which this version of the bot does not know: a newer "
        "version migrated it. Run that version, or downgrade the database with it."
    ),
    "cli.db.behind": (
        "The database {where} is at revision {current} but this version of the bot needs {heads}. Bring it up "
        "to date with: {command}"
    ),
    "cli.db.cannot_open": "Cannot open the database {where}: {reason}.",
    "cli.db.at_revision": "{where} is at revision {revisions}",
    "cli.db.base": "base (no tables)",
    "cli.db.is_head": "head",
    "cli.db.head_is": "head is {heads}",
    "cli.db.up_to_date": "{where} is up to date (revision {revisions})",
    "cli.db.downgrade_base": "Downgrading to 'base' deletes EVERY table and all data of {where}.",
    "cli.db.downgrade_to": "Downgrading {where} to revision {revision} deletes the tables and columns added "
                           "after it, with their data.",
    "cli.db.help": "create or migrate the database schema",
    "cli.db.upgrade.help": "create the database, or migrate it to the newest schema (or REVISION)",
    "cli.db.downgrade.help": "migrate back to REVISION ('base' drops every table); asks first, or --yes",
    "cli.db.revision.help": "an Alembic revision such as 003, 'head', 'base' or -1",
    "cli.db.yes.help": "do not ask: the data to be lost may go",
    "cli.db.current.help": "show the database's revision",
    "cli.db.check.help": "exit 1 (with the command to run) unless the schema is current",
    "cli.confirm.ask": "{question} Type yes to go on: ",
    "cli.confirm.word": "yes",
    "cli.confirm.needs_yes": "{question} Nobody at a terminal to ask: add --yes to go on.",
    "cli.confirm.declined": "Nothing changed.",
    # run and demo
    "cli.run.help": "start the bot (long polling; --webhook for production)",
    "cli.run.description": (
        "Start the bot with the token in TELEGRAM_BOT_TOKEN (.env): it fetches updates from Telegram (long "
        "polling, nothing to open to the internet) or, with --webhook, receives them at WEBHOOK_URL. The "
        "database must be current (python -m bot db upgrade). Stop it with Ctrl-C."
    ),
    "cli.run.webhook.help": "receive updates on WEBHOOK_URL instead of polling",
    "cli.run.invalid_token": (
        "Telegram refused TELEGRAM_BOT_TOKEN: it is not a valid bot token (the .env.example placeholder?). Copy "
        "your bot's token from @BotFather into .env."
    ),
    "cli.run.no_network": (
        "Cannot reach Telegram ({reason}): check the internet connection, a proxy, or TELEGRAM_API_BASE_URL."
    ),
    "cli.demo.help": "chat with the bot in the terminal, against a local Telegram (no token needed)",
    "cli.demo.description": "Start a local Telegram and the bot on a seeded demo database, and chat in the terminal.",
    # admin
    "cli.admin.help": "imports, roles, invitations and export (HR operators)",
    "cli.admin.description": (
        "Commands for the HR office (BKPSDM/BKD): load the roster and records, grant roles, hand out link codes, "
        "export. Every change is in the audit log. Exit status 0 done, 1 refused, 2 cannot start."
    ),
    "cli.admin.file.help": "a .csv or .xlsx file (README: section '{section}')",
    "cli.admin.dry_run.help": "check and list who and what would change; write nothing",
    "cli.admin.skip_invalid.help": "import the good rows even if some are bad (the bad ones are listed)",
    "cli.admin.partial.help": "the file is not the whole roster: deactivate nobody",
    "cli.admin.import_roster.help": "load employees and units (upsert by NIP)",
    "cli.admin.import_trainings.help": "load training history keyed by NIP",
    "cli.admin.import_skp.help": "load annual appraisals (SKP) keyed by NIP",
    "cli.admin.import_penalties.help": "load disciplinary penalties keyed by NIP",
    "cli.admin.nip.help": "the employee's NIP (18 digits; spaces allowed)",
    "cli.admin.role.help": "supervisor or hr_admin",
    "cli.admin.grant.help": "grant supervisor or hr_admin (again: change its scope)",
    "cli.admin.grant_unit.help": "limit to this unit (code or name) and the units below it",
    "cli.admin.revoke.help": "remove a granted role",
    "cli.admin.roles.help": "list granted roles",
    "cli.admin.invite.help": "one-time link codes for employees not yet linked",
    "cli.admin.invite_unit.help": "only this unit (code or name) and the units below it",
    "cli.admin.invite_nip.help": "only this employee, even if linked (re-link); repeatable",
    "cli.admin.invite_output.help": "file to write, .csv or .xlsx (default: CSV on standard output)",
    "cli.admin.ttl.help": "days a code stays valid (default LINK_CODE_TTL_DAYS, {days})",
    "cli.admin.bot_username.help": "adds a t.me deep link for each code",
    "cli.admin.unlink.help": "detach an employee's Telegram account",
    "cli.admin.export.help": "everything the bot holds, as XLSX",
    "cli.admin.export_output.help": "the .xlsx file to write",
    "cli.admin.no_employee": "No employee with NIP {nip}.",
    "cli.admin.unknown_role": "Unknown role {role!r}: the roles that can be granted are supervisor and hr_admin.",
    "cli.admin.implicit_role": "The role {role!r} comes with the roster and cannot be granted or revoked.",
    "cli.admin.scope_all": "all units",
    "cli.admin.scope_unit": "units under {code} ({name})",
    "cli.admin.granted": "{nip} {name} is {role} for {where}",
    "cli.admin.revoked": "{nip} {name}: {role} revoked",
    "cli.admin.no_grant": "{nip} {name} has no granted role {role}.",
    "cli.admin.inactive": "  [inactive: holds no role]",
    "cli.admin.no_roles": "No roles granted yet (grant-role NIP hr_admin).",
    "cli.admin.codes_written": (
        "{count} codes written to {path} (earlier unused codes of these employees are void)"
    ),
    "cli.admin.not_linked": "{nip} {name} has no linked Telegram account.",
    "cli.admin.unlinked": "{nip} {name}: Telegram account unlinked; a new invite code is needed to link again",
    "cli.report.help": "the unit map (IP ASN per unit) as XLSX",
    "cli.report.output.help": "the .xlsx file to write",
    "cli.report.unofficial.help": "count CPNS and PPPK results in the means (default: INDEX_INCLUDE_UNOFFICIAL)",
    "cli.report.done": "{path}: {units} units, {members} active employees, {measured} measured",
    "cli.output.no_folder": "Cannot write {path}: the folder {folder} does not exist.",
    "cli.output.is_folder": "Cannot write {path}: it is a folder; give a file name.",
    "cli.import.unusable": "Cannot import: {reason}",
    # import reports (bot/admin/report.py) and row problems (roster_rows.py, history.py)
    "import.what.roster": "Roster",
    "import.what.roster_partial": "Roster (partial)",
    "import.what.trainings": "Trainings",
    "import.what.skp": "SKP",
    "import.what.penalties": "Penalties",
    "import.header": "{what} from {file}: {rows} rows, {bad} with problems",
    "import.row": "row {row}: {reason}",
    "import.row_nip": "row {row} (NIP {nip}): {reason}",
    "import.ignored_columns": "Ignored columns: {columns}",
    "import.warning": "Warning: ",
    "import.changes": "What would change:",
    "import.change.unit_created": "+ unit",
    "import.change.unit_updated": "~ unit",
    "import.change.created": "+",
    "import.change.updated": "~",
    "import.change.deactivated": "- inactive:",
    "import.count.created": "created",
    "import.count.updated": "updated",
    "import.count.unchanged": "unchanged",
    "import.count.deactivated": "deactivated",
    "import.count.closed": "claims confirmed and closed",
    "import.count.units_created": "units created",
    "import.count.units_updated": "units updated",
    "import.dry_run": "Dry run, nothing written. Would be: {summary}",
    "import.written": "Written: {summary}",
    "import.nothing_written": (
        "Nothing written: fix the rows above and import again, or use --skip-invalid to import the good rows only."
    ),
    "import.note.orphan_parent.would": (
        "Kode Unit Induk {code!r} (row {rows}) is no unit of this file or of the database: it would be created as a "
        "new top-level unit named {code!r}.{hint}"
    ),
    "import.note.orphan_parent.done": (
        "Kode Unit Induk {code!r} (row {rows}) was no unit of this file or of the database: it was created as a "
        "new top-level unit named {code!r}.{hint}"
    ),
    "import.note.orphan_parent.typo": " A typo for {similar}? Correct the file and import again.",
    "import.note.orphan_parent.add": " If it is right, add a row for it, or give its name with a Kode Unit row.",
    "import.note.nobody_deactivated.would": (
        "Nobody would be marked inactive: rows are skipped, so this is not a complete roster. Fix them and import "
        "again to deactivate employees who left."
    ),
    "import.note.nobody_deactivated.done": (
        "Nobody was marked inactive: rows were skipped, so this is not a complete roster. Fix them and import "
        "again to deactivate employees who left."
    ),
    "import.note.supervisor_dropped.would": (
        "{count} employee(s) would be imported without the supervisor the file names (one already stored is "
        "kept), because that supervisor's row has problems: {rows}. Fix those rows and import the file again: "
        "the supervisors are then filled in."
    ),
    "import.note.supervisor_dropped.done": (
        "{count} employee(s) were imported without the supervisor the file names (one already stored was "
        "kept), because that supervisor's row has problems: {rows}. Fix those rows and import the file again: "
        "the supervisors are then filled in."
    ),
    "import.note.supervisor_pair": "row {rows} (supervisor {nip}, on row {row})",
    "import.row_ref": "row {row}",
    "import.yes": "yes",
    "import.no": "no",
    "import.field.active": "active",
    "import.unit_detail": "{name!r} under {parent}",
    "row.no_parent": "(none)",
    "row.own_parent": "{column}: a unit cannot be its own parent",
    "row.empty_level": "{column}: an empty level in {path!r}",
    "row.path_too_long": "{column}: a path longer than {limit} characters",
    "row.pppk_hint": "{problem} (an NI PPPK? give PPPK as its Status Kepegawaian)",
    "row.nip_as_number": (
        "{column}: stored as a number, which keeps only 15 digits of 18: format the NIP column as Text and "
        "re-enter it"
    ),
    "row.unknown_value": "{column}: unknown value {value!r} (use {choices})",
    "row.own_supervisor": "{column}: an employee cannot be their own supervisor",
    "row.table_needs_unit": "{path}: the roster needs a Unit Kerja column (or Kode Unit)",
    "row.table_parent_needs_code": "{path}: Kode Unit Induk needs a Kode Unit column: a parent is named by its code",
    "row.duplicate_nip": "duplicate NIP, also in row {rows}",
    "row.unit_conflict": (
        "unit {code!r} is {name!r} under {parent!r} here, but {known_name!r} under {known_parent!r} in row {row}"
    ),
    "row.unit_loop": "the unit tree loops: {loop}",
    "row.supervisor_missing": "supervisor {nip} is not in this roster",
    "row.supervisor_nowhere": "supervisor {nip} is neither in this file nor in the database",
    "row.supervisor_loop": "supervisors form a loop: {loop}",
    "row.missing": "{column}: missing",
    "row.after_today": "{column}: {date} is after today; only past records are imported",
    "row.year_after": "{column}: {year} is after this year",
    "row.no_employee": "no employee with this NIP (import the roster first)",
    "row.same_record": "the same record as row {rows}",
    "row.unknown_predicate": "{column}: {value!r} is not an SKP predicate; use one of {choices}",
    "row.unknown_penalty": (
        "{column}: {value!r} is not a penalty level; use ringan, sedang or berat, or the type of penalty as "
        "PP 94/2021 names it (teguran lisan, teguran tertulis, pernyataan tidak puas secara tertulis, pemotongan "
        "tunjangan kinerja 25% selama 6/9/12 bulan, penurunan jabatan …; see README)"
    ),
    "row.unknown_kind": (
        "{column}: {value!r} is not a kind of training; use teknis, fungsional, kepemimpinan, seminar (workshop, "
        "kursus, magang) or lainnya"
    ),
    "import.unit_top": "{name!r}, top level",
    "import.in_unit": "unit {unit}",
    "cli.db.is_folder": "{path} is a folder, not a database file: check DATABASE_URL or --url.",
    "cli.db.unknown_target": "Unknown revision {revision!r}: give head, base, -1 or one of {known}.",
    "cli.output.not_writable": "Cannot write {path}: {reason}.",
    "cli.admin.ttl.bad": "{value!r} is not a number of days from 1 to 365",
    "cli.usage_error": "{prog}: {message} (see {prog} --help)",
    "nip.problem.length": "length",
    "nip.problem.digits": "digits",
    "nip.problem.date": "date",
    "nip.problem.gender": "gender digit",
    "nip.problem.sequence": "sequence",
    "nip.digits": "may contain only the digits 0-9",
    "nip.length": "has {count} digits, needs {needed}",
    "nip.birth_date": "birth date {digits} is not a calendar date",
    "nip.birth_year": "birth year {year} is before 1900",
    "nip.pppk_year": "year of first appointment {year} is not after birth",
    "nip.month": "appointment month {month} is not a month (01-12)",
    "nip.appointment": "appointment {appointment} is not after the birth date {birth}",
    "nip.gender": "digit 15 is {digit}, must be 1 (man) or 2 (woman)",
    "nip.sequence": "sequence 000 is never issued",
    "units.not_found": "No unit with the code or name {unit!r}.",
    "units.ambiguous": "{unit!r} matches several units ({codes}): give the unit code.",
    "cli.admin.inactive_employee": "{nip} {name} is inactive: roles go to active employees only.",
}
