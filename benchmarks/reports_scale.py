"""Report pages at 100 times today's data: render report 02 and the event register in process on
a synthetic copy (benchmarks/synthetic.py; two synthetic source rows per event), and print each
page's size and the time to compute it. Used to check that reader pages stay under 5 MB.

    .venv/bin/python benchmarks/reports_scale.py [factor] [out.html folder]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
from synthetic import synthetic_dataset  # noqa: E402

from helpers import data, params  # noqa: E402
from helpers.render import page as pg  # noqa: E402
from helpers.reporting import register, trips  # noqa: E402
from helpers.reporting.base import Context  # noqa: E402


def main(factor: int = 100, out: Path | None = None) -> None:
    real = data.load()
    ds = synthetic_dataset(len(real.events) * factor)
    ev = ds.events["event_id"]
    ds.sources = pd.DataFrame(
        {
            "event_id": pd.concat([ev, ev], ignore_index=True),
            "url": [f"https://example.org/{i}" for i in range(2 * len(ev))],
            "publisher": ["Synthetic"] * (2 * len(ev)),
            "published": "",
            "quote": "",
        }
    )
    ds.sha256 = "0" * 64
    w = params.Window(
        pd.Timestamp("2026-10-31"), pd.Timestamp("2021-08-15"), pd.Timestamp("2026-10-31")
    )
    pages = {
        "02_trip_counts": (
            trips,
            [
                "key_findings",
                "counts_table",
                "fig_trips_by_month",
                "fig_by_person",
                "fig_by_host",
                "region_table",
                "outside_asia",
                "sanctioned_view",
                "trips_per_year_view",
                "trip_stops",
            ],
        ),
        "08_events": (register, ["key_findings", "trips", "events"]),
    }
    from helpers.render import csvs
    from helpers.reporting.base import locate_ids

    locate_ids(ds)
    cat = pg.Catalogue({"current": {"title": "synthetic"}}, {k: k for k in pages})
    for name, (mod, calls) in pages.items():
        ctx = Context(ds, w, "current", name)
        t0 = time.perf_counter()
        parts = [
            pg.header(
                ds,
                title=name,
                notebook=name,
                edition="current",
                params={},
                input_hash="",
                as_of=w.as_of,
                cat=cat,
            ).html
        ]
        files: dict[str, str] = {}
        for c in calls:
            frag = getattr(mod, c)(ctx)
            parts.append(frag.html)
            files.update(frag.extra.get(csvs.MIMETYPE, {}).get("files", {}))
        html = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
            + "\n".join(parts)
            + "</body></html>"
        )
        secs = time.perf_counter() - t0
        pages = {n: t for n, t in files.items() if n.endswith(".html")}
        biggest = max((len(t.encode()) for t in pages.values()), default=0)
        print(
            f"{name}: {len(ds.events):,} events, {len(html.encode()) / 1e6:.2f} MB, {secs:.1f} s; "
            f"{len(pages)} further pages, largest {biggest / 1e6:.2f} MB"
        )
        if out:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{name}.html").write_text(html, encoding="utf-8")
            for n, t in files.items():
                (out / name).mkdir(exist_ok=True)
                (out / name / n).write_text(t, encoding="utf-8")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100,
        Path(sys.argv[2]) if len(sys.argv) > 2 else None,
    )
