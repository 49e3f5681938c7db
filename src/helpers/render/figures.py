"""A figure as a reader gets it: the PNG with real alt text, the title stating the finding, a
collapsible table of the numbers under it, and the same numbers as a CSV beside the report.

PNG bytes are written without metadata (no software version or creation time), so the HTML is
byte-identical between builds.
"""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
import pandas as pd

from helpers.render import Fragment, csvs, current, render


def png(fig: plt.Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def figure(fig: plt.Figure, alt: str, data: pd.DataFrame, name: str, note: str = "") -> Fragment:
    """The figure, its numbers in a <details> table, and the same table as ``<name>.csv``."""
    shown = data.reset_index(drop=True)
    html = render(
        "figure.html.j2",
        png=png(fig),
        alt=alt,
        note=note,
        cols=[str(c) for c in shown.columns],
        rows=shown.astype(object).where(shown.notna(), "").values.tolist(),
        csv_href=f"{current.notebook}/{name}.csv" if current.notebook else f"{name}.csv",
        name=name,
    )
    return Fragment(html, csvs.bundle(name, shown))
