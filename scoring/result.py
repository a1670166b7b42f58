"""The output of scoring: what was counted, why, and what would raise it.

`score` runs once per employee, up to millions of times for a national batch, while the reasons and
advice are read for a handful. So a `ScoreResult` carries its figures as plain fields and builds the
explanatory objects (`dimensions`, `advice`) on first access; they are still part of its JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, computed_field

from scoring.texts import Language, render

CategoryName = Literal["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
DimensionName = Literal["kualifikasi", "kompetensi", "kinerja", "disiplin"]
ReasonArgs = dict[str, str | float | int]

M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__


def build(cls: type[M], values: dict[str, Any], private: dict[str, Any] | None = None) -> M:
    """Instantiate a model from values already known to be valid, at a fraction of `model_construct`."""
    obj = cls.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", private)
    return obj


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


@dataclass(frozen=True, slots=True)
class Detail:
    """What `score` found, compactly: indicator and advice tuples, turned into models on demand."""

    maxima: dict[DimensionName, float]
    indicators: dict[DimensionName, list[tuple[str, float, float, str, ReasonArgs]]]
    advice: list[tuple[str, float, str, ReasonArgs, date | None]]


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
        detail = self._detail
        return {
            name: DimensionResult(
                points=self.dimension_points[name],
                max=detail.maxima[name],
                indicators=[
                    build(
                        IndicatorResult,
                        {"code": code, "points": points, "max": maximum, "met": points >= maximum,
                         "reason_key": key, "reason_args": args},
                    )
                    for code, points, maximum, key, args in rows
                ],
            )
            for name, rows in detail.indicators.items()
        }

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def advice(self) -> list[Advice]:
        """Ordered by gain, largest first (rules §8)."""
        return [
            build(
                Advice,
                {"code": code, "gain": gain, "text_key": key, "text_args": {**args, "gain": gain},
                 "deadline": deadline},
            )
            for code, gain, key, args, deadline in self._detail.advice
        ]


class UnitSummary(_Out):
    """§6: a unit's index is the mean of its measured members, shown with its coverage."""

    members: int
    measured: int
    coverage: float
    mean: float | None
    distribution: dict[CategoryName, int]
    dimension_means: dict[DimensionName, float | None]
