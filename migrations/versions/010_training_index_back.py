"""The training records' index back to (employee_id, end_date): 009's covering index did not earn its place.

`ix_training_record_jp` (employee_id, end_date, kind, jp, claim_id, id) let SQLite read the yearly JP of
everyone from the index alone (-13 ms of the map's ~170 ms query), but on PostgreSQL the per-person read of a
team (1,000 ids a query, run as a prepared statement) took 43 ms a query with it instead of 17 ms: /tim for
5,000 people went from ~110 to ~230 ms. `ix_assessment_off_grid` (009) stays.

Revision ID: 010
Revises: 009
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "010"
down_revision: str | None = "009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_training_record_employee_end", "training_record", ["employee_id", "end_date"])
    op.drop_index("ix_training_record_jp", table_name="training_record")


def downgrade() -> None:
    op.create_index("ix_training_record_jp", "training_record",
                    ["employee_id", "end_date", "kind", "jp", "claim_id", "id"])
    op.drop_index("ix_training_record_employee_end", table_name="training_record")
