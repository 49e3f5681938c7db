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


def synthetic_folder(dst, factor: int = 100, src=None):
    """A data folder holding ``factor`` copies of every event and its sources (new event and trip
    ids; everything else as in the real rows), for timing a build at scale. The descriptor's id
    patterns are widened to fit the larger ids; persons, roles, regions, registries and shapes are
    the real ones. Returns the folder."""
    import csv
    import json
    import shutil
    from pathlib import Path

    from helpers.paths import DATA_DIR

    src, dst = Path(src or DATA_DIR), Path(dst)
    shutil.copytree(src, dst)
    desc = json.loads((src / "datapackage.json").read_text(encoding="utf-8"))
    text = json.dumps(desc, indent=2, ensure_ascii=False)
    text = text.replace('"AFE[0-9]{5}"', '"AFE[0-9]{5,8}"').replace(
        '"TRP[0-9]{4}"', '"TRP[0-9]{4,8}"'
    )
    (dst / "datapackage.json").write_text(text + "\n", encoding="utf-8")

    def rows(name):
        with (src / name).open(encoding="utf-8", newline="") as fh:
            r = csv.DictReader(fh)
            return r.fieldnames, list(r)

    ev_cols, events = rows("events.csv")
    src_cols, sources = rows("sources.csv")
    by_event: dict[str, list[dict]] = {}
    for s in sources:
        by_event.setdefault(s["event_id"], []).append(s)
    new_events, new_sources = [], []
    for k in range(factor):
        for e in events:
            eid = e["event_id"] if k == 0 else f"AFE{k:03d}{e['event_id'][3:]}"

            def trip(t, k=k):
                return t if not t or k == 0 else f"TRP{k:03d}{t[3:]}"

            new_events.append(
                dict(e, event_id=eid, trip_id=trip(e["trip_id"]),
                     related_trip_id=trip(e.get("related_trip_id", "")))
            )  # fmt: skip
            new_sources += [dict(s, event_id=eid) for s in by_event.get(e["event_id"], [])]
    for name, cols, out in (
        ("events.csv", ev_cols, new_events),
        ("sources.csv", src_cols, new_sources),
    ):
        with (dst / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, cols, lineterminator="\n")
            w.writeheader()
            w.writerows(out)
    return dst
