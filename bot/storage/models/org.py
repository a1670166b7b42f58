"""Who works where: units (a tree), employees, and granted roles.

No `from __future__ import annotations` in table modules: SQLModel reads the annotations at class creation.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from bot.storage.base import enum_type, utcnow
from bot.storage.nip import validate_nip
from scoring.models import (
    Education,
    EmploymentStatus,
    Position,
    parse_education,
    parse_position,
)
from scoring.models import parse_employment_status as parse_employment_status  # one parser, re-exported here


class Role(StrEnum):
    """`employee` is implicit; `supervisor` is derived (has reports) or granted; `hr_admin` is granted."""

    EMPLOYEE = "employee"
    SUPERVISOR = "supervisor"
    HR_ADMIN = "hr_admin"


GRANTABLE_ROLES: frozenset[Role] = frozenset({Role.SUPERVISOR, Role.HR_ADMIN})

class Unit(SQLModel, table=True):
    """A work unit (OPD, bidang, seksi …); `parent_id` makes the tree HR admins are scoped to."""

    __tablename__ = "unit"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=255, unique=True)
    name: str = Field(max_length=255)
    parent_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="RESTRICT", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class EmployeeBase(SQLModel):
    """The fields HR owns (the roster); validated when built from input, e.g. a roster row."""

    nip: str = Field(min_length=18, max_length=18, unique=True)
    name: str = Field(min_length=1, max_length=200)
    employment_status: EmploymentStatus = Field(default=EmploymentStatus.PNS, sa_type=enum_type(EmploymentStatus))
    position_type: Position = Field(sa_type=enum_type(Position))
    position_title: str | None = Field(default=None, max_length=255)
    education: Education = Field(sa_type=enum_type(Education))
    functional_family: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)

    @field_validator("name", "position_title", "functional_family", "email", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = " ".join(value.split())
            return value or None
        return value

    @field_validator("employment_status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        if isinstance(value, EmploymentStatus):
            return value
        return parse_employment_status(value) if value is None or isinstance(value, str) else value

    @field_validator("position_type", mode="before")
    @classmethod
    def _position(cls, value: Any) -> Any:
        return parse_position(value) if isinstance(value, str) and not isinstance(value, Position) else value

    @field_validator("education", mode="before")
    @classmethod
    def _education(cls, value: Any) -> Any:
        return parse_education(value) if isinstance(value, str) and not isinstance(value, Education) else value

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if value is not None and (value.count("@") != 1 or value.startswith("@") or value.endswith("@")):
            raise ValueError("not an e-mail address")
        return value

    @field_validator("functional_family")
    @classmethod
    def _family_key(cls, value: str | None) -> str | None:
        """Lower case, so a rule set's family list ('guru') matches 'Guru' in a spreadsheet."""
        return value.lower() if value else None

    @model_validator(mode="before")
    @classmethod
    def _nip_for_status(cls, data: Any) -> Any:
        """Normalize and check the NIP against the status: an NI PPPK has no appointment month."""
        if isinstance(data, dict) and isinstance(data.get("nip"), str):
            status_raw = data.get("employment_status")
            try:
                status = (
                    parse_employment_status(status_raw)
                    if status_raw is None or isinstance(status_raw, str)
                    else EmploymentStatus(status_raw)
                )
            except ValueError:
                return data  # the status field reports its own error
            data = {**data, "nip": validate_nip(data["nip"], status)}
        return data


class Employee(EmployeeBase, table=True):
    """One civil servant. Never deleted by an import: missing from a full roster means `active = False`."""

    __tablename__ = "employee"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="RESTRICT", index=True)
    supervisor_id: int | None = Field(default=None, foreign_key="employee.id", ondelete="SET NULL", index=True)
    telegram_user_id: int | None = Field(default=None, sa_type=sa.BigInteger, unique=True)
    linked_at: datetime | None = None
    language: str | None = Field(default=None, max_length=8, description="None: the DEFAULT_LANGUAGE setting")
    reminders_enabled: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    active: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    telegram_blocked_at: datetime | None = Field(default=None, description="The account blocked the bot (403)")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class RoleGrant(SQLModel, table=True):
    """A granted role; one per employee and role. `unit_id` limits an HR admin to that unit's subtree."""

    __tablename__ = "role_grant"
    __table_args__ = (sa.UniqueConstraint("employee_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    # no index of its own: the unique constraint (employee_id, role) serves lookups by employee
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE")
    role: Role = Field(sa_type=enum_type(Role))
    unit_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="CASCADE", index=True)
    granted_by: str = Field(max_length=64)
    granted_at: datetime = Field(default_factory=utcnow)
