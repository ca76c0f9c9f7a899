"""Report charts with matplotlib (Agg backend, no pyplot state): PNG bytes for the renderers.

Each chart function takes the DataFrame of a :class:`reports.document.Chart` block and
returns a ``matplotlib.figure.Figure``; :func:`render_png` draws one by kind. Labels are passed
as stored: matplotlib (3.11+, libraqm) shapes and orders Urdu/Arabic text itself, unlike
reportlab (see :mod:`reports.render.scripts`). matplotlib is
imported only here, and this module only when a PDF or Markdown report is rendered, so
``incidentdb report --help`` and CSV reports do not pay for it.
"""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

log = logging.getLogger(__name__)

KILLED_COLOUR = "#b2182b"
WOUNDED_COLOUR = "#f4a582"
SERIES_COLOURS = ("#1b6ca8", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#666666")
WIDTH_IN = 7.0


@functools.cache
def _configure_fonts() -> None:
    """DejaVu Sans first (matplotlib's own), then an installed Arabic-script font for Urdu names."""
    from matplotlib import font_manager

    from reports.render.fonts import fallback_font_files

    families = ["DejaVu Sans"]
    for path in fallback_font_files():
        try:
            font_manager.fontManager.addfont(str(path))
            families.append(font_manager.FontProperties(fname=str(path)).get_name())
        except (OSError, RuntimeError) as exc:  # pragma: no cover - a broken font file
            log.debug("cannot use %s in charts: %s", path, exc)
    matplotlib.rcParams["font.family"] = families
    matplotlib.rcParams["font.size"] = 9


def _figure(height: float, **adjust: float) -> Figure:
    """A figure with fixed margins (constrained layout costs a third of the drawing time)."""
    _configure_fonts()
    fig = Figure(figsize=(WIDTH_IN, height))
    fig.subplots_adjust(**{"left": 0.08, "right": 0.97, "top": 0.92, "bottom": 0.12, **adjust})
    return fig


def tolls_bar(frame: pd.DataFrame) -> Figure:
    """Grouped bars of killed and wounded (best) per incident, with low–high error bars."""
    fig = _figure(3.0, top=0.95, bottom=0.1)
    ax = fig.add_subplot()
    labels = [str(x) for x in frame["label"]]
    positions = range(len(labels))
    width = 0.38
    for offset, category, colour in ((-width / 2, "killed", KILLED_COLOUR), (width / 2, "wounded", WOUNDED_COLOUR)):
        best_raw = frame[f"{category}_best"].astype("Float64").astype(float).to_numpy()
        best = np.nan_to_num(best_raw, nan=0.0)
        low = frame[f"{category}_low"].astype("Float64").astype(float).to_numpy()
        high = frame[f"{category}_high"].astype("Float64").astype(float).to_numpy()
        below = np.clip(best - np.where(np.isnan(low), best, low), 0, None)
        above = np.clip(np.where(np.isnan(high), best, high) - best, 0, None)
        xs = [p + offset for p in positions]
        bars = ax.bar(xs, best, width, label=category.capitalize(), color=colour,
                      yerr=[below, above], capsize=3, error_kw={"elinewidth": 0.8, "ecolor": "#333333"})
        for bar, value, top, known in zip(bars, best, best + above, frame[f"{category}_best"].notna(), strict=True):
            ax.annotate(f"{int(value):,}" if known else "?", (bar.get_x() + bar.get_width() / 2, top),
                        xytext=(0, 2), textcoords="offset points", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(positions), labels)
    ax.set_ylabel("people")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(y=0.15)
    return fig


#: Elapsed-time ticks for the timeline's x axis (hours -> label).
_ELAPSED_TICKS = ((0, "0"), (6, "6 h"), (24, "1 d"), (168, "1 wk"), (720, "1 mo"),
                  (8766, "1 yr"), (87660, "10 yr"))


def toll_timeline(frame: pd.DataFrame) -> Figure:
    """Killed and wounded as reported, one line per incident, by time since its first report.

    The time axis is linear for the first six hours and logarithmic after, so the first
    day's revisions stay readable even when a report years later (a retrospective that
    recalls the attack) gives a figure too.
    """
    fig = _figure(3.4, bottom=0.27, top=0.91, wspace=0.22)
    axes = fig.subplots(1, 2, sharex=False)
    longest = 0.0
    for ax, category in zip(axes, ("killed", "wounded"), strict=True):
        rows = frame[frame["category"] == category]
        for n, (label, group) in enumerate(rows.groupby("label", sort=False)):
            group = group.sort_values("report_number")
            if group["reported_at"].notna().all():
                hours = (group["reported_at"] - group["reported_at"].min()).dt.total_seconds() / 3600
            else:
                hours = group["report_number"].astype(float) - 1
            longest = max(longest, float(hours.max()))
            values = group["low"].astype(float)
            colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
            ax.step(hours, values, where="post", color=colour, linewidth=1.4, label=str(label))
            ax.plot(hours, values, "o", color=colour, markersize=4)
            ax.annotate(f"{int(values.iloc[-1]):,}", (hours.iloc[-1], values.iloc[-1]), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=8, color=colour)
        ax.set_title(category.capitalize(), fontsize=10)
        ax.set_xlabel("time since the first report")
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_ylim(bottom=0)
    ticks = [(h, text) for h, text in _ELAPSED_TICKS if h <= max(longest * 1.05, 24)]
    for ax in axes:
        ax.set_xscale("symlog", linthresh=6, linscale=0.6)
        ax.set_xlim(-0.5, max(longest * 1.6, 30))
        ax.set_xticks([h for h, _ in ticks], [text for _, text in ticks])
        ax.minorticks_off()
    handles, labels = axes[0].get_legend_handles_labels()
    if not handles:
        handles, labels = axes[1].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="lower center", ncols=min(4, len(labels)), frameon=False)
    return fig


def per_month(frame: pd.DataFrame) -> Figure:
    """Incidents per month and deaths per month (bars on a time axis)."""
    fig = _figure(4.2, top=0.93, bottom=0.07, hspace=0.3)
    top, bottom = fig.subplots(2, 1, sharex=True)
    months = pd.PeriodIndex(frame["month"], freq="M").to_timestamp() if len(frame) else pd.DatetimeIndex([])
    # Bars, not lines: incidents are counts, and a line between two sparse months would
    # suggest attacks in the months between. Bars narrow as months multiply.
    width = 25 if len(frame) <= 120 else 31
    for ax, column, colour, title in ((top, "incidents", "#1b6ca8", "Incidents per month"),
                                      (bottom, "killed", KILLED_COLOUR, "Deaths per month")):
        values = frame[column].astype(float).to_numpy() if len(frame) else []
        ax.bar(months, values, width=width, color=colour, align="edge", linewidth=0)
        ax.set_title(title, fontsize=10, loc="left")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_ylim(bottom=0)
    return fig


CHARTS: dict[str, Callable[[pd.DataFrame], Figure]] = {
    "tolls_bar": tolls_bar,
    "toll_timeline": toll_timeline,
    "per_month": per_month,
}


def render_png(kind: str, frame: pd.DataFrame, *, dpi: int = 150) -> tuple[bytes, tuple[float, float]]:
    """PNG bytes of chart ``kind`` and its size in inches."""
    fig = CHARTS[kind](frame)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    size = tuple(fig.get_size_inches())
    return buffer.getvalue(), (float(size[0]), float(size[1]))
