"""The output of scoring: what was counted, why, and what would raise it.

`score` runs once per employee, up to millions of times for a national batch, while the reasons and
advice are read for a handful. So a `ScoreResult` carries its figures as plain fields and builds the
explanatory objects (`dimensions`, `advice`) on first access; they are still part of its JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, computed_field

from scoring.models import CategoryName, DimensionName, build
from scoring.texts import Language, render

__all__ = ["Advice", "CategoryName", "DimensionName", "DimensionResult", "IndicatorResult", "ScoreResult",
           "UnitSummary", "build"]

ReasonArgs = dict[str, str | float | int]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class IndicatorResult(_Out):
    """One indicator: its points and a reason an auditor can check against the records.

    `reason` is Indonesian; `reason_key` and `reason_args` render it in another language
    (`reason_in("en")`).
    """

    code: str
    points: float
    max: float
    met: bool
    reason_key: str
    reason_args: ReasonArgs

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reason(self) -> str:
        return render(self.reason_key, self.reason_args)

    def reason_in(self, lang: Language) -> str:
        return render(self.reason_key, self.reason_args, lang)


class DimensionResult(_Out):
    points: float
    max: float
    indicators: list[IndicatorResult]


class Advice(_Out):
    """One step that would raise the index, with the points it would gain."""

    code: str
    gain: float
    text_key: str
    text_args: ReasonArgs
    deadline: date | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        return render(self.text_key, self.text_args)

    def text_in(self, lang: Language) -> str:
        return render(self.text_key, self.text_args, lang)


Indicator = tuple[str, float, float, str, ReasonArgs]
"""(code, points, max, reason key, reason args)"""
Step = tuple[str, float, str, ReasonArgs, date | None]
"""(code, gain, text key, text args, deadline)"""
Explanation = tuple[dict[DimensionName, tuple[float, list[Indicator]]], list[Step]]
"""Per dimension its maximum and indicators, and the advice ordered by gain."""


class Detail:
    """What a result needs to explain itself, explained on first request.

    `score` decides every rule once and keeps what it found (`inputs`); `explain` (the engine's, passed in to
    keep this module free of rules) only words those findings the first time anyone reads the reasons.
    """

    __slots__ = ("_explanation", "explain", "inputs")

    def __init__(self, inputs: tuple[Any, ...], explain: Callable[..., Explanation]) -> None:
        self.inputs = inputs
        self.explain = explain
        self._explanation: Explanation | None = None

    def explanation(self) -> Explanation:
        if self._explanation is None:
            self._explanation = self.explain(*self.inputs)
        return self._explanation

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Detail):
            return NotImplemented
        return self.inputs == other.inputs

    __hash__ = None  # type: ignore[assignment]


class ScoreResult(_Out):
    total: float
    category: CategoryName
    dimension_points: dict[DimensionName, float]
    ruleset: str
    as_of: date
    jp_this_year: float
    jp_shortfall: float
    official: bool
    """False for CPNS and PPPK: outside the official 2019 measurement (rules §7)."""

    _detail: Detail = PrivateAttr()

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def dimensions(self) -> dict[DimensionName, DimensionResult]:
        indicators, _ = self._detail.explanation()
        dimensions: dict[DimensionName, DimensionResult] = {}
        for name, (maximum_points, rows) in indicators.items():
            dimensions[name] = DimensionResult(
                points=self.dimension_points[name],
                max=maximum_points,
                indicators=[
                    build(
                        IndicatorResult,
                        {"code": code, "points": points, "max": maximum, "met": points >= maximum,
                         "reason_key": key, "reason_args": dict(args)},
                    )
                    for code, points, maximum, key, args in rows
                ],
            )
        return dimensions

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def advice(self) -> list[Advice]:
        """Ordered by gain, largest first (rules §8)."""
        _, steps = self._detail.explanation()
        return [
            build(
                Advice,
                {"code": code, "gain": gain, "text_key": key, "text_args": {**args, "gain": gain},
                 "deadline": deadline},
            )
            for code, gain, key, args, deadline in steps
        ]


class UnitSummary(_Out):
    """§6: a unit's index is the mean of its measured members, shown with its coverage."""

    members: int
    measured: int
    coverage: float
    mean: float | None
    distribution: dict[CategoryName, int]
    dimension_means: dict[DimensionName, float | None]
