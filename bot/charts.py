"""Chart images for Telegram (PNG bytes), drawn with matplotlib's Agg renderer.

matplotlib is imported on the first chart, not when the bot starts (it costs most of a second and tens
of megabytes), and figures are made without pyplot, whose global state is not safe across the threads in
which handlers draw (`asyncio.to_thread`, so a chart never blocks other people's replies).

Every chart reads as the reader writes numbers: a decimal comma in Indonesian (72,5), whole numbers on an
axis that counts people, and every value label inside the plot (just past the end of its bar, the axis
leaving room for it), so no label is cut off at the edge of the image.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.texts import Lang
from scoring.texts import number

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_BAND_COLOURS = ("#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")
_BAR = "#2c7fb8"


def _figure(width: float, height: float) -> tuple[Figure, Any]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    return figure, figure.subplots()


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def _axis_numbers(axis: Any, lang: Lang, *, whole: bool) -> None:
    """Tick labels in the reader's notation; `whole`: only whole-number ticks (an axis that counts)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if whole:
        axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda value, _position: number(value, lang)))


def _bar_labels(axes: Any, rows: Sequence[int], values: Sequence[float], texts: Sequence[str], right: float,
                fontsize: float) -> None:
    """Each bar's label just past its end, in proportion to the scale (a fixed offset put a count's "0" in
    the middle of a chart whose limit is 1, and the "1" outside it); the axis leaves room for it."""
    for row, value, text in zip(rows, values, texts, strict=True):
        axes.text(value + right * 0.01, row, text, va="center", ha="left", fontsize=fontsize, color="#222222")


def dimensions_chart(labels: Sequence[str], points: Sequence[float], maxima: Sequence[float],
                     title: str, lang: Lang = "id") -> bytes:
    """Each dimension's points against its maximum, as horizontal bars; "points / maximum" past the grey bar."""
    figure, axes = _figure(6, 2.8)
    rows = list(range(len(labels)))[::-1]
    axes.barh(rows, maxima, color="#e0e0e0")
    axes.barh(rows, points, color=_BAR)
    right = max(maxima) * 1.4
    for row, value, maximum in zip(rows, points, maxima, strict=True):
        axes.text(maximum + right * 0.012, row, f"{number(value, lang)} / {number(maximum, lang)}", va="center",
                  fontsize=9)
    axes.set_yticks(rows, labels)
    axes.set_xlim(0, right)
    _axis_numbers(axes.xaxis, lang, whole=False)
    axes.set_title(title, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def trend_chart(days: Sequence[date], totals: Sequence[float], title: str, lang: Lang = "id") -> bytes:
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
        above = total <= 92  # a label above a point near 100 would leave the plot: it goes below
        axes.annotate(number(total, lang), (position, total), textcoords="offset points",
                      xytext=(0, 6 if above else -12), ha="center", fontsize=8)
    axes.set_ylim(0, 100)
    axes.set_yticks(range(0, 101, 20))
    axes.set_xlim(-0.4, len(positions) - 0.6)  # the first and last points clear of the frame
    axes.set_title(title, fontsize=11)
    figure.autofmt_xdate()
    return _png(figure)


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str, *, lang: Lang = "id",
              limit: float = 100, counts: bool = False) -> bytes:
    """Horizontal bars of one value per label, e.g. the mean index per unit (`limit` 100) or how many people
    are in each category (`counts`, or every value whole: whole-number ticks)."""
    height = max(2.5, 0.35 * len(labels) + 1)
    figure, axes = _figure(6.5, height)
    rows = list(range(len(labels)))[::-1]
    axes.barh(rows, values, color=_BAR)
    right = max(limit, 1.0) * 1.12
    whole = counts or all(float(value).is_integer() for value in values)  # counts: no 0.2 people on the axis
    _bar_labels(axes, rows, values, [number(value, lang) for value in values], right, fontsize=8)
    axes.set_yticks(rows, labels, fontsize=8)
    axes.set_xlim(0, right)
    _axis_numbers(axes.xaxis, lang, whole=whole)
    axes.set_title(title, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)
