"""Revision 006: what employees entered becomes pending claims; stored assessments get their verified figure.

Rina's database before the upgrade: HR imported her SKP 2025 *Baik*; she then answered *Sangat Baik*, which the
old bot wrote over HR's record (source `self`), logged a training and stated S-2 in her assessment (90). After
the upgrade her own records are pending claims, and her assessment has a verified figure from HR's data only.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import col, select

from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import Assessment, Claim, ClaimKind, ClaimStatus, PerformanceRecord, TrainingRecord
from bot.storage.schema import downgrade, upgrade
from scoring import Profile, score
from tests.migrations.test_migrations import on_connection

NOW = datetime(2026, 11, 1, 3, 4, tzinfo=UTC)


def before(connection: Connection) -> None:
    """Plain SQL at revision 005."""
    run = connection.execute
    run(sa.text("INSERT INTO employee (nip, name, employment_status, position_type, education, active, "
                "reminders_enabled, created_at, updated_at) VALUES ('198507172010012004', 'Rina', 'PNS', "
                "'pelaksana', 's1', :yes, :yes, :t, :t)"), {"t": NOW, "yes": True})
    run(sa.text("INSERT INTO performance_record (employee_id, year, system, predicate, source, created_by, "
                "created_at, updated_at) VALUES ((SELECT id FROM employee), 2025, 'permenpanrb6_2022', "
                "'sangat_baik', 'self', 'employee:1', :t, :t)"), {"t": NOW})
    for source, title, jp in (("import", "Resmi", 12), ("self", "Sendiri", 8)):
        run(sa.text("INSERT INTO training_record (employee_id, kind, title, end_date, jp, source, created_by, "
                    "created_at, updated_at) VALUES ((SELECT id FROM employee), 'teknis', :title, :d, :jp, :s, "
                    "'x', :t, :t)"), {"t": NOW, "d": date(2026, 10, 1), "jp": jp, "s": source, "title": title})
    profile = Profile.model_validate({
        "position": "pelaksana", "education": "s2",
        "trainings": [{"kind": "teknis", "date": "2026-10-01", "jp": 12}, {"kind": "teknis", "date": "2026-10-01",
                                                                          "jp": 8}],
        "performance": {"year": 2025, "predicate": "sangat_baik"}})
    result = score(profile, as_of=date(2026, 11, 1))
    points = result.dimension_points
    run(sa.text("INSERT INTO assessment (employee_id, as_of, ruleset_id, profile, total, category, kualifikasi, "
                "kompetensi, kinerja, disiplin, official, triggered_by, created_at) VALUES ((SELECT id FROM "
                "employee), :d, 'perban-bkn-8-2019', :p, :total, :cat, :k1, :k2, :k3, :k4, :yes, 'asesmen', :t)"),
        {"d": date(2026, 11, 1), "p": profile.model_dump_json(), "total": result.total, "cat": result.category,
         "k1": points["kualifikasi"], "k2": points["kompetensi"], "k3": points["kinerja"], "k4": points["disiplin"],
         "t": NOW, "yes": True})


def test_own_records_become_pending_claims_and_assessments_get_the_verified_figure(
    empty_database_url: str
) -> None:
    url = empty_database_url
    upgrade(url, "005")
    on_connection(url, before)
    upgrade(url, "006")
    upgrade(url)  # what 006 wrote, read through the application's models, which follow the newest schema

    async def read() -> dict[str, Any]:
        engine = create_engine(url)
        try:
            async with create_sessionmaker(engine)() as session:
                claims = (await session.exec(select(Claim).order_by(col(Claim.id)))).all()
                titled = col(TrainingRecord.title)
                own = (await session.exec(select(TrainingRecord).where(titled == "Sendiri"))).one()
                official = (await session.exec(select(TrainingRecord).where(titled == "Resmi"))).one()
                skp = (await session.exec(select(PerformanceRecord))).one()
                assessment = (await session.exec(select(Assessment))).one()
                return {"claims": [(c.kind, c.status, c.value, c.created_at) for c in claims],
                        "linked": (own.claim_id is not None, official.claim_id, skp.claim_id is not None),
                        "assessment": assessment}
        finally:
            await engine.dispose()

    found = asyncio.run(read())
    kinds = sorted((kind, status, value) for kind, status, value, _ in found["claims"])
    assert kinds == [(ClaimKind.EDUCATION, ClaimStatus.PENDING, "s2"), (ClaimKind.SKP, ClaimStatus.PENDING, None),
                     (ClaimKind.TRAINING, ClaimStatus.PENDING, None)]
    assert all(created == NOW for *_, created in found["claims"])
    assert found["linked"] == (True, None, True)
    assessment: Assessment = found["assessment"]
    verified = score(Profile.model_validate({
        "position": "pelaksana", "education": "s1", "trainings": [{"kind": "teknis", "date": "2026-10-01", "jp": 12}],
    }), as_of=date(2026, 11, 1))
    assert (assessment.total, assessment.verified_total) == (77.5, verified.total) == (77.5, 20)
    assert assessment.provenance["pendidikan"] == "pending" and assessment.provenance["seminar"] == "official"
    assert assessment.fully_verified is False

    downgrade(url, "005")  # and back: the claims go, the records stay
    remaining = on_connection(url, lambda c: c.execute(sa.text("SELECT count(*) FROM training_record")).scalar())
    assert remaining == 2
