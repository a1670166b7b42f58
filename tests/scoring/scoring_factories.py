"""Small builders for scoring tests: profiles from keyword arguments, and rule set files to tweak.

Named uniquely (not `factories`) because test folders are not packages: pytest puts each on `sys.path`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from scoring import Profile, ScoreResult, score
from scoring.ruleset import RULESET_DIR

AS_OF = date(2026, 11, 28)
"""The assessment date of most tests (the rules' own example: its 12-month window starts 29 Nov 2025)."""

STRUCTURAL = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")
POSITIONS = (*STRUCTURAL, "fungsional", "pelaksana")
REQUIRED_LEVEL = {
    "jpt_utama": "pkn1",
    "jpt_madya": "pkn1",
    "jpt_pratama": "pkn2",
    "administrator": "pka",
    "pengawas": "pkp",
}
LEVELS_HIGHEST_FIRST = ("pkn1", "pkn2", "pka", "pkp")


def profile(
    position: str = "pelaksana",
    education: str = "s1",
    *,
    trainings: list[dict[str, Any]] | None = None,
    performance: dict[str, Any] | None = None,
    penalties: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> Profile:
    return Profile.model_validate(
        {
            "position": position,
            "education": education,
            "trainings": trainings or [],
            "performance": performance,
            "penalties": penalties or [],
            **extra,
        }
    )


def training(kind: str, day: date, jp: float = 0, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "date": day.isoformat(), "jp": jp, **extra}


def technical(day: date, jp: float = 20, **extra: Any) -> dict[str, Any]:
    return training("teknis", day, jp, **extra)


def seminar(day: date, jp: float = 4) -> dict[str, Any]:
    return training("seminar", day, jp)


def leadership(level: str, day: date = date(2015, 5, 1)) -> dict[str, Any]:
    return training("kepemimpinan", day, level=level)


def functional(day: date = date(2018, 8, 1), *, matches: bool | None = True) -> dict[str, Any]:
    return training("fungsional", day, matches_position=matches)


def penalty(level: str, day: date) -> dict[str, str]:
    return {"level": level, "date": day.isoformat()}


def scored(p: Profile, as_of: date = AS_OF, **kwargs: Any) -> ScoreResult:
    return score(p, as_of=as_of, **kwargs)


def indicator(result: ScoreResult, code: str) -> Any:
    """The indicator `code` wherever it is, or None when the position does not have it."""
    for dimension in result.dimensions.values():
        for item in dimension.indicators:
            if item.code == code:
                return item
    return None


def default_rules_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RULESET_DIR / "perban-bkn-8-2019.json").read_text(encoding="utf-8"))
    return data


def write_rules(directory: Path, data: dict[str, Any], name: str = "agency-rules.json") -> Path:
    path = directory / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
