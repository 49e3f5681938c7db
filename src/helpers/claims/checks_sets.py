"""Checks that read how many and which: count, scope, membership, status."""

from __future__ import annotations

import pandas as pd

from helpers import counting, sanctions
from helpers.claims.checks_time import check_date
from helpers.claims.schema import CountCheck, DateCheck, MembershipCheck, ScopeCheck, StatusCheck
from helpers.claims.selection import select
from helpers.claims.verdict import CheckContext, Verdict, by_start, fmt_date, ids

OPWORDS = {
    "eq": "",
    "ge": "at least ",
    "le": "at most ",
    "approx": "about ",
    "data_lower_bound": "",
}


def check_count(ctx: CheckContext, c: CountCheck) -> Verdict:
    sel = select(ctx.events, c.filter)
    measure = c.measure
    if measure in ("unlisted_travellers", "listed_travellers"):
        p = ctx.persons
        listed = set(p.loc[p["un_listed"], "person_id"])
        who = set(counting.person_trips(sel)["person_id"]) if len(sel) else set()
        value = len(who - listed if measure == "unlisted_travellers" else who & listed)
    elif measure == "exempted_trips":
        # trips of UN-listed officials with an exemption covering at least one of their stops,
        # matched by the one helper report 02 and validate use (exact person id, country, dates)
        cover = sanctions.trips_by_listed_officials(ctx.events, ctx.persons)
        cover = cover[cover["trip_id"].isin(set(sel["trip_id"])) & (cover["exemptions"] != "")]
        value = int(cover["trip_id"].nunique())
        ex_ids = {e for v in cover["exemptions"] for e in sanctions.split_ids(v)}
        sel = sel[sel["trip_id"].isin(set(cover["trip_id"]))]
        sel = pd.concat([sel, ctx.events[ctx.events["event_id"].isin(ex_ids)]])
    elif measure == "events":
        value = len(sel)
    elif measure == "distinct_counterparts":
        value = sel["counterpart_iso3"].replace("", pd.NA).nunique()
    elif measure == "distinct_hosts":
        value = sel["host_iso3"].replace("", pd.NA).nunique()
    else:
        value = counting.headline(sel)[measure]
    claimed, op, tol = c.claimed, c.op, c.tolerance
    if op == "eq":
        ok = value == claimed
        near = abs(value - claimed) <= tol and not ok
    elif op == "ge":
        ok, near = value >= claimed, False
    elif op == "le":
        ok, near = value <= claimed, False
    elif op == "data_lower_bound":
        # The dataset is known to be incomplete: it can confirm up to its own count, and it can
        # contradict a claim only by exceeding it.
        ok = value == claimed
        near = 0 < value < claimed
    else:  # approx (the schema admits no other op)
        ok = abs(value - claimed) <= tol
        near = abs(value - claimed) <= 2 * tol
    verdict = "supported" if ok else ("partly supported" if near else "contradicted")
    if value == 0 and not ok:
        verdict = "not in data"
    note = (
        " The dataset is incomplete, so it can confirm only part of a larger number."
        if op == "data_lower_bound"
        else ""
    )
    return Verdict(
        verdict,
        str(value),
        f"{OPWORDS[op]}{claimed}",
        f"The data holds {value} {measure.replace('_', ' ')} matching the claim's terms; the "
        f"text says {OPWORDS[op]}{claimed}.{note}",
        ids(sel),
    )


def check_scope(ctx: CheckContext, c: ScopeCheck) -> Verdict:
    stops = select(ctx.events, {**c.filter.terms(), "trip_stops": True})
    inside_set = set(c.regions)
    reg = ctx.regions.set_index("iso3")
    region = stops["host_iso3"].map(reg["m49_region"])
    inside = region.isin(inside_set)
    if c.transcontinental_outside:
        inside &= ~stops["host_iso3"].map(reg["transcontinental"]).fillna(False).astype(bool)
    t = counting.trips(stops.assign(host_region=region.where(inside, "outside")), with_hosts=False)
    claimed_exc = sorted(c.claimed_exceptions)
    n = len(t)
    if n == 0:
        return Verdict(
            "not in data",
            "no trips",
            str(claimed_exc),
            "The data holds no trips in the claim's window.",
        )
    outside_hosts = sorted(set(stops.loc[~inside, "host_iso3"]))
    share = 1 - t["outside_asia"].mean()
    if outside_hosts == claimed_exc and share >= c.min_share:
        verdict = "supported"
    elif set(claimed_exc) <= set(outside_hosts) and share >= c.min_share:
        verdict = "partly supported"
    else:
        verdict = "contradicted"
    return Verdict(
        verdict,
        f"{share:.0%} inside; outside: {', '.join(outside_hosts) or 'none'}",
        f"almost all inside; outside only {', '.join(claimed_exc) or 'none'}",
        f"{n - int(t['outside_asia'].sum())} of {n} trips ({share:.0%}) stayed inside "
        f"{', '.join(sorted(inside_set))}; hosts outside: {', '.join(outside_hosts) or 'none'}.",
        ids(stops[~inside]) or ids(stops, 10),
    )


def check_membership(ctx: CheckContext, c: MembershipCheck) -> Verdict:
    sel = select(ctx.events, c.filter)
    col = c.field
    found = set(sel[col]) - {""}
    claimed = list(c.claimed_members)
    hit = [x for x in claimed if x in found]
    missing = [x for x in claimed if x not in found]
    extra = sorted(found - set(claimed))
    if not missing:
        verdict = "supported"
        if c.min_others is not None and len(extra) < c.min_others:
            verdict = "partly supported"
    elif hit:
        verdict = "partly supported"
    else:
        verdict = "contradicted" if len(sel) else "not in data"
    evidence = tuple(by_start(sel).drop_duplicates(col)["event_id"])
    expl = (
        f"Found {len(hit)} of {len(claimed)} named countries"
        + (f" (missing: {', '.join(missing)})" if missing else "")
        + (f"; also: {', '.join(extra)}" if extra else "")
        + "."
    )
    return Verdict(verdict, ", ".join(sorted(found)) or "none", ", ".join(claimed), expl, evidence)


def check_status(ctx: CheckContext, c: StatusCheck) -> Verdict:
    if c.persons_listed is not None:
        return _listing(ctx, c)
    sel = select(ctx.events, c.filter)
    if sel.empty:
        return Verdict(
            "not in data",
            "no matching event",
            c.claimed_date or "exists",
            "The data holds no event matching the claim.",
        )
    if c.claimed_date is not None:
        return check_date(
            ctx,
            DateCheck(
                filter=c.filter, claimed_date=c.claimed_date, tolerance_days=c.tolerance_days
            ),
        )
    first = by_start(sel).iloc[0]
    return Verdict(
        "supported",
        f"{len(sel)} event(s), first {fmt_date(first)}",
        "exists",
        f"{first['event_id']} ({fmt_date(first)}): {first['summary']}",
        ids(sel),
    )


def _listing(ctx: CheckContext, c: StatusCheck) -> Verdict:
    """UN 1988 list status of named persons as of the context's date (persons.csv)."""
    p = ctx.persons.set_index("person_id")
    rows = []
    for pid in c.persons_listed or []:
        known = pid in p.index
        on = p.loc[pid, "un_listed_on"] if known else None
        listed = known and bool(p.loc[pid, "un_listed"]) and (pd.isna(on) or on <= ctx.as_of)
        rows.append((pid, listed, p.loc[pid, "un_ref"] if known else ""))
    good = [r for r in rows if r[1] == c.listed]
    if len(good) == len(rows):
        verdict = "supported"
    else:
        verdict = "partly supported" if good else "contradicted"
    comp = "; ".join(f"{pid}: {'listed ' + ref if ok else 'not listed'}" for pid, ok, ref in rows)
    return Verdict(
        verdict,
        comp,
        "listed" if c.listed else "not listed",
        f"UN 1988 list status in persons.csv: {comp}.",
    )
