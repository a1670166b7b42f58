"""What people write, turned into values: dates, numbers and yes/no, in Indonesian and English forms.

One parser for the chat (`bot.parsing` is its entry there), the imports (`bot.admin`) and `scoring batch`,
so a form one of them accepts, the others accept with the same meaning (a property test checks it). Each
caller adds only its own range rules (the chat refuses dates before 1970, imports refuse dates after today).

Dates, always day before month (as written in Indonesia):
- `31/03/2024`, `31-03-2024`, `31.03.2024`, `1/3/2024`; year first: `2024-03-31`, `2024/03/31`;
  a time after any of them is ignored (`2024-03-31 08:00:00`, `31/03/2024 08.00`);
- a month name or its abbreviation, Indonesian or English (`MONTHS`): `31 Maret 2024`, `12 Nopember 2024`,
  `7 Agt 2023`, `12-Mar-2024`, `12 Mar. 2024`, and month first when it is a name: `March 31, 2024`.
- Two-digit years are refused: `1/3/24` could be 1924 or 2024.

Numbers: `12`, `12,5` and `12.5`, `1.234,5` and `1,234.5`, `1.000` (one thousand: the dot groups thousands
when every group after it has three digits, as Indonesian writes them), `1 000`, an optional sign and a
trailing `JP`. A lone comma is always the decimal mark (`1,500` is one and a half, as Indonesian Excel
writes it); two or more commas group thousands (`1,234,567`).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    # Indonesian and English names, old spellings and the usual abbreviations: the one month table.
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3, "mrt": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip

DATE_EXAMPLES = "2024-03-31, 31/03/2024 or 31 Maret 2024"
LONGEST_DATE = 40
"""Characters: anything longer is not a date, whatever it holds (and is not worth a regular expression)."""

_TIME = r"(?:[ t]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
_YEAR_FIRST = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}")
_DAY_FIRST = re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}){_TIME}")
_DAY_NAME = re.compile(r"(\d{1,2})[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{4})")
_NAME_DAY = re.compile(r"([a-z]+)\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/.]*(\d{4})")


class ValueProblem(ValueError):
    """Text that is not the value asked for. `key` says why, for a message in the reader's language:
    `date.format`, `date.invalid` (no such day), `number.format`."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def shown(text: str, limit: int = 40) -> str:
    """`text` quoted for a message: escaped (control and invisible characters as \\x01, \\u202e), and cut."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def parse_date_text(text: str) -> date:
    """A date as people write it (see the module's docstring); raises `ValueProblem`."""
    cleaned = " ".join(text.casefold().split())
    year = month = day = 0
    if len(cleaned) > LONGEST_DATE:
        match = None
    elif match := _YEAR_FIRST.fullmatch(cleaned):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DAY_FIRST.fullmatch(cleaned):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif (match := _DAY_NAME.fullmatch(cleaned)) and match[2] in MONTHS:
        day, month, year = int(match[1]), MONTHS[match[2]], int(match[3])
    elif (match := _NAME_DAY.fullmatch(cleaned)) and match[1] in MONTHS:
        day, month, year = int(match[2]), MONTHS[match[1]], int(match[3])
    else:
        match = None
    if match is None:
        raise ValueProblem("date.format", f"expected a date such as {DATE_EXAMPLES}, not {shown(text)}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueProblem("date.invalid", f"{shown(text)} is not a valid date") from None


_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d+([.,])\d+")
_DOT_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+")
_COMMA_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3}){2,}")
_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(?:([.,])\d{3})+([.,])\d+")
_SPACE_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d+)?")


def parse_number_text(text: str) -> float:
    """A number as people write it (see the module's docstring); raises `ValueProblem`."""
    cleaned = _SPACES.sub(" ", text.casefold()).strip()
    cleaned = cleaned.removesuffix("jp").rstrip()
    if len(cleaned) <= 30:
        if _PLAIN.fullmatch(cleaned):
            return float(cleaned)
        if _DOT_THOUSANDS.fullmatch(cleaned):  # 1.000 = one thousand (Indonesian)
            return float(cleaned.replace(".", ""))
        if match := _DECIMAL.fullmatch(cleaned):  # 12,5 or 12.5
            return float(cleaned.replace(",", ".") if match[1] == "," else cleaned)
        if _COMMA_THOUSANDS.fullmatch(cleaned):  # 1,234,567
            return float(cleaned.replace(",", ""))
        if (match := _GROUPED.fullmatch(cleaned)) and match[1] != match[2]:  # 1.234,5 or 1,234.5
            return float(cleaned.replace(match[1], "").replace(",", "."))
        if _SPACE_THOUSANDS.fullmatch(cleaned):  # 1 000 or 1 000,5
            return float(cleaned.replace(" ", "").replace(",", "."))
    raise ValueProblem("number.format", f"expected a number, not {shown(text)}")


YES = frozenset({"ya", "y", "yes", "true", "benar", "sudah", "ada", "sesuai", "1", "v"})
NO = frozenset({
    "tidak", "t", "no", "n", "false", "salah", "belum", "tidakada", "belumada", "none", "nihil", "0",
    "tidakpernah", "bebas", "tidaksesuai",
})  # fmt: skip
"""Words for yes and no, folded (`fold`): 'Tidak Ada' is `tidakada`."""


def fold(text: str) -> str:
    """Case, spacing and punctuation do not matter: 'Tgl. Diklat-Teknis' → 'tgldiklatteknis'."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def parse_yes_no(text: str) -> bool | None:
    """Ya/Tidak (yes/no, 1/0, sudah/belum, sesuai/tidak sesuai …); None for an empty text; raises
    `ValueProblem` for anything else."""
    key = fold(text)
    if not key:
        return None
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueProblem("yes_no.format", f"expected ya or tidak, not {shown(text)}")
