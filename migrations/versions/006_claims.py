"""Claims beside official records, and two figures per assessment (issue 13).

- `claim`: what an employee states (pending / verified / rejected / withdrawn, who decided, when, why).
- `training_record`, `performance_record`, `penalty_record` get `claim_id`: a record the employee entered is
  the content of a claim; official records (import, hr) have none. An appraisal claim may now sit beside the
  official appraisal of its year, so (employee_id, year) is no longer unique (an index instead).
- `assessment` gets the verified figure (`verified_…`), what each indicator rests on (`provenance`) and
  `fully_verified`.

Data: every existing self-entered record becomes a *pending* claim (its author and time kept); an education
level or position type the employee stated in their latest assessment that differs from the roster becomes a
pending claim too. Every stored assessment gets its verified figure: its own profile with the roster's
education and position type and only the official records, scored by `scoring` on the assessment's date and
rule set (a rule set that cannot be loaded here keeps the declared figure as the verified one).

Revision ID: 006
Revises: 005
Create Date: 2026-12-07
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "006"
down_revision: str | None = "005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHUNK = 1_000
_VERIFIED = ("total", "category", "kualifikasi", "kompetensi", "kinerja", "disiplin")


def upgrade() -> None:
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=True),
        sa.Column("target_kind", sa.String(length=32), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("official", sa.JSON(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("evidence_file_id", sa.String(length=255), nullable=True),
        sa.Column("evidence_kind", sa.String(length=16), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"], name=op.f("fk_claim_employee_id_employee"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
    )
    op.create_index(op.f("ix_claim_employee_id"), "claim", ["employee_id"])
    op.create_index("ix_claim_status_created", "claim", ["status", "created_at", "id"])
    op.create_index("ix_claim_target", "claim", ["target_kind", "target_id"])

    for table in ("training_record", "performance_record", "penalty_record"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("claim_id", sa.Integer(), nullable=True))
            if table == "performance_record":
                batch_op.drop_constraint(batch_op.f("uq_performance_record_employee_id_year"), type_="unique")
                batch_op.create_index("ix_performance_record_employee_year", ["employee_id", "year"])
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_claim_id"), ["claim_id"])
            batch_op.create_foreign_key(batch_op.f(f"fk_{table}_claim_id_claim"), "claim", ["claim_id"], ["id"],
                                        ondelete="CASCADE")

    with op.batch_alter_table("assessment") as batch_op:
        batch_op.add_column(sa.Column("verified_profile", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("verified_total", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("verified_category", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("verified_kualifikasi", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("verified_kompetensi", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("verified_kinerja", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("verified_disiplin", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("provenance", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("fully_verified", sa.Boolean(), nullable=True))

    bind = op.get_bind()
    _own_records_become_claims(bind)
    _stated_facts_become_claims(bind)
    _verified_figures(bind)

    with op.batch_alter_table("assessment") as batch_op:
        for name, type_ in (("verified_profile", sa.JSON()), ("verified_total", sa.Float()),
                            ("verified_category", sa.String(length=32)), ("verified_kualifikasi", sa.Float()),
                            ("verified_kompetensi", sa.Float()), ("verified_kinerja", sa.Float()),
                            ("verified_disiplin", sa.Float()), ("provenance", sa.JSON()),
                            ("fully_verified", sa.Boolean())):
            batch_op.alter_column(name, existing_type=type_, nullable=False)


# -- data: the tables as this revision knows them (never the application's models, which move on) ----------

_meta = sa.MetaData()
_claim = sa.Table(
    "claim", _meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("employee_id", sa.Integer),
    sa.Column("kind", sa.String), sa.Column("status", sa.String), sa.Column("value", sa.String),
    sa.Column("official", sa.JSON), sa.Column("created_by", sa.String),
    sa.Column("created_at", sa.DateTime(timezone=True)), sa.Column("updated_at", sa.DateTime(timezone=True)),
)
_records = {
    "training": sa.Table(
        "training_record", _meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("employee_id", sa.Integer),
        sa.Column("source", sa.String), sa.Column("claim_id", sa.Integer), sa.Column("created_by", sa.String),
        sa.Column("created_at", sa.DateTime(timezone=True)), sa.Column("kind", sa.String),
        sa.Column("title", sa.String), sa.Column("end_date", sa.Date), sa.Column("jp", sa.Float),
        sa.Column("level", sa.String), sa.Column("matches_position", sa.Boolean)),
    "skp": sa.Table(
        "performance_record", _meta, sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("employee_id", sa.Integer), sa.Column("source", sa.String), sa.Column("claim_id", sa.Integer),
        sa.Column("created_by", sa.String), sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.Column("year", sa.Integer), sa.Column("predicate", sa.String), sa.Column("score", sa.Float)),
    "penalty": sa.Table(
        "penalty_record", _meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("employee_id", sa.Integer),
        sa.Column("source", sa.String), sa.Column("claim_id", sa.Integer), sa.Column("created_by", sa.String),
        sa.Column("created_at", sa.DateTime(timezone=True)), sa.Column("level", sa.String),
        sa.Column("effective_date", sa.Date)),
}
_employee = sa.Table(
    "employee", _meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("education", sa.String),
    sa.Column("position_type", sa.String), sa.Column("employment_status", sa.String),
    sa.Column("functional_family", sa.String),
)
_assessment = sa.Table(
    "assessment", _meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("employee_id", sa.Integer),
    sa.Column("as_of", sa.Date), sa.Column("ruleset_id", sa.String), sa.Column("profile", sa.JSON),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    *(sa.Column(name, sa.Float) for name in ("total", "kualifikasi", "kompetensi", "kinerja", "disiplin")),
    sa.Column("category", sa.String), sa.Column("verified_profile", sa.JSON),
    *(sa.Column(f"verified_{name}", sa.String if name == "category" else sa.Float) for name in _VERIFIED),
    sa.Column("provenance", sa.JSON), sa.Column("fully_verified", sa.Boolean),
)


def _own_records_become_claims(bind: sa.Connection) -> None:
    """Each self-entered record: a pending claim made by its author when it was entered."""
    for kind, table in _records.items():
        rows = bind.execute(sa.select(table.c.id, table.c.employee_id, table.c.created_by, table.c.created_at)
                            .where(table.c.source == "self", table.c.claim_id.is_(None))
                            .order_by(table.c.id)).all()
        for record_id, employee_id, created_by, created_at in rows:
            claim_id = bind.execute(sa.insert(_claim).values(
                employee_id=employee_id, kind=kind, status="pending", created_by=created_by,
                created_at=created_at, updated_at=created_at).returning(_claim.c.id)).scalar_one()
            bind.execute(sa.update(table).where(table.c.id == record_id).values(claim_id=claim_id))


def _latest_assessments(bind: sa.Connection) -> dict[int, Any]:
    rows = bind.execute(sa.select(_assessment.c.employee_id, _assessment.c.profile, _assessment.c.created_at)
                        .order_by(_assessment.c.employee_id, _assessment.c.created_at, _assessment.c.id))
    return {employee_id: (profile, created_at) for employee_id, profile, created_at in rows}


def _stated_facts_become_claims(bind: sa.Connection) -> None:
    """Education and position type stated in the latest assessment, where they differ from the roster."""
    roster = {row.id: row for row in bind.execute(sa.select(_employee))}
    for employee_id, (profile, created_at) in _latest_assessments(bind).items():
        employee = roster.get(employee_id)
        if employee is None or not isinstance(profile, dict):
            continue
        for kind, field, official in (("education", "education", employee.education),
                                      ("position", "position", employee.position_type)):
            stated = profile.get(field)
            if isinstance(stated, str) and stated != official:
                bind.execute(sa.insert(_claim).values(
                    employee_id=employee_id, kind=kind, status="pending", value=stated[:32],
                    official={kind: official}, created_by=f"employee:{employee_id}", created_at=created_at,
                    updated_at=created_at))


def _official_profiles(bind: sa.Connection) -> dict[int, dict[str, Any]]:
    """Per employee, the profile of the roster and the official records (no claim is verified yet)."""
    profiles: dict[int, dict[str, Any]] = {
        row.id: {"position": row.position_type, "education": row.education, "trainings": [], "performance": None,
                 "penalties": [], "employment_status": row.employment_status,
                 "functional_family": row.functional_family}
        for row in bind.execute(sa.select(_employee))}
    trainings, penalties = _records["training"], _records["penalty"]
    for row in bind.execute(sa.select(trainings).where(trainings.c.source != "self")
                            .order_by(trainings.c.end_date, trainings.c.id)):
        if row.employee_id in profiles:
            profiles[row.employee_id]["trainings"].append({
                "kind": row.kind, "date": row.end_date.isoformat(), "jp": row.jp, "level": row.level,
                "matches_position": row.matches_position, "title": row.title})
    for row in bind.execute(sa.select(penalties).where(penalties.c.source != "self")
                            .order_by(penalties.c.effective_date, penalties.c.id)):
        if row.employee_id in profiles:
            profiles[row.employee_id]["penalties"].append({"level": row.level,
                                                           "date": row.effective_date.isoformat()})
    return profiles


def _appraisals(bind: sa.Connection) -> dict[int, list[Any]]:
    skp = _records["skp"]
    found: defaultdict[int, list[Any]] = defaultdict(list)
    for row in bind.execute(sa.select(skp).where(skp.c.source != "self")):
        found[row.employee_id].append(row)
    return found


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), _CHUNK):
        yield rows[start : start + _CHUNK]


def _verified_figures(bind: sa.Connection) -> None:
    from scoring import score
    from scoring.models import Profile

    def points(result: Any) -> dict[str, float]:
        return {i.code: i.points for d in result.dimensions.values() for i in d.indicators}

    profiles, appraisals = _official_profiles(bind), _appraisals(bind)
    updates: list[dict[str, Any]] = []
    for row in bind.execute(sa.select(_assessment)).all():
        declared_profile = row.profile if isinstance(row.profile, dict) else {}
        verified_profile = dict(profiles.get(row.employee_id) or declared_profile)
        usable = [a for a in appraisals.get(row.employee_id, []) if a.year <= row.as_of.year]
        latest = max(usable, key=lambda a: (a.year, a.id), default=None)
        verified_profile["performance"] = None if latest is None else {
            "year": latest.year, "predicate": latest.predicate, "score": latest.score}
        try:
            declared = score(Profile.model_validate(declared_profile), as_of=row.as_of, ruleset=row.ruleset_id)
            verified = score(Profile.model_validate(verified_profile), as_of=row.as_of, ruleset=row.ruleset_id)
        except (OSError, ValueError, LookupError):  # a rule set that is not here: the figure the row holds
            declared = verified = None
        if declared is None or verified is None:
            values = {f"verified_{name}": getattr(row, name) for name in _VERIFIED}
            values |= {"verified_profile": declared_profile, "provenance": {}, "fully_verified": True}
        else:
            mine, checked = points(declared), points(verified)
            provenance = {code: "pending" if mine.get(code) != checked.get(code) else "official"
                          for code in [*mine, *(c for c in checked if c not in mine)]}
            values = {"verified_total": verified.total, "verified_category": verified.category,
                      **{f"verified_{name}": verified.dimension_points[name]
                         for name in ("kualifikasi", "kompetensi", "kinerja", "disiplin")},
                      "verified_profile": Profile.model_validate(verified_profile).model_dump(mode="json"),
                      "provenance": provenance, "fully_verified": "pending" not in provenance.values()}
        updates.append({"row_id": row.id, **values})
    statement = (sa.update(_assessment).where(_assessment.c.id == sa.bindparam("row_id"))
                 .values({name: sa.bindparam(name) for name in updates[0] if name != "row_id"}) if updates else None)
    for chunk in _chunks(updates):
        bind.execute(statement, chunk)  # type: ignore[arg-type]


def downgrade() -> None:
    # An own appraisal beside an official one of the same year cannot stay once (employee, year) is unique
    # again: the official one stays. Claims and the verified figures go.
    skp, beside = _records["skp"], _records["skp"].alias("beside")
    op.get_bind().execute(sa.delete(skp).where(skp.c.source == "self", sa.exists(
        sa.select(beside.c.id).where(beside.c.employee_id == skp.c.employee_id, beside.c.year == skp.c.year,
                                     beside.c.source != "self"))))
    for table in ("training_record", "performance_record", "penalty_record"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_claim_id_claim"), type_="foreignkey")
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_claim_id"), type_="unique")
            if table == "performance_record":
                batch_op.drop_index("ix_performance_record_employee_year")
                batch_op.create_unique_constraint(batch_op.f("uq_performance_record_employee_id_year"),
                                                  ["employee_id", "year"])
            batch_op.drop_column("claim_id")
    with op.batch_alter_table("assessment") as batch_op:
        for name in ("fully_verified", "provenance", "verified_disiplin", "verified_kinerja", "verified_kompetensi",
                     "verified_kualifikasi", "verified_category", "verified_total", "verified_profile"):
            batch_op.drop_column(name)
    op.drop_index("ix_claim_target", table_name="claim")
    op.drop_index("ix_claim_status_created", table_name="claim")
    op.drop_index(op.f("ix_claim_employee_id"), table_name="claim")
    op.drop_table("claim")
