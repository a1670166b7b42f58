"""The demo agency: a few units, people of every position type, an HR admin, and their records.

Everything a visitor can try needs data behind it: an assessment pre-filled from records, a supervisor
with a team, an HR admin with a scope. The cast is fixed (so `/as <name>` and the README read the same on
every run) while record dates are relative to today (so trainings fall inside the 12- and 24-month windows
of rules §2 whatever the day the demo runs). Each person is linked to a simulated Telegram user with a
fixed id, so a database kept with `--database` still matches the users of the next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.storage.assessments import assess_now, record_scored, score_profiles
from bot.storage.models import (
    Employee,
    EmployeeBase,
    PenaltyRecord,
    PenaltyRecordBase,
    PerformanceRecord,
    PerformanceRecordBase,
    RecordSource,
    Role,
    TrainingRecord,
    TrainingRecordBase,
    Unit,
)
from bot.storage.nip import validate_nip
from bot.storage.profiles import build_both
from bot.storage.roles import grant_role
from scoring.models import Education, EmploymentStatus, Position

SEED_ACTOR = "demo"
ROOT_UNIT = "PEMKOT-HJ"


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    parent: str | None = None


@dataclass(frozen=True)
class Person:
    """One employee of the demo agency and the Telegram account they chat from."""

    key: str
    name: str
    nip: str
    position_type: Position
    position_title: str
    education: Education
    unit: str
    telegram_user_id: int
    first_name: str
    supervisor: str | None = None
    functional_family: str | None = None
    hr_admin: bool = False
    aliases: tuple[str, ...] = ()


@dataclass
class SeededAgency:
    """What the demo needs after seeding: employee ids by person key (for tests and `/as`)."""

    employee_ids: dict[str, int] = field(default_factory=dict)
    created: bool = False


def make_nip(birth: date, appointed: tuple[int, int], gender: int, sequence: int) -> str:
    """A NIP from its parts (birth date, appointment year and month, gender digit 1/2, sequence), checked
    with the same validator as a roster import, so a demo NIP can never be one HR's import would refuse."""
    year, month = appointed
    return validate_nip(f"{birth:%Y%m%d}{year:04d}{month:02d}{gender}{sequence:03d}", EmploymentStatus.PNS)


UNITS: tuple[DemoUnit, ...] = (
    DemoUnit(ROOT_UNIT, "Pemerintah Kota Harapan Jaya"),
    DemoUnit("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM", ROOT_UNIT),
    DemoUnit("DISDIK", "Dinas Pendidikan", ROOT_UNIT),
    DemoUnit("DISDIK-SEK", "Sekretariat Dinas Pendidikan", "DISDIK"),
    DemoUnit("SMPN1", "SMP Negeri 1 Harapan Jaya", "DISDIK"),
)

PEOPLE: tuple[Person, ...] = (
    Person(
        key="rina", name="Rina Wulandari, S.Pd.", nip=make_nip(date(1992, 4, 17), (2019, 3), 2, 2),
        position_type=Position.FUNGSIONAL, position_title="Guru Ahli Pertama (Matematika)",
        education=Education.S1, unit="SMPN1", supervisor="bambang", functional_family="guru",
        telegram_user_id=100_000_001, first_name="Rina", aliases=("pegawai", "guru"),
    ),
    Person(
        key="bambang", name="Bambang Sutrisno, S.Pd., M.Pd.", nip=make_nip(date(1972, 6, 9), (1998, 4), 1, 1),
        position_type=Position.FUNGSIONAL, position_title="Guru Ahli Madya, Kepala SMP Negeri 1",
        education=Education.S2, unit="SMPN1", supervisor="hendra", functional_family="guru",
        telegram_user_id=100_000_002, first_name="Bambang", aliases=("atasan", "kepsek"),
    ),
    Person(
        key="ratna", name="Ratna Kusuma, S.Psi.", nip=make_nip(date(1988, 12, 5), (2012, 2), 2, 1),
        position_type=Position.FUNGSIONAL, position_title="Analis SDM Aparatur Ahli Muda",
        education=Education.S1, unit="BKPSDM", functional_family="analis sdm aparatur", hr_admin=True,
        telegram_user_id=100_000_003, first_name="Ratna", aliases=("hr", "bkpsdm"),
    ),
    Person(
        key="joko", name="Joko Susilo", nip=make_nip(date(1985, 1, 25), (2010, 1), 1, 4),
        position_type=Position.PELAKSANA, position_title="Pengadministrasi Umum",
        education=Education.SLTA, unit="SMPN1", supervisor="bambang",
        telegram_user_id=100_000_004, first_name="Joko", aliases=("pelaksana",),
    ),
    Person(
        key="dewi", name="Dewi Lestari, A.Md.", nip=make_nip(date(1990, 9, 30), (2014, 5), 2, 3),
        position_type=Position.PELAKSANA, position_title="Pengelola Data Kepegawaian",
        education=Education.D3, unit="DISDIK-SEK", supervisor="agus",
        telegram_user_id=100_000_005, first_name="Dewi",
    ),
    Person(
        key="agus", name="Agus Prasetyo, S.Sos.", nip=make_nip(date(1980, 11, 2), (2006, 1), 1, 3),
        position_type=Position.PENGAWAS, position_title="Kepala Subbagian Umum dan Kepegawaian",
        education=Education.S1, unit="DISDIK-SEK", supervisor="sri",
        telegram_user_id=100_000_006, first_name="Agus", aliases=("pengawas",),
    ),
    Person(
        key="sri", name="Sri Wahyuni, S.E., M.M.", nip=make_nip(date(1975, 8, 21), (2000, 12), 2, 1),
        position_type=Position.ADMINISTRATOR, position_title="Sekretaris Dinas Pendidikan",
        education=Education.S2, unit="DISDIK-SEK", supervisor="hendra",
        telegram_user_id=100_000_007, first_name="Sri", aliases=("administrator", "sekdis"),
    ),
    Person(
        key="hendra", name="Dr. Hendra Wijaya, M.Pd.", nip=make_nip(date(1970, 3, 14), (1996, 3), 1, 2),
        position_type=Position.JPT_PRATAMA, position_title="Kepala Dinas Pendidikan",
        education=Education.S3, unit="DISDIK",
        telegram_user_id=100_000_008, first_name="Hendra", aliases=("kadis", "jpt"),
    ),
)
"""Rina (a teacher) is who the demo starts as: her assessment has all four dimensions to walk through."""

FIRST_PERSON = "rina"


def records(today: date) -> dict[str, list[tuple[type[Any], dict[str, Any]]]]:
    """Each person's records as (validating model, fields), dated relative to `today`."""

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def training(kind: str, title: str, end: date, jp: float, **extra: Any) -> tuple[type[Any], dict[str, Any]]:
        return TrainingRecordBase, {"kind": kind, "title": title, "end_date": end, "jp": jp, **extra}

    def skp(predicate: str) -> tuple[type[Any], dict[str, Any]]:
        return PerformanceRecordBase, {"year": today.year - 1, "predicate": predicate}

    return {
        "rina": [
            training("fungsional", "Pendidikan Profesi Guru (PPG) Dalam Jabatan", date(2020, 11, 20), 0,
                     matches_position=True),
            training("teknis", "Pelatihan Implementasi Kurikulum Merdeka", ago(75), 12, start_date=ago(77)),
            training("seminar", "Seminar Nasional Pendidikan Matematika", ago(200), 8),
            skp("baik"),
        ],
        "bambang": [
            training("fungsional", "Diklat Calon Kepala Sekolah", date(2015, 10, 10), 0, matches_position=True),
            training("teknis", "Bimtek Manajemen Berbasis Sekolah", ago(120), 24, start_date=ago(123)),
            skp("sangat_baik"),
        ],
        "ratna": [
            training("fungsional", "Pelatihan Fungsional Analis SDM Aparatur", date(2018, 5, 10), 0,
                     matches_position=True),
            training("teknis", "Pelatihan Manajemen Talenta ASN", ago(20), 32, start_date=ago(24)),
            training("seminar", "Workshop Sistem Informasi ASN (SIASN)", ago(150), 6),
            skp("baik"),
        ],
        "joko": [
            training("teknis", "Pelatihan Aplikasi Dapodik", ago(40), 10),
            skp("baik"),
            (PenaltyRecordBase, {"level": "ringan", "effective_date": ago(300),
                                 "description": "Teguran lisan: sering terlambat masuk kerja"}),
        ],
        "dewi": [
            training("teknis", "Pelatihan Pengelolaan Arsip Digital", ago(30), 16),
            training("seminar", "Workshop Layanan Kepegawaian", ago(150), 6),
            skp("baik"),
        ],
        "agus": [
            training("kepemimpinan", "Pelatihan Kepemimpinan Pengawas (PKP)", date(2016, 11, 18), 0, level="pkp"),
            training("teknis", "Pelatihan Analisis Jabatan", ago(60), 20),
            skp("baik"),
        ],
        "sri": [
            training("kepemimpinan", "Pelatihan Kepemimpinan Administrator (PKA)", date(2017, 9, 22), 0,
                     level="pka"),
            skp("sangat_baik"),
        ],
        "hendra": [
            training("kepemimpinan", "Pelatihan Kepemimpinan Nasional Tingkat II", date(2019, 7, 12), 0,
                     level="pkn2"),
            training("seminar", "Rapat Koordinasi Nasional Pendidikan", ago(90), 8),
            skp("sangat_baik"),
        ],
    }


class NotADemoDatabase(RuntimeError):
    """The database holds employees but not the demo agency: the demo will not mix its people into it."""


async def find_agency(session: AsyncSession) -> SeededAgency | None:
    """The demo agency already in this database (a kept `--database`), or None when there is none."""
    root = (await session.exec(select(Unit).where(col(Unit.code) == ROOT_UNIT))).first()
    if root is None:
        return None
    nips = {person.nip: person.key for person in PEOPLE}
    rows = (await session.exec(select(Employee).where(col(Employee.nip).in_(list(nips))))).all()
    return SeededAgency({nips[row.nip]: row.id for row in rows if row.id is not None})


async def seed_agency(session: AsyncSession, clock: Clock, *, measured: bool = False) -> SeededAgency:
    """The demo agency in `session` (flushed, not committed); reused as it is if already there.

    Input goes through the same validating models as an import (table models skip validation), so the demo
    cannot hold a row the bot would refuse from HR.
    """
    existing = await find_agency(session)
    if existing is not None:
        return existing
    if (await session.exec(select(func.count()).select_from(Employee))).one():
        raise NotADemoDatabase("this database already has employees; give the demo an empty or a demo database")
    now = clock.now()
    units: dict[str, Unit] = {}
    for spec in UNITS:
        parent = units[spec.parent] if spec.parent else None
        unit = Unit(code=spec.code, name=spec.name, parent_id=parent.id if parent else None,
                    created_at=now, updated_at=now)
        session.add(unit)
        await session.flush()
        units[spec.code] = unit
    employees: dict[str, Employee] = {}
    for person in PEOPLE:  # supervisors are linked after everyone exists: the list is not in chain order
        fields = EmployeeBase.model_validate({
            "nip": person.nip, "name": person.name, "employment_status": EmploymentStatus.PNS,
            "position_type": person.position_type, "position_title": person.position_title,
            "education": person.education, "functional_family": person.functional_family,
        })
        employee = Employee(**fields.model_dump(), unit_id=units[person.unit].id,
                            telegram_user_id=person.telegram_user_id, linked_at=now, created_at=now, updated_at=now)
        session.add(employee)
        employees[person.key] = employee
    await session.flush()
    for person in PEOPLE:
        if person.supervisor:
            employees[person.key].supervisor_id = employees[person.supervisor].id
    for person in PEOPLE:
        if person.hr_admin:
            await grant_role(session, _id(employees[person.key]), Role.HR_ADMIN, actor=SEED_ACTOR, clock=clock,
                             unit_id=units[ROOT_UNIT].id)
    for key, items in records(now.date()).items():
        for model, values in items:
            session.add(_record(model, values, _id(employees[key]), now))
    await session.flush()
    if measured:
        await _assessments(session, {key: _id(e) for key, e in employees.items()}, clock)
    return SeededAgency({key: _id(employee) for key, employee in employees.items()}, created=True)


async def _assessments(session: AsyncSession, ids: dict[str, int], clock: Clock) -> None:
    """`--measured`: everyone but the first person was measured twice: on 30 November last year (from the records dated
    by then) and today, so HR's /rekap has figures to drill into, advice to rank and a change to show. The
    first person (Rina) measures herself in the demo."""
    today = clock.now().date()
    last_year = date(today.year - 1, 11, 30)
    for person in PEOPLE:
        if person.key == FIRST_PERSON:
            continue
        employee_id = ids[person.key]
        then = score_profiles(await build_both(session, employee_id, as_of=last_year), last_year)
        await record_scored(session, employee_id, then, triggered_by=SEED_ACTOR, clock=clock)
        await assess_now(session, employee_id, today=today, triggered_by=SEED_ACTOR, clock=clock)


def _id(employee: Employee) -> int:
    if employee.id is None:
        raise RuntimeError(f"{employee.nip} was not flushed")
    return employee.id


_TABLES: dict[type[Any], type[Any]] = {
    TrainingRecordBase: TrainingRecord,
    PerformanceRecordBase: PerformanceRecord,
    PenaltyRecordBase: PenaltyRecord,
}


def _record(model: type[Any], values: dict[str, Any], employee_id: int, now: datetime) -> Any:
    """A validated record row, as HR's import would store it (source `import`)."""
    validated = model.model_validate(values).model_dump()
    table = _TABLES[model]
    stamps = {"created_at": now} if table is PenaltyRecord else {"created_at": now, "updated_at": now}
    return table(**validated, employee_id=employee_id, source=RecordSource.IMPORT, created_by=SEED_ACTOR, **stamps)


def person(key: str) -> Person:
    for candidate in PEOPLE:
        if candidate.key == key:
            return candidate
    raise KeyError(key)
