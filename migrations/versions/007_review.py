"""Reviewing claims (issue 13, items 4 and 6): the notice of a decision and the weekly reviewer reminders.

- `claim.notice_batch_id`: the outbox batch telling the employee the latest decision on their claim.
- `review_reminder_week`: one row per week whose reminders to reviewers went into the outbox.

Revision ID: 007
Revises: 006
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "007"
down_revision: str | None = "006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch_op:
        batch_op.add_column(sa.Column("notice_batch_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_claim_notice_batch_id_outbox_batch"), "outbox_batch",
                                    ["notice_batch_id"], ["id"], ondelete="SET NULL")
    op.create_table(
        "review_reminder_week",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["outbox_batch.id"],
                                name=op.f("fk_review_reminder_week_batch_id_outbox_batch"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_reminder_week")),
        sa.UniqueConstraint("batch_id", name=op.f("uq_review_reminder_week_batch_id")),
        sa.UniqueConstraint("week_start", name=op.f("uq_review_reminder_week_week_start")),
    )


def downgrade() -> None:
    op.drop_table("review_reminder_week")
    with op.batch_alter_table("claim") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_claim_notice_batch_id_outbox_batch"), type_="foreignkey")
        batch_op.drop_column("notice_batch_id")
