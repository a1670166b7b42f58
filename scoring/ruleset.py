"""Rule sets as data: every point value, window and threshold lives in a JSON file beside this module.

A later regulation, or an agency's own reading, is added as a new file; the code does not change
(rules, preamble). A file is validated in full at first use, and a malformed one is refused with a
message naming the file and the field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scoring.models import DimensionName, Education, LeadershipLevel, PenaltyLevel, Position, Predicate, TrainingKind

RULESET_DIR = Path(__file__).with_name("rulesets")
DEFAULT_RULESET = "perban-bkn-8-2019"

DIMENSIONS: tuple[DimensionName, ...] = ("kualifikasi", "kompetensi", "kinerja", "disiplin")
CATEGORY_NAMES = ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah")

Group = Literal["struktural", "fungsional", "pelaksana"]
CompetencyIndicator = Literal["diklat_kepemimpinan", "diklat_fungsional", "diklat_teknis", "seminar"]
Points = Annotated[float, Field(ge=0)]
"""A point value: never negative, so no total can fall below 0."""


class RuleSetError(ValueError):
    """A rule set file that cannot be used; the message names the file and the field."""


class _FieldError(ValueError):
    """A check spanning several fields, raised where it is found but reported at the field it names."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class _Strict(BaseModel):
    # Strict: "20" or true is not a number here. Rule sets are written by hand; a quoted number is a
    # slip worth reporting, not guessing (JSON mode still reads "pkn1" as an enum and arrays as tuples).
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


def _complete(table: Mapping[Any, object], keys: Iterable[str], what: str) -> None:
    missing = [k for k in keys if k not in table]
    if missing:
        raise ValueError(f"no {what} for {', '.join(missing)}")


class Kualifikasi(_Strict):
    points: dict[Education, Points]

    @field_validator("points")
    @classmethod
    def _every_level(cls, points: dict[Education, float]) -> dict[Education, float]:
        _complete(points, (e.value for e in Education), "points")
        return points


class Kompetensi(_Strict):
    position_groups: dict[Position, Group]
    points: dict[Group, dict[CompetencyIndicator, Points]]
    leadership_levels: tuple[LeadershipLevel, ...] = Field(description="highest first")
    leadership_required: dict[Position, LeadershipLevel]
    leadership_higher_counts: bool
    technical_window_months: int = Field(gt=0, le=600)
    technical_min_jp: float = Field(gt=0)
    technical_summed: bool = Field(
        default=True,
        description="true: the JP of the technical trainings in the window are summed (rules §2 Decision); "
        "false: one training must reach technical_min_jp",
    )
    seminar_window_months: int = Field(gt=0, le=600)
    leadership_window_months: int | None = Field(
        default=None, gt=0, le=1200, description="null: no window, a qualification once earned stays (§2)"
    )
    functional_window_months: int | None = Field(default=None, gt=0, le=1200, description="null: no window (§2)")
    functional_auto_families: tuple[str, ...] = ()

    @field_validator("position_groups")
    @classmethod
    def _every_position(cls, groups: dict[Position, Group]) -> dict[Position, Group]:
        _complete(groups, (p.value for p in Position), "group")
        return groups

    @field_validator("leadership_levels")
    @classmethod
    def _every_level_once(cls, levels: tuple[LeadershipLevel, ...]) -> tuple[LeadershipLevel, ...]:
        if sorted(levels) != sorted(LeadershipLevel):
            raise ValueError("must list pkn1, pkn2, pka and pkp once each, highest first")
        return levels

    @model_validator(mode="after")
    def _consistent(self) -> Kompetensi:
        for group in sorted(set(self.position_groups.values())):
            if group not in self.points:
                raise _FieldError("points", f"no points for the group {group!r}")
        for position, group in self.position_groups.items():
            if "diklat_kepemimpinan" in self.points[group] and position not in self.leadership_required:
                raise _FieldError("leadership_required", f"no level for {position.value}")
        return self


class ScoreBand(_Strict):
    above: float | None = Field(description="lower bound, exclusive; null for the lowest band")
    points: Points


class Kinerja(_Strict):
    predicate_points: dict[Predicate, Points]
    score_bands: tuple[ScoreBand, ...]
    no_appraisal_points: Points

    @field_validator("predicate_points")
    @classmethod
    def _every_predicate(cls, points: dict[Predicate, float]) -> dict[Predicate, float]:
        _complete(points, (p.value for p in Predicate), "points")
        return points

    @field_validator("score_bands")
    @classmethod
    def _bands(cls, bands: tuple[ScoreBand, ...]) -> tuple[ScoreBand, ...]:
        _check_bands([b.above for b in bands])
        return bands


class Disiplin(_Strict):
    window_months: int = Field(gt=0, le=1200)
    points: dict[Literal["none", "ringan", "sedang", "berat"], Points]

    @field_validator("points")
    @classmethod
    def _every_level(cls, points: dict[str, float]) -> dict[str, float]:
        _complete(points, ("none", *(p.value for p in PenaltyLevel)), "points")
        return points


class Category(_Strict):
    name: Literal["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
    above: float | None


class JpObligation(_Strict):
    yearly_jp: float = Field(gt=0)
    kinds: tuple[TrainingKind, ...] = Field(
        default=tuple(TrainingKind), description="the kinds of learning that count (§7 Decision: every kind)"
    )

    @field_validator("kinds")
    @classmethod
    def _some_kinds_once(cls, kinds: tuple[TrainingKind, ...]) -> tuple[TrainingKind, ...]:
        if not kinds or len(set(kinds)) != len(kinds):
            raise ValueError("must list at least one training kind, each once")
        return kinds


class RuleSet(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")
    title: str
    source: str
    dimensions: dict[DimensionName, Points]
    kualifikasi: Kualifikasi
    kompetensi: Kompetensi
    kinerja: Kinerja
    disiplin: Disiplin
    categories: tuple[Category, ...]
    jp_obligation: JpObligation

    @field_validator("dimensions")
    @classmethod
    def _four_dimensions(cls, dimensions: dict[DimensionName, float]) -> dict[DimensionName, float]:
        _complete(dimensions, DIMENSIONS, "maximum")
        if sum(dimensions.values()) != 100:
            raise ValueError("the four maxima must add up to 100")
        return dimensions

    @field_validator("categories")
    @classmethod
    def _five_categories(cls, categories: tuple[Category, ...]) -> tuple[Category, ...]:
        if tuple(c.name for c in categories) != CATEGORY_NAMES:
            raise ValueError("must be, in order: " + ", ".join(CATEGORY_NAMES))
        _check_bands([c.above for c in categories])
        return categories

    @model_validator(mode="after")
    def _within_maxima(self) -> RuleSet:
        maxima = self.dimensions
        _at_most(self.kualifikasi.points, maxima["kualifikasi"], "kualifikasi.points")
        for group, points in self.kompetensi.points.items():
            if sum(points.values()) > maxima["kompetensi"]:
                raise _FieldError(
                    f"kompetensi.points.{group}",
                    f"adds up to {sum(points.values()):g}, more than the maximum {maxima['kompetensi']:g}",
                )
        _at_most(self.kinerja.predicate_points, maxima["kinerja"], "kinerja.predicate_points")
        _at_most(dict(enumerate(b.points for b in self.kinerja.score_bands)), maxima["kinerja"],
                 "kinerja.score_bands")
        _at_most({"": self.kinerja.no_appraisal_points}, maxima["kinerja"], "kinerja.no_appraisal_points")
        _at_most(self.disiplin.points, maxima["disiplin"], "disiplin.points")
        return self

    def __hash__(self) -> int:
        # Identity hash: rule sets are loaded once and cached, and they key per-rule-set caches.
        return id(self)


def _at_most(values: Mapping[Any, float], maximum: float, where: str) -> None:
    for key, value in values.items():
        if value > maximum:
            field = f"{where}.{getattr(key, 'value', key)}" if key != "" else where
            raise _FieldError(field, f"{value:g} exceeds the dimension's maximum {maximum:g}")


def _check_bands(bounds: list[float | None]) -> None:
    """Bands run from the highest lower bound down to an open-ended last band (`above: null`)."""
    if not bounds or bounds[-1] is not None or any(b is None for b in bounds[:-1]):
        raise ValueError("only the last band has above = null")
    numbers = [b for b in bounds[:-1] if b is not None]
    if numbers != sorted(numbers, reverse=True) or len(set(numbers)) != len(numbers):
        raise ValueError("lower bounds (above) must decrease strictly")


def _describe(error: ValidationError) -> str:
    """'field.path: what is wrong' for the first error, naming the field even for cross-field checks."""
    item = error.errors()[0]
    loc = [str(p) for p in item["loc"]]
    message = item["msg"].removeprefix("Value error, ")
    cause = (item.get("ctx") or {}).get("error")
    if isinstance(cause, _FieldError):
        loc.append(cause.field)
    if loc and loc[-1] == "[key]":  # a table keyed by an unknown name
        loc.pop()
        message = f"unknown name; {message[0].lower()}{message[1:]}"
    field = ".".join(loc) or "(top level)"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{field}: {message}{more}"


def parse_ruleset_file(path: Path) -> RuleSet:
    """Read and validate one rule set file; errors name the file and the field."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise RuleSetError(f"{path}: cannot read ({reason})") from None
    try:
        json.loads(text)  # for the line and column of a syntax error
    except json.JSONDecodeError as exc:
        raise RuleSetError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    try:
        ruleset = RuleSet.model_validate_json(text)
    except ValidationError as exc:
        raise RuleSetError(f"{path}: {_describe(exc)}") from None
    if path.suffix == ".json" and path.parent.resolve() == RULESET_DIR.resolve() and ruleset.id != path.stem:
        raise RuleSetError(f"{path}: id: {ruleset.id!r} differs from the file name {path.stem!r}")
    return ruleset


def available_rulesets() -> list[str]:
    return sorted(p.stem for p in RULESET_DIR.glob("*.json"))


def _resolve(name: str | os.PathLike[str]) -> Path:
    """A rule set id names a file in `scoring/rulesets/`; anything that looks like a path is a path."""
    text = os.fspath(name)
    if text.endswith(".json") or "/" in text or os.sep in text:
        return Path(text).resolve()
    path = RULESET_DIR / f"{text}.json"
    if not path.is_file():
        known = ", ".join(available_rulesets())
        raise RuleSetError(f"unknown rule set {text!r}; known: {known}")
    return path.resolve()


@cache
def _load_file(path: Path) -> RuleSet:
    return parse_ruleset_file(path)


@cache
def load_ruleset(name: str | os.PathLike[str] = DEFAULT_RULESET) -> RuleSet:
    """A rule set by id (a file in `scoring/rulesets/`) or by path to a JSON file; loaded once.

    Every spelling of the same file (`load_ruleset()`, its id, its path) gives the same object, so
    per-rule-set caches stay warm. `load_ruleset.cache_clear()` forgets the names, `clear_cache()` all.
    """
    return _load_file(_resolve(name))


def clear_cache() -> None:
    """Forget loaded rule sets (tests that write rule set files use it)."""
    load_ruleset.cache_clear()
    _load_file.cache_clear()
