"""Verdicts under date uncertainty: does a claim's verdict survive every day its evidence may be?

An event's ``date_basis`` (events.csv) says how its day is known. Some bases leave a range:

=============  ==============  =====================================================
basis          range           why
=============  ==============  =====================================================
stated         [d, d]          the page states the day
weekday        [d, d]          a weekday resolved against the page's date
window         [d, d]          a validity window (e.g. an exemption's), stated
dateline       [d-2, d]        a dateline is the day of filing: the event is that day
                               or up to two days before
publication    [d-2, d]        a publication day likewise trails the event
inferred       [d-3, d+3]      worked out from context, either way
=============  ==============  =====================================================

Until events.csv has the column, every row counts as ``stated``; an empty value does too.
Month-precision events already carry their whole month and are not shifted.

For a date-reading kind (``checks.DATE_KINDS``) each evidence event with a range is moved to every
day of its range (the ends included), one event at a time, and the check re-run. Every day, not
just the ends: a claimed day inside the range is matched only there. The move changes the day the
check reads, not which events the claim's filters pick: a filter's date window (``start``,
``month``) names the event meant, so it still finds the event by its recorded day. Where the verdict
differs on some day, the verdict at the recorded date is kept and marked ``uncertain``; its
``date_note`` names the event, its basis, the days and the verdict there. The re-runs read only
the rows the check's filters can select (``selection.relevant``), so they cost little even on a
10^6-row table. The as-of view is not recomputed: an event moved past the as-of date still
counts as one the text could know.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from helpers.claims.checks import DATE_KINDS, run
from helpers.claims.selection import RECORDED_START, relevant
from helpers.claims.verdict import CheckContext, Verdict

DATE_RANGE: dict[str, tuple[int, int]] = {
    "stated": (0, 0),
    "weekday": (0, 0),
    "window": (0, 0),
    "dateline": (-2, 0),
    "publication": (-2, 0),
    "inferred": (-3, 3),
}
WIDE = [basis for basis, span in DATE_RANGE.items() if span != (0, 0)]
DEFAULT_BASIS = "stated"
SHIFTED = ("start", "end", "known_by")


def bases(events: pd.DataFrame) -> pd.Series:
    """Each event's date basis (``stated`` where the column or the value is missing)."""
    if "date_basis" not in events.columns:
        return pd.Series(DEFAULT_BASIS, index=events.index, dtype=object)
    b = events["date_basis"].astype(object)
    return b.where(b.notna() & (b != ""), DEFAULT_BASIS)


def uncertain_ids(events: pd.DataFrame) -> dict[str, str]:
    """event_id -> basis, for day-precision events whose day is a range (computed once per run)."""
    if "date_basis" not in events.columns:
        return {}
    b = bases(events)
    m = (b.isin(WIDE) & (events["date_precision"] == "day")).to_numpy(dtype=bool)
    return dict(zip(events.loc[m, "event_id"], b[m], strict=True))


def qualify(kind: str, ctx: CheckContext, params, v: Verdict, uncertain: dict[str, str]) -> Verdict:
    """``v`` marked uncertain (with a note) if it changes within an evidence event's range."""
    if kind not in DATE_KINDS or not uncertain:
        return v
    moving = [e for e in dict.fromkeys(v.evidence) if e in uncertain]
    if not moving:
        return v
    sub = relevant(ctx.events, params.filters())
    notes = []
    for eid in moving:
        basis = uncertain[eid]
        lo, hi = DATE_RANGE[basis]
        where = np.flatnonzero(sub["event_id"].to_numpy() == eid)
        if not len(where):
            continue
        day = sub["start"].iloc[where[0]]
        flips = []
        for delta in range(lo, hi + 1):
            if delta == 0:
                continue
            other = run(kind, ctx.with_events(_shift(sub, where[0], delta)), params)
            if other.verdict != v.verdict:
                flips.append((day + pd.Timedelta(days=delta), other.verdict))
        if flips:
            notes.append(_note(eid, basis, day, lo, hi, flips))
    if not notes:
        return v
    note = "Depends on the date: " + " ".join(notes)
    return replace(v, uncertain=True, date_note=note, explanation=f"{v.explanation} {note}")


def _shift(events: pd.DataFrame, pos: int, days: int) -> pd.DataFrame:
    """A copy of ``events`` with the row at ``pos`` moved by ``days`` (start, end, known_by);
    filters still find it by its recorded day (``selection.RECORDED_START``)."""
    cols = {RECORDED_START: events["start"]}
    for c in SHIFTED:
        if c in events.columns:
            a = events[c].to_numpy().copy()
            a[pos] = a[pos] + np.timedelta64(days, "D")
            cols[c] = a
    return events.assign(**cols)


def _note(eid: str, basis: str, day: pd.Timestamp, lo: int, hi: int, flips: list) -> str:
    span = f"{day + pd.Timedelta(days=lo):%Y-%m-%d} to {day + pd.Timedelta(days=hi):%Y-%m-%d}"
    by_verdict: dict[str, list[str]] = {}
    for d, verdict in flips:
        by_verdict.setdefault(verdict, []).append(f"{d:%Y-%m-%d}")
    turns = "; ".join(f"{v} if on {', '.join(ds)}" for v, ds in by_verdict.items())
    return (
        f"{eid} is dated {day:%Y-%m-%d} from its {basis} date, so it may have happened on any "
        f"day from {span}: the verdict would be {turns}."
    )
