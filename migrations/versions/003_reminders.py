"""Reminders: occasions, one delivery row per employee and occasion, and `employee.telegram_blocked_at`.

`telegram_blocked_at` means "this account blocked the bot (Telegram answered 403)": reminders and broadcasts
skip such employees until the person writes to the bot again.

Revision ID: 003
Revises: 002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "003"
down_revision: str | None = "002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("employee", schema=None) as batch_op:
        batch_op.add_column(sa.Column("telegram_blocked_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "reminder_occasion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_occasion")),
        sa.UniqueConstraint("scheduled_at", name=op.f("uq_reminder_occasion_scheduled_at")),
    )
    op.create_table(
        "reminder_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occasion_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_reminder_delivery_employee_id_employee"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["occasion_id"], ["reminder_occasion.id"],
            name=op.f("fk_reminder_delivery_occasion_id_reminder_occasion"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_delivery")),
        sa.UniqueConstraint(
            "occasion_id", "employee_id", name=op.f("uq_reminder_delivery_occasion_id_employee_id")
        ),
    )
    op.create_index(op.f("ix_reminder_delivery_employee_id"), "reminder_delivery", ["employee_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_reminder_delivery_employee_id"), table_name="reminder_delivery")
    op.drop_table("reminder_delivery")
    op.drop_table("reminder_occasion")
    with op.batch_alter_table("employee", schema=None) as batch_op:
        batch_op.drop_column("telegram_blocked_at")
