"""JSON encoding of the model's frozen dataclasses (for the store's JSON columns)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_plain(value: Any) -> Any:
    """Dataclasses, tuples and dates to JSON-ready dicts, lists and ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not (f.metadata.get("omit_none") and getattr(value, f.name) is None)
        }
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def dumps(value: Any) -> str:
    return json.dumps(to_plain(value), ensure_ascii=False, sort_keys=True)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from what :func:`to_plain` produced."""
    return _decoder(tp)(data)


def _same(data: Any) -> Any:
    return data


@cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """A function that rebuilds values of type ``tp`` (the type read once, not per value)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _decoder(next(a for a in typing.get_args(tp) if a is not type(None)))
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: None if data is None else tuple(item(d) for d in data)
        items = [_decoder(a) for a in args]
        return lambda data: (
            None if data is None else tuple(f(d) for f, d in zip(items, data, strict=True))
        )
    if tp is dt.date:
        return lambda data: None if data is None else dt.date.fromisoformat(data)
    if dataclasses.is_dataclass(tp) and origin is not typing.Literal:
        return _dataclass_decoder(tp)  # type: ignore[arg-type]
    return _same  # str, int, float, bool, Any, a Literal


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    fields: dict[str, Callable[[Any], Any]] = {}  # filled at the first value: types may nest

    def decode(data: Any) -> Any:
        if data is None:
            return None
        if not fields:
            fields.update((k, _decoder(h)) for k, h in _hints(cls).items())
        return cls(**{k: fields[k](v) for k, v in data.items() if k in fields})

    return decode


def loads(cls: type[T], text: str) -> T:
    return typing.cast(T, from_plain(cls, json.loads(text)))
