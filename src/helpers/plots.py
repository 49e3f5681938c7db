"""One look for every figure: a seaborn theme, a colour-blind-safe palette (Okabe-Ito), a title
that states the finding, labelled axes, and a source line under the figure.

Determinism: matplotlib writes its version and a creation date into PNG metadata; reports must be
byte-identical for the same inputs, so :func:`setup` strips both via ``savefig.metadata``-free
inline settings and fixes the DPI. Seaborn's bootstrap is avoided (``errorbar=None``) everywhere.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
VERDICT_COLOURS = {
    "supported": "#009E73",
    "partly supported": "#E69F00",
    "contradicted": "#D55E00",
    "not in data": "#999999",
    "opinion": "#CC79A7",
}


def setup() -> None:
    """Apply the theme and make inline PNGs reproducible (no timestamps, fixed size)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=OKABE_ITO)
    mpl.rcParams.update(
        {
            "figure.dpi": 96,
            "savefig.dpi": 96,
            "figure.figsize": (9, 4.5),
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "svg.hashsalt": "taliban-tracker",
            "path.simplify": True,
            # Labels are plain text: a '$' in a person's or publisher's name must not be parsed
            # as mathtext (it broke figures 01 and 02), and TeX is never used.
            "text.parse_math": False,
            "text.usetex": False,
        }
    )
    try:  # inline backend: drop PNG metadata (Software, creation time) for byte-stable output
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png", metadata={"Software": None})
    except ImportError:  # pragma: no cover - outside IPython
        pass


def finish(
    fig: plt.Figure,
    title: str,
    source_line: str,
    *,
    xlabel: str | None = None,
    ylabel: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Figure:
    """Title (the finding), axis labels with units, and the source line under the figure."""
    ax = ax or fig.axes[0]
    ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    fig.text(0.01, -0.02, source_line, ha="left", va="top", fontsize=8, color="#444444")
    fig.tight_layout()
    return fig


def month_heatmap(counts: pd.Series, title: str, source_line: str, label: str) -> plt.Figure:
    """A long monthly series as a year x month grid with the count in each cell, so every month
    can be read (a 56-bar chart cannot). ``counts`` is indexed by monthly Periods."""
    if counts.empty:
        fig, ax = plt.subplots(figsize=(9, 2))
        ax.axis("off")
        return finish(fig, title, source_line, ax=ax)
    idx = counts.index
    grid = pd.DataFrame({"year": idx.year, "month": idx.month, "n": counts.to_numpy()})
    wide = grid.pivot(index="year", columns="month", values="n").reindex(columns=range(1, 13))
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(wide) + 1.6))
    sns.heatmap(
        wide,
        annot=True,
        fmt=".0f",
        cmap="Blues",
        cbar_kws={"label": label},
        linewidths=0.5,
        linecolor="white",
        ax=ax,
        mask=wide.isna(),
    )
    ax.set_xticks(
        [i + 0.5 for i in range(12)],
        [pd.Timestamp(2000, m, 1).strftime("%b") for m in range(1, 13)],
    )
    ax.set_yticks([i + 0.5 for i in range(len(wide))], [str(y) for y in wide.index], rotation=0)
    return finish(fig, title, source_line, xlabel="month", ylabel="year", ax=ax)
