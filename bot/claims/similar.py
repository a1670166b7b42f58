"""When two learning activities are the same one: the duplicate warning and the closing of claims by imports.

Rules (docs/ipasn-rules.md, "Provenance and the two figures"): the same kind and the same (end) date, and the
same title (ignoring case, spacing and punctuation) or the same JP. The title alone is not enough: SIASN and
certificates name one training in several ways, and one day holds one training of a kind far more often than
two of the same length.
"""

from __future__ import annotations

from datetime import date

from scoring.io.values import fold
from scoring.models import TrainingKind

JP_TOLERANCE = 1e-6


def looks_same(kind: TrainingKind | str, end: date, title: str, jp: float,
               other_kind: TrainingKind | str, other_end: date, other_title: str, other_jp: float) -> bool:
    return (str(kind) == str(other_kind) and end == other_end
            and (fold(title) == fold(other_title) or abs(jp - other_jp) < JP_TOLERANCE))
