"""Notebook parameters: parsed and checked in one place, so a bad value fails with a clear message
before any figure is drawn (and, in batch builds, before any kernel starts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from helpers.data import TAKEOVER
from helpers.errors import ParameterError

DATE_PARAMS = ("as_of", "start", "end")


def parse_date(name: str, value: object) -> pd.Timestamp | None:
    """An ISO ``YYYY-MM-DD`` string (or None/'' for 'no bound') to a Timestamp."""
    if value is None or value == "":
        return None
    text = str(value)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ParameterError(f"parameter {name}={text!r}: expected an ISO date YYYY-MM-DD")
    try:
        return pd.Timestamp(text)
    except ValueError as exc:
        raise ParameterError(f"parameter {name}={text!r}: not a real date ({exc})") from exc


@dataclass(frozen=True)
class Window:
    """The period a report looks at, and the date it is 'as of'."""

    as_of: pd.Timestamp | None
    start: pd.Timestamp | None
    end: pd.Timestamp | None

    def label(self) -> str:
        def f(d):
            return d.strftime("%Y-%m-%d") if d is not None else "…"

        return f"{f(self.start)} to {f(self.end)}, as of {f(self.as_of)}"


def window(
    as_of=None,
    start=None,
    end=None,
    *,
    today: pd.Timestamp | None = None,
    allow_any_date: bool = False,
) -> Window:
    """Check the three date parameters together.

    Rejects a bad date, ``start`` after ``end``, and (unless ``allow_any_date``) an as-of date in
    the future or before the takeover, which would silently produce an empty report.
    """
    w = Window(parse_date("as_of", as_of), parse_date("start", start), parse_date("end", end))
    if w.start is not None and w.end is not None and w.start > w.end:
        raise ParameterError(f"parameter start={start!r} is after end={end!r}")
    if not allow_any_date and w.as_of is not None:
        today = today or pd.Timestamp.today().normalize()
        if w.as_of > today:
            raise ParameterError(
                f"parameter as_of={as_of!r} is in the future (today is {today.date()})"
            )
        if w.as_of < TAKEOVER:
            raise ParameterError(
                f"parameter as_of={as_of!r} is before the takeover ({TAKEOVER.date()})"
            )
    return w
