"""NIP (Nomor Induk Pegawai) and NI PPPK validation: a pure function with a reason for every refusal.

Layout (18 digits), per BKN: birth date YYYYMMDD, then for PNS/CPNS the year and month of appointment as
CPNS (YYYYMM), a gender digit (1 man, 2 woman) and a 3-digit sequence. An NI PPPK has the same length,
birth date, gender digit and sequence, but digits 9-12 are the year of first appointment and digits 13-14
are a code, not a month. A NIP is printed and contains the birth date, so it identifies but never
authenticates (linking uses one-time codes).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.texts import Lang, plain
from scoring.models import EmploymentStatus

NIP_LENGTH = 18
_STRIP = str.maketrans("", "", " .-'\u00a0\t")


class NipProblem(StrEnum):
    LENGTH = "length"
    DIGITS = "digits"
    DATE = "date"
    GENDER = "gender digit"
    SEQUENCE = "sequence"


class InvalidNip(ValueError):
    """A refused NIP; `problem` says which rule failed, `text(lang)` says how, for the import report (the
    catalog's 'nip.*' keys; `str()` is the English text)."""

    def __init__(self, problem: NipProblem, key: str, **args: object) -> None:
        self.problem = problem
        self.key = key
        self.values = args
        super().__init__(self.text("en"))

    def text(self, lang: Lang = "id") -> str:
        return plain(f"nip.problem.{self.problem.name.lower()}", lang) + ": " + plain(self.key, lang, **self.values)


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    appointment_year: int
    appointment_month: int | None  # None for PPPK: digits 13-14 are not a month
    gender: int  # 1 man, 2 woman
    sequence: int


def normalize_nip(value: str) -> str:
    """Drop the spaces, dots and dashes of the printed form ('19900101 201503 1 001') and Excel's quote."""
    return value.strip().translate(_STRIP)


def printed_nip(nip: str) -> str:
    """A NIP as BKN prints it ('19850717 201001 2 004'), for files people open in a spreadsheet: it stays
    text there (18 bare digits in a CSV become 1,98507E+17 in Excel), and `normalize_nip` reads it back."""
    if len(nip) != 18 or not nip.isdigit():
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


@functools.lru_cache(maxsize=4096)
def parse_nip(value: str, status: EmploymentStatus = EmploymentStatus.PNS) -> NipParts:
    """The parts of a valid number, or `InvalidNip`; `status` decides whether digits 13-14 are a month.

    Cached (results are immutable): an import checks each number in the row, in the model and as a
    supervisor, and a supervisor's number recurs on every report's row."""
    nip = normalize_nip(value)
    if nip and not (nip.isascii() and nip.isdigit()):
        raise InvalidNip(NipProblem.DIGITS, "nip.digits")
    if len(nip) != NIP_LENGTH:
        raise InvalidNip(NipProblem.LENGTH, "nip.length", count=len(nip), needed=NIP_LENGTH)
    year, month, day = int(nip[0:4]), int(nip[4:6]), int(nip[6:8])
    try:
        birth = date(year, month, day)
    except ValueError:
        raise InvalidNip(NipProblem.DATE, "nip.birth_date", digits=nip[0:8]) from None
    if year < 1900:
        raise InvalidNip(NipProblem.DATE, "nip.birth_year", year=year)
    appointment_year = int(nip[8:12])
    appointment_month: int | None = None
    if status is EmploymentStatus.PPPK:
        if appointment_year <= year:
            raise InvalidNip(NipProblem.DATE, "nip.pppk_year", year=appointment_year)
    else:
        appointment_month = int(nip[12:14])
        if not 1 <= appointment_month <= 12:
            raise InvalidNip(NipProblem.DATE, "nip.month", month=nip[12:14])
        if (appointment_year, appointment_month) <= (year, month):
            raise InvalidNip(NipProblem.DATE, "nip.appointment", appointment=nip[8:14], birth=nip[0:8])
    gender = int(nip[14])
    if gender not in (1, 2):
        raise InvalidNip(NipProblem.GENDER, "nip.gender", digit=gender)
    sequence = int(nip[15:18])
    if sequence == 0:
        raise InvalidNip(NipProblem.SEQUENCE, "nip.sequence")
    return NipParts(birth, appointment_year, appointment_month, gender, sequence)


def validate_nip(value: str, status: EmploymentStatus = EmploymentStatus.PNS) -> str:
    """The normalized 18-digit NIP, or `InvalidNip` with the reason."""
    parse_nip(value, status)
    return normalize_nip(value)


def nip_problem(value: str, status: EmploymentStatus = EmploymentStatus.PNS, lang: Lang = "en") -> str | None:
    """None for a valid number, else the reason as one line (for reports and chat replies)."""
    try:
        parse_nip(value, status)
    except InvalidNip as error:
        return error.text(lang)
    return None
