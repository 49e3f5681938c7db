"""The dataset's fixed vocabulary and date parsing, shared by the rules, the model and the reports.

Why here and not in ``datapackage.json``: these are the counting rules' own categories (which
directions make a trip, which event types are status changes), not schema constraints; the
descriptor lists the allowed values, this module says what they mean for counting.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pycountry

TAKEOVER = pd.Timestamp("2021-08-15")
TRIP_DIRECTIONS = ("outbound", "third_country")
TRIP_TYPES = ("visit", "multilateral", "third_country_meeting")
STATUS_TYPES = ("representation", "recognition", "designation", "sanctions_exemption")

#: The Table Schema pattern of a date that may be known to the day or only to the month.
PARTIAL_DATE_PATTERN = "[0-9]{4}-[0-9]{2}(-[0-9]{2})?"

#: The longest a journey's stops may span (first start to last end). The longest real journey
#: is a few weeks; a span past this is a mistyped year or month, not a trip.
MAX_TRIP_DAYS = 60


def parse_partial_dates(
    values: pd.Series, precision: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse ``YYYY-MM-DD`` / ``YYYY-MM`` strings into (first day, last day, ok mask).

    A month-precision value covers its whole month, so its first and last days differ.
    """
    values = values.fillna("")
    day = pd.to_datetime(values.where(precision == "day"), format="%Y-%m-%d", errors="coerce")
    month = pd.to_datetime(values.where(precision == "month"), format="%Y-%m", errors="coerce")
    first = day.fillna(month)
    last = day.fillna(month + pd.offsets.MonthEnd(0))
    ok = first.notna()
    return first, last, ok


def precision_of(values: pd.Series) -> pd.Series:
    """``day`` for ``YYYY-MM-DD`` strings, ``month`` otherwise (for columns with no precision)."""
    values = values.fillna("")
    return values.str.len().eq(10).map({True: "day", False: "month"})


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes, from pycountry (the Debian iso-codes data)."""
    return frozenset(c.alpha_3 for c in pycountry.countries)
