"""Report 05: every claim of the registered text with its verdict, then and now."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from markupsafe import Markup

from helpers import claims, plots
from helpers.render import Fragment, csvs, current, dates, figures, page, render
from helpers.render.tables import figure_tag, table
from helpers.reporting.base import Context


def scorecard(ctx: Context, claims_file: str) -> tuple[claims.Registry, pd.DataFrame]:
    """The registry (confined to ``data/claims/`` of the dataset in use, ids checked against it)
    and its scorecard."""
    path = Path(claims_file)
    if not path.is_absolute():
        path = ctx.ds.data_dir / path
    reg = claims.load_registry(path, data_dir=ctx.ds.data_dir, dataset=ctx.ds)
    if reg.problems:
        raise claims.RegistryError(reg.issues)
    return reg, claims.scorecard(ctx.ds, reg)


def _evidence_dates(ctx: Context) -> dict[str, str]:
    """'27 Apr 2025, weekday': each event's date as precise as the data knows it, and how the day
    is known (a publication or dateline day may be a day or two after the event)."""
    e = ctx.ds.events
    when = dates.column(e)
    return {i: f"{d}, {b}" for i, d, b in zip(e["event_id"], when, e["date_basis"], strict=True)}


def describe(reg: claims.Registry) -> Fragment:
    s = reg.source
    return page.paragraph(
        f"{s.get('title', '')}, {s.get('outlet', '')} ({s.get('date', '')}); claims checked as of {reg.as_of}."
    )


def key_findings(ctx: Context, sc: pd.DataFrame) -> Fragment:
    checkable = sc[sc["verdict"] != "opinion"]
    v = checkable["verdict"].value_counts()
    changed = int(sc["changed"].sum())
    items = [
        Markup(
            "Of {} checkable readings, as of the text's date: {} supported, {} partly "
            "supported, {} contradicted, {} not in the data."
        ).format(
            figure_tag(len(checkable), "checkable readings", "text"),
            int(v.get("supported", 0)),
            int(v.get("partly supported", 0)),
            int(v.get("contradicted", 0)),
            int(v.get("not in data", 0)),
        ),
        f"{changed} readings change verdict when later events are counted (as of the newest event).",
        "'Not in data' means the sourcing found nothing, not that the claim is false: the data is a "
        "lower bound.",
    ]
    return page.findings(items)


def fig_verdicts(ctx: Context, sc: pd.DataFrame, as_of_label: str) -> Fragment:
    order = list(plots.VERDICT_COLOURS)
    a = sc["verdict"].value_counts().reindex(order, fill_value=0)
    b = sc["verdict_today"].value_counts().reindex(order, fill_value=0)
    long = pd.DataFrame(
        {
            "verdict": order * 2,
            "count": list(a) + list(b),
            "as of": ["article's date"] * len(order) + [as_of_label] * len(order),
        }
    )
    fig, ax = plt.subplots(figsize=(9, 4))
    sns.barplot(
        data=long,
        y="verdict",
        x="count",
        hue="as of",
        ax=ax,
        errorbar=None,
        palette=[plots.OKABE_ITO[0], plots.OKABE_ITO[1]],
    )
    checkable = int((sc["verdict"] != "opinion").sum())
    title = f"{int(a['supported'])} of {checkable} checkable readings are supported as of the article's date"
    fig = plots.finish(
        fig, title, ctx.source_line, xlabel="claim readings (count)", ylabel="verdict", ax=ax
    )
    data = pd.DataFrame(
        {"verdict": order, "as of the text's date": list(a), f"as of {as_of_label}": list(b)}
    )
    return figures.figure(
        fig,
        "Bar chart counting claim readings by verdict, as of the text's date and as of the newest event.",
        data,
        "verdicts",
    )


def scorecard_view(ctx: Context, sc: pd.DataFrame) -> Fragment:
    """The verdict table with each claim's evidence events linked to the register and sources."""
    rows = []
    seen: set[str] = set()
    when = _evidence_dates(ctx)
    for _, r in sc.iterrows():
        rows.append(
            {
                "anchor": "" if r["claim_id"] in seen else r["claim_id"],  # one id per claim
                "claim_id": r["claim_id"],
                "quote": r["quote"],
                "reading": r["reading"],
                "verdict": r["verdict"],
                "verdict_today": r["verdict_today"],
                "computed_today": r["computed_today"] if r["changed"] else "",
                "claimed": r["claimed"],
                "computed": r["computed"],
                "explanation": r["explanation"],
                "colour": plots.VERDICT_COLOURS.get(r["verdict"], "#999"),
                "colour_today": plots.VERDICT_COLOURS.get(r["verdict_today"], "#999"),
                "evidence": [
                    (e, when.get(e, ""), ctx.sources_by_event.get(e, []))
                    for e in r["evidence"][:12]
                ],
                "date_note": r["date_note"] if r["uncertain"] else "",
                "date_note_today": r["date_note_today"] if r["uncertain_today"] else "",
                "changed_on": r["changed_on"] or "",
                "changed_by": list(r["changed_by"] or []),
                "more": max(0, len(r["evidence"]) - 12),
            }
        )
        seen.add(r["claim_id"])
    html = render("scorecard.html.j2", rows=rows, register=current.register)
    csv = sc[
        [
            "claim_id",
            "quote",
            "reading",
            "verdict",
            "verdict_today",
            "claimed",
            "computed",
            "explanation",
            "date_note",
            "changed_on",
        ]
    ].copy()
    csv["evidence"] = [";".join(e) for e in sc["evidence"]]
    csv["evidence_dates"] = [";".join(e) for e in sc["evidence_dates"]]
    csv["changed_by"] = [";".join(e or []) for e in sc["changed_by"]]
    return Fragment(html, csvs.bundle("claims", csv))


def changed_claims(sc: pd.DataFrame) -> Fragment:
    t = sc.loc[sc["changed"], ["claim_id", "reading", "verdict", "verdict_today", "computed_today"]]
    t = t.rename(
        columns={
            "claim_id": "claim",
            "verdict": "verdict (text's date)",
            "verdict_today": "verdict (newest event)",
            "computed_today": "computed (newest event)",
        }
    )
    return table(t, name="changed_claims", cap=None)
