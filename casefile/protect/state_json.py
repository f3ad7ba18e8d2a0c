"""JSON as `history.encode` writes it, made a column of values at a time, byte for byte.

The history hashes JSON text, so a faster way of writing it must give the very same
bytes: the common kinds of value (text, whole numbers, finite reals, yes/no, None, dicts of
text) are written here without the generic encoder, anything else by `history.encode`.
Writers of many rows (a bulk import) and readers of many (verify) use it.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring
from typing import Any

from casefile.protect import history

_NONE = type(None)


def column(values: Sequence[Any]) -> list[str]:
    """Each value as `history.encode` writes it, the common types a whole column at once."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return list(map(encode_basestring, values))
    if kinds <= {str, _NONE}:
        return ["null" if v is None else encode_basestring(v) for v in values]
    if kinds <= {int, _NONE}:
        return ["null" if v is None else int.__repr__(v) for v in values]
    if kinds <= {float, _NONE} and all(v is None or math.isfinite(v) for v in values):
        return ["null" if v is None else float.__repr__(v) for v in values]
    if kinds <= {bool, _NONE}:
        return ["null" if v is None else "true" if v else "false" for v in values]
    if kinds == {dict}:
        return list(map(_dict_json, values))
    return list(map(history.encode, values))


def object_template(keys: Sequence[str], values: Sequence[str | None] = ()) -> str:
    """The JSON of an object with these keys (sorted already), a %s for each value to fill
    in, or the JSON given for it (None: to fill in)."""
    given = list(values) or [None] * len(keys)
    pieces = (
        f"{encode_basestring(key).replace('%', '%%')}:"
        + ("%s" if value is None else value.replace("%", "%%"))
        for key, value in zip(keys, given, strict=True)
    )
    return "{" + ",".join(pieces) + "}"


def _dict_json(value: dict[Any, Any]) -> str:
    """`history.encode` of a dict; one of text keys and values (import codes) quicker, filled
    into a template kept per key order (an import's dicts share a few)."""
    keys = tuple(value)
    plan = _DICT_PLANS.get(keys)
    if plan is None:
        if len(keys) < 2 or not all(type(key) is str for key in keys) or len(_DICT_PLANS) > 63:
            return history.encode(value)
        order = sorted(keys)
        plan = _DICT_PLANS[keys] = (operator.itemgetter(*order), object_template(order))
    try:
        return plan[1] % tuple(map(encode_basestring, plan[0](value)))
    except TypeError:  # a value that is not text
        return history.encode(value)


# The dicts' key orders met (a few: those of each format's import codes), by key order.
_DICT_PLANS: dict[tuple[str, ...], tuple[Callable[[Any], Any], str]] = {}
