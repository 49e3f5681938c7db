"""The sourced event dataset: read ``data/``, validate it, return typed DataFrames.

``helpers.data`` is a package whose modules each do one job:

- ``files``: read a file or say why it cannot be read;
- ``descriptor``: read ``datapackage.json`` and refuse what the loader cannot follow;
- ``csvread``: read one CSV strictly, naming each structural defect by line and column;
- ``schema``: apply the descriptor's Table Schema constraints;
- ``rulebook``: what a declarative rule is and how a list of them runs;
- ``rules``: the dataset's own rules (errors);
- ``consistency``, ``exemptions``, ``cities``, ``allow``: the consistency checks (warnings), their
  city table and the allow-list that excuses a checked exception with its reason;
- ``model``: the typed :class:`Dataset`; ``load``: the loader that ties them together.

Every name other modules import stays importable from ``helpers.data``.
"""

from __future__ import annotations

from helpers.data.allow import ALLOW_FILE, as_errors
from helpers.data.consistency import CONSISTENCY_RULES, RULE_NAMES, consistency_problems
from helpers.data.descriptor import citation_text, data_files, dataset_sha256, read_descriptor
from helpers.data.load import load, validate
from helpers.data.model import Dataset, row_counts, type_tables
from helpers.data.vocab import (
    MAX_TRIP_DAYS,
    STATUS_TYPES,
    TAKEOVER,
    TRIP_DIRECTIONS,
    TRIP_TYPES,
    iso3_codes,
    parse_partial_dates,
)
from helpers.errors import DataError, Problem

__all__ = [
    "ALLOW_FILE",
    "CONSISTENCY_RULES",
    "RULE_NAMES",
    "as_errors",
    "consistency_problems",
    "MAX_TRIP_DAYS",
    "STATUS_TYPES",
    "TAKEOVER",
    "TRIP_DIRECTIONS",
    "TRIP_TYPES",
    "DataError",
    "Dataset",
    "Problem",
    "citation_text",
    "data_files",
    "dataset_sha256",
    "iso3_codes",
    "load",
    "parse_partial_dates",
    "read_descriptor",
    "row_counts",
    "type_tables",
    "validate",
]
