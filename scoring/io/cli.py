"""`python -m scoring`: score one profile, score a whole spreadsheet, or print the rule set.

HR offices and scripts use this without the bot. Every path ends in an exit status, never a traceback:
0 done, 1 some spreadsheet rows failed (the others were scored), 2 the input or an option cannot be
used at all. `main(argv)` returns the status, so tests run the command line in-process.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfoNotFoundError

from pydantic import ValidationError

from scoring.dates import today_in_timezone
from scoring.engine import score
from scoring.io.batch import COLUMNS, LAYOUT, RESULT_COLUMNS, RowReader, output_header, score_rows
from scoring.io.progress import Progress
from scoring.io.reading import Limits, TableError, open_table, table_kind
from scoring.io.terminal import render_result, render_ruleset
from scoring.io.writing import SheetError, open_sink, output_kind, same_file
from scoring.models import Profile
from scoring.result import ScoreResult
from scoring.ruleset import DEFAULT_RULESET, RuleSet, RuleSetError, available_rulesets, load_ruleset

ROW_ERRORS_SHOWN = 100
"""Row errors printed on stderr; the rest are counted (each is also in the output's `kesalahan`)."""


class CliError(Exception):
    """Input or options that cannot be used: printed one message a line, exit status 2."""

    def __init__(self, *messages: str) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


# Shared options ------------------------------------------------------------------------------------


def _date_option(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} bukan tanggal; gunakan format YYYY-MM-DD, mis. 2026-11-28"
        ) from None


def _ruleset(name: str) -> RuleSet:
    """A rule set by id or path; a missing file is named as such, not as an unknown id."""
    if name.endswith(".json") and not Path(name).exists():
        raise CliError(f"{name}: rule set file not found")
    return load_ruleset(name)


def _limit(variable: str, default: float) -> float:
    """A reading limit from the environment (the bot's admin imports read the same variables)."""
    try:
        return float(os.environ.get(variable) or default)
    except ValueError:
        return default


def _assessment_date(given: date | None) -> date:
    if given is not None:
        return given
    try:
        return today_in_timezone()
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CliError(f"TIMEZONE: not a known time zone ({exc}); e.g. Asia/Jakarta") from None


# score ---------------------------------------------------------------------------------------------


def _read_text(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        label = "stdin"
    else:
        path = Path(name)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CliError(f"{name}: file not found") from None
        except IsADirectoryError:
            raise CliError(f"{name}: is a directory, not a file") from None
        except OSError as exc:
            raise CliError(f"{name}: cannot read ({exc.strerror})") from None
        label = name
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"{label}: not UTF-8 text (byte {exc.start})") from None


def _location(loc: Iterable[int | str]) -> str:
    """('trainings', 2, 'date') → 'trainings[2].date', as a person would point at it in the JSON."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(profile)"


def describe_validation(error: ValidationError) -> list[str]:
    """One line per problem, naming the field; enum errors list the accepted values."""
    lines = []
    for item in error.errors(include_url=False):
        where = _location(item["loc"])
        kind = item["type"]
        given = item.get("input")
        if kind == "enum":
            field = str(item["loc"][-1]).replace("_", " ")
            lines.append(f"{where}: unknown {field} {given!r}; expected one of {item['ctx']['expected']}")
        elif kind == "missing":
            lines.append(f"{where}: required field missing")
        elif kind == "extra_forbidden":
            lines.append(f"{where}: unknown field")
        else:
            message = str(item["msg"]).removeprefix("Value error, ")
            shown = f" (got {given!r})" if isinstance(given, str | int | float | bool) else ""
            lines.append(f"{where}: {message}{shown}")
    return lines


def parse_profile(text: str, label: str) -> Profile:
    """A profile from JSON text; every failure becomes a `CliError` naming the field."""
    if not text.strip():
        raise CliError(f"{label}: empty; expected a profile as a JSON object")
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{label}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(data, dict):
        raise CliError(
            f"{label}: expected a JSON object with position, education, trainings, …; "
            f"got {type(data).__name__.replace('dict', 'object')}"
        )
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise CliError(*(f"{label}: {line}" for line in describe_validation(exc))) from None


def future_records(profile: Profile, as_of: date) -> list[str]:
    """Records dated after today, which are refused as input (rules §2) when no --as-of is given."""
    found = [
        f"trainings[{i}].date: {t.date.isoformat()} is after the assessment date {as_of.isoformat()}"
        for i, t in enumerate(profile.trainings) if t.date > as_of
    ]
    found += [
        f"penalties[{i}].date: {p.date.isoformat()} is after the assessment date {as_of.isoformat()}"
        for i, p in enumerate(profile.penalties) if p.date > as_of
    ]
    year = profile.performance.year if profile.performance is not None else None
    if year is not None and year > as_of.year:
        found.append(f"performance.year: {year} is after the assessment year {as_of.year}")
    return found


def run_score(args: argparse.Namespace) -> int:
    rules = _ruleset(args.ruleset)
    as_of = _assessment_date(args.as_of)
    label = "stdin" if args.file == "-" else args.file
    profile = parse_profile(_read_text(args.file), label)
    if args.as_of is None:
        refused = future_records(profile, as_of)
        if refused:
            raise CliError(*(f"{label}: {line}" for line in refused))
    result: ScoreResult = score(profile, as_of=as_of, ruleset=rules)
    if args.format == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(render_result(result, args.lang))
    return 0


# batch ---------------------------------------------------------------------------------------------


class _RowReport:
    """Row errors on stderr, the first `ROW_ERRORS_SHOWN` of them: a broken export must not flood."""

    def __init__(self, before: Callable[[], None]) -> None:
        self.count = 0
        self._before = before

    def __call__(self, row: int, message: str) -> None:
        self.count += 1
        if self.count <= ROW_ERRORS_SHOWN:
            self._before()
            print(f"row {row}: {message}", file=sys.stderr)


def run_batch(args: argparse.Namespace) -> int:
    source_path, output_path = Path(args.input), Path(args.output)
    table_kind(source_path, "input")
    output_kind(output_path)
    if same_file(source_path, output_path):
        raise CliError(f"{output_path}: the output would overwrite the input; choose another file")
    if not output_path.parent.is_dir():  # before the first note: a refusal is one line
        raise CliError(f"{output_path}: the folder {output_path.parent} does not exist")
    rules = _ruleset(args.ruleset)
    as_of = _assessment_date(args.as_of)
    limits = Limits(max_mb=args.max_mb, max_rows=args.max_rows, setting="--max-mb / --max-rows")
    with open_table(source_path, LAYOUT, sheet=args.sheet, encoding=args.encoding, limits=limits) as table:
        header = table.header
        if header.ignored:
            print("note: columns not used for scoring (copied to the output): "
                  + ", ".join(repr(name) for name in header.ignored), file=sys.stderr)
        reader = RowReader(header, as_of, refuse_future=args.as_of is None)
        progress = Progress(table.fraction_done)
        report = _RowReport(progress.clear)
        text_only = table.delimiter is not None  # a CSV source gives strings only
        with open_sink(output_path, delimiter=table.delimiter or ",", text_only=text_only) as sink:
            sink.write(output_header(header))
            outcome = score_rows(table.rows, header, reader, rules, write=sink.write,
                                 number=sink.number, report=report, tick=progress.tick)
        progress.clear()
    if report.count > ROW_ERRORS_SHOWN:
        print(f"… and {report.count - ROW_ERRORS_SHOWN} more rows with errors; see the column "
              f"'kesalahan' in {output_path}", file=sys.stderr)
    scored = outcome.rows - outcome.failed
    print(f"{scored} of {outcome.rows} rows scored, {outcome.failed} failed, as of {as_of.isoformat()} "
          f"({rules.id}) → {output_path}", file=sys.stderr)
    return 1 if outcome.failed else 0


def columns_help() -> str:
    """The column layout for `batch --help`, generated from the same table the reader uses."""
    lines = [
        "Kolom: baris judul kolom adalah baris pertama yang memuat kolom wajib (baris judul lembar di",
        "atasnya dilewati); huruf besar/kecil, spasi dan tanda baca diabaikan; kolom lain disalin apa adanya.",
        "",
    ]
    for column in COLUMNS:
        mark = " (wajib)" if column.required else ""
        lines.append(f"  {column.header}{mark}: {column.help}")
        lines.append(f"      juga: {', '.join(column.aliases)}")
    lines += [
        "",
        "Tanggal kosong = dianggap pada tanggal penilaian (dihitung di semua jangka waktu).",
        "Tanggal: 2024-03-31, 31/03/2024, 31-03-2024 atau 31 Maret 2024; di .xlsx juga sel tanggal.",
        f"Hasil: semua kolom masukan, lalu {', '.join(RESULT_COLUMNS)}.",
        "Baris yang tidak terbaca tetap ada di hasil dengan nilai kosong dan alasannya di 'kesalahan'.",
        "Status keluar: 0 semua baris dinilai, 1 ada baris gagal, 2 berkas/opsi tidak dapat dipakai.",
    ]
    return "\n".join(lines)


# rules ---------------------------------------------------------------------------------------------


def run_rules(args: argparse.Namespace) -> int:
    rules = _ruleset(args.ruleset)
    if args.format == "json":
        sys.stdout.write(rules.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(render_ruleset(rules, args.lang))
    return 0


# The parser ----------------------------------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "pemakaian: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Indonesian section titles; its own error messages stay as Python writes them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "opsi"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str) -> NoReturn:
        """One line, as every refusal of this command line (the usage is one --help away)."""
        self.exit(2, f"{self.prog}: error: {message} (--help: bantuan)\n")


def _common(parser: argparse.ArgumentParser, *, as_of: bool = True) -> None:
    parser.add_argument(
        "--ruleset", default=DEFAULT_RULESET, metavar="ID|BERKAS.json",
        help=f"aturan penilaian: id ({', '.join(available_rulesets())}) atau berkas JSON "
             f"(bawaan: {DEFAULT_RULESET})",
    )
    if as_of:
        parser.add_argument(
            "--as-of", type=_date_option, metavar="YYYY-MM-DD",
            help="tanggal penilaian (bawaan: hari ini menurut TIMEZONE, Asia/Jakarta). Tanpa opsi ini "
                 "catatan bertanggal sesudah hari ini ditolak; dengan opsi ini catatan sesudah tanggal "
                 "itu tidak dihitung",
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m scoring",
        description="Indeks Profesionalitas ASN (PermenPANRB 38/2018, Peraturan BKN 8/2019): menilai "
                    "satu pegawai, satu lembar kerja, atau menampilkan aturan penilaian.",
    )
    commands = parser.add_subparsers(dest="command", title="perintah", metavar="PERINTAH",
                                     parser_class=_Parser)

    score_parser = commands.add_parser(
        "score", help="nilai satu pegawai dari profil JSON",
        description="Menilai satu profil pegawai (JSON, lihat README) dan mencetak hasilnya.",
        epilog="Contoh: python -m scoring score profil.json --format text",
    )
    score_parser.add_argument("file", metavar="BERKAS|-", help="profil JSON; '-' membaca dari stdin")
    score_parser.add_argument("--format", choices=("json", "text"), default="json",
                              help="json (bawaan) atau text: tabel yang mudah dibaca")
    score_parser.add_argument("--lang", choices=("id", "en"), default="id",
                              help="bahasa untuk --format text (bawaan: id)")
    _common(score_parser)
    score_parser.set_defaults(run=run_score)

    batch_parser = commands.add_parser(
        "batch", help="nilai satu lembar kerja (.csv/.xlsx), satu pegawai per baris",
        description="Menilai setiap baris lembar kerja dan menulis kolom masukan beserta nilainya.",
        epilog=columns_help() + "\n\nContoh: python -m scoring batch pegawai.xlsx -o hasil.xlsx",
    )
    batch_parser.add_argument("input", metavar="MASUKAN", help="lembar kerja .csv atau .xlsx")
    batch_parser.add_argument("-o", "--output", required=True, metavar="HASIL",
                              help="berkas hasil .csv atau .xlsx (ditimpa bila sudah ada)")
    batch_parser.add_argument("--sheet", metavar="NAMA", help="nama sheet di .xlsx (bawaan: sheet pertama)")
    batch_parser.add_argument("--encoding", metavar="ENC",
                              help="pengodean .csv (bawaan: UTF-8 dengan atau tanpa BOM, bila bukan: Windows-1252)")
    batch_parser.add_argument("--max-mb", type=float, default=_limit("IMPORT_MAX_MB", 50.0), metavar="MB",
                              help="ukuran berkas terbesar (bawaan: IMPORT_MAX_MB atau 50; 0 = tanpa batas)")
    batch_parser.add_argument("--max-rows", type=int, default=int(_limit("IMPORT_MAX_ROWS", 1_048_576)),
                              metavar="N", help="baris data terbanyak (bawaan: IMPORT_MAX_ROWS atau 1048576)")
    _common(batch_parser)
    batch_parser.set_defaults(run=run_batch)

    rules_parser = commands.add_parser(
        "rules", help="tampilkan aturan penilaian yang berlaku",
        description="Menampilkan seluruh angka aturan penilaian: poin, batas, jangka waktu, kategori.",
    )
    rules_parser.add_argument("--format", choices=("text", "json"), default="text",
                              help="text (bawaan) atau json: berkas aturan lengkap")
    rules_parser.add_argument("--lang", choices=("id", "en"), default="id", help="bahasa (bawaan: id)")
    _common(rules_parser, as_of=False)
    rules_parser.set_defaults(run=run_rules)
    return parser


def _fail(messages: Sequence[str]) -> int:
    for message in messages:
        print(f"error: {message}", file=sys.stderr)
    return 2


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 1 some rows failed, 2 unusable input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed by argparse
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        status: int = args.run(args)
        sys.stdout.flush()
        return status
    except CliError as exc:
        return _fail(exc.messages)
    except (SheetError, TableError, RuleSetError) as exc:
        return _fail([str(exc)])
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):  # `… | head`: the reader left; nothing more to say
            _silence_stdout()
            return 0
        return _fail([f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")])
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
