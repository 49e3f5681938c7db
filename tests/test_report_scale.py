"""Report pages at ten times today's data stay light: long tables are capped (every row stays in
the CSV), sources are joined once rather than looked up per row, and the event register splits
into pages. benchmarks/reports_scale.py runs the same at 100 times (page sizes in the README)."""

from __future__ import annotations

import sys
import time

import pandas as pd
import pytest

from helpers import params
from helpers.paths import ROOT
from helpers.render import csvs
from helpers.reporting import base, register, trips

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def big(ds):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import synthetic_dataset

    big = synthetic_dataset(10 * len(ds.events))
    ev = big.events["event_id"]
    big.sources = pd.DataFrame(
        {
            "event_id": pd.concat([ev, ev], ignore_index=True),
            "url": [f"https://example.org/{i}" for i in range(2 * len(ev))],
            "publisher": "Synthetic",
            "published": "",
            "quote": "",
        }
    )
    return big


def test_long_pages_stay_light_at_ten_times_the_data(big):
    w = params.Window(
        pd.Timestamp("2026-10-31"), pd.Timestamp("2021-08-15"), pd.Timestamp("2026-10-31")
    )
    ctx = base.Context(big, w, "current", "02_trip_counts")
    base.locate_ids(big)
    try:
        t0 = time.perf_counter()
        stops = trips.trip_stops(ctx)
        assert time.perf_counter() - t0 < 20
        assert stops.html.count("<tr") == 201  # header + the first 200 rows
        every = stops.extra[csvs.MIMETYPE]["files"]["trip_stops.csv"]
        assert len(every.splitlines()) == len(ctx.stops) + 1  # the CSV holds every stop
        assert len(stops.html.encode()) < 1_000_000
        reg = register.events(base.Context(big, w, "current", "08_events"))
        pages = reg.extra[csvs.MIMETYPE]["files"]
        assert len(pages) == -(-len(big.events) // base.REGISTER_PAGE)
        assert max(len(p.encode()) for p in pages.values()) < 5_000_000
    finally:
        from helpers.render import current

        current.locate = {}
