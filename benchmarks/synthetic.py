"""A synthetic event table in the real schema (fixed seed), for benchmarks only.

Rows are random draws from the real dataset's own value sets (types, directions, countries,
persons, tiers), spread over 2021-2026, grouped into multi-stop trips. It is never mixed with
the real data and never shown in a report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import data


def synthetic_dataset(n: int = 1_000_000, seed: int = 20250630) -> data.Dataset:
    real = data.load()
    rng = np.random.default_rng(seed)
    ev = real.events
    pick = rng.integers(0, len(ev), n)
    base = ev.iloc[pick].reset_index(drop=True)
    # dates: uniform over the period, day precision for 90%
    days = rng.integers(0, (pd.Timestamp("2026-11-01") - pd.Timestamp("2017-01-01")).days, n)
    start = pd.Timestamp("2017-01-01") + pd.to_timedelta(np.sort(days), unit="D")
    month = rng.random(n) < 0.1
    raw = pd.DataFrame({c: base[c].astype(str) for c in ev.columns if c in _STRING_COLS})
    raw["event_id"] = [f"AFE{i:07d}" for i in range(n)]
    raw["date_precision"] = np.where(month, "month", "day")
    raw["start_date"] = np.where(month, start.strftime("%Y-%m"), start.strftime("%Y-%m-%d"))
    raw["end_date"] = ""
    # trips: consecutive outbound stops grouped in runs of 1-3
    stop = raw["direction"].isin(["outbound", "third_country"]).to_numpy()
    trip_no = np.cumsum(rng.random(n) < 0.6)
    raw["trip_id"] = np.where(stop, "TRP" + pd.Series(trip_no).astype(str).str.zfill(7), "")
    raw["related_trip_id"] = ""
    raw["_row"] = np.arange(2, n + 2)
    tables = {
        "events": raw,
        "sources": real.sources.assign(_row=0),
        "persons": real.persons.assign(
            un_listed_on=real.persons["un_listed_on"].dt.strftime("%Y-%m-%d").fillna(""), _row=0
        ),
        "person_roles": real.roles.assign(_row=0),
        "regions": real.regions.assign(
            transcontinental=real.regions["transcontinental"].map({True: "true", False: "false"}),
            _row=0,
        ),
    }
    typed = data.type_tables(tables)
    return data.Dataset(
        **typed, descriptor=real.descriptor, sha256="synthetic", data_dir=real.data_dir
    )


_STRING_COLS = {
    "status",
    "event_type",
    "direction",
    "host_iso3",
    "counterpart_iso3",
    "city",
    "forum",
    "lead_person_id",
    "participants",
    "counterpart_name",
    "counterpart_role",
    "counterpart_tier",
    "envoy_rank",
    "cameo_code",
    "summary",
    "notes",
}
