"""/dataku exports every table that holds the person, /hapusdata leaves no Telegram id of theirs anywhere.

Rina linked a first Telegram account, then a new one (a new phone); her old account was handed on to her
colleague Joko, who linked it. She is also an HR admin who sent a broadcast and granted a role. What is hers
goes; what is Joko's, and what HR's roster needs, stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims import service as claims
from bot.clock import FakeClock
from bot.linking.service import issue_code, redeem_code
from bot.privacy.personal_data import sections
from bot.privacy.service import delete_own_data, export_own_data
from bot.storage.audit import PSEUDONYM_PREFIX, pseudonym
from bot.storage.models import (
    Assessment,
    AuditLog,
    DialogStateRow,
    Employee,
    LinkAttempt,
    LinkCode,
    PenaltyRecord,
    PerformanceRecord,
    RecordSource,
    Role,
    TrainingRecord,
)
from bot.storage.models.broadcast import Broadcast
from bot.storage.models.delivery import MessageStatus, OutboxBatch, OutboxMessage
from bot.storage.models.nudges import TeamNudge
from bot.storage.models.reminders import OccasionStatus, ReminderOccasion
from bot.storage.roles import grant_role
from bot.storage.samples import MakeEmployee, both_figures
from scoring.models import PenaltyLevel, TrainingKind
from tests.privacy.scan import places_holding

OLD_ACCOUNT = 7_000_000_001  # past 32 bits, as new Telegram accounts are
NEW_ACCOUNT = 7_000_000_002
KEY = b"k" * 32


@dataclass
class Office:
    rina: Employee
    joko: Employee
    boss: Employee


async def link(session: AsyncSession, employee: Employee, account: int, clock: FakeClock) -> None:
    issued = await issue_code(session, employee.id or 0, clock=clock, actor="cli")
    result = await redeem_code(session, account, issued.code, clock=clock)
    assert result.employee_id == employee.id, result


async def office(session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock) -> Office:
    boss = await make_employee()
    rina = await make_employee(supervisor=boss)
    joko = await make_employee(supervisor=rina)
    await link(session, rina, OLD_ACCOUNT, clock)
    clock.advance(timedelta(days=30))
    await link(session, rina, NEW_ACCOUNT, clock)  # a new phone: the same person, a new account
    await link(session, joko, OLD_ACCOUNT, clock)  # her old account, now Joko's
    await grant_role(session, rina.id or 0, Role.HR_ADMIN, actor="cli", clock=clock)
    await grant_role(session, boss.id or 0, Role.SUPERVISOR, actor=f"employee:{rina.id}", clock=clock)
    now = clock.now()
    for person, account in ((rina, NEW_ACCOUNT), (joko, OLD_ACCOUNT)):
        session.add(DialogStateRow(telegram_user_id=account, flow="training", state={"data": {"title": "Diklat"}}))
        await claims.add_training(session, person.id or 0, {"kind": TrainingKind.FUNGSIONAL, "title": "Diklat",
                                                             "end_date": date(2026, 5, 4), "jp": 10}, now=now)
    session.add(LinkAttempt(telegram_user_id=NEW_ACCOUNT, failures=1, last_failure_at=now))
    session.add(TrainingRecord(employee_id=rina.id or 0, kind=TrainingKind.TEKNIS, title="Impor BKPSDM",
                               end_date=date(2026, 3, 1), jp=8, source=RecordSource.IMPORT, created_by="cli"))
    await claims.state_appraisal(session, rina.id or 0, claims.Appraisal(2025, "baik"), now=now)
    session.add(PenaltyRecord(employee_id=rina.id or 0, level=PenaltyLevel.RINGAN, effective_date=date(2024, 1, 2),
                              source=RecordSource.IMPORT, created_by="cli"))
    session.add(Assessment(employee_id=rina.id or 0, as_of=now.date(), ruleset_id="r",
                           **both_figures({}, 80, "Tinggi", 25, 30, 25, 0), official=True, triggered_by="asesmen"))
    batches = [OutboxBatch(kind=kind, total=total, sent=total) for kind, total in
               (("reminder", 1), ("broadcast", 2), ("broadcast", 1))]
    session.add_all(batches)
    await session.flush()
    reminded, sent_batch, earlier_batch = (b.id or 0 for b in batches)
    session.add(ReminderOccasion(scheduled_at=now, due_at=now, status=OccasionStatus.DONE, recipients=1,
                                 batch_id=reminded))
    sent = Broadcast(batch_id=sent_batch, created_by=rina.id, admin_chat_id=NEW_ACCOUNT, lang="id", text="Rapat",
                     recipients=2, send_at=now)
    earlier = Broadcast(batch_id=earlier_batch, created_by=boss.id, admin_chat_id=1, lang="id", text="Libur",
                        recipients=1, send_at=now)
    session.add_all([sent, earlier])
    for batch, person, chat in ((reminded, rina, NEW_ACCOUNT), (sent_batch, joko, OLD_ACCOUNT),
                                (earlier_batch, rina, OLD_ACCOUNT), (sent_batch, rina, NEW_ACCOUNT)):
        session.add(OutboxMessage(batch_id=batch, employee_id=person.id, chat_id=chat, status=MessageStatus.SENT,
                                  not_before=now, message_id=5))
    session.add(TeamNudge(employee_id=rina.id or 0, day=now.date(), supervisor_id=boss.id, reason="shortfall",
                          batch_id=reminded, created_at=now))
    await session.commit()
    return Office(rina, joko, boss)


async def test_my_data_holds_every_table_that_names_me(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    people = await office(session, make_employee, clock)
    document = await export_own_data(session, people.rina.id or 0, clock=clock)
    for section, _ in sections():
        assert document[section], f"/dataku lacks {section}"
    assert document["employee"]["telegram_user_id"] == NEW_ACCOUNT
    assert document["supervisor"]["nip"] == people.boss.nip
    assert [d["telegram_user_id"] for d in document["dialog_state"]] == [NEW_ACCOUNT]
    assert {c["used_by_telegram_user_id"] for c in document["link_codes"]} == {OLD_ACCOUNT, NEW_ACCOUNT}
    assert sorted(r["chat_id"] for r in document["messages_received"]) == [OLD_ACCOUNT, NEW_ACCOUNT, NEW_ACCOUNT]
    assert [b["text"] for b in document["broadcasts_sent"]] == ["Rapat"]
    assert {t["title"] for t in document["trainings"]} == {"Diklat", "Impor BKPSDM"}
    assert {(t["title"], t["provenance"], t["status"]) for t in document["trainings"]} == {
        ("Diklat", "claim", "pending"), ("Impor BKPSDM", "official", "official")}
    assert sorted(c["kind"] for c in document["claims"]) == ["skp", "training"]
    assert all(entry["target_employee_id"] == people.rina.id for entry in document["audit_log"])
    # Joko's conversation on her old account is his, not hers.
    assert all(d["telegram_user_id"] != OLD_ACCOUNT for d in document["dialog_state"])


async def test_after_erasure_no_telegram_id_of_mine_is_anywhere(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    people = await office(session, make_employee, clock)
    deleted = await delete_own_data(session, people.rina.id or 0, clock=clock, pseudonym_key=KEY)
    await session.commit()
    assert (deleted.records, deleted.assessments) == (2, 1)

    assert await places_holding(session, NEW_ACCOUNT) == []
    # Her old account is Joko's now: only his rows still hold it.
    assert sorted(await places_holding(session, OLD_ACCOUNT)) == [
        "audit_log.details", "dialog_state.telegram_user_id", "employee.telegram_user_id",
        "link_code.used_by_telegram_user_id", "outbox_message.chat_id",
    ]
    joko = await session.get(Employee, people.joko.id)
    assert joko is not None and joko.telegram_user_id == OLD_ACCOUNT
    assert (await session.exec(select(OutboxMessage.employee_id).where(
        col(OutboxMessage.chat_id) == OLD_ACCOUNT))).all() == [people.joko.id]
    assert (await session.exec(select(LinkCode.employee_id).where(
        col(LinkCode.used_by_telegram_user_id) == OLD_ACCOUNT))).all() == [people.joko.id]


async def test_erasure_keeps_the_roster_hr_records_and_the_trail_with_pseudonyms(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    people = await office(session, make_employee, clock)
    rina_id = people.rina.id or 0
    await delete_own_data(session, rina_id, clock=clock, pseudonym_key=KEY)
    await session.commit()

    rina = await session.get(Employee, rina_id)
    assert rina is not None and rina.nip == people.rina.nip and rina.supervisor_id == people.boss.id
    assert (rina.telegram_user_id, rina.linked_at, rina.language) == (None, None, None)
    titles = (await session.exec(select(TrainingRecord.title).where(col(TrainingRecord.employee_id) == rina_id))).all()
    assert titles == ["Impor BKPSDM"]
    for model, kept in ((PenaltyRecord, True), (PerformanceRecord, False), (OutboxMessage, False)):
        rows = (await session.exec(select(model).where(model.employee_id == rina_id))).all()  # type: ignore[attr-defined]
        assert bool(rows) is kept, model
    # Broadcasts and reminders she got stay counted, without her; the one she sent as HR stays the agency's.
    nobody = col(OutboxMessage.employee_id).is_(None)
    anonymous = (await session.exec(select(OutboxMessage).where(nobody))).all()
    assert [(r.chat_id, r.status) for r in anonymous] == [(None, MessageStatus.SENT)] * 3
    [sent] = (await session.exec(select(Broadcast).where(col(Broadcast.created_by) == rina_id))).all()
    assert sent.admin_chat_id == 0
    # Joko's own rows are untouched.
    assert len((await session.exec(select(TrainingRecord).where(
        col(TrainingRecord.employee_id) == people.joko.id))).all()) == 1

    entries = (await session.exec(select(AuditLog).where(col(AuditLog.target_employee_id) == rina_id)
                                  .order_by(col(AuditLog.id)))).all()
    actions = [e.action for e in entries]
    assert actions.count("link.link") == 1 and actions.count("link.relink") == 1 and actions[-1] == "data.self_delete"
    relink = next(e for e in entries if e.action == "link.relink")
    assert relink.details == {"telegram_user_id": pseudonym(NEW_ACCOUNT, KEY),
                              "previous_telegram_user_id": pseudonym(OLD_ACCOUNT, KEY)}
    first = next(e for e in entries if e.action == "link.link")
    assert first.details["telegram_user_id"] == pseudonym(OLD_ACCOUNT, KEY)  # the same account, the same name
    # Joko's link entry names the account in clear: it is his now, and his entry.
    joko_link = (await session.exec(select(AuditLog).where(col(AuditLog.target_employee_id) == people.joko.id,
                                                           col(AuditLog.action) == "link.link"))).one()
    assert joko_link.details["telegram_user_id"] == OLD_ACCOUNT


async def test_without_a_key_the_pseudonyms_match_nothing_anyone_can_compute(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    people = await office(session, make_employee, clock)
    await delete_own_data(session, people.rina.id or 0, clock=clock)
    await session.commit()
    relink = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "link.relink"))).one()
    new, old = relink.details["telegram_user_id"], relink.details["previous_telegram_user_id"]
    assert new.startswith(PSEUDONYM_PREFIX) and old.startswith(PSEUDONYM_PREFIX) and new != old
    assert new != pseudonym(NEW_ACCOUNT, KEY)


async def test_erasing_twice_finds_nothing_more_and_an_unlinked_person_can_erase(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    people = await office(session, make_employee, clock)
    await delete_own_data(session, people.rina.id or 0, clock=clock, pseudonym_key=KEY)
    await session.commit()
    again = await delete_own_data(session, people.rina.id or 0, clock=clock, pseudonym_key=KEY)
    await session.commit()
    assert (again.records, again.assessments) == (0, 0)
    relink = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "link.relink"))).one()
    assert relink.details["telegram_user_id"] == pseudonym(NEW_ACCOUNT, KEY)  # not a pseudonym of a pseudonym
    count = (await session.exec(select(sa.func.count()).select_from(AuditLog).where(
        col(AuditLog.action) == "data.self_delete"))).one()
    assert count == 2
