"""Every report at hand, for interactive work in JupyterLab: ``start()`` (parameters, data,
theme, the page header with navigation and citation), the shared fragments, and each report's
module of :mod:`helpers.reporting` by short name::

    from helpers import report as r
    ctx = r.start(notebook="02_trip_counts", ...)
    r.trips.key_findings(ctx)

The report notebooks themselves import only their own module and ``base`` (``from
helpers.reporting import base, trips as rep``): a kernel then loads only what its report uses,
and the build's per-report key (helpers.build.keys, read from the imports) covers only that
module, so editing one report's module re-runs that report alone.
"""

from __future__ import annotations

from helpers.render.figures import figure
from helpers.render.page import bullets, findings, paragraph
from helpers.render.tables import table
from helpers.reporting import (
    dataset,
    firsts,
    register,
    representation,
    scorecard,
    timeline,
    trips,
    worldmap,
)
from helpers.reporting.base import Context, event_frame, events_table, start

REPORTS = {
    "01_dataset": dataset,
    "02_trip_counts": trips,
    "03_first_visits": firsts,
    "04_milestones": timeline,
    "05_claims_scorecard": scorecard,
    "06_representation": representation,
    "07_map": worldmap,
    "08_events": register,
}

__all__ = [
    "REPORTS",
    "Context",
    "bullets",
    "dataset",
    "event_frame",
    "events_table",
    "figure",
    "findings",
    "firsts",
    "paragraph",
    "register",
    "representation",
    "scorecard",
    "start",
    "table",
    "timeline",
    "trips",
    "worldmap",
]
