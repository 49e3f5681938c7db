"""The scorecard: each claim reading as of the text's date and as of the newest event.

Beyond the two verdicts it says, per reading, the date and basis of each evidence event, and for
a reading whose verdict differs between the two dates, the first date after the text's as-of date
at which it changed and the event(s) that changed it.

Finding that date efficiently: a verdict can change only when an event its filters select becomes
known (or, for a UN-listing claim, when a listing date passes). So the candidate dates are those
events' ``known_by`` dates after the as-of date, in order; the check is re-run at each on just the
rows its filters can select (``selection.relevant``), stopping at the first change. A verdict may
change and change back; that first change is what is reported.
"""

from __future__ import annotations

import pandas as pd

from helpers.claims.checks import run
from helpers.claims.evaluation import context, evaluate
from helpers.claims.loading import Registry
from helpers.claims.schema import Entry
from helpers.claims.selection import relevant
from helpers.claims.uncertainty import bases
from helpers.claims.verdict import CheckContext
from helpers.counting import newest_event_date
from helpers.data import Dataset


def scorecard(ds: Dataset, registry: Registry) -> pd.DataFrame:
    """Each claim reading with its verdict as of the text's date and as of the newest event.

    Columns added to :func:`evaluate`'s: ``verdict_today``, ``computed_today``,
    ``evidence_today``, ``uncertain_today``, ``date_note_today``, ``changed``;
    ``evidence_dates`` (``"AFE00172 2025-05-30 (stated)"`` per evidence event);
    ``changed_on`` (first date the verdict differs from the text's date, or "") and
    ``changed_by`` (the event ids that became known that day, or the person whose listing did).
    """
    newest = newest_event_date(ds)
    then = evaluate(ds, registry)
    now = evaluate(ds, registry, newest)
    key = ["claim_id", "reading"]
    today = now[key + ["verdict", "computed", "evidence", "uncertain", "date_note"]]
    merged = then.merge(today, on=key, suffixes=("", "_today"))
    merged["changed"] = merged["verdict"] != merged["verdict_today"]
    label = _date_labels(ds)
    merged["evidence_dates"] = [[label.get(e, e) for e in ev] for ev in merged["evidence"]]
    entries = {e.id: e for e in registry.claims}
    on, by = [], []
    for r in merged.itertuples():
        if r.changed:
            d, who = first_change(ds, entries[r.claim_id], r.reading, r.verdict, registry, newest)
        else:
            d, who = "", []
        on.append(d)
        by.append(who)
    merged["changed_on"] = on
    merged["changed_by"] = by
    return merged


def first_change(
    ds: Dataset,
    entry: Entry,
    reading: str,
    verdict: str,
    registry: Registry,
    until: pd.Timestamp,
) -> tuple[str, list[str]]:
    """(date, what changed) for the first day after the as-of date the verdict is not ``verdict``."""
    params = dict(entry.readings())[reading]
    start = pd.Timestamp(registry.as_of)
    full = context(ds, until)
    sub = relevant(full.events, params.filters())
    known = sub["known_by"]
    dates = {d: list(sub.loc[known == d, "event_id"]) for d in known[known > start].unique()}
    for pid in getattr(params, "persons_listed", None) or []:
        p = ds.persons.loc[ds.persons["person_id"] == pid, "un_listed_on"]
        if len(p) and pd.notna(p.iloc[0]) and start < p.iloc[0] <= until:
            dates.setdefault(p.iloc[0], []).append(pid)
    for d in sorted(dates):
        ctx = CheckContext(sub[known <= d], ds.persons, ds.regions, pd.Timestamp(d))
        if run(entry.kind, ctx, params).verdict != verdict:
            return f"{pd.Timestamp(d):%Y-%m-%d}", dates[d]
    return "", []


def _date_labels(ds: Dataset) -> dict[str, str]:
    """event_id -> "AFE00172 2025-05-30 (stated)" (the date as precisely as the data knows)."""
    ev = ds.events
    day = ev["start"].dt.strftime("%Y-%m-%d")
    month = ev["start"].dt.strftime("%Y-%m")
    shown = day.where(ev["date_precision"].astype(str) == "day", month)
    basis = bases(ev)
    return dict(zip(ev["event_id"], ev["event_id"] + " " + shown + " (" + basis + ")", strict=True))


def evidence_table(ds: Dataset, event_ids: list[str]) -> pd.DataFrame:
    """Events with their sources (and how each date is known), for a claim's evidence."""
    ev = ds.events[ds.events["event_id"].isin(event_ids)].assign(date_basis=bases(ds.events))
    src = ds.sources[ds.sources["event_id"].isin(event_ids)]
    cols = ["event_id", "start_date", "date_basis", "event_type", "host_iso3", "counterpart_iso3"]
    return ev[[*cols, "summary"]].merge(
        src[["event_id", "publisher", "url", "quote"]], on="event_id", how="left"
    )
