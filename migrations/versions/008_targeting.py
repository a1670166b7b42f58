"""Targeting intervention (issue 14): what each assessment lacks, supervisors' nudges, broadcasts HR can stop.

- `assessment_gap`: scoring's advice of every assessment (declared and verified figure), one row per step, so
  the unit views sum what units lack without re-scoring. Data: every stored assessment's advice, from its own
  snapshots scored on its date and rule set (an assessment whose rule set cannot be loaded here gets none).
- `team_nudge`: one row per person and day a supervisor's nudge went to (unique: once a day, whoever asks).
- `outbox_batch.cancelled`: the counter of messages an HR admin cancelled; `broadcast` gets `sender` (the
  sender's unit and agency as recipients read them), `cancelled_at` and `cancelled_by`.

Revision ID: 008
Revises: 007
Create Date: 2026-12-07
"""

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "008"
down_revision: str | None = "007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHUNK = 1_000


def upgrade() -> None:
    op.create_table(
        "assessment_gap",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("figure", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("gain", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_assessment_gap_assessment_id_assessment"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("assessment_id", "figure", "code", name=op.f("pk_assessment_gap")),
    )
    op.create_table(
        "team_nudge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("supervisor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["outbox_batch.id"], name=op.f("fk_team_nudge_batch_id_outbox_batch"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"], name=op.f("fk_team_nudge_employee_id_employee"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["supervisor_id"], ["employee.id"],
                                name=op.f("fk_team_nudge_supervisor_id_employee"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_nudge")),
        sa.UniqueConstraint("employee_id", "day", name=op.f("uq_team_nudge_employee_id_day")),
    )
    op.create_index(op.f("ix_team_nudge_batch_id"), "team_nudge", ["batch_id"])
    op.create_index(op.f("ix_team_nudge_supervisor_id"), "team_nudge", ["supervisor_id"])
    with op.batch_alter_table("outbox_batch") as batch_op:
        batch_op.add_column(sa.Column("cancelled", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("broadcast") as batch_op:
        batch_op.add_column(sa.Column("sender", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cancelled_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_broadcast_cancelled_by_employee"), "employee", ["cancelled_by"],
                                    ["id"], ondelete="SET NULL")
    _gaps_of_stored_assessments(op.get_bind())


# -- data: the tables as this revision knows them (never the application's models, which move on) ----------

_meta = sa.MetaData()
_assessment = sa.Table(
    "assessment", _meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("as_of", sa.Date),
    sa.Column("ruleset_id", sa.String), sa.Column("profile", sa.JSON), sa.Column("verified_profile", sa.JSON),
)
_gap = sa.Table(
    "assessment_gap", _meta, sa.Column("assessment_id", sa.Integer), sa.Column("figure", sa.String),
    sa.Column("code", sa.String), sa.Column("gain", sa.Float),
)


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), _CHUNK):
        yield rows[start : start + _CHUNK]


def _gaps_of_stored_assessments(bind: sa.Connection) -> None:
    from scoring import score
    from scoring.models import Profile

    rows: list[dict[str, Any]] = []
    for row in bind.execute(sa.select(_assessment)).all():
        for figure, profile in (("declared", row.profile), ("verified", row.verified_profile)):
            try:
                result = score(Profile.model_validate(profile or {}), as_of=row.as_of, ruleset=row.ruleset_id)
            except (OSError, ValueError, LookupError):  # a rule set (or a snapshot) this code cannot read
                continue
            rows += [{"assessment_id": row.id, "figure": figure, "code": advice.code, "gain": advice.gain}
                     for advice in result.advice]
    for chunk in _chunks(rows):
        bind.execute(sa.insert(_gap), chunk)


def downgrade() -> None:
    with op.batch_alter_table("broadcast") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_broadcast_cancelled_by_employee"), type_="foreignkey")
        batch_op.drop_column("cancelled_by")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("sender")
    # A cancelled message reads as skipped (not sent) to the revision below, which has no such status.
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE outbox_message SET status = 'skipped' WHERE status = 'cancelled'"))
    bind.execute(sa.text("UPDATE outbox_batch SET skipped = skipped + cancelled"))
    bind.execute(sa.text("UPDATE broadcast SET status = 'finished' WHERE status = 'cancelled'"))
    with op.batch_alter_table("outbox_batch") as batch_op:
        batch_op.drop_column("cancelled")
    op.drop_index(op.f("ix_team_nudge_supervisor_id"), table_name="team_nudge")
    op.drop_index(op.f("ix_team_nudge_batch_id"), table_name="team_nudge")
    op.drop_table("team_nudge")
    op.drop_table("assessment_gap")
