"""Rule sets as data: every point value, window and threshold lives in a JSON file beside this module.

A later regulation, or an agency's own reading, is added as a new file; the code does not change
(rules, preamble). A file is validated in full at first use, and a malformed one is refused with a
message naming the file and the field.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scoring.models import Education, LeadershipLevel, PenaltyLevel, Position, Predicate
from scoring.result import DimensionName

RULESET_DIR = Path(__file__).with_name("rulesets")
DEFAULT_RULESET = "perban-bkn-8-2019"

DIMENSIONS: tuple[DimensionName, ...] = ("kualifikasi", "kompetensi", "kinerja", "disiplin")
CATEGORY_NAMES = ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah")

Group = Literal["struktural", "fungsional", "pelaksana"]
CompetencyIndicator = Literal["diklat_kepemimpinan", "diklat_fungsional", "diklat_teknis", "seminar"]


class RuleSetError(ValueError):
    """A rule set file that cannot be used; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Kualifikasi(_Strict):
    points: dict[Education, float]

    @model_validator(mode="after")
    def _every_level(self) -> Kualifikasi:
        missing = [e.value for e in Education if e not in self.points]
        if missing:
            raise ValueError(f"no points for education {', '.join(missing)}")
        return self


class Kompetensi(_Strict):
    position_groups: dict[Position, Group]
    points: dict[Group, dict[CompetencyIndicator, float]]
    leadership_levels: tuple[LeadershipLevel, ...] = Field(description="highest first")
    leadership_required: dict[Position, LeadershipLevel]
    leadership_higher_counts: bool
    technical_window_months: int = Field(gt=0, le=600)
    technical_min_jp: float = Field(gt=0)
    seminar_window_months: int = Field(gt=0, le=600)
    functional_auto_families: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Kompetensi:
        missing = [p.value for p in Position if p not in self.position_groups]
        if missing:
            raise ValueError(f"position_groups lacks {', '.join(missing)}")
        for group in set(self.position_groups.values()):
            if group not in self.points:
                raise ValueError(f"points lacks the group {group!r}")
        if sorted(self.leadership_levels) != sorted(LeadershipLevel):
            raise ValueError("leadership_levels must list pkn1, pkn2, pka and pkp once each")
        for position, group in self.position_groups.items():
            points = self.points[group]
            if "diklat_kepemimpinan" in points and position not in self.leadership_required:
                raise ValueError(f"leadership_required lacks {position.value}")
        return self


class ScoreBand(_Strict):
    above: float | None = Field(description="lower bound, exclusive; null for the lowest band")
    points: float = Field(ge=0)


class Kinerja(_Strict):
    predicate_points: dict[Predicate, float]
    score_bands: tuple[ScoreBand, ...]
    no_appraisal_points: float = Field(ge=0)

    @model_validator(mode="after")
    def _complete(self) -> Kinerja:
        missing = [p.value for p in Predicate if p not in self.predicate_points]
        if missing:
            raise ValueError(f"predicate_points lacks {', '.join(missing)}")
        _check_bands([b.above for b in self.score_bands], "score_bands")
        return self


class Disiplin(_Strict):
    window_months: int = Field(gt=0, le=1200)
    points: dict[Literal["none", "ringan", "sedang", "berat"], float]

    @model_validator(mode="after")
    def _complete(self) -> Disiplin:
        missing = [k for k in ("none", *(p.value for p in PenaltyLevel)) if k not in self.points]
        if missing:
            raise ValueError(f"points lacks {', '.join(missing)}")
        return self


class Category(_Strict):
    name: Literal["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
    above: float | None


class JpObligation(_Strict):
    yearly_jp: float = Field(gt=0)


class RuleSet(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")
    title: str
    source: str
    dimensions: dict[DimensionName, float]
    kualifikasi: Kualifikasi
    kompetensi: Kompetensi
    kinerja: Kinerja
    disiplin: Disiplin
    categories: tuple[Category, ...]
    jp_obligation: JpObligation

    @model_validator(mode="after")
    def _within_maxima(self) -> RuleSet:
        missing = [d for d in DIMENSIONS if d not in self.dimensions]
        if missing:
            raise ValueError(f"dimensions lacks {', '.join(missing)}")
        if sum(self.dimensions.values()) != 100:
            raise ValueError("dimensions must add up to 100")
        _at_most(self.kualifikasi.points.values(), self.dimensions["kualifikasi"], "kualifikasi.points")
        for group, points in self.kompetensi.points.items():
            if sum(points.values()) > self.dimensions["kompetensi"]:
                raise ValueError(f"kompetensi.points.{group} adds up to more than the dimension's maximum")
        kinerja = [*self.kinerja.predicate_points.values(), *(b.points for b in self.kinerja.score_bands)]
        _at_most(kinerja, self.dimensions["kinerja"], "kinerja")
        _at_most(self.disiplin.points.values(), self.dimensions["disiplin"], "disiplin.points")
        if tuple(c.name for c in self.categories) != CATEGORY_NAMES:
            raise ValueError("categories must be, in order: " + ", ".join(CATEGORY_NAMES))
        _check_bands([c.above for c in self.categories], "categories")
        return self

    def __hash__(self) -> int:
        # Identity hash: rule sets are loaded once and cached, and they key per-rule-set caches.
        return id(self)


def _at_most(values: object, maximum: float, where: str) -> None:
    if any(v > maximum for v in values):  # type: ignore[attr-defined]
        raise ValueError(f"{where}: a value exceeds the dimension's maximum {maximum:g}")


def _check_bands(bounds: list[float | None], where: str) -> None:
    """Bands run from the highest lower bound down to an open-ended last band (`above: null`)."""
    if not bounds or bounds[-1] is not None or any(b is None for b in bounds[:-1]):
        raise ValueError(f"{where}: only the last band has above = null")
    numbers = [b for b in bounds[:-1] if b is not None]
    if numbers != sorted(numbers, reverse=True) or len(set(numbers)) != len(numbers):
        raise ValueError(f"{where}: bounds must decrease strictly")


def _describe(error: ValidationError) -> str:
    item = error.errors()[0]
    field = ".".join(str(p) for p in item["loc"]) or "(top level)"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{field}: {item['msg'].removeprefix('Value error, ')}{more}"


def parse_ruleset_file(path: Path) -> RuleSet:
    """Read and validate one rule set file; errors name the file and the field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleSetError(f"{path}: cannot read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise RuleSetError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    try:
        ruleset = RuleSet.model_validate(raw)
    except ValidationError as exc:
        raise RuleSetError(f"{path}: {_describe(exc)}") from None
    if path.suffix == ".json" and path.parent == RULESET_DIR and ruleset.id != path.stem:
        raise RuleSetError(f"{path}: id: {ruleset.id!r} differs from the file name {path.stem!r}")
    return ruleset


def available_rulesets() -> list[str]:
    return sorted(p.stem for p in RULESET_DIR.glob("*.json"))


@cache
def load_ruleset(name: str = DEFAULT_RULESET) -> RuleSet:
    """A rule set by id (a file in `scoring/rulesets/`) or by path to a JSON file; cached."""
    candidate = Path(name)
    if candidate.suffix == ".json" and candidate.exists():
        return parse_ruleset_file(candidate)
    path = RULESET_DIR / f"{name}.json"
    if not path.exists():
        known = ", ".join(available_rulesets())
        raise RuleSetError(f"unknown rule set {name!r}; known: {known}")
    return parse_ruleset_file(path)
