"""What people type: dates in Indonesian forms, JP, hours and appraisal scores."""

from datetime import date

import pytest

from bot.parsing import InputError, clean_title, parse_date, parse_jp, parse_number, parse_score

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    "text",
    [
        "12/3/2026",
        "12-03-2026",
        "2026-03-12",
        "12 Maret 2026",
        "12 maret 2026",
        "12.03.2026",
        " 12  Mar 2026 ",
        "12 March 2026",
    ],
)
def test_date_forms_people_type(text: str) -> None:
    assert parse_date(text, today=TODAY) == date(2026, 3, 12)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("kemarin", "error.date_format"),
        ("31/2/2026", "error.date_invalid"),
        ("1/1/2027", "error.date_future"),
        ("31/12/1969", "error.date_too_old"),
        ("🎉", "error.date_format"),
        ("x" * 4000, "error.date_format"),
        ("12 Mars 2026", "error.date_format"),
    ],
)
def test_bad_dates_say_why(text: str, key: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(text, today=TODAY)
    assert caught.value.key == key


def test_today_is_not_the_future() -> None:
    assert parse_date("28/11/2026", today=TODAY) == TODAY


@pytest.mark.parametrize(("text", "jp"), [("8", 8.0), ("2,5", 2.5), ("12.5", 12.5), ("8 JP", 8.0)])
def test_jp(text: str, jp: float) -> None:
    assert parse_jp(text, hours=False) == jp


def test_hours_convert_at_sixty_over_forty_five() -> None:
    assert parse_jp("6 jam", hours=True) == 8.0


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("delapan", "error.number_format"),
        ("0", "error.number_positive"),
        ("-3", "error.number_positive"),
        ("1001", "error.number_too_large"),
        ("😀", "error.number_format"),
        ("", "error.number_format"),
    ],
)
def test_bad_numbers(text: str, key: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_number(text, maximum=1000)
    assert caught.value.key == key


def test_scores() -> None:
    assert parse_score("87,5") == 87.5
    with pytest.raises(InputError):
        parse_score("101")
    with pytest.raises(InputError):
        parse_score("baik")


def test_titles_are_trimmed_and_bounded() -> None:
    assert clean_title("  Pelatihan   Arsip ") == "Pelatihan Arsip"
    with pytest.raises(InputError) as caught:
        clean_title("x" * 4000)
    assert caught.value.key == "error.title_too_long"
    with pytest.raises(InputError):
        clean_title("   ")


# One parser: the chat, the imports and `scoring batch` accept the same forms with the same meaning ---------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from scoring.io.cells import CellError, date_cell, number_cell  # noqa: E402
from scoring.io.values import MONTHS  # noqa: E402

FAR = date(2100, 1, 1)
MONTH_NAMES = sorted(MONTHS)


@st.composite
def written_dates(draw: st.DrawFn) -> str:
    day = draw(st.dates(min_value=date(1970, 1, 1), max_value=date(2099, 12, 31)))
    month_name = draw(st.sampled_from([n for n in MONTH_NAMES if MONTHS[n] == day.month]))
    form = draw(st.sampled_from(["dmy", "ymd", "named", "named_dash", "month_first", "junk", "bad_day"]))
    sep = draw(st.sampled_from(["/", "-", "."]))
    name = draw(st.sampled_from([month_name, month_name.capitalize(), month_name.upper()]))
    if form == "dmy":
        return f"{day.day}{sep}{day.month:0{draw(st.sampled_from([1, 2]))}d}{sep}{day.year}"
    if form == "ymd":
        return f"{day.year}-{day.month:02d}-{day.day:02d}" + draw(st.sampled_from(["", " 00:00:00", " 08.30"]))
    if form == "named":
        return f"{day.day} {name}{draw(st.sampled_from(['', '.']))} {day.year}"
    if form == "named_dash":
        return f"{day.day:02d}-{name}-{day.year}"
    if form == "month_first":
        return f"{name} {day.day}, {day.year}"
    if form == "bad_day":
        return f"{draw(st.integers(29, 35))}/{day.month}/{day.year}"
    return draw(st.text(max_size=12))


@settings(max_examples=400, deadline=None)
@given(written_dates())
def test_every_date_form_the_chat_accepts_the_imports_accept(text: str) -> None:
    try:
        chat: date | None = parse_date(text, today=FAR, allow_future=True)
    except InputError:
        chat = None
    try:
        cell = date_cell(text)
    except CellError:
        cell = None
    if cell is not None and cell < date(1970, 1, 1):
        cell = None  # the chat refuses dates before 1970 (its own range rule), not the form
    assert chat == cell


@st.composite
def written_numbers(draw: st.DrawFn) -> str:
    whole = draw(st.integers(0, 9_999_999))
    cents = draw(st.integers(0, 99))
    grouped_dot = f"{whole:,}".replace(",", ".")
    grouped_comma = f"{whole:,}"
    form = draw(st.sampled_from(["plain", "id", "en", "id_grouped", "en_grouped", "jp", "junk"]))
    if form == "plain":
        return str(whole)
    if form == "id":
        return f"{whole},{cents:02d}"
    if form == "en":
        return f"{whole}.{cents:02d}"
    if form == "id_grouped":
        return f"{grouped_dot},{cents:02d}"
    if form == "en_grouped":
        return f"{grouped_comma}.{cents:02d}"
    if form == "jp":
        return f"{whole} JP"
    return draw(st.text(max_size=10))


@settings(max_examples=400, deadline=None)
@given(written_numbers())
def test_every_number_form_the_chat_accepts_the_imports_accept(text: str) -> None:
    try:
        chat: float | None = parse_number(text, maximum=1e9, minimum_exclusive=-1.0)
    except InputError:
        chat = None
    try:
        cell = number_cell(text, low=0.0, high=1e9)
    except CellError:
        cell = None
    assert chat == cell


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.000", 1000.0), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("12,5", 12.5), ("12.5", 12.5), ("0.500", 0.5)],
)
def test_decimal_and_thousands_separators(text: str, value: float) -> None:
    """One rule: a dot groups thousands when each group after it has three digits (Indonesian '1.000')."""
    assert parse_number(text, maximum=1e6) == value == number_cell(text, high=1e6)


@pytest.mark.parametrize("text", ["12 Nopember 2024", "12-Mar-2024", "12 Mar. 2024", "March 12, 2024"])
def test_dates_the_twins_disagreed_on_are_read_everywhere(text: str) -> None:
    expected = date(2024, 11, 12) if "Nop" in text else date(2024, 3, 12)
    assert parse_date(text, today=TODAY) == expected == date_cell(text)
