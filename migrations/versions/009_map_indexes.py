"""Indexes for the unit maps (issues 14 and 16: the map, the intervention list and the comparison well under 500 ms
for 50,000 employees).

- `ix_training_record_jp` (employee_id, end_date, kind, jp, claim_id, id) replaces `ix_training_record_employee_end`
  (its first two columns): the yearly JP of everyone is read from the index alone.
- `ix_assessment_off_grid`: a partial index of the assessments with a figure off the 2**-10 grid (none, with the
  rule sets we ship), so the maps ask "is there any" with one probe instead of testing ten figures per row. The
  condition is `bot.storage.models.records.OFF_GRID_FIGURES`, written out here as migrations do not import models.

Revision ID: 009
Revises: 008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "009"
down_revision: str | None = "008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OFF_GRID = " OR ".join(
    f"{column} * 1024 != round({column} * 1024)"
    for column in ("total", "kualifikasi", "kompetensi", "kinerja", "disiplin", "verified_total",
                   "verified_kualifikasi", "verified_kompetensi", "verified_kinerja", "verified_disiplin"))


def upgrade() -> None:
    op.create_index("ix_training_record_jp", "training_record",
                    ["employee_id", "end_date", "kind", "jp", "claim_id", "id"])
    op.drop_index("ix_training_record_employee_end", table_name="training_record")
    op.create_index("ix_assessment_off_grid", "assessment", ["id"], sqlite_where=sa.text(_OFF_GRID),
                    postgresql_where=sa.text(_OFF_GRID))


def downgrade() -> None:
    op.drop_index("ix_assessment_off_grid", table_name="assessment")
    op.create_index("ix_training_record_employee_end", "training_record", ["employee_id", "end_date"])
    op.drop_index("ix_training_record_jp", table_name="training_record")
