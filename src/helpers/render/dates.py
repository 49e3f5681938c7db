"""Dates as precisely as the data knows them: '2025-03' for a month, '9 Mar 2025' for a day,
'9-14 Mar 2025' for a range (never a month shown as the 1st of that month)."""

from __future__ import annotations

import pandas as pd


def _day(d: pd.Timestamp) -> str:
    return f"{d.day} {d:%b %Y}"


def event_date(start: str, end: str = "", precision: str = "day") -> str:
    """Format an event's ``start_date``/``end_date`` strings (ISO, as stored in events.csv)."""
    start = (start or "").strip()
    end = (end or "").strip()
    if not start:
        return ""
    if str(precision) == "month" or len(start) == 7:
        s = start[:7]
        e = end[:7] if end else ""
        return s if not e or e == s else f"{s} to {e}"
    a = pd.Timestamp(start)
    if not end or end == start:
        return _day(a)
    b = pd.Timestamp(end)
    if len(end) == 7:  # a day start with a month-precision end
        return f"{_day(a)} to {end}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}-{b.day} {b:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b}-{b.day} {b:%b %Y}"
    return f"{_day(a)}-{_day(b)}"


def column(events: pd.DataFrame) -> pd.Series:
    """The display date of every row of an events frame."""
    return pd.Series(
        [
            event_date(s, e, p)
            for s, e, p in zip(
                events["start_date"], events["end_date"], events["date_precision"], strict=True
            )
        ],
        index=events.index,
        dtype=object,
    )


def month_words(period: pd.Period | str) -> str:
    """'2025-03' -> 'March 2025'."""
    return pd.Period(period, freq="M").strftime("%B %Y")


def span(stops: pd.DataFrame) -> str:
    """The dates of a journey from its stops, as precisely as the stops know them: a trip whose
    stops are known only to the month shows '2022-07', not '1-31 Jul 2022'."""
    s = stops.sort_values(["start", "event_id"])
    first = s.iloc[0]
    last = s.sort_values(["end", "event_id"]).iloc[-1]
    end = last["end_date"] or last["start_date"]
    return event_date(first["start_date"], end, str(first["date_precision"]))


def spans(stops: pd.DataFrame) -> dict[str, str]:
    """:func:`span` for every trip at once (trip_id -> dates), vectorized for large tables."""
    a = stops.sort_values(["start", "event_id"]).drop_duplicates("trip_id", keep="first")
    b = stops.sort_values(["end", "event_id"]).drop_duplicates("trip_id", keep="last")
    end = dict(
        zip(b["trip_id"], b["end_date"].where(b["end_date"] != "", b["start_date"]), strict=True)
    )
    return {
        t: event_date(s, end[t], str(p))
        for t, s, p in zip(a["trip_id"], a["start_date"], a["date_precision"], strict=True)
    }
