"""Pure IP ASN scoring (PermenPANRB 38/2018, Peraturan BKN 8/2019): no I/O, no Telegram.

The rules are data (`scoring/rulesets/*.json`); `docs/ipasn-rules.md` gives their legal sources and every
decision taken where the regulations are silent. The pure core is `models`, `ruleset`, `engine`, `result`,
`aggregate`, `dates` and `texts`; everything that touches files or a terminal lives in `scoring.io`.
"""

from scoring.aggregate import Tally, aggregate
from scoring.engine import category_of, jp_in_year, score
from scoring.models import (
    Education,
    EmploymentStatus,
    LeadershipLevel,
    Penalty,
    PenaltyLevel,
    Performance,
    Position,
    Predicate,
    Profile,
    Training,
    TrainingKind,
)
from scoring.result import Advice, DimensionResult, IndicatorResult, ScoreResult, UnitSummary
from scoring.ruleset import DEFAULT_RULESET, RuleSet, RuleSetError, available_rulesets, load_ruleset

__all__ = [
    "DEFAULT_RULESET",
    "Advice",
    "DimensionResult",
    "Education",
    "EmploymentStatus",
    "IndicatorResult",
    "LeadershipLevel",
    "Penalty",
    "PenaltyLevel",
    "Performance",
    "Position",
    "Predicate",
    "Profile",
    "RuleSet",
    "RuleSetError",
    "ScoreResult",
    "Tally",
    "Training",
    "TrainingKind",
    "UnitSummary",
    "aggregate",
    "available_rulesets",
    "category_of",
    "jp_in_year",
    "load_ruleset",
    "score",
]
