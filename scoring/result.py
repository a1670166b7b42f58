"""The output of scoring: what was counted, why, and what would raise it.

`score` runs once per employee, up to millions of times for a national batch, while the reasons and
advice are read for a handful. So a `ScoreResult` carries its figures as plain fields and builds the
explanatory objects (`dimensions`, `advice`) on first access; they are still part of its JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, computed_field

from scoring.models import Profile
from scoring.texts import Language, render

if TYPE_CHECKING:  # the rule set module imports this one
    from scoring.ruleset import RuleSet

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


Indicator = tuple[str, float, float, str, ReasonArgs]
"""(code, points, max, reason key, reason args)"""
Step = tuple[str, float, str, ReasonArgs, date | None]
"""(code, gain, text key, text args, deadline)"""
Explanation = tuple[dict[DimensionName, list[Indicator]], list[Step]]


class Detail:
    """What a result needs to explain itself: the inputs of `score`, explained on first request.

    `score` keeps only figures on its hot path; the reasons and advice are worked out by `explain` (the
    engine's, passed in to keep this module free of rules) the first time anyone reads them.
    """

    __slots__ = ("_explanation", "as_of", "explain", "profile", "rules")

    def __init__(
        self, profile: Profile, as_of: date, rules: RuleSet, explain: Callable[[Profile, date, RuleSet], Explanation]
    ) -> None:
        self.profile = profile
        self.as_of = as_of
        self.rules = rules
        self.explain = explain
        self._explanation: Explanation | None = None

    def explanation(self) -> Explanation:
        if self._explanation is None:
            self._explanation = self.explain(self.profile, self.as_of, self.rules)
        return self._explanation

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Detail):
            return NotImplemented
        return (self.profile, self.as_of, self.rules) == (other.profile, other.as_of, other.rules)

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
        detail = self._detail
        indicators, _ = detail.explanation()
        maxima = detail.rules.dimensions
        dimensions: dict[DimensionName, DimensionResult] = {}
        for name, rows in indicators.items():
            figure = self.dimension_points[name]
            subtotal = 0.0
            for row in rows:
                subtotal += row[1]
            if subtotal != figure:  # the explanation must add up to the figures `score` computed
                raise AssertionError(f"{name}: indicators add up to {subtotal}, the dimension has {figure}")
            dimensions[name] = DimensionResult(
                points=figure,
                max=maxima[name],
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
