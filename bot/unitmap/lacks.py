"""What each person lacks, from one source: the advice stored with their latest assessment (`assessment_gap`) on
the headline basis, whether they were ever assessed, and the JP they still owe this year.

/rekap's drill-down, the map workbook's "Pegawai" sheet and the Mini App all say what a person lacks; they say
it from here, so the three never disagree. The advice is scoring's own (`ScoreResult.advice`, stored when the
assessment is: re-scoring 50,000 profiles would take seconds), read 1,000 people at a time.

It lives beside the map (`bot.unitmap`) and not in `bot.targeting` because the map's workbook needs it and the
map sits below targeting in the package graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Assessment
from bot.storage.models.gaps import AssessmentGap
from bot.storage.profiles import Basis
from bot.texts import Lang, plain
from bot.unitmap.facts import MemberFacts, in_chunks, latest_assessments
from bot.unitmap.figures import BASES
from scoring.texts import INDICATOR_LABELS, number

NEVER_ADVISED = frozenset({"hukuman_disiplin"})
"""Rules §8: a penalty can only be waited out; scoring never advises it, and neither does any view here."""

Advice = tuple[tuple[str, float], ...]
"""(indicator, gain) pairs, the largest gain first."""


async def member_gaps(session: AsyncSession, employee_ids: Iterable[int],
                      basis: Basis = Basis.VERIFIED) -> dict[int, Advice]:
    """Each employee's latest assessment's advice on `basis` (the stored `figure`), the largest gain first
    (nothing for the never measured and for those who lack nothing)."""
    if basis not in BASES:
        raise ValueError(f"no advice is stored for the {basis} figure")
    gap = table_of(AssessmentGap)
    connection = await core_connection(session)
    found: defaultdict[int, list[tuple[str, float]]] = defaultdict(list)
    for condition in in_chunks(table_of(Assessment).c.employee_id, employee_ids):
        latest = latest_assessments(connection.dialect.name, condition, columns=())  # only the ids are sorted
        rows: Any = await connection.execute(
            sa.select(latest.c.employee_id, gap.c.code, gap.c.gain)
            .select_from(latest.join(gap, sa.and_(gap.c.assessment_id == latest.c.assessment_id,
                                                  gap.c.figure == basis.value))))
        for employee_id, code, gain in rows:
            if code not in NEVER_ADVISED:
                found[int(employee_id)].append((str(code), float(gain)))
    return {e: tuple(sorted(items, key=lambda item: (-item[1], item[0]))) for e, items in found.items()}


def lack_text(code: str, gain: float, lang: Lang) -> str:
    """One advised indicator with what meeting it adds, as the chat and the workbook both write it."""
    return plain("target.unit.lack", lang, indicator=INDICATOR_LABELS[lang].get(code, code), gain=number(gain, lang))


class Lacks(NamedTuple):
    """What one person lacks. A tuple: one is made per person of a 50,000-person workbook."""

    assessed: bool
    """False: never assessed (there is no advice to give, only an assessment to have)."""
    advice: Advice
    """Scoring's advice for the latest assessment on the headline basis, the largest gain first."""
    jp_owed: float
    """JP still owed this year (0 for those without the duty or who met it)."""

    def parts(self, lang: Lang) -> list[str]:
        """Never assessed, each advised indicator with its gain, the JP owed: in that order."""
        found = [] if self.assessed else [plain("xlsx.lack.unmeasured", lang)]
        found += [lack_text(code, gain, lang) for code, gain in self.advice]
        if self.jp_owed > 0:
            found.append(plain("xlsx.lack.jp", lang, jp=number(self.jp_owed, lang)))
        return found

    def text(self, lang: Lang) -> str:
        """All of it on one line (empty when nothing is lacking)."""
        return "; ".join(self.parts(lang))


async def member_lacks(session: AsyncSession, members: Sequence[MemberFacts],
                       basis: Basis = Basis.VERIFIED) -> dict[int, Lacks]:
    """What each of `members` lacks (by employee id): `basis` is the headline (INDEX_BASIS); the advice is of
    the same latest assessment whose figures `members` carry."""
    advice = await member_gaps(session, [m.employee_id for m in members if m.result is not None], basis)
    return {m.employee_id: Lacks(m.result is not None, advice.get(m.employee_id, ()), m.shortfall)
            for m in members}
