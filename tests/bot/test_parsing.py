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
        ("-3", "error.number_format"),
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
