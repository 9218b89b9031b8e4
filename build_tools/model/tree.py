"""Walking a model's tree: its nodes with their paths, JSON Pointers to them, and a model as the
JSON values the export writes. Shared by the lint rules, the computed values and the export, so
each walks a monograph the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import types
import typing
from collections.abc import Callable, Iterable
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

JSON = Any
Path_ = tuple[str | int, ...]


def json_number(x: float) -> float:
    """A number as the export writes it, integral floats as ints (12.0 -> 12, -0.0 -> 0); done
    where numbers are made so the export need not rewrite every value it serialises."""
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _all_fields(model: type[BaseModel]) -> Iterable[str]:
    return model.model_fields


def collect(root: BaseModel, fields: Callable[[type[BaseModel]], Iterable[str]] = _all_fields,
            ) -> list[tuple[Path_, Any]]:
    """Models and dates under ``root`` in document order, without recursion; ``fields`` names
    the fields of each model class worth entering (all of them by default)."""
    out: list[tuple[Path_, Any]] = []
    stack: list[tuple[Path_, Any]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, BaseModel):
            out.append((path, node))
            children = []
            for name in fields(type(node)):
                value = getattr(node, name)
                if isinstance(value, (BaseModel, list)) or isinstance(value, dt.date):
                    children.append(((*path, name), value))
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend(reversed([((*path, i), v) for i, v in enumerate(node)
                                   if isinstance(v, (BaseModel, list, dt.date))]))
        elif isinstance(node, dt.date):
            out.append((path, node))
    return out


def members(annotation: Any) -> frozenset[Any]:
    """The types a field's value, or each item of a list, can have (``object``: unknown)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return members(args[0])
    if origin is Literal:
        return frozenset(type(a) for a in args)
    if origin in (Union, types.UnionType, list):
        return frozenset().union(*map(members, args))
    return frozenset({annotation if origin is None and isinstance(annotation, type) else object})


def is_model(member: Any) -> bool:
    """True for a pydantic model class."""
    return isinstance(member, type) and issubclass(member, BaseModel)


def can_hold(member: Any, wanted: Callable[[Any], bool], seen: frozenset[Any] = frozenset()) -> bool:
    """True when a value of type ``member`` is, or holds at some depth, a wanted type."""
    if wanted(member) or member is object:
        return True
    if not is_model(member) or member in seen:
        return False
    return any(can_hold(m, wanted, seen | {member})
               for field in member.model_fields.values() for m in members(field.annotation))


@cache
def _float_fields(model: type[BaseModel]) -> tuple[tuple[str, type[BaseModel] | None], ...]:
    """The fields of a model that can hold a float at some depth, each with the one model class
    its dumped dicts are (None: unknown, look at every key)."""
    plan = []
    for name, field in model.model_fields.items():
        kinds = members(field.annotation)
        if any(can_hold(m, lambda t: t is float) for m in kinds):
            models = [m for m in kinds if is_model(m) and can_hold(m, lambda t: t is float)]
            plan.append((name, models[0] if len(models) == 1 and object not in kinds else None))
    return tuple(plan)


def _ints_for_floats(value: JSON, model: type[BaseModel] | None) -> JSON:
    """``value`` (a fresh dump of a ``model``) with integral floats as ints, in place, visiting only
    fields that can hold a float; one it misses costs ``dumps`` its slow path, never a wrong byte."""
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is list:
        for i, item in enumerate(value):
            value[i] = _ints_for_floats(item, model)
    elif kind is dict:
        if model is None:
            for key, item in value.items():
                value[key] = _ints_for_floats(item, None)
        else:
            for key, sub in _float_fields(model):
                if key in value:
                    value[key] = _ints_for_floats(value[key], sub)
    return value


def json_dump(model: BaseModel) -> dict[str, JSON]:
    """A model as the export writes it: JSON values, no None, integral floats as ints."""
    dumped: dict[str, JSON] = _ints_for_floats(model.model_dump(mode="json", exclude_none=True),
                                               type(model))
    return dumped


def pointer(path: Iterable[str | int]) -> str:
    """The RFC 6901 JSON Pointer of a model path (field names and list indexes)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


@functools.cache
def field_order(model: type[BaseModel]) -> tuple[str, ...]:
    """Canonical key order of a model: its own fields as declared, then each base class's fields."""
    order: list[str] = []
    for cls in model.__mro__:
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        declared = inspect.get_annotations(cls)  # this class's own fields, in declaration order
        order += [name for name in declared if name in model.model_fields and name not in order]
    order += [name for name in model.model_fields if name not in order]
    return tuple(order)


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation (through Optional, Annotated and list), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, list, typing.Annotated):
        for arg in get_args(annotation):
            found = model_in(arg)
            if found is not None:
                return found
    return None


@functools.cache
def child_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model class of a field's value (or of its list items), if it is a model."""
    info = model.model_fields.get(name)
    return None if info is None else model_in(info.annotation)
