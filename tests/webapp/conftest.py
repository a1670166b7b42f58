"""The Mini App against the test agency (`tests.agency`): HR admins and a supervisor, signed initData; pending
claims for a page whose two figures differ."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims import service as claims
from bot.clock import FakeClock
from bot.services import Services
from bot.storage.assessments import assess_now
from bot.storage.audit import CLI_ACTOR
from bot.storage.models import Role
from bot.storage.profiles import Basis
from bot.storage.roles import grant_role
from bot.webapp.auth import sign_init_data
from bot.webapp.server import starlette_app, webapp_routes
from tests.agency import TODAY, Agency
from tests.e2e.conftest import settings_for

TOKEN = "424242:webapp-test-token_abcdefghijklmnopq"
PATH = "/app"
UNLINKED_TELEGRAM_ID = 777_000_111


@dataclass
class Site:
    """The Mini App of the test agency: `services` as the bot has them, `sign` makes a person's initData."""

    services: Services
    agency: Agency
    routes: list[object]

    def app(self) -> object:
        return starlette_app(self.routes)  # type: ignore[arg-type]

    @staticmethod
    def sign(telegram_user_id: int, *, age: float = 0, lang: str = "id", token: str = TOKEN) -> str:
        return sign_init_data(token, {"id": telegram_user_id, "first_name": "Uji", "language_code": lang},
                              auth_date=int(time.time() - age))

    def on_basis(self, basis: Basis) -> Site:
        """The same site with INDEX_BASIS set to `basis`."""
        settings = self.services.settings.model_copy(update={"INDEX_BASIS": basis.value})
        services = replace(self.services, settings=settings)
        return replace(self, services=services, routes=webapp_routes(services, TOKEN, PATH))

    def telegram_id(self, person: str) -> int:
        found = self.agency.people[person].telegram_user_id
        assert found is not None
        return found


async def grant_hr(session: AsyncSession, clock: FakeClock, agency: Agency, person: str, unit: str | None) -> None:
    await grant_role(session, agency.id(person), Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock,
                     unit_id=None if unit is None else agency.units[unit].id)
    await session.commit()


@pytest.fixture
async def site(database_url: str, engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession],
               session: AsyncSession, clock: FakeClock, agency: Agency) -> Site:
    """HR for every unit: KES-1; HR for DIK and below: KES-2; supervisors: head (of DIK) and the section heads."""
    await grant_hr(session, clock, agency, "KES-1", None)
    await grant_hr(session, clock, agency, "KES-2", "DIK")
    settings = settings_for(database_url, token=TOKEN)
    services = Services(engine, sessionmaker, clock, settings)
    return Site(services, agency, webapp_routes(services, TOKEN, PATH))


CLAIMANTS = ("SD-1", "KES-0", "SD-3")
"""People who answer a better appraisal than HR's records show, pending review (SD-3 never assessed before)."""


@pytest.fixture
async def pending_claims(session: AsyncSession, clock: FakeClock, agency: Agency) -> None:
    """Each of `CLAIMANTS` states a 'sangat baik' appraisal for 2025 and is scored again: their declared
    figure rises, the verified one does not, so the map's two figures and its verified share differ."""
    for name in CLAIMANTS:
        employee_id = agency.id(name)
        await claims.state_appraisal(session, employee_id, claims.Appraisal(2025, "sangat_baik"), now=clock.now())
        scored = await assess_now(session, employee_id, today=TODAY, triggered_by="test", clock=clock)
        assert scored.declared.total > scored.verified.total and not scored.fully_verified, name
    await session.commit()


Sign = Callable[..., str]


def sheets(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    """A workbook's cells, sheet by sheet (the zip's own timestamps differ from one second to the next)."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
