"""What a monograph's raw data uses of the model: every (class, field) pair and every enum value.

The everything-shown test needs a fixture that sets every field and, across it and its variants,
every enum value. ``python -m tests.everything FILE`` lists what a file does not use yet.
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from build_tools.model import Monograph
from build_tools.model.tree import child_model

Path_ = tuple[str | int, ...]
Field_ = tuple[str, str]  # (model class name, field name)


def model_classes() -> dict[str, type[BaseModel]]:
    """Every model class reachable from Monograph, by name."""
    seen: dict[str, type[BaseModel]] = {}
    todo: list[type[BaseModel]] = [Monograph]
    while todo:
        cls = todo.pop()
        if cls.__name__ in seen:
            continue
        seen[cls.__name__] = cls
        todo += [c for f in cls.model_fields if (c := child_model(cls, f)) is not None]
    return seen


def all_fields() -> set[Field_]:
    """Every (class, field) pair of the model."""
    return {(name, f) for name, cls in model_classes().items() for f in cls.model_fields}


def literal_values(annotation: Any) -> tuple[str, ...]:
    """The string values of the Literal inside an annotation (through Optional, Annotated, list)."""
    origin = get_origin(annotation)
    if origin is Literal:
        return tuple(a for a in get_args(annotation) if isinstance(a, str))
    if origin in (Union, types.UnionType, list, typing.Annotated):
        return tuple(v for arg in get_args(annotation) for v in literal_values(arg))
    return ()


def enum_fields() -> dict[Field_, tuple[str, ...]]:
    """Every field whose value (or list item) is an enum, with its allowed values."""
    out: dict[Field_, tuple[str, ...]] = {}
    for name, cls in model_classes().items():
        for f, info in cls.model_fields.items():
            values = literal_values(info.annotation)
            if values:
                out[(name, f)] = values
    return out


def leaves(data: Any, cls: type[BaseModel] = Monograph, path: Path_ = ()
           ) -> Iterator[tuple[Path_, type[BaseModel], str, Any]]:
    """Every key of every mapping in raw monograph data, with the model class that owns it."""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        here = (*path, key)
        yield here, cls, key, value
        child = child_model(cls, key) if key in cls.model_fields else None
        if child is None:
            continue
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            yield from leaves(item, child, here if i is None else (*here, i))


def used(data: Any) -> tuple[set[Field_], dict[Field_, set[str]]]:
    """The (class, field) pairs set in the data, and the enum values each enum field takes."""
    enums = enum_fields()
    fields: set[Field_] = set()
    values: dict[Field_, set[str]] = {}
    for _, cls, key, value in leaves(data):
        field = (cls.__name__, key)
        fields.add(field)
        if field in enums:
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str):
                    values.setdefault(field, set()).add(v)
    return fields, values


def main(argv: list[str]) -> int:
    """Print the fields and enum values a YAML file does not use."""
    import yaml

    data = yaml.safe_load(Path(argv[0]).read_text(encoding="utf-8"))
    fields, values = used(data)
    missing = sorted(all_fields() - fields)
    print(f"fields not set ({len(missing)}):")
    for cls, f in missing:
        print(f"  {cls}.{f}")
    print("enum values not used:")
    for field, allowed in sorted(enum_fields().items()):
        rest = [v for v in allowed if v not in values.get(field, set())]
        if rest:
            print(f"  {field[0]}.{field[1]}: {', '.join(rest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
