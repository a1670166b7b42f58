"""Every table of the bot; importing this module fills `SQLModel.metadata` (what Alembic compares).

Later features add their tables in their own modules and import them here, with a new migration.
"""

from bot.storage.base import metadata
from bot.storage.models.audit import AuditLog
from bot.storage.models.broadcast import Broadcast  # noqa: F401  (registers the broadcast tables)
from bot.storage.models.claims import Claim, ClaimKind, ClaimStatus, RecordKind
from bot.storage.models.delivery import OutboxBatch  # noqa: F401  (registers the outbox tables)
from bot.storage.models.dialog import DialogStateRow
from bot.storage.models.gaps import AssessmentGap  # noqa: F401  (registers the table)
from bot.storage.models.linking import LinkAttempt, LinkCode
from bot.storage.models.nudges import TeamNudge  # noqa: F401  (registers the table)
from bot.storage.models.org import (
    GRANTABLE_ROLES,
    Employee,
    EmployeeBase,
    Role,
    RoleGrant,
    Unit,
    parse_employment_status,
)
from bot.storage.models.records import (
    OFFICIAL_SOURCES,
    Assessment,
    ImmutableRecordError,
    PenaltyRecord,
    PenaltyRecordBase,
    PerformanceRecord,
    PerformanceRecordBase,
    RecordSource,
    SkpSystem,
    TrainingRecord,
    TrainingRecordBase,
)
from bot.storage.models.reminders import ReminderOccasion  # noqa: F401  (registers the table)
from bot.storage.models.review import ReviewReminderWeek  # noqa: F401  (registers the table)
from scoring.models import parse_penalty_level

__all__ = [
    "GRANTABLE_ROLES",
    "OFFICIAL_SOURCES",
    "Assessment",
    "AuditLog",
    "Claim",
    "ClaimKind",
    "ClaimStatus",
    "DialogStateRow",
    "Employee",
    "EmployeeBase",
    "ImmutableRecordError",
    "LinkAttempt",
    "LinkCode",
    "PenaltyRecord",
    "PenaltyRecordBase",
    "PerformanceRecord",
    "PerformanceRecordBase",
    "RecordKind",
    "RecordSource",
    "Role",
    "RoleGrant",
    "SkpSystem",
    "TrainingRecord",
    "TrainingRecordBase",
    "Unit",
    "metadata",
    "parse_employment_status",
    "parse_penalty_level",
]
