"""NIP validation: every refusal names its rule; every well-formed number passes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.storage.nip import InvalidNip, NipProblem, nip_problem, normalize_nip, parse_nip, validate_nip
from scoring.models import EmploymentStatus

PNS, CPNS, PPPK = EmploymentStatus.PNS, EmploymentStatus.CPNS, EmploymentStatus.PPPK


@st.composite
def valid_nips(draw: st.DrawFn, status: EmploymentStatus = PNS) -> str:
    birth = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2007, 12, 31)))
    year = draw(st.integers(min_value=birth.year + 1, max_value=2099))
    middle = f"{draw(st.integers(10, 99))}" if status is PPPK else f"{draw(st.integers(1, 12)):02d}"
    gender = draw(st.sampled_from([1, 2]))
    sequence = draw(st.integers(1, 999))
    return f"{birth:%Y%m%d}{year}{middle}{gender}{sequence:03d}"


def problem_of(nip: str, status: EmploymentStatus = PNS) -> NipProblem:
    with pytest.raises(InvalidNip) as caught:
        parse_nip(nip, status)
    return caught.value.problem


@given(valid_nips())
def test_every_well_formed_pns_nip_is_accepted_and_parsed_back(nip: str) -> None:
    parts = parse_nip(nip)
    assert f"{parts.birth_date:%Y%m%d}" == nip[:8]
    assert (parts.appointment_year, parts.appointment_month) == (int(nip[8:12]), int(nip[12:14]))
    assert parts.gender == int(nip[14])
    assert parts.sequence == int(nip[15:])


@given(valid_nips(PPPK))
def test_an_ni_pppk_has_no_appointment_month(nip: str) -> None:
    assert parse_nip(nip, PPPK).appointment_month is None


@given(valid_nips(), st.integers(min_value=1, max_value=17))
def test_a_shorter_number_is_refused_for_its_length(nip: str, keep: int) -> None:
    assert problem_of(nip[:keep]) is NipProblem.LENGTH


@given(valid_nips(), st.text(alphabet="0123456789", min_size=1, max_size=5))
def test_a_longer_number_is_refused_for_its_length(nip: str, extra: str) -> None:
    assert problem_of(nip + extra) is NipProblem.LENGTH


@given(valid_nips(), st.integers(0, 17), st.sampled_from("aBx/#é٣"))
def test_any_non_digit_is_refused_as_digits(nip: str, at: int, char: str) -> None:
    assert problem_of(nip[:at] + char + nip[at + 1 :]) is NipProblem.DIGITS


@given(valid_nips(), st.sampled_from([0, 3, 4, 9]))
def test_gender_digit_must_be_1_or_2(nip: str, digit: int) -> None:
    assert problem_of(f"{nip[:14]}{digit}{nip[15:]}") is NipProblem.GENDER


@given(valid_nips(), st.sampled_from(["00", "13", "99"]))
def test_appointment_month_must_be_a_month_for_pns_and_cpns(nip: str, month: str) -> None:
    bad = f"{nip[:12]}{month}{nip[14:]}"
    assert problem_of(bad, PNS) is NipProblem.DATE
    assert problem_of(bad, CPNS) is NipProblem.DATE
    assert nip_problem(bad, PPPK) is None  # digits 13-14 of an NI PPPK are not a month


@pytest.mark.parametrize("birth", ["19900230", "19901301", "19900000", "18991231"])
def test_birth_date_must_be_a_real_date(birth: str) -> None:
    assert problem_of(f"{birth}201503" + "1001") is NipProblem.DATE


def test_appointment_before_birth_is_refused() -> None:
    assert problem_of("199005152015031001".replace("2015", "1989")) is NipProblem.DATE
    assert problem_of("199005151989211001", PPPK) is NipProblem.DATE


def test_sequence_zero_is_refused() -> None:
    assert problem_of("199001012015031000") is NipProblem.SEQUENCE


def test_printed_form_and_excel_quote_are_normalized() -> None:
    assert validate_nip("'19900101 201503 1 001") == "199001012015031001"
    assert normalize_nip(" 19900101.201503.1.001 ") == "199001012015031001"


def test_reasons_read_as_one_line() -> None:
    assert nip_problem("1234") == "length: has 4 digits, needs 18"
    assert nip_problem("") == "length: has 0 digits, needs 18"
    assert nip_problem("19900101201503300x") == "digits: may contain only the digits 0-9"
    assert nip_problem("199001012015033001") == "gender digit: digit 15 is 3, must be 1 (man) or 2 (woman)"


def test_a_real_looking_nip_passes() -> None:
    assert validate_nip("198507172010012004") == "198507172010012004"
    assert parse_nip("198507172010012004").birth_date == date(1985, 7, 17)
