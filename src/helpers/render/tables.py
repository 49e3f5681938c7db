"""Tables a reader can search and sort offline, and read with JavaScript off.

The HTML is a plain ``<table>``; the vendored List.js (MIT, inlined once per page by the header)
adds a search box and sortable column headers. Long tables are capped (first ``cap`` rows) with
the full list in the CSV beside the report and in the event register, so a page stays light at
100 times today's data.

Column kinds: ``text`` (default), ``event`` (an event id linked to the register), ``trip`` (a trip
id linked to the register's trips section), ``events`` (';'-separated event ids), ``sources``
(a list of (url, publisher) pairs), ``date`` (display text, sorted by a hidden ISO key given in
the column ``<name>__sort``), ``fig`` (a headline figure: ``(value, measure, scope)``), ``lines`` (a list of sentences).
"""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup

from helpers.render import Fragment, csvs, current, render

CAP = 200
ENHANCE_MAX = 2000  # beyond this the plain table stays plain (browser find still works)


def _id(name: str) -> str:
    return "tbl-" + re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")


def table(
    df: pd.DataFrame,
    *,
    name: str,
    kinds: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
    cap: int | None = CAP,
    caption: str = "",
    register: str | None = None,
    csv: bool = True,
    enhance: bool = True,
    row_id: str = "",
) -> Fragment:
    """Render ``df`` (columns in order; ``*__sort`` columns are sort keys, not shown).

    ``name`` is the table's CSV file name and its element id; ``row_id`` names a column whose
    value becomes each row's ``id`` (a link target such as ``#AFE00146``). The CSV holds every row and every
    shown column as text; the page shows at most ``cap`` rows.
    """
    kinds = kinds or {}
    labels = labels or {}
    shown = [c for c in df.columns if not str(c).endswith("__sort")]
    cols = []
    values: list[str] = []
    for i, c in enumerate(shown):
        kind = kinds.get(c, "text")
        sort_key = f"{c}__sort" in df.columns
        cls = f"c{i}"
        values.append(cls)
        sort = cls
        if sort_key:
            values.append(f"s{i}")
            sort = f"s{i}"
        cols.append(
            {
                "name": c,
                "label": labels.get(c, str(c)),
                "kind": kind,
                "cls": cls,
                "sort": sort,
                "key": f"{c}__sort" if sort_key else "",
                "i": i,
            }
        )
    total = len(df)
    view = df if cap is None or total <= cap else df.head(cap)
    rows = view.to_dict("records")
    html = render(
        "table.html.j2",
        id=_id(name),
        name=name,
        cols=cols,
        rows=rows,
        values=values,
        total=total,
        shown=len(view),
        caption=caption,
        register=current.register if register is None else register,
        csv_href=f"{current.notebook}/{name}.csv"
        if csv and current.notebook
        else (f"{name}.csv" if csv else ""),
        enhance=enhance and 1 < len(view) <= ENHANCE_MAX,
        row_id=row_id,
    )
    extra = csvs.bundle(name, csv_frame(df, shown, kinds)) if csv else {}
    return Fragment(html, extra)


def csv_frame(df: pd.DataFrame, shown: list[str], kinds: dict[str, str]) -> pd.DataFrame:
    """What the CSV holds: the shown columns as plain text (sources as 'publisher <url>')."""
    out = pd.DataFrame(index=df.index)
    for c in shown:
        kind = kinds.get(c, "text")
        if kind == "sources":
            out[c] = df[c].map(lambda v: " | ".join(f"{p} <{u}>" for u, p in (v or [])))
        elif kind == "lines":
            out[c] = df[c].map(lambda v: " | ".join(v or []))
        elif kind == "fig":
            out[c] = df[c].map(lambda v: v[0] if isinstance(v, tuple) else v)
        else:
            out[c] = df[c].map(
                lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else v
            )
    return out.reset_index(drop=True)


def figure_tag(value: object, measure: str, scope: str) -> Markup:
    """A headline figure as ``<data>``: its measure and scope travel with it, so a test can
    check that two figures with the same definition on one page agree."""
    return render("figure_tag.html.j2", value=value, measure=measure, scope=scope)
