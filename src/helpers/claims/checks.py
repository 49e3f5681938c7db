"""The one dispatch table: claim kind -> check, every check ``(CheckContext, params) -> Verdict``.

An ``opinion`` has no check (no data can test it), so it has no entry here; the evaluation gives
it the verdict "opinion". A kind the schema admits but this table lacks is a programming error,
caught by a test that compares the two.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from helpers.claims.checks_sets import check_count, check_membership, check_scope, check_status
from helpers.claims.checks_time import check_date, check_first, check_interval, check_sequence
from helpers.claims.verdict import CheckContext, Verdict

Check = Callable[[CheckContext, Any], Verdict]

CHECKS: dict[str, Check] = {
    "count": check_count,
    "first": check_first,
    "date": check_date,
    "interval": check_interval,
    "sequence": check_sequence,
    "scope": check_scope,
    "membership": check_membership,
    "status": check_status,
}

# Kinds whose verdict reads an event's day (its order against others, or the gap between two),
# so a publication-day or dateline date can turn it: see ``uncertainty``.
DATE_KINDS = frozenset({"first", "date", "interval", "sequence", "status"})


def run(kind: str, ctx: CheckContext, params: Any) -> Verdict:
    return CHECKS[kind](ctx, params)
