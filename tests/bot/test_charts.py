"""Charts: a count's labels stay beside their bars whatever the scale (a team's five categories)."""

from __future__ import annotations

from typing import Any

import pytest

from bot import charts


def test_bar_labels_sit_beside_their_bars_on_a_small_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[Any] = []
    monkeypatch.setattr(charts, "_png", lambda figure: drawn.append(figure) or b"")
    charts.bar_chart(["Very High", "High", "Medium", "Low", "Very Low"], [0, 0, 0, 0, 1], "team", limit=1.0)

    (axes,) = drawn[0].axes
    low, high = axes.get_xlim()
    for text, value in zip(axes.texts, [0, 0, 0, 0, 1], strict=True):
        x = text.get_position()[0]
        assert low <= x <= high  # the "1" used to land outside the chart
        assert 0 <= x - value <= (high - low) * 0.05  # right beside its bar, not halfway across
    assert all(float(tick).is_integer() for tick in axes.get_xticks())  # no 0.2 people
