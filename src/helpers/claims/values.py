"""The registry's vocabulary: enumerations, value types and the event filter (pydantic v2).

Why strict: a typo must be refused, never evaluated. Before these types an unknown ``op`` was read
as "approx, tolerance 0" and an unknown ``mode`` as "ever", turning verdicts silently. Every model
here forbids unknown keys, enumerations are ``Literal`` (``op``, ``mode``, ``measure`` and the
dataset's own enums from ``datapackage.json``), values are strictly typed (``"3"`` is not 3),
dates are calendar dates (2025-02-30 is refused) and regexes must run in RE2 (``patterns``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
)

from helpers.claims.patterns import check_pattern
from helpers.data import iso3_codes

KINDS = (
    "count",
    "first",
    "date",
    "interval",
    "sequence",
    "scope",
    "membership",
    "status",
    "opinion",
)
EventType = Literal[
    "visit", "call", "multilateral", "third_country_meeting",
    "representation", "recognition", "designation", "sanctions_exemption",
]  # fmt: skip
Direction = Literal["outbound", "inbound", "third_country", "resident", "remote", "status"]
Status = Literal["occurred", "announced", "postponed", "cancelled", "denied", "any"]
Tier = Literal[
    "head_of_state", "head_of_government", "minister", "deputy_minister", "special_envoy", "official"
]  # fmt: skip
EnvoyRank = Literal["ambassador", "charge_d_affaires", "head_of_mission", "diplomat", "mission"]
Region = Literal["Africa", "Americas", "Asia", "Europe", "Oceania"]
Measure = Literal[
    "events", "distinct_counterparts", "distinct_hosts", "unlisted_travellers",
    "listed_travellers", "exempted_trips", "trips", "country_visits", "distinct_countries", "person_trips",
    "trips_excl_forum_only", "country_visits_excl_forum_only",
    "distinct_countries_excl_forum_only", "person_trips_excl_forum_only",
]  # fmt: skip
Op = Literal["eq", "ge", "le", "approx", "data_lower_bound"]
Mode = Literal["ever", "since_takeover", "since_date"]
RankBy = Literal["trip_id", "event_id", "counterpart_iso3", "host_iso3", "lead_person_id"]
MemberField = Literal["host_iso3", "counterpart_iso3"]


def _calendar(value: str) -> str:
    try:
        date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date") from None
    return value


def _iso3(value: str) -> str:
    if value not in iso3_codes():
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-3 code")
    return value


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str | int | float | bool) else value


Day = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_calendar)]
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$"), AfterValidator(_calendar)]
PartialDate = Annotated[
    str, StringConstraints(pattern=r"^\d{4}-\d{2}(-\d{2})?$"), AfterValidator(_calendar)
]
ISO3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), AfterValidator(_iso3)]
PersonId = Annotated[str, StringConstraints(pattern=r"^[a-z]+(-[a-z]+)+$")]
TripId = Annotated[str, StringConstraints(pattern=r"^TRP\d{4}$")]
Pattern = Annotated[str, StringConstraints(min_length=1), AfterValidator(check_pattern)]
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
NonNeg = Annotated[int, Field(ge=0)]


def _one_or_many(item: Any) -> Any:
    """A filter value: one item or a list of them (always a list once validated)."""
    one = TypeAdapter(item).json_schema()
    return Annotated[
        list[item],  # type: ignore[valid-type]
        BeforeValidator(_listify),
        Field(min_length=1),
        WithJsonSchema({"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}),
    ]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class Filter(Model):
    """Which events a check reads. Only ``occurred`` events unless ``status`` says otherwise."""

    event_type: _one_or_many(EventType) | None = None
    event_type_not: _one_or_many(EventType) | None = None
    direction: _one_or_many(Direction) | None = None
    direction_not: _one_or_many(Direction) | None = None
    host_iso3: _one_or_many(ISO3) | None = None
    host_iso3_not: _one_or_many(ISO3) | None = None
    counterpart_iso3: _one_or_many(ISO3) | None = None
    counterpart_iso3_not: _one_or_many(ISO3) | None = None
    lead_person_id: _one_or_many(PersonId) | None = None
    lead_person_id_not: _one_or_many(PersonId) | None = None
    counterpart_tier: _one_or_many(Tier) | None = None
    counterpart_tier_not: _one_or_many(Tier) | None = None
    envoy_rank: _one_or_many(EnvoyRank) | None = None
    envoy_rank_not: _one_or_many(EnvoyRank) | None = None
    trip_id: _one_or_many(TripId) | None = None
    trip_id_not: _one_or_many(TripId) | None = None
    status: _one_or_many(Status) | None = None
    persons: _one_or_many(PersonId) | None = Field(None, description="lead or participant")
    start: PartialDate | None = Field(None, description="event starts on or after")
    end: PartialDate | None = Field(None, description="event starts on or before ('2025-05': May)")
    month: Month | None = None
    since_takeover: bool = False
    trip_stops: bool = False
    summary_regex: Pattern | None = None
    forum_regex: Pattern | None = None
    role_regex: Pattern | None = None

    def terms(self) -> dict[str, Any]:
        """The filter's set terms as a plain dict (what ``selection.select`` reads)."""
        return {k: v for k, v in self if v is not None and v is not False}
