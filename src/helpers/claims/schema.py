"""The registry schema: one typed model per claim kind, a union on ``kind``, as JSON Schema too.

Each kind has a check model (its parameters) and a claim model (``check`` or labelled
``readings``); a discriminated union on ``kind`` picks the model, so an entry is validated against
its own kind's keys only. Claimed values are required. Facts that need the dataset (does this
person id exist?) are checked in ``loading``.

``data/claims/schema.json`` is generated from :func:`json_schema`; editors that read the
``# yaml-language-server: $schema=schema.json`` line complete and check entries while typing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import Field, StringConstraints, TypeAdapter, model_validator

from helpers.claims.values import (
    ISO3,
    KINDS,
    Day,
    Filter,
    Measure,
    MemberField,
    Mode,
    Model,
    Month,
    NonNeg,
    Op,
    PartialDate,
    PersonId,
    RankBy,
    Region,
    Text,
)

__all__ = ["KINDS", "CLAIM", "Claim", "Entry", "Filter", "Header", "Model", "RegistryFile"]


class CountCheck(Model):
    """How many events (or trips, countries, travellers: ``measure``) match ``filter``."""

    filter: Filter = Field(default_factory=Filter)
    measure: Measure = "events"
    claimed: NonNeg
    op: Op = "eq"
    tolerance: NonNeg = 0

    def filters(self) -> list[dict]:
        return [self.filter.terms()]


class FirstCheck(Model):
    """Whether the event ``target`` picks out of ``class`` was the first of its class."""

    class_: Filter = Field(alias="class", description="the events that compete to be first")
    target: Filter = Field(description="narrows 'class' to the event the text calls a first")
    mode: Mode = "ever"
    since: PartialDate | None = None
    previous_gap_years: Annotated[float, Field(gt=0)] | Annotated[
        list[Annotated[float, Field(ge=0)]], Field(min_length=2, max_length=2)
    ] | None = None  # fmt: skip

    @model_validator(mode="after")
    def _since_goes_with_mode(self) -> FirstCheck:
        if (self.mode == "since_date") != (self.since is not None):
            raise ValueError("'since' is required with mode since_date, and only with it")
        return self

    def filters(self) -> list[dict]:
        return [self.class_.terms(), {**self.class_.terms(), **self.target.terms()}]


class DateCheck(Model):
    """Whether the event ``filter`` matches happened on ``claimed_date`` (a day or a month)."""

    filter: Filter
    claimed_date: PartialDate
    tolerance_days: NonNeg = 0

    def filters(self) -> list[dict]:
        return [self.filter.terms()]


class IntervalCheck(Model):
    """Days from the first event of ``a`` to the first of ``b``, against ``claimed_days``."""

    a: Filter
    b: Filter
    claimed_days: Annotated[list[int], Field(min_length=2, max_length=2)]
    claimed: str = Field("", description="the text's own words for the interval")
    slack: NonNeg = 0

    @model_validator(mode="after")
    def _ordered(self) -> IntervalCheck:
        if self.claimed_days[0] > self.claimed_days[1]:
            raise ValueError("claimed_days must be [low, high] with low <= high")
        return self

    def filters(self) -> list[dict]:
        return [self.a.terms(), self.b.terms()]


class SequenceCheck(Model):
    """The target's rank in its class, and/or the month of the previous one."""

    class_: Filter = Field(alias="class")
    target: Filter
    claimed_rank: Annotated[int, Field(ge=1)] | None = None
    previous_month: Month | None = None
    rank_by: RankBy | None = None

    @model_validator(mode="after")
    def _claims_something(self) -> SequenceCheck:
        if self.claimed_rank is None and self.previous_month is None:
            raise ValueError("give claimed_rank, previous_month or both")
        return self

    filters = FirstCheck.filters


class ScopeCheck(Model):
    """Whether (almost) all trips stayed inside ``regions``, with only the claimed exceptions."""

    filter: Filter
    regions: list[Region] = Field(default_factory=lambda: ["Asia"], min_length=1)
    claimed_exceptions: list[ISO3]
    min_share: Annotated[float, Field(ge=0, le=1)] = 0.8
    transcontinental_outside: bool = False

    def filters(self) -> list[dict]:
        return [{**self.filter.terms(), "trip_stops": True}]


class MembershipCheck(Model):
    """Whether every claimed country is among the hosts (or counterparts) ``filter`` matches."""

    filter: Filter
    field: MemberField = "host_iso3"
    claimed_members: Annotated[list[ISO3], Field(min_length=1)]
    min_others: NonNeg | None = None

    def filters(self) -> list[dict]:
        return [self.filter.terms()]


class StatusCheck(Model):
    """An event exists (optionally on ``claimed_date``), or persons are on the UN 1988 list."""

    filter: Filter | None = None
    persons_listed: Annotated[list[PersonId], Field(min_length=1)] | None = None
    listed: bool = True
    claimed_date: PartialDate | None = None
    tolerance_days: NonNeg = 0

    @model_validator(mode="after")
    def _one_subject(self) -> StatusCheck:
        if (self.filter is None) == (self.persons_listed is None):
            raise ValueError("give either 'filter' (an event) or 'persons_listed', not both")
        if self.persons_listed is not None and self.claimed_date is not None:
            raise ValueError("'claimed_date' goes with 'filter', not with 'persons_listed'")
        return self

    def filters(self) -> list[dict]:
        return [self.filter.terms()] if self.filter is not None else []


C = TypeVar("C", bound=Model)


class Reading(Model, Generic[C]):
    label: Text
    check: C


class Entry(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    quote: Text
    paragraph: Annotated[int, Field(ge=1)] | None = None
    note: str | None = None

    def __getitem__(self, key: str) -> Any:  # entries used to be dicts: entry["id"] still works
        return getattr(self, key)

    def readings(self) -> list[tuple[str, Model]]:
        return []


class Checked(Entry, Generic[C]):
    check: C | None = None
    readings_: Annotated[list[Reading[C]], Field(min_length=1)] | None = Field(
        None, alias="readings"
    )

    @model_validator(mode="after")
    def _one_form(self) -> Checked:
        if (self.check is None) == (self.readings_ is None):
            raise ValueError("give either 'check' or 'readings' (a list of labelled checks)")
        labels = [r.label for r in self.readings_ or []]
        if len(set(labels)) != len(labels):
            raise ValueError("reading labels must differ")
        return self

    def readings(self) -> list[tuple[str, Model]]:
        if self.check is not None:
            return [("", self.check)]
        return [(r.label, r.check) for r in self.readings_ or []]


class CountClaim(Checked[CountCheck]):
    kind: Literal["count"]


class FirstClaim(Checked[FirstCheck]):
    kind: Literal["first"]


class DateClaim(Checked[DateCheck]):
    kind: Literal["date"]


class IntervalClaim(Checked[IntervalCheck]):
    kind: Literal["interval"]


class SequenceClaim(Checked[SequenceCheck]):
    kind: Literal["sequence"]


class ScopeClaim(Checked[ScopeCheck]):
    kind: Literal["scope"]


class MembershipClaim(Checked[MembershipCheck]):
    kind: Literal["membership"]


class StatusClaim(Checked[StatusCheck]):
    kind: Literal["status"]


class OpinionClaim(Entry):
    kind: Literal["opinion"]


Claim = Annotated[
    CountClaim | FirstClaim | DateClaim | IntervalClaim | SequenceClaim | ScopeClaim
    | MembershipClaim | StatusClaim | OpinionClaim,
    Field(discriminator="kind"),
]  # fmt: skip
CLAIM = TypeAdapter(Claim)


class Source(Model):
    id: Text | None = None
    title: Text
    author: str | None = None
    outlet: str | None = None
    issue: str | None = None
    date: PartialDate | None = None
    url: str = Field("", pattern=r"^(https?://\S+)?$")
    corroboration: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    note: str | None = None


class Header(Model):
    """A registry's fields other than its claims (each claim is validated on its own)."""

    source: Source
    as_of: Day = Field(description="the date the text's claims refer to")
    as_of_reasoning: str | None = None


class RegistryFile(Header):
    """One registry file: the text's citation, its as-of date and its claims."""

    claims: list[Claim]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a registry file, for editors (``data/claims/schema.json``)."""
    schema = RegistryFile.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated by helpers.claims.schema.write_json_schema; do not edit by hand.",
        **schema,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_json_schema(path: Path | None = None) -> Path:
    """Write the schema (default ``data/claims/schema.json``); run after changing a model:
    ``python -c "from helpers.claims import write_json_schema; write_json_schema()"``."""
    from helpers.paths import CLAIMS_DIR

    path = path or CLAIMS_DIR / "schema.json"
    path.write_text(json_schema_text(), encoding="utf-8")
    return path
