"""Storage: conditions, excursions and limits that start with an event (in use, after thawing)."""

from __future__ import annotations

from typing import Literal

from build_tools.model.values import Cited, Duration, Name, QuantityRange, Scoped, Slug, Text


class StorageCondition(Scoped):
    """A required storage condition for a product state (intact vial, diluted solution...)."""

    applies_to: Name
    """What is stored, e.g. intact vials."""
    dosage_forms: list[Slug] = []
    """Ids of the dosage forms (in ``dosage_forms``) it is limited to; empty means every form."""
    kind: Literal["refrigerated", "frozen", "room-temperature", "controlled-room-temperature", "cool",
                  "labelled-range"]
    """Kind of storage. controlled-room-temperature is the USP definition: 20 to 25 °C, with
    excursions 15 to 30 °C permitted (give those as an excursion when the label does).
    labelled-range: a range that is none of these kinds (store between 5 and 25 °C)."""
    temperature: QuantityRange | None = None
    """Allowed temperature range in Cel; absent only when the label gives words alone (then
    ``note`` says them, e.g. store at room temperature)."""
    temperature_f: QuantityRange | None = None
    """The same range in [degF] as labelled; checked against the Celsius range."""
    protect_from_light: bool = False
    """Must be protected from light."""
    do_not_freeze: bool = False
    """Must not be frozen."""
    do_not_shake: bool = False
    """Must not be shaken."""
    container: Name | None = None
    """Required container, e.g. original carton."""
    note: Text | None = None
    """Anything else, in plain words."""


class Excursion(Scoped):
    """An allowed time outside the storage condition (or, with no_time_limit, an allowed
    temperature with no limit on time)."""

    applies_to: Name
    """What may be out of its storage condition."""
    dosage_forms: list[Slug] = []
    """Ids of the dosage forms (in ``dosage_forms``) it is limited to; empty means every form."""
    temperature: QuantityRange
    """Temperature allowed during the excursion, in Cel (usually only a high end)."""
    temperature_f: QuantityRange | None = None
    """The same in [degF] as labelled."""
    max_duration: Duration | None = None
    """Longest allowed time; absent only with ``no_time_limit``."""
    no_time_limit: Literal[True] | None = None
    """The label allows this temperature with no limit on time."""
    cumulative: bool = False
    """True when the limit is the total of all times out, not one stretch."""
    container: Name | None = None
    """Container the allowance depends on."""
    may_return: bool | None = None
    """Whether the product may go back to its storage condition afterwards."""
    protect_from_light: bool = False
    """Must still be protected from light."""
    text: Text | None = None
    """The allowance in plain words."""


InUseTrigger = Literal[
    "receipt", "thawing", "first-use", "first-puncture", "opening", "reconstitution", "dilution",
    "withdrawal-into-syringe", "removal-from-refrigerator", "removal-from-freezer",
]


class InUseLimit(Scoped):
    """A time limit that starts with an event: receipt, thawing, first use or puncture, opening,
    reconstitution, dilution, withdrawal into a syringe, or removal from the fridge or freezer."""

    applies_to: Name
    """What the limit is for, e.g. pen in use, diluted infusion bag, thawed bag."""
    dosage_forms: list[Slug] = []
    """Ids of the dosage forms (in ``dosage_forms``) it is limited to; empty means every form."""
    after: InUseTrigger
    """What starts the clock."""
    max_duration: Duration
    """Use within this time."""
    temperature: QuantityRange | None = None
    """Temperature the limit holds at, in Cel."""
    temperature_f: QuantityRange | None = None
    """The same in [degF] as labelled."""
    refrigeration: Literal["required", "optional", "forbidden"] | None = None
    """During this time the product must be kept in a refrigerator, may be, or must not be (an
    in-use pen that must not go back in the fridge); absent when the label does not say."""
    do_not_refreeze: Literal[True] | None = None
    """Once thawed, the product must not be frozen again."""
    container: Name | None = None
    """Container the limit depends on (e.g. polypropylene syringe)."""
    then: Literal["discard", "return-to-storage"]
    """What to do when the time is up or with leftovers."""
    text: Text | None = None
    """The limit in plain words."""


class Storage(Cited):
    """How to store the product and the limits once out of storage or in use."""

    conditions: list[StorageCondition] = []
    """Required storage conditions."""
    excursions: list[Excursion] = []
    """Allowed times out of those conditions."""
    in_use: list[InUseLimit] = []
    """Limits after opening, drawing up, reconstitution or dilution."""
