"""Revision 005 moves broadcast recipients and reminder deliveries into the one outbox, states and counters
included, and back on downgrade."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.storage.schema import downgrade, upgrade
from tests.migrations.test_migrations import on_connection

T = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
INTERRUPTED = "interrupted: the sender stopped mid-send, delivery unknown"


def _seed(connection: Connection) -> None:
    """As revision 004 left things: a broadcast half sent, a reminder occasion with every kind of delivery."""
    run = connection.execute
    run(sa.text("INSERT INTO unit (code, name, created_at, updated_at) VALUES ('DIK', 'Dinas', :t, :t)"), {"t": T})
    for k in range(1, 7):
        run(sa.text(
            "INSERT INTO employee (nip, name, employment_status, position_type, education, unit_id, telegram_user_id, "
            "active, reminders_enabled, created_at, updated_at) VALUES (:nip, :name, 'PNS', 'pelaksana', 's1', "
            "(SELECT id FROM unit), :chat, true, true, :t, :t)"
        ), {"nip": f"19850717201001200{k}", "name": f"P{k}", "chat": 6000 + k, "t": T})
    run(sa.text(
        "INSERT INTO broadcast (created_by, admin_chat_id, lang, text, audience, recipients, send_at, status, "
        "created_at) VALUES (NULL, 1, 'id', 'Halo', '{}', 5, :t, 'active', :t)"), {"t": T})
    for k, (status, error) in enumerate([("sent", None), ("pending", None), ("sending", None),
                                         ("failed", INTERRUPTED), ("unreachable", "Forbidden")], start=1):
        run(sa.text(
            "INSERT INTO broadcast_recipient (broadcast_id, employee_id, chat_id, status, attempts, not_before, error) "
            "VALUES ((SELECT id FROM broadcast), (SELECT id FROM employee WHERE telegram_user_id = :chat), :chat, "
            ":status, 0, :t, :error)"), {"chat": 6000 + k, "status": status, "t": T, "error": error})
    run(sa.text("INSERT INTO reminder_occasion (scheduled_at, due_at, status, recipients, opened_at) "
                "VALUES (:t, :t, 'open', 6, :t)"), {"t": T})
    for k, status in enumerate(["sent", "claimed", "blocked", "dropped", "pending", "failed"], start=1):
        run(sa.text(
            "INSERT INTO reminder_delivery (occasion_id, employee_id, status) VALUES ((SELECT id FROM "
            "reminder_occasion), (SELECT id FROM employee WHERE telegram_user_id = :chat), :status)"
        ), {"chat": 6000 + k, "status": status})


def _outbox(connection: Connection) -> dict[str, object]:
    def by_kind(kind: str) -> tuple[list[tuple[int, str]], tuple[int, ...]]:
        messages = connection.execute(sa.text(
            "SELECT m.chat_id, m.status FROM outbox_message m JOIN outbox_batch b ON b.id = m.batch_id "
            "WHERE b.kind = :kind ORDER BY m.id"), {"kind": kind}).all()
        counters = connection.execute(sa.text(
            "SELECT total, sent, failed, unreachable, uncertain, dropped, skipped FROM outbox_batch WHERE kind = :kind"
        ), {"kind": kind}).one()
        return [(int(c), str(s)) for c, s in messages], tuple(counters)

    linked = connection.execute(sa.text(
        "SELECT (SELECT count(*) FROM broadcast b JOIN outbox_batch o ON o.id = b.batch_id), "
        "(SELECT count(*) FROM reminder_occasion r JOIN outbox_batch o ON o.id = r.batch_id)")).one()
    return {"broadcast": by_kind("broadcast"), "reminder": by_kind("reminder"), "linked": tuple(linked)}


def test_broadcasts_and_reminders_move_into_the_outbox_and_back(empty_database_url: str) -> None:
    url = empty_database_url
    upgrade(url, "004")
    on_connection(url, _seed)
    upgrade(url, "005")
    assert on_connection(url, _outbox) == {
        "broadcast": ([(6001, "sent"), (6002, "pending"), (6003, "uncertain"), (6004, "uncertain"),
                       (6005, "unreachable")], (5, 1, 0, 1, 2, 0, 0)),
        "reminder": ([(6001, "sent"), (6002, "uncertain"), (6003, "unreachable"), (6004, "dropped"),
                      (6005, "pending"), (6006, "failed")], (6, 1, 1, 1, 1, 1, 0)),
        "linked": (1, 1),
    }
    downgrade(url, "004")

    def old(connection: Connection) -> tuple[list[str], list[str]]:
        recipients = connection.execute(sa.text("SELECT status FROM broadcast_recipient ORDER BY id")).scalars()
        deliveries = connection.execute(sa.text("SELECT status FROM reminder_delivery ORDER BY id")).scalars()
        return list(recipients), list(deliveries)

    assert on_connection(url, old) == (["sent", "pending", "failed", "failed", "unreachable"],
                                       ["sent", "claimed", "blocked", "dropped", "pending", "failed"])
