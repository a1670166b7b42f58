"""The list /dataku and /hapusdata work from covers every column of the schema that can hold a person's data.

The rule is derived from the metadata, not from the list: a column that references an employee, is named like
an employee id, a Telegram user or chat id or an actor ('employee:<id>'), or is a BIGINT (how Telegram ids are
stored) must be in `PERSONAL_DATA` with a decision, or in `NOT_PERSONAL` with the reason.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from bot.privacy.personal_data import NOT_PERSONAL, PERSONAL_DATA, Erase, Holds, sections
from bot.storage.models import metadata

_TELEGRAM_NAME = re.compile(r"(telegram\w*|chat|user)_id$")
_ACTOR_NAME = re.compile(r"^actor$|_by$")


def may_hold_personal_data(column: sa.Column[object]) -> bool:
    references_employee = any(fk.target_fullname.startswith("employee.") for fk in column.foreign_keys)
    return (references_employee or column.name.endswith("employee_id") or bool(_TELEGRAM_NAME.search(column.name))
            or isinstance(column.type, sa.BigInteger)
            or (isinstance(column.type, sa.String) and bool(_ACTOR_NAME.search(column.name))))


def uncovered(schema: sa.MetaData) -> set[tuple[str, str]]:
    """Columns of `schema` that may hold personal data and that neither list mentions."""
    listed = {(entry.table, entry.column) for entry in PERSONAL_DATA} | set(NOT_PERSONAL)
    return {(table.name, column.name) for table in schema.tables.values() for column in table.columns
            if may_hold_personal_data(column)} - listed


def test_every_column_that_may_hold_personal_data_is_listed_with_a_decision() -> None:
    assert uncovered(metadata) == set()


def test_a_new_table_with_an_employee_or_a_telegram_id_is_caught() -> None:
    schema = sa.MetaData()
    for table in metadata.tables.values():
        table.to_metadata(schema)
    sa.Table("nudge", schema, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("person", sa.Integer, sa.ForeignKey("employee.id")),
             sa.Column("recipient_chat_id", sa.Integer), sa.Column("sent_by", sa.String(64)),
             sa.Column("tg", sa.BigInteger), sa.Column("note", sa.Text))
    assert uncovered(schema) == {("nudge", "person"), ("nudge", "recipient_chat_id"), ("nudge", "sent_by"),
                                 ("nudge", "tg")}


def test_every_listed_column_exists() -> None:
    for entry in PERSONAL_DATA:
        assert entry.column in metadata.tables[entry.table].columns, entry
    for table, column in NOT_PERSONAL:
        assert column in metadata.tables[table].columns, (table, column)
    assert not {(e.table, e.column) for e in PERSONAL_DATA} & set(NOT_PERSONAL)


def test_every_table_with_a_person_in_it_is_exported_and_every_telegram_id_erased() -> None:
    exported = {entry.table for _, entries in sections() for entry in entries}
    assert exported == {entry.table for entry in PERSONAL_DATA if entry.holds is not Holds.ACTOR
                        and entry.holds is not Holds.MENTION}
    for entry in PERSONAL_DATA:
        if entry.holds is Holds.TELEGRAM:
            assert entry.erase in (Erase.CLEAR, Erase.ZERO, Erase.DELETE, Erase.PSEUDONYMISE), entry
        if entry.erase is Erase.DELETE_OWN:
            assert "source" in metadata.tables[entry.table].columns, entry
        assert entry.why.strip(), entry
