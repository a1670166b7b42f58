"""One outbox for every bulk message: batches with counters, messages with the lease epoch, one lease.

Broadcast recipients and reminder deliveries become outbox messages in a batch per broadcast and per opened
occasion; their states map onto the outbox's (a broadcast row left "interrupted" by a crash, or a reminder
left "claimed", becomes `uncertain`: it may have been delivered). The old leases are dropped: a sender
takes the new one at its next wake-up.

Revision ID: 005
Revises: 004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "005"
down_revision: str | None = "004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")
SENDING = sa.text("status = 'sending'")
FINAL = ("sent", "failed", "unreachable", "uncertain", "dropped", "skipped")
INTERRUPTED = "interrupted: the sender stopped mid-send, delivery unknown"

def _create_outbox() -> None:
    op.create_table(
        "outbox_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False, server_default="0"),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default="0") for name in FINAL),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_batch")),
    )
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["outbox_batch.id"], name=op.f("fk_outbox_message_batch_id_outbox_batch"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"], name=op.f("fk_outbox_message_employee_id_employee"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
        sa.UniqueConstraint("batch_id", "employee_id", name=op.f("uq_outbox_message_batch_id_employee_id")),
    )
    op.create_index(op.f("ix_outbox_message_employee_id"), "outbox_message", ["employee_id"])
    op.create_index("ix_outbox_message_due", "outbox_message", ["not_before", "id"],
                    postgresql_where=PENDING, sqlite_where=PENDING)
    op.create_index("ix_outbox_message_sending", "outbox_message", ["epoch"],
                    postgresql_where=SENDING, sqlite_where=SENDING)
    op.create_table(
        "outbox_lease",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_outbox_lease")),
    )


def _new_batch(connection: sa.Connection, kind: str, created_at: object) -> int:
    """`created_at` as the database gave it (a string on SQLite): written back untouched."""
    return int(connection.execute(
        sa.text("INSERT INTO outbox_batch (kind, created_at) VALUES (:kind, :at) RETURNING id"),
        {"kind": kind, "at": created_at},
    ).scalar_one())


def _count_batches(connection: sa.Connection) -> None:
    """Every batch's counters from its rows (once, here; the engine keeps them from now on)."""
    counts = {name: sa.text(f"(SELECT count(*) FROM outbox_message m WHERE m.batch_id = outbox_batch.id "
                            f"AND m.status = '{name}')") for name in FINAL}
    total = sa.text("(SELECT count(*) FROM outbox_message m WHERE m.batch_id = outbox_batch.id)")
    assignments = ", ".join(f"{name} = {clause.text}" for name, clause in {"total": total, **counts}.items())
    connection.execute(sa.text(f"UPDATE outbox_batch SET {assignments}"))


def _move_broadcasts(connection: sa.Connection) -> None:
    broadcasts = connection.execute(sa.text("SELECT id, created_at FROM broadcast ORDER BY id")).all()
    for broadcast_id, created_at in broadcasts:
        batch_id = _new_batch(connection, "broadcast", created_at)
        connection.execute(sa.text("UPDATE broadcast SET batch_id = :batch WHERE id = :id"),
                           {"batch": batch_id, "id": broadcast_id})
        connection.execute(sa.text(
            "INSERT INTO outbox_message (batch_id, employee_id, chat_id, status, attempts, not_before, claimed_at, "
            "sent_at, message_id, error) "
            "SELECT :batch, employee_id, chat_id, CASE WHEN status = 'sending' THEN 'uncertain' "
            "WHEN status = 'failed' AND error = :interrupted THEN 'uncertain' ELSE status END, attempts, not_before, "
            "claimed_at, sent_at, message_id, error FROM broadcast_recipient WHERE broadcast_id = :id ORDER BY id"
        ), {"batch": batch_id, "id": broadcast_id, "interrupted": INTERRUPTED})


def _move_reminders(connection: sa.Connection) -> None:
    occasions = connection.execute(sa.text(
        "SELECT id, opened_at FROM reminder_occasion o WHERE EXISTS "
        "(SELECT 1 FROM reminder_delivery d WHERE d.occasion_id = o.id) ORDER BY id")).all()
    for occasion_id, opened_at in occasions:
        batch_id = _new_batch(connection, "reminder", opened_at)
        connection.execute(sa.text("UPDATE reminder_occasion SET batch_id = :batch WHERE id = :id"),
                           {"batch": batch_id, "id": occasion_id})
        connection.execute(sa.text(
            "INSERT INTO outbox_message (batch_id, employee_id, chat_id, status, attempts, not_before, claimed_at, "
            "sent_at, error) "
            "SELECT :batch, d.employee_id, e.telegram_user_id, CASE d.status WHEN 'claimed' THEN 'uncertain' "
            "WHEN 'blocked' THEN 'unreachable' ELSE d.status END, 0, o.due_at, d.claimed_at, "
            "CASE WHEN d.status = 'sent' THEN d.finished_at END, d.detail "
            "FROM reminder_delivery d JOIN reminder_occasion o ON o.id = d.occasion_id "
            "LEFT JOIN employee e ON e.id = d.employee_id WHERE d.occasion_id = :id ORDER BY d.id"
        ), {"batch": batch_id, "id": occasion_id})


def upgrade() -> None:
    _create_outbox()
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("reminder_occasion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))

    connection = op.get_bind()
    _move_broadcasts(connection)
    _move_reminders(connection)
    _count_batches(connection)

    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.alter_column("batch_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_broadcast_batch_id"), ["batch_id"])
        batch_op.create_foreign_key(op.f("fk_broadcast_batch_id_outbox_batch"), "outbox_batch", ["batch_id"], ["id"],
                                    ondelete="CASCADE")
    with op.batch_alter_table("reminder_occasion", schema=None) as batch_op:
        batch_op.create_unique_constraint(op.f("uq_reminder_occasion_batch_id"), ["batch_id"])
        batch_op.create_foreign_key(op.f("fk_reminder_occasion_batch_id_outbox_batch"), "outbox_batch",
                                    ["batch_id"], ["id"], ondelete="SET NULL")

    op.drop_index(op.f("ix_reminder_delivery_employee_id"), table_name="reminder_delivery")
    op.drop_table("reminder_delivery")
    op.drop_table("broadcast_lease")
    op.drop_index("ix_broadcast_recipient_queue", table_name="broadcast_recipient")
    op.drop_table("broadcast_recipient")


def downgrade() -> None:
    op.create_table(
        "broadcast_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(["broadcast_id"], ["broadcast.id"],
                                name=op.f("fk_broadcast_recipient_broadcast_id_broadcast"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"],
                                name=op.f("fk_broadcast_recipient_employee_id_employee"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast_recipient")),
        sa.UniqueConstraint("broadcast_id", "employee_id",
                            name=op.f("uq_broadcast_recipient_broadcast_id_employee_id")),
    )
    op.create_index("ix_broadcast_recipient_queue", "broadcast_recipient", ["status", "broadcast_id", "id"])
    op.create_table(
        "broadcast_lease",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_broadcast_lease")),
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
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"],
                                name=op.f("fk_reminder_delivery_employee_id_employee"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["occasion_id"], ["reminder_occasion.id"],
                                name=op.f("fk_reminder_delivery_occasion_id_reminder_occasion"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_delivery")),
        sa.UniqueConstraint("occasion_id", "employee_id", name=op.f("uq_reminder_delivery_occasion_id_employee_id")),
    )
    op.create_index(op.f("ix_reminder_delivery_employee_id"), "reminder_delivery", ["employee_id"])

    connection = op.get_bind()
    connection.execute(sa.text(
        "INSERT INTO broadcast_recipient (broadcast_id, employee_id, chat_id, status, attempts, not_before, "
        "claimed_at, sent_at, message_id, error) "
        "SELECT b.id, m.employee_id, m.chat_id, CASE WHEN m.status IN ('uncertain', 'sending') THEN 'failed' "
        "WHEN m.status IN ('dropped', 'skipped') THEN 'failed' ELSE m.status END, m.attempts, m.not_before, "
        "m.claimed_at, m.sent_at, m.message_id, CASE WHEN m.status IN ('uncertain', 'sending') THEN :interrupted "
        "ELSE m.error END FROM outbox_message m JOIN broadcast b ON b.batch_id = m.batch_id "
        "WHERE m.chat_id IS NOT NULL ORDER BY m.id"
    ), {"interrupted": INTERRUPTED})
    connection.execute(sa.text(
        "INSERT INTO reminder_delivery (occasion_id, employee_id, status, claimed_at, finished_at, detail) "
        "SELECT o.id, m.employee_id, CASE m.status WHEN 'uncertain' THEN 'claimed' WHEN 'sending' THEN 'claimed' "
        "WHEN 'unreachable' THEN 'blocked' ELSE m.status END, m.claimed_at, m.sent_at, substr(m.error, 1, 200) "
        "FROM outbox_message m JOIN reminder_occasion o ON o.batch_id = m.batch_id "
        "WHERE m.employee_id IS NOT NULL ORDER BY m.id"
    ))

    with op.batch_alter_table("reminder_occasion", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_reminder_occasion_batch_id_outbox_batch"), type_="foreignkey")
        batch_op.drop_constraint(op.f("uq_reminder_occasion_batch_id"), type_="unique")
        batch_op.drop_column("batch_id")
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_broadcast_batch_id_outbox_batch"), type_="foreignkey")
        batch_op.drop_constraint(op.f("uq_broadcast_batch_id"), type_="unique")
        batch_op.drop_column("batch_id")
    op.drop_table("outbox_lease")
    op.drop_index("ix_outbox_message_sending", table_name="outbox_message")
    op.drop_index("ix_outbox_message_due", table_name="outbox_message")
    op.drop_index(op.f("ix_outbox_message_employee_id"), table_name="outbox_message")
    op.drop_table("outbox_message")
    op.drop_table("outbox_batch")
