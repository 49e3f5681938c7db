"""One definition per headline figure (events, sources, trips, countries), used by the report
header, the index page, the key findings and the tables, so two places cannot disagree.

Scopes, and why two figures for one measure can differ by design:

* ``dataset``: every row in ``data/`` (all dates, all statuses, pre-takeover baselines too).
* ``view``: the rows a report can see on its as-of date: an event counts only once it is certainly
  over (a month-precision event from its month's last day). A view can be smaller than the
  dataset; :func:`why_view_differs` says by how many rows and why.
* ``window``: trip figures inside the report's window (occurred trip stops since the takeover).

"Sources" means distinct source pages (URLs); one page can support several events, so the number
of citations (event x page rows in ``sources.csv``) is given beside it under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import counting


@dataclass(frozen=True)
class Sourcing:
    events: int
    pages: int  # distinct URLs
    citations: int  # rows of sources.csv (event x page)
    publishers: int


def sourcing(events: pd.DataFrame, sources: pd.DataFrame) -> Sourcing:
    """Events and their sources (restricted to those events)."""
    s = sources[sources["event_id"].isin(events["event_id"])]
    return Sourcing(
        events=int(len(events)),
        pages=int(s["url"].nunique()),
        citations=int(len(s)),
        publishers=int(s["publisher"].nunique()),
    )


def dataset_figures(ds) -> Sourcing:
    """Scope ``dataset``: every row of ``data/``."""
    return sourcing(ds.events, ds.sources)


def view_figures(ds, as_of: pd.Timestamp | None) -> Sourcing:
    """Scope ``view``: what a report dated ``as_of`` can see."""
    return sourcing(counting.as_of(ds.events, as_of), ds.sources)


def trip_figures(stops: pd.DataFrame) -> dict[str, int]:
    """Scope ``window``: the four trip counts (see :func:`helpers.counting.headline`)."""
    return counting.headline(stops)


def why_view_differs(ds, as_of: pd.Timestamp | None) -> str:
    """One sentence on why the view holds fewer events than the dataset ('' when it does not)."""
    view = counting.as_of(ds.events, as_of)
    n = len(ds.events) - len(view)
    if n <= 0 or as_of is None:
        return ""
    later = ds.events[~ds.events["event_id"].isin(view["event_id"])]
    month = int((later["date_precision"].astype(str) == "month").sum())
    what = "event is" if n == 1 else "events are"
    tail = (
        f" ({month} of them known only to the month, which counts from the month's last day)"
        if month
        else ""
    )
    return (
        f"{n:,} {what} not counted in this view: not certainly over by its as-of date "
        f"{as_of:%Y-%m-%d}{tail}."
    )
