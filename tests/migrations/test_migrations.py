"""Migrations on SQLite and PostgreSQL: up, down, up again; no drift from the models; data survives."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlmodel import select

from bot.storage.base import metadata
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import AuditLog, Employee, TrainingRecord, Unit
from bot.storage.profiles import build_profile
from bot.storage.schema import alembic_config, check_schema_current, downgrade, drift, head_revisions, upgrade
from scoring.models import Position, TrainingKind

T = TypeVar("T")


def revisions_in_order() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def on_connection(url: str, work: Callable[[Connection], T]) -> T:
    async def run() -> T:
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                return await connection.run_sync(work)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def tables(url: str) -> set[str]:
    return on_connection(url, lambda connection: set(sa.inspect(connection).get_table_names()))


def test_upgrade_downgrade_and_upgrade_again_step_by_step(empty_database_url: str) -> None:
    url = empty_database_url
    expected = {table.name for table in metadata.sorted_tables}
    steps = revisions_in_order()
    for revision in steps:
        upgrade(url, revision)
    assert tables(url) == expected | {"alembic_version"}
    assert check_schema_current(url) is None
    for _ in steps:
        downgrade(url, "-1")
    assert tables(url) <= {"alembic_version"}
    assert "no tables yet" in (check_schema_current(url, "en") or "")
    upgrade(url)
    assert tables(url) == expected | {"alembic_version"}


def test_models_and_migrations_agree(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    assert drift(empty_database_url) is None
    probe = sa.Table("zz_drift_probe", metadata, sa.Column("id", sa.Integer, primary_key=True))
    try:
        found = drift(empty_database_url)
    finally:
        metadata.remove(probe)
    assert found is not None and "zz_drift_probe" in found


def test_data_written_at_the_first_revision_survives_every_upgrade(empty_database_url: str) -> None:
    url = empty_database_url
    first = revisions_in_order()[0]
    upgrade(url, first)
    now = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)

    def write(connection: Connection) -> None:
        """Plain SQL, as the first revision's schema had it: no model code involved."""
        connection.execute(
            sa.text("INSERT INTO unit (code, name, created_at, updated_at) VALUES ('DIK', 'Dinas', :t, :t)"),
            {"t": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO employee (nip, name, employment_status, position_type, education, unit_id, "
                "telegram_user_id, created_at, updated_at) VALUES ('198507172010012004', 'Siti', 'PNS', "
                "'fungsional', 's1', (SELECT id FROM unit WHERE code = 'DIK'), 6000000001, :t, :t)"
            ),
            {"t": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO training_record (employee_id, kind, title, end_date, jp, source, created_by, "
                "created_at, updated_at) VALUES ((SELECT id FROM employee), 'teknis', 'Pelatihan', :d, 24, "
                "'import', 'cli', :t, :t)"
            ),
            {"t": now, "d": date(2025, 12, 1)},
        )
        connection.execute(
            sa.text("INSERT INTO audit_log (at, actor, action, details) VALUES (:t, 'cli', 'x', :j)"),
            {"t": now, "j": '{"k": 1}'},
        )

    on_connection(url, write)
    upgrade(url)
    assert set(asyncio.run(_current(url))) == set(head_revisions())

    async def read() -> dict[str, Any]:
        engine = create_engine(url)
        try:
            async with create_sessionmaker(engine)() as session:
                employee = (await session.exec(select(Employee))).one()
                unit = await session.get(Unit, employee.unit_id)
                training = (await session.exec(select(TrainingRecord))).one()
                log = (await session.exec(select(AuditLog))).one()
                assert employee.id is not None
                profile = await build_profile(session, employee.id)
                return {
                    "employee": (employee.name, employee.position_type, employee.active, employee.telegram_user_id),
                    "unit": unit.code if unit else None,
                    "training": (training.kind, training.jp, training.created_at),
                    "log": log.details,
                    "profile": (profile.position, len(profile.trainings)),
                }
        finally:
            await engine.dispose()

    assert asyncio.run(read()) == {
        "employee": ("Siti", Position.FUNGSIONAL, True, 6000000001),
        "unit": "DIK",
        "training": (TrainingKind.TEKNIS, 24.0, now),
        "log": {"k": 1},
        "profile": (Position.FUNGSIONAL, 1),
    }


async def _current(url: str) -> tuple[str, ...]:
    from bot.storage.schema import current_revisions

    return await current_revisions(url)
