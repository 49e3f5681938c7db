"""Evaluate claims from published texts against the dataset.

A registry (``data/claims/<source>.yaml``) holds a text's citation, the date its claims refer to,
and one entry per checkable claim. Each entry names a ``kind`` and the parameters of its check; the
engine turns it into a verdict with the computed value, the claimed value, a sentence a reader can
follow, and the evidence event ids. New texts need YAML only: every kind is generic.

Kinds: count, first, date, interval, sequence, scope, membership, status, opinion. A claim whose
wording admits several readings lists ``readings``; each is checked separately.

The package, one job per module:

- ``values``: the vocabulary (enumerations, dates, codes, regexes) and the event filter
- ``schema``: the typed registry (pydantic models, one per kind; JSON Schema for editors)
- ``patterns``: registry regexes, refused unless RE2 runs them, matched with RE2
- ``yamlsafe``: bounded, alias-safe YAML reading with line numbers
- ``loading``: files to typed entries; problems as ``file:line: claim_id: field: message``
- ``selection``: the events a filter describes
- ``verdict``: the values checks take and return
- ``checks_time`` / ``checks_sets``: the checks; ``checks``: the one kind -> check table
- ``uncertainty``: verdicts re-run across each evidence event's date range (``date_basis``)
- ``evaluation``: a registry to a verdict table, as of a date
- ``scorecard``: verdicts at the text's date and today, evidence dates, when a verdict changed
"""

from helpers.claims.checks import CHECKS, DATE_KINDS
from helpers.claims.evaluation import evaluate, evaluate_entry
from helpers.claims.loading import Registry, load_registry, registry_path, registry_problems
from helpers.claims.schema import KINDS, json_schema, write_json_schema
from helpers.claims.scorecard import evidence_table, first_change, newest_event_date, scorecard
from helpers.claims.selection import select
from helpers.claims.uncertainty import DATE_RANGE
from helpers.claims.verdict import VERDICTS, CheckContext, Result, Verdict
from helpers.errors import RegistryError

__all__ = [
    "CHECKS",
    "DATE_KINDS",
    "DATE_RANGE",
    "KINDS",
    "VERDICTS",
    "CheckContext",
    "Registry",
    "RegistryError",
    "Result",
    "Verdict",
    "evaluate",
    "evaluate_entry",
    "evidence_table",
    "first_change",
    "json_schema",
    "load_registry",
    "newest_event_date",
    "registry_path",
    "registry_problems",
    "scorecard",
    "select",
    "write_json_schema",
]
