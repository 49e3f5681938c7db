"""What the notebooks call: ``start()`` (parameters, data, theme, the page header with navigation
and citation) and the fragments every report uses. Each report's own tables, figures and key
findings live in one module of :mod:`helpers.reporting`, re-exported here by short name::

    from helpers import report as r
    ctx = r.start(notebook="02_trip_counts", ...)
    r.trips.key_findings(ctx)
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
