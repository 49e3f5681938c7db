"""Checks that read dates and order: first, date, interval, sequence.

These are the verdicts a publication-day or dateline date can turn, so the evaluation re-runs
them across each evidence event's date range (``uncertainty``).
"""

from __future__ import annotations

import pandas as pd

from helpers.claims.schema import DateCheck, FirstCheck, IntervalCheck, SequenceCheck
from helpers.claims.selection import select
from helpers.claims.verdict import CheckContext, Verdict, by_start, fmt_date, ids
from helpers.data import TAKEOVER


def check_first(ctx: CheckContext, c: FirstCheck) -> Verdict:
    cls = select(ctx.events, c.class_)
    target = select(ctx.events, {**c.class_.terms(), **c.target.terms()})
    mode = c.mode
    if target.empty:
        return Verdict(
            "not in data",
            "no matching event",
            "first",
            "The data holds no event matching the claimed one, so whether it was a first cannot "
            "be checked.",
        )
    t = by_start(target).iloc[0]
    since = {"ever": None, "since_takeover": TAKEOVER}.get(mode)
    if mode == "since_date":
        since = pd.Timestamp(str(c.since))
    earlier = by_start(cls[cls["start"] < t["start"]])
    prev = earlier.iloc[-1] if len(earlier) else None
    in_scope = earlier if since is None else earlier[earlier["start"] >= since]
    gap = c.previous_gap_years
    if len(in_scope) and not gap:
        p = in_scope.iloc[-1]
        return Verdict(
            "contradicted",
            f"earlier: {p['event_id']} on {fmt_date(p)}",
            f"first ({mode})",
            f"An earlier matching event ({p['event_id']}, {fmt_date(p)}: {p['summary']}) "
            f"precedes {t['event_id']} ({fmt_date(t)}).",
            (t["event_id"], p["event_id"]),
        )
    if gap:
        if prev is None:
            return Verdict(
                "partly supported",
                f"{t['event_id']} first in data; no earlier event recorded",
                f"previous about {gap} years before",
                f"{t['event_id']} ({fmt_date(t)}) is the first such event in the data, but no "
                "earlier one is recorded to confirm the gap.",
                (t["event_id"],),
            )
        years = (t["start"] - prev["start"]).days / 365.25
        lo, hi = gap if isinstance(gap, list) else [gap, gap]
        verdict = (
            "supported"
            if lo <= years <= hi
            else ("partly supported" if years >= lo - 1 else "contradicted")
        )
        return Verdict(
            verdict,
            f"previous {prev['event_id']} on {fmt_date(prev)} ({years:.1f} years)",
            f"previous {lo:g}-{hi:g} years before",
            f"The previous matching event is {prev['event_id']} ({fmt_date(prev)}), "
            f"{years:.1f} years before {t['event_id']} ({fmt_date(t)}).",
            (t["event_id"], prev["event_id"]),
        )
    scope = {
        "ever": "in the data",
        "since_takeover": "since the takeover (2021-08-15)",
        "since_date": f"since {c.since}",
    }[mode]
    return Verdict(
        "supported",
        f"{t['event_id']} on {fmt_date(t)} is the first {scope}",
        f"first ({mode})",
        f"No matching event precedes {t['event_id']} ({fmt_date(t)}) {scope}.",
        (t["event_id"],),
    )


def check_date(ctx: CheckContext, c: DateCheck) -> Verdict:
    claimed = c.claimed_date
    month_claim = len(claimed) == 7
    sel = select(ctx.events, c.filter)
    if sel.empty:
        return Verdict(
            "not in data",
            "no matching event",
            claimed,
            "The data holds no event matching the claim's terms.",
        )
    if month_claim:
        period = pd.Period(claimed, "M")
        hit = sel[sel["start"].dt.to_period("M") == period]
    else:
        day = pd.Timestamp(claimed)
        lo = day - pd.Timedelta(days=c.tolerance_days)
        hi = day + pd.Timedelta(days=c.tolerance_days)
        # A month-precision event matches a day claim inside its month (the most that can be said).
        hit = sel[(sel["start"] <= hi) & (sel["end"] >= lo)]
    if len(hit):
        h = by_start(hit).iloc[0]
        exact = month_claim or h["date_precision"] == "day"
        return Verdict(
            "supported" if exact else "partly supported",
            fmt_date(h),
            claimed,
            f"{h['event_id']} ({fmt_date(h)}) matches the claimed date {claimed}"
            + ("" if exact else " only to the month")
            + ".",
            ids(hit),
        )
    ref = pd.Timestamp(claimed[:7] + "-01" if month_claim else claimed)
    n = sel.assign(_d=(sel["start"] - ref).abs()).sort_values("_d", kind="stable").iloc[0]
    return Verdict(
        "contradicted",
        fmt_date(n),
        claimed,
        f"The matching event {n['event_id']} happened on {fmt_date(n)}, not {claimed}, per its "
        "sources.",
        (n["event_id"],),
    )


def check_interval(ctx: CheckContext, c: IntervalCheck) -> Verdict:
    a, b = select(ctx.events, c.a), select(ctx.events, c.b)
    if a.empty or b.empty:
        return Verdict(
            "not in data",
            "an event is missing",
            c.claimed,
            "One of the two events is not in the data.",
            ids(a) + ids(b),
        )
    ea, eb = by_start(a).iloc[0], by_start(b).iloc[0]
    days = int((eb["start"] - ea["start"]).days)
    lo, hi = c.claimed_days
    if lo <= days <= hi:
        verdict = "supported"
    elif lo - c.slack <= days <= hi + c.slack:
        verdict = "partly supported"
    else:
        verdict = "contradicted"
    return Verdict(
        verdict,
        f"{days} days",
        f"{lo}-{hi} days ({c.claimed})",
        f"{eb['event_id']} ({fmt_date(eb)}) came {days} days after {ea['event_id']} "
        f"({fmt_date(ea)}).",
        (ea["event_id"], eb["event_id"]),
    )


def check_sequence(ctx: CheckContext, c: SequenceCheck) -> Verdict:
    cls = by_start(select(ctx.events, c.class_))
    target = select(ctx.events, {**c.class_.terms(), **c.target.terms()})
    if target.empty:
        return Verdict(
            "not in data",
            "no matching event",
            f"#{c.claimed_rank if c.claimed_rank is not None else '?'}",
            "The event the claim describes is not in the data.",
        )
    t = by_start(target).iloc[0]
    trips_before = cls[cls["start"] < t["start"]]
    key = c.rank_by or ("trip_id" if len(cls) and cls["trip_id"].ne("").all() else "event_id")
    rank = trips_before[key].nunique() + 1
    prev = trips_before.iloc[-1] if len(trips_before) else None
    parts, ok = [], True
    if c.claimed_rank is not None:
        ok &= rank == c.claimed_rank
        parts.append(f"it is number {rank} in the data (claimed {c.claimed_rank})")
    if c.previous_month is not None:
        ok &= prev is not None and prev["start"].strftime("%Y-%m") == c.previous_month
        parts.append(
            f"the previous one was {prev['event_id']} in {prev['start'].strftime('%Y-%m')}"
            if prev is not None
            else "no previous one is recorded"
        )
    verdict = "supported" if ok else "contradicted"
    if not ok and prev is None:
        verdict = "not in data"
    said = [f"#{c.claimed_rank}"] if c.claimed_rank is not None else []
    said += [f"previous {c.previous_month}"] if c.previous_month is not None else []
    claimed = ", ".join(said)
    return Verdict(
        verdict,
        f"#{rank}" + (f", previous {prev['start'].strftime('%Y-%m')}" if prev is not None else ""),
        claimed,
        f"For {t['event_id']} ({fmt_date(t)}): " + "; ".join(parts) + ".",
        (t["event_id"],) + ((prev["event_id"],) if prev is not None else ()),
    )
