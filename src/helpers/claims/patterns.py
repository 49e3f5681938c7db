"""Registry regexes: refused unless RE2 can run them, and matched with RE2.

Why RE2: Python's ``re`` backtracks, so one pattern such as ``^(\\w+\\s?)*$`` can take minutes on
a 40-character summary and hang a build. RE2 (the engine behind ``pyarrow.compute``) matches in
time linear in the text, and refuses what it cannot do that way (backreferences, lookarounds).
A pattern is test-compiled by RE2 at load time and the same engine does the matching, so a pattern
that loads can never hang. Nested unbounded repetition is refused as well, although RE2 would run
it: a substring search never needs it, and a registry must stay safe if read by another engine.
Dialect: RE2's, not Python's (``\\b``, ``\\w`` and ``\\d`` are ASCII-only; no lookarounds).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

try:  # the stdlib's own parser (private, stable since 3.11); only used to explain a refusal
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    sre_parse = None

_PROBE = pa.array([""], pa.string())  # RE2 compiles lazily: an empty array never compiles
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\\k<|\\g<")


def check_pattern(pattern: str) -> str:
    """Return ``pattern`` if RE2 runs it in linear time; raise ValueError saying why not."""
    if _BACKREF.search(pattern):
        raise ValueError(
            f"'{pattern}' uses a backreference, which linear-time matching (RE2) cannot run; "
            "spell the alternatives out instead"
        )
    try:
        pc.match_substring_regex(_PROBE, pattern, ignore_case=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        reason = str(exc).removeprefix("Invalid regular expression: ")
        raise ValueError(f"'{pattern}' is not a regex RE2 can run: {reason}") from None
    if _nested_repeat(pattern):
        raise ValueError(
            f"'{pattern}' repeats a group that itself repeats without bound (catastrophic "
            "backtracking in most engines); a substring search never needs it"
        )
    return pattern


def _nested_repeat(pattern: str) -> bool:
    """True when an unbounded repeat contains another unbounded repeat, e.g. ``(\\w+\\s?)*``."""
    if sre_parse is None:  # pragma: no cover
        return False
    try:
        tree = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False  # RE2 accepted it; Python's dialect differs (e.g. \\pL): nothing to explain
    return _walk(tree, inside=False)


def _walk(items, *, inside: bool) -> bool:
    repeats = {
        sre_parse.MAX_REPEAT,
        sre_parse.MIN_REPEAT,
        getattr(sre_parse, "POSSESSIVE_REPEAT", 0),
    }
    for op, av in items:
        if op in repeats:
            open_ended = av[1] == sre_parse.MAXREPEAT
            if open_ended and inside:
                return True
            subs, nested = [av[2]], inside or open_ended
        elif op is sre_parse.SUBPATTERN:
            subs, nested = [av[-1]], inside
        elif op is sre_parse.BRANCH:
            subs, nested = list(av[1]), inside
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            subs, nested = [av[1]], inside
        else:
            continue
        if any(_walk(sub, inside=nested) for sub in subs):
            return True
    return False


def matches(values: pd.Series, pattern: str) -> np.ndarray:
    """Case-insensitive substring search with RE2; missing values never match."""
    arr = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    hit = pc.match_substring_regex(arr, pattern, ignore_case=True)
    return hit.fill_null(False).to_numpy(zero_copy_only=False).astype(bool)
