"""Coverage figures: how many rows the dataset holds, by year, month and event type, and how many
trips per year.

These are the figures a sourcing pass reports and the coverage test pins, computed in one place so
the README, the closing notes and ``taliban-tracker coverage`` cannot drift apart.
"""

from __future__ import annotations

import pandas as pd

from helpers import counting

BASELINE = "baseline"


def period(events: pd.DataFrame) -> pd.Series:
    """The year of each event as text, or ``baseline`` for rows dated before the takeover."""
    return events["start"].dt.year.astype(str).where(~events["pre_takeover"], BASELINE)


def rows_by_year(events: pd.DataFrame) -> dict[str, int]:
    """Rows per year (baseline first), every status included: a row is evidence even if not counted."""
    counts = period(events).value_counts()
    order = sorted(counts.index, key=lambda y: (y != BASELINE, y))
    return {y: int(counts[y]) for y in order}


def rows_by_type(events: pd.DataFrame) -> dict[str, int]:
    counts = events["event_type"].astype(str).value_counts()
    return {k: int(v) for k, v in counts.items()}


def year_type_table(events: pd.DataFrame) -> pd.DataFrame:
    """Rows by year (rows) and event type (columns), with totals."""
    t = pd.crosstab(
        period(events), events["event_type"].astype(str), margins=True, margins_name="all"
    )
    return t.rename_axis(index="year", columns=None)


def monthly_rows(events: pd.DataFrame, first, last) -> pd.Series:
    """Rows per month from ``first`` to ``last`` (months with no row show 0), by start month."""
    months = pd.period_range(first, last, freq="M")
    return events["start"].dt.to_period("M").value_counts().reindex(months, fill_value=0)


def rows_by_month(events: pd.DataFrame, year: int) -> dict[str, int]:
    """Rows per month of one year (months with no row show 0), to locate thin months."""
    n = monthly_rows(events, f"{year}-01", f"{year}-12")
    return {str(m): int(v) for m, v in n.items()}


def trips_by_year(events: pd.DataFrame) -> pd.DataFrame:
    """Trips, country visits, distinct host countries and person-trips per year since the takeover.

    Stops are grouped by the year they start in, so a journey over New Year counts in both years.
    """
    stops = counting.trip_stops(events)
    rows = []
    for year, group in stops.groupby(stops["start"].dt.year, sort=True):
        h = counting.headline(group)
        rows.append(
            {
                "year": int(year),
                **{
                    k: h[k]
                    for k in ("trips", "country_visits", "distinct_countries", "person_trips")
                },
            }
        )
    return pd.DataFrame(rows).set_index("year")


def empty_months(events: pd.DataFrame, as_of: pd.Timestamp) -> list[str]:
    """Months since the takeover, up to ``as_of``, in which ``events`` records nothing."""
    e = events[~events["pre_takeover"]]
    n = monthly_rows(e, counting.TAKEOVER, as_of)
    return [str(m) for m in n.index[n == 0]]


def limits(events: pd.DataFrame, as_of: pd.Timestamp) -> str:
    """One paragraph, computed from the data, on what an empty or thin stretch means."""
    months = pd.period_range(counting.TAKEOVER, as_of, freq="M")
    empty = empty_months(events, as_of)
    newest = events.loc[~events["pre_takeover"], "start"].max()
    listed = ", ".join(empty) if empty else "none"
    verb = "has" if len(empty) == 1 else "have"
    return (
        f"The newest event in this view is dated {newest:%Y-%m-%d}. {len(empty)} of the "
        f"{len(months)} months from August 2021 to {as_of:%B %Y} {verb} no recorded "
        f"event ({listed}). A month without rows means the sourcing found nothing in the stored "
        "news pages, not that nothing happened: every count in these reports is a lower bound."
    )
