"""What each assessment lacks: scoring's own advice, one row per advised step, kept beside the snapshot.

No `from __future__ import annotations` in table modules: SQLModel reads the annotations at class creation.

The unit views ask "how many lack each indicator, and how many points would the mean gain" of tens of
thousands of latest assessments at once; re-scoring every stored profile for that would take seconds. So the
advice (`ScoreResult.advice`: code and gain) is stored when the assessment is, for the declared and the
verified figure, and summed by the database. Like the assessment it belongs to, it is never changed.
"""

from sqlmodel import Field, SQLModel

import bot.storage.base  # noqa: F401  (the naming convention first)


class AssessmentGap(SQLModel, table=True):
    """One step of an assessment's advice: meeting `code` would add `gain` points (rules §8)."""

    __tablename__ = "assessment_gap"

    assessment_id: int = Field(foreign_key="assessment.id", ondelete="CASCADE", primary_key=True)
    figure: str = Field(max_length=16, primary_key=True, description="declared or verified")
    code: str = Field(max_length=32, primary_key=True, description="The indicator (`Advice.code`)")
    gain: float
