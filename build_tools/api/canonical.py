"""Canonical JSON, the one encoding of every exported file: sorted keys, integral floats as
integers, no NaN or infinity, UTF-8, so two exports of the same data are byte-identical.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

JSON = Any


def canonical(value: JSON) -> JSON:
    """A copy with integral floats as ints (12.0 -> 12, -0.0 -> 0); NaN and infinity refused."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be exported: JSON has no NaN or infinity")
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value


#: Sorted keys; dates and dataclasses refused as the standard library refuses them.
_ORJSON = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _encode(value: JSON, compact: bool) -> bytes:
    """UTF-8 JSON with sorted keys, compact or indented by 2. orjson is ~5x the standard
    encoder (a third of the export's time); it writes NaN and infinity as null, which
    ``dumps_bytes`` catches."""
    return orjson.dumps(value, option=_ORJSON if compact else _ORJSON | orjson.OPT_INDENT_2)


def _encode_wide(value: JSON, compact: bool) -> bytes:
    """The standard library's encoder, for integers beyond 64 bits (which orjson refuses)."""
    if compact:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False,
                          separators=(",", ":"))
    else:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False, indent=2)
    return text.encode("utf-8")


def _maybe_integral_float(text: bytes) -> bool:
    """True when JSON text may hold an integral float ("12.0", "-0.0", "1e+16"); text inside
    strings can also match, which only costs the slow path. Two scans of the text."""
    at = text.find(b".0")
    while at != -1:
        if text[at + 2:at + 3] in (b"", b",", b"]", b"}", b"\n"):
            return True
        at = text.find(b".0", at + 2)
    return b"e+" in text


def dumps_bytes(value: JSON, *, compact: bool = False, made_canonical: bool = False) -> bytes:
    """Canonical JSON as UTF-8: sorted keys, no NaN; indented (ending in a newline) unless
    compact. ``canonical`` copies the value only when the direct text may need it: an integral
    float, a null (NaN or infinity, which it refuses) or keys that are not strings.

    ``made_canonical``: the value was built canonical (a validated monograph's export: finite
    numbers, integral ones as ints, which the tests hold every exported file to), so its text is
    not searched for what would need ``canonical``; those searches were ~8% of the export."""
    try:
        text = _encode(value, compact)
    except TypeError:  # keys that are not strings: canonical makes them strings
        text = b""
    if not text or (not made_canonical and (b"null" in text or _maybe_integral_float(text))):
        value = canonical(value)
        try:
            text = _encode(value, compact)
        except TypeError:
            text = _encode_wide(value, compact)
    return text if compact else text + b"\n"


def dumps(value: JSON, *, compact: bool = False) -> str:
    """``dumps_bytes`` as text."""
    return dumps_bytes(value, compact=compact).decode("utf-8")

