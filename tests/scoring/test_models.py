"""The Profile JSON contract: field names, aliases people and spreadsheets use, and clear refusals."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from scoring import (
    Education,
    LeadershipLevel,
    PenaltyLevel,
    Performance,
    Position,
    Predicate,
    Profile,
    Training,
    TrainingKind,
)
from scoring.models import EmploymentStatus, parse_education, parse_position, parse_predicate

ISSUE_EXAMPLE = """
{"position": "pelaksana",
 "education": "s1",
 "trainings": [
   {"kind": "teknis", "jp": 12, "date": "2026-03-10", "title": "Pengelolaan Arsip"},
   {"kind": "kepemimpinan", "level": "pka", "date": "2019-05-01"},
   {"kind": "fungsional", "matches_position": true, "date": "2021-08-01"},
   {"kind": "seminar", "jp": 4, "date": "2025-11-20"},
   {"kind": "lainnya", "jp": 6, "date": "2026-02-01"}],
 "performance": {"year": 2025, "predicate": "baik"},
 "penalties": [{"level": "ringan", "date": "2024-01-15"}]}
"""


def test_the_issue_example_is_a_valid_profile() -> None:
    p = Profile.model_validate_json(ISSUE_EXAMPLE)
    assert (p.position, p.education) == (Position.PELAKSANA, Education.S1)
    assert [t.kind for t in p.trainings] == [
        TrainingKind.TEKNIS,
        TrainingKind.KEPEMIMPINAN,
        TrainingKind.FUNGSIONAL,
        TrainingKind.SEMINAR,
        TrainingKind.LAINNYA,
    ]
    assert p.trainings[1].level is LeadershipLevel.PKA
    assert p.trainings[2].matches_position is True
    assert p.performance == Performance(year=2025, predicate=Predicate.BAIK)
    assert p.penalties[0].level is PenaltyLevel.RINGAN and p.penalties[0].date == date(2024, 1, 15)
    assert p.employment_status is EmploymentStatus.PNS


def test_json_round_trip() -> None:
    p = Profile.model_validate_json(ISSUE_EXAMPLE)
    assert Profile.model_validate_json(p.model_dump_json()) == p
    assert Profile.model_validate(json.loads(p.model_dump_json())) == p


def test_enum_values_are_the_contract() -> None:
    assert [p.value for p in Position] == [
        "jpt_utama",
        "jpt_madya",
        "jpt_pratama",
        "administrator",
        "pengawas",
        "fungsional",
        "pelaksana",
    ]
    assert [e.value for e in Education] == [
        "none",
        "sd",
        "sltp",
        "slta",
        "d1",
        "d2",
        "d3",
        "d4",
        "s1",
        "profesi",
        "s2",
        "spesialis",
        "s3",
        "subspesialis",
    ]
    assert [k.value for k in TrainingKind] == ["kepemimpinan", "fungsional", "teknis", "seminar", "lainnya"]
    assert [level.value for level in LeadershipLevel] == ["pkn1", "pkn2", "pka", "pkp"]
    assert [p.value for p in Predicate] == [
        "sangat_baik",
        "baik",
        "cukup",
        "butuh_perbaikan",
        "kurang",
        "buruk",
        "sangat_kurang",
    ]


@pytest.mark.parametrize(
    ("alias", "education"),
    [
        ("S-1", "s1"),
        ("s1", "s1"),
        ("S1", "s1"),
        ("s 1", "s1"),
        ("S-2", "s2"),
        ("S-3", "s3"),
        ("SMA", "slta"),
        ("SMK", "slta"),
        ("MA", "slta"),
        ("SLTA", "slta"),
        ("SMP", "sltp"),
        ("SD", "sd"),
        ("D-III", "d3"),
        ("D III", "d3"),
        ("D3", "d3"),
        ("D-IV", "d4"),
        ("D-I", "d1"),
        ("D-II", "d2"),
        ("Sarjana", "s1"),
        ("Magister", "s2"),
        ("Doktor", "s3"),
        ("Profesi", "profesi"),
        ("Sp-1", "spesialis"),
        ("Sp-2", "subspesialis"),
        ("Tidak Sekolah", "none"),
    ],
)
def test_education_aliases(alias: str, education: str) -> None:
    assert Profile(position="pelaksana", education=alias).education.value == education  # type: ignore[arg-type]
    assert parse_education(alias).value == education


@pytest.mark.parametrize(
    ("alias", "level"),
    [
        ("Diklatpim I", "pkn1"),
        ("diklatpim1", "pkn1"),
        ("Diklatpim II", "pkn2"),
        ("diklatpim2", "pkn2"),
        ("Diklatpim III", "pka"),
        ("diklatpim3", "pka"),
        ("Diklatpim IV", "pkp"),
        ("diklatpim4", "pkp"),
        ("PKN Tingkat I", "pkn1"),
        ("PKN Tingkat II", "pkn2"),
        ("PKN I", "pkn1"),
        ("PKA", "pka"),
        ("PKP", "pkp"),
        ("Diklat PIM III", "pka"),
        ("Diklatpim Tk. III", "pka"),
        ("Diklatpim Tingkat IV", "pkp"),
        ("PKN Tingkat 2", "pkn2"),
        ("PKN Tk. I", "pkn1"),
    ],
)
def test_leadership_level_aliases(alias: str, level: str) -> None:
    t = Training.model_validate({"kind": "kepemimpinan", "level": alias, "date": "2019-05-01"})
    assert t.level is not None and t.level.value == level


@pytest.mark.parametrize(
    ("alias", "predicate"),
    [
        ("Sangat Baik", "sangat_baik"),
        ("SANGAT BAIK", "sangat_baik"),
        ("sangat-baik", "sangat_baik"),
        ("Baik", "baik"),
        ("Cukup", "cukup"),
        ("Butuh Perbaikan", "butuh_perbaikan"),
        ("Kurang/Misconduct", "kurang"),
        ("Kurang", "kurang"),
        ("Buruk", "buruk"),
        ("Sangat Kurang", "sangat_kurang"),
    ],
)
def test_predicate_aliases(alias: str, predicate: str) -> None:
    assert Performance.model_validate({"year": 2024, "predicate": alias}).predicate == predicate
    assert parse_predicate(alias).value == predicate


@pytest.mark.parametrize(
    ("alias", "position"),
    [
        ("JPT Pratama", "jpt_pratama"),
        ("Eselon III", "administrator"),
        ("Eselon IV", "pengawas"),
        ("JFT", "fungsional"),
        ("JFU", "pelaksana"),
        ("Staf", "pelaksana"),
        ("Pelaksana", "pelaksana"),
    ],
)
def test_position_aliases(alias: str, position: str) -> None:
    assert parse_position(alias).value == position


@pytest.mark.parametrize(
    ("alias", "kind"),
    [
        ("Diklat Teknis", "teknis"),
        ("Pelatihan Kepemimpinan", "kepemimpinan"),
        ("Workshop", "seminar"),
        ("Magang", "seminar"),
        ("Kursus", "seminar"),
        ("SEMINAR", "seminar"),
        ("Lainnya", "lainnya"),
    ],
)
def test_training_kind_aliases(alias: str, kind: str) -> None:
    data = {"kind": alias, "date": "2026-01-01", "level": "pka" if kind == "kepemimpinan" else None}
    assert Training.model_validate(data).kind.value == kind


@pytest.mark.parametrize(("hours", "jp"), [(15, 20), (1.5, 2), (3, 4), (0, 0), ("6", 8)])
def test_hours_become_jp_at_45_minutes(hours: Any, jp: float) -> None:
    t = Training.model_validate({"kind": "teknis", "date": "2026-01-01", "hours": hours})
    assert t.jp == pytest.approx(jp)


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "teknis", "date": "2026-01-01"},
        {"kind": "teknis", "date": "2026-01-01", "jp": None},
        {"kind": "teknis", "date": "2026-01-01", "hours": None},
        {"kind": "teknis", "date": "2026-01-01", "jp": None, "hours": None},
    ],
)
def test_missing_duration_is_zero_jp(data: dict[str, Any]) -> None:
    """Decision: jp and hours are optional (a leadership or functional training needs none); 0 JP."""
    assert Training.model_validate(data).jp == 0


def test_status_aliases() -> None:
    assert Profile(position="pelaksana", education="s1", employment_status=" pppk ").employment_status is (  # type: ignore[arg-type]
        EmploymentStatus.PPPK
    )
    assert (
        Profile.model_validate(
            {
                "position": "pelaksana",
                "education": "s1",
                "employment_status": None,
                "trainings": None,
                "penalties": None,
            }
        ).trainings
        == ()
    )


def _error(model: type[Any], data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as error:
        model.model_validate(data)
    return str(error.value)


@pytest.mark.parametrize(
    ("model", "data", "field", "message"),
    [
        (Profile, {"position": "pelaksana", "education": "s4"}, "education", "'s1'"),
        (Profile, {"position": "kepala", "education": "s1"}, "position", "'pelaksana'"),
        (Profile, {"position": "pelaksana"}, "education", "Field required"),
        (Profile, {"position": "pelaksana", "education": "s1", "nip": "1990"}, "nip", "Extra inputs"),
        (Training, {"kind": "teknis", "date": "2026-01-01", "jp": 3, "hours": 2}, "", "either jp or hours"),
        (Training, {"kind": "teknis", "date": "2026-01-01", "hours": "dua"}, "", "hours must be a number"),
        (Training, {"kind": "teknis", "date": "2026-01-01", "hours": -1}, "", "hours must be between"),
        (Training, {"kind": "teknis", "date": "2026-01-01", "jp": -1}, "jp", "greater than or equal to 0"),
        (Training, {"kind": "teknis", "date": "2026-01-01", "jp": True}, "jp", "number"),
        (Training, {"kind": "teknis", "date": "2026-01-01", "jp": "dua"}, "jp", "number"),
        (Training, {"kind": "kepemimpinan", "date": "2019-05-01"}, "", "needs a level"),
        (Training, {"kind": "kepemimpinan", "date": "2019-05-01", "level": "pkz"}, "level", "'pka'"),
        (Training, {"kind": "kursus online", "date": "2019-05-01"}, "kind", "'teknis'"),
        (Training, {"kind": "teknis", "date": "2019-02-30"}, "date", "date"),
        (Training, {"kind": "teknis"}, "date", "Field required"),
        (Performance, {"year": 2025}, "", "either predicate or score"),
        (Performance, {"year": 2019, "predicate": "baik", "score": 80}, "", "either predicate or score"),
        (Performance, {"year": 2019, "score": 100.5}, "score", "less than or equal to 100"),
        (Performance, {"year": 2019, "score": -0.5}, "score", "greater than or equal to 0"),
        (Performance, {"year": 2019, "score": True}, "score", "number"),
        (Performance, {"year": 2021, "score": 95}, "", "predicate"),
        (Performance, {"year": 2025, "predicate": "hebat"}, "predicate", "'baik'"),
        (Performance, {"year": 1900, "predicate": "baik"}, "year", "greater than or equal to 1970"),
    ],
)
def test_refusals_name_the_field_and_say_why(model: type[Any], data: dict[str, Any], field: str, message: str) -> None:
    text = _error(model, data)
    assert message in text, text
    if field:
        assert text.splitlines()[1].startswith(field), text


def test_both_jp_and_hours_in_a_profile_names_the_training() -> None:
    text = _error(
        Profile,
        {
            "position": "pelaksana",
            "education": "s1",
            "trainings": [
                {"kind": "teknis", "date": "2026-01-01"},
                {"kind": "teknis", "date": "2026-01-01", "jp": 2, "hours": 1},
            ],
        },
    )
    assert "trainings.1" in text and "either jp or hours" in text


def test_models_are_frozen() -> None:
    p = Profile.model_validate_json(ISSUE_EXAMPLE)
    with pytest.raises(ValidationError):
        p.education = Education.S3  # type: ignore[misc]


def test_every_penalty_type_of_the_regulation_maps_to_its_level() -> None:
    """The table is the data; each wording in it, and its everyday spellings, parse to the row's level."""
    from scoring.models import PENALTY_TYPES, PenaltyLevel, parse_penalty_level

    for name, level, _ in PENALTY_TYPES:
        assert parse_penalty_level(name) is level, name
        assert parse_penalty_level(name.upper().replace(" ", "  ")) is level, name
    assert parse_penalty_level("Penurunan pangkat 1 (satu) tahun") is PenaltyLevel.SEDANG
    assert parse_penalty_level("penurunan pangkat setingkat lebih rendah selama 3 tahun") is PenaltyLevel.BERAT
    assert parse_penalty_level("PTDH") is PenaltyLevel.BERAT
    for unknown in ("sangat berat", "skorsing", "penurunan pangkat 2 tahun", "teguran"):
        with pytest.raises(ValueError, match="is not a penalty level"):
            parse_penalty_level(unknown)
