"""Chart images for Telegram (PNG bytes), drawn with matplotlib's Agg renderer.

matplotlib is imported on the first chart, not when the bot starts (it costs most of a second and tens
of megabytes), and figures are made without pyplot, whose global state is not safe across the threads in
which handlers draw (`asyncio.to_thread`, so a chart never blocks other people's replies).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_BAND_COLOURS = ("#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")


def _figure(width: float, height: float) -> tuple[Figure, Any]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    return figure, figure.subplots()


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def dimensions_chart(labels: Sequence[str], points: Sequence[float], maxima: Sequence[float],
                     title: str) -> bytes:
    """Each dimension's points against its maximum, as horizontal bars."""
    figure, axes = _figure(6, 2.8)
    rows = list(range(len(labels)))[::-1]
    axes.barh(rows, maxima, color="#e0e0e0", label="max")
    axes.barh(rows, points, color="#2c7fb8")
    for row, value, maximum in zip(rows, points, maxima, strict=True):
        axes.text(maximum + 0.5, row, f"{value:g} / {maximum:g}", va="center", fontsize=9)
    axes.set_yticks(rows, labels)
    axes.set_xlim(0, max(maxima) * 1.35)
    axes.set_title(title, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def trend_chart(days: Sequence[date], totals: Sequence[float], title: str) -> bytes:
    """Totals over time over the category bands (≤60, 70, 80, 90, 100)."""
    figure, axes = _figure(6, 3)
    edges = (0, 60, 70, 80, 90, 100)
    for low, high, colour in zip(edges[:-1], edges[1:], _BAND_COLOURS, strict=True):
        axes.axhspan(low, high, color=colour, alpha=0.18, linewidth=0)
    # One point per assessment, labelled by its date: assessments are irregular, a time axis adds nothing.
    positions = list(range(len(days)))
    axes.plot(positions, list(totals), marker="o", color="#253494")
    axes.set_xticks(positions, [d.strftime("%d-%m-%Y") for d in days])
    for position, total in zip(positions, totals, strict=True):
        axes.annotate(f"{total:g}", (position, total), textcoords="offset points", xytext=(0, 6),
                      ha="center", fontsize=8)
    axes.set_ylim(0, 100)
    axes.set_title(title, fontsize=11)
    figure.autofmt_xdate()
    return _png(figure)


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str, *, limit: float = 100) -> bytes:
    """Horizontal bars of one value per label, e.g. the mean index per unit."""
    height = max(2.5, 0.35 * len(labels) + 1)
    figure, axes = _figure(6.5, height)
    rows = list(range(len(labels)))[::-1]
    axes.barh(rows, values, color="#2c7fb8")
    for row, value in zip(rows, values, strict=True):
        # The label just right of its bar, in proportion to the scale: a fixed 0.5 put a count's "0" in the
        # middle of a chart whose limit is 1, and the "1" outside it.
        axes.text(value + limit * 0.01, row, f"{value:g}", va="center", fontsize=8)
    axes.set_yticks(rows, labels, fontsize=8)
    axes.set_xlim(0, limit * 1.1)
    if all(float(value).is_integer() for value in values):  # counts: no 0.2 people on the axis
        from matplotlib.ticker import MaxNLocator

        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(title, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)
