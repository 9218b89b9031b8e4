"""The values every part of a monograph is made of: text, slugs, dates, quantities, ranges, durations,
and the strict base model.

Pydantic models of a monograph are the single source of the JSON Schema in ``schema/``.

Strict mode everywhere: no coercion ("12" is not 12, "no" is not False), unknown keys are errors,
NaN and infinity are refused, and an optional key may be left out but never written as empty
(``key:`` with no value), because "not yet written" must look different from "written as none".
Each attribute's docstring becomes its ``description`` in the published schema.

Checks that span several fields (Celsius vs Fahrenheit, percent vs band, phase order, citations)
are clinical lint rules in ``build_tools.check.rules``, not here, so the JSON Schema and these models
accept exactly the same documents.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from build_tools.model.units import ALIASES, UNITS

SCHEMA_VERSION = "2.1.0"

# ---------------------------------------------------------------------------------------------
# Scalar types
# ---------------------------------------------------------------------------------------------

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

Text = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
"""Plain text: never markup. It is escaped before it reaches a page."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=64),
    Field(examples=["nusinersen", "loading"]),
]
"""A lowercase identifier: letters a-z, digits and single hyphens."""

Region = Annotated[
    str,
    StringConstraints(pattern=r"^(?:EU|[A-Z]{2})$"),
    Field(examples=["US", "CA", "EU", "GB"]),
]
"""An ISO 3166-1 alpha-2 country code, or EU."""


def _parse_date(value: Any) -> Any:
    """Accept an ISO date written as text (YYYY-MM-DD) and check it is a real calendar date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "expected a date written as YYYY-MM-DD")
    if not _DATE_RE.match(value):
        raise PydanticCustomError(
            "date-invalid", "'{value}' is not a date in the form YYYY-MM-DD", {"value": value}
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date-invalid", "'{value}' is not a real calendar date", {"value": value}
        ) from None


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    WithJsonSchema(
        {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$",
         "examples": ["2026-11-21"]}
    ),
]
"""A calendar date, YYYY-MM-DD, always quoted or plain text in YAML (never a YAML timestamp)."""


def _percent(value: float) -> float:
    if not 0 <= value <= 100:
        raise PydanticCustomError(
            "percent-range",
            "a percentage must be between 0 and 100, got {value}; write the incidence as a "
            "percent (58 for 58%)",
            {"value": f"{value:g}"},
        )
    return value


Percent = Annotated[
    float,
    AfterValidator(_percent),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100, "examples": [58, 0.5]}),
]


def _url(value: str) -> str:
    if not re.match(r"https?://[^\s/$.?#][^\s]*\Z", value):
        raise PydanticCustomError(
            "url-scheme",
            "'{value}' is not a web address; sources must be http:// or https:// URLs",
            {"value": value},
        )
    return value


Url = Annotated[
    str,
    AfterValidator(_url),
    WithJsonSchema(
        {"type": "string", "format": "uri", "pattern": r"^https?://[^\s/$.?#][^\s]*$",
         "examples": ["https://dailymed.nlm.nih.gov/dailymed/"]}
    ),
]

def _unit(value: str) -> str:
    """Accept only UCUM codes from the allowed set, suggesting the code an editor likely meant."""
    if value in UNITS:
        return value
    guess = ALIASES.get(value) or ALIASES.get(value.lower())
    hint = f"did you mean '{guess}'? " if guess else ""
    raise PydanticCustomError(
        "unit-allowed",
        "unit '{value}' is not an allowed UCUM code; {hint}the allowed codes are listed under "
        "'Units' in the schema reference (Editors > Schema reference on the site) and offered by IDE "
        "completion",
        {"value": value, "hint": hint},
    )


UNIT_SCHEMA: dict[str, Any] = {
    "type": "string",
    "description": "A UCUM unit code from the allowed set; each value says what it measures.",
    "anyOf": [{"const": code, "description": f"{name} ({kind}); shown as {shown or 'a number'}"}
              for code, (kind, shown, name) in UNITS.items()],
}

Unit = Annotated[str, AfterValidator(_unit), WithJsonSchema(UNIT_SCHEMA)]
"""A UCUM unit code from the allowed set (``units.UNITS``), published as an enum with descriptions."""

TimeUnit = Literal["s", "min", "h", "d", "wk", "mo", "a"]
"""UCUM time units: second, minute, hour, day, week, month (a calendar month in schedules), year."""

Route = Literal[
    "oral", "sublingual", "buccal", "enteral-tube", "intravenous", "intramuscular",
    "subcutaneous", "intradermal", "intrathecal", "intraosseous", "epidural", "intravitreal",
    "intra-articular", "inhalation", "nasal", "endotracheal", "ophthalmic", "otic", "topical",
    "transdermal", "rectal", "vaginal", "intraocular", "intraperitoneal",
]


# ---------------------------------------------------------------------------------------------
# Base
# ---------------------------------------------------------------------------------------------


class Model(BaseModel):
    """Base for all monograph parts: strict, closed, finite, attribute docstrings as descriptions."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        allow_inf_nan=False,
        use_attribute_docstrings=True,
        validate_assignment=False,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_empty_values(cls, value: Any) -> Any:
        """An optional key may be absent, never present and empty (``key:`` or ``key: null``)."""
        if value is None:
            raise PydanticCustomError(
                "empty-value",
                "this key has no value; fill it in or remove the key (write 'TODO' text for "
                "unfinished drafts)",
            )
        return value


Verification = Literal["unconfirmed", "secondary-source-only", "conflicting-sources", "not-in-label"]


class Citation(Model):
    """A citation with a locator: which source, and where in it (a section or table)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"source": "us-label", "locator": "2.3, Table 1"}]}
    )

    source: Slug
    """Id of an entry in the monograph's top-level ``sources``."""
    locator: Name
    """Where in the source: section, table or page (e.g. 2.3, Table 1)."""


class Cited(Model):
    """A statement that can cite sources declared in the monograph's ``sources`` list."""

    cite: list[Slug | Citation] = []
    """Sources that support this statement: a source id, or ``{source, locator}`` to say where
    in the source (section, table)."""

    @property
    def cited_ids(self) -> list[str]:
        """The ids of the sources cited, locators left out, in the order written."""
        return [c if isinstance(c, str) else c.source for c in self.cite]
    verification: Verification | None = None
    """A flag on this statement when it is not settled: unconfirmed (not yet found in a primary
    source), secondary-source-only, conflicting-sources, or not-in-label (rightly from a
    guideline or study that the product label does not cover, e.g. a monitoring target or a
    protocol). Shown on the page beside it."""


class Scoped(Cited):
    """A statement that may apply only in some regions."""

    regions: list[Region] = []
    """Regions whose labelling says this; empty means it applies everywhere."""


# ---------------------------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------------------------


class Quantity(Model):
    """A number with a UCUM unit, e.g. 12 mg, 15 mg/kg, 5 mL."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"value": 12, "unit": "mg"}]})

    value: Annotated[float, Field(ge=0)]
    """The number (not negative)."""
    unit: Unit
    """UCUM unit code from the allowed set (mg, mL, mg/kg, h, d, Cel, [degF], g/L, [iU], ...)."""


class QuantityRange(Model):
    """A range whose every end states its comparator: ``{gte: 10, lte: 30, unit: mL/min}``,
    ``{gt: 30, unit: mL/min}``. Nothing is implied: a label's "30 or less" is ``lte: 30`` and
    "under 30" is ``lt: 30``, so a reader never depends on a default edge."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"gte": 2, "lte": 8, "unit": "Cel"}, {"gt": 30, "unit": "mL/min"}],
            "anyOf": [{"required": ["gte"]}, {"required": ["gt"]}, {"required": ["lte"]},
                      {"required": ["lt"]}],
            "not": {"anyOf": [{"required": ["gte", "gt"]}, {"required": ["lte", "lt"]}]},
        }
    )

    gte: float | None = None
    """Lower end, included (at least, ≥)."""
    gt: float | None = None
    """Lower end, excluded (more than, >)."""
    lte: float | None = None
    """Upper end, included (at most, ≤)."""
    lt: float | None = None
    """Upper end, excluded (less than, <)."""
    unit: Unit
    """UCUM unit code of both ends."""

    @model_validator(mode="after")
    def _ends(self) -> QuantityRange:
        if self.gte is not None and self.gt is not None:
            raise PydanticCustomError(
                "range-ends", "a range has one lower end: give 'gte' (at least) or 'gt' (more "
                "than), not both")
        if self.lte is not None and self.lt is not None:
            raise PydanticCustomError(
                "range-ends", "a range has one upper end: give 'lte' (at most) or 'lt' (less "
                "than), not both")
        if self.low is None and self.high is None:
            raise PydanticCustomError(
                "range-empty", "a range needs a lower end (gte or gt), an upper end (lte or lt) "
                "or both; add at least one")
        return self

    @property
    def low(self) -> float | None:
        """The lower end's number, whichever comparator it has."""
        return self.gte if self.gte is not None else self.gt

    @property
    def high(self) -> float | None:
        """The upper end's number, whichever comparator it has."""
        return self.lte if self.lte is not None else self.lt

    @property
    def low_inclusive(self) -> bool:
        """True when the lower end belongs to the range (gte)."""
        return self.gte is not None

    @property
    def high_inclusive(self) -> bool:
        """True when the upper end belongs to the range (lte)."""
        return self.lte is not None

    def contains(self, value: float) -> bool:
        """True when ``value`` (in this range's unit) lies in the range, edges as stated."""
        if self.gte is not None and value < self.gte:
            return False
        if self.gt is not None and value <= self.gt:
            return False
        if self.lte is not None and value > self.lte:
            return False
        return not (self.lt is not None and value >= self.lt)


class Duration(Model):
    """A length of time in UCUM time units."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"value": 14, "unit": "d"}]})

    value: Annotated[float, Field(ge=0)]
    """The number of units."""
    unit: TimeUnit
    """s, min, h, d, wk, mo (calendar month in schedules) or a (year)."""


class Offset(Model):
    """A signed time from an anchor: negative is before it, positive after, 0 the same time
    (``-7 d`` is 7 days before the first dose)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"value": -7, "unit": "d"}]})

    value: float
    """The number of units; negative before the anchor, positive after it, 0 at it."""
    unit: TimeUnit
    """s, min, h, d, wk, mo or a."""


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"""A day of the week (ISO order, Monday first)."""


class Interval(Duration):
    """A time between repeated events; never zero (a zero interval would schedule endlessly)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"value": 14, "unit": "d"}]})

    value: Annotated[float, Field(gt=0)]
    """The number of units (more than 0)."""


