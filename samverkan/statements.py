"""Queries compiled once and run again with other values: `compiled_once`.

An OParl list page runs the same few queries on every page, with other keys: the rows
after the cursor, the embedded rows of the page's keys. Django builds and compiles each
anew, the access policy's EXISTS tests and the audit log's times included, and at
national scale that was a fifth of a page's time, more than the database's. Here a
query is built and compiled once per process for the arguments that shape it, and each
call only puts its values into the compiled statement's parameters.

The values a call varies are marked: `Value(n)` for an int, `Keys(keys)` for a set of
int keys (a `keys_in` lookup, whose statement takes the keys as one parameter). The
builder is called once with a stand-in for each (an int no key is: below -2**62), and
the statement's parameters equal to a stand-in are the places the values go. The text
of the statement must not depend on the values: a stand-in found in the text, or not
found among the parameters, is refused when the statement is built (ValueError).

Each run reads through Django's own iterables (model rows, values, named values) with
the compiler's columns and converters as compiled, on the calling thread's connection.
Only for queries whose conditions are the same on every call with the same arguments,
as `oparl.selectors.built_once`: the PUBLIC audience's (no date, no person), with a
content type's key among the arguments where its times are read."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, models


def keys_parameter(connection: Any, keys: tuple[int, ...]) -> Any:
    """The keys as the one parameter `keys_in` passes (PostgreSQL and SQLite)."""
    if connection.vendor == "postgresql":
        return list(keys)
    return json.dumps(keys)


# Stand-ins: ints no row's key or any other parameter of ours comes near.
_STAND_IN = -(2**62)


class Value(NamedTuple):
    """An int the statement varies by (a key to read after, a last key)."""

    value: int


class Keys(NamedTuple):
    """A set of int keys the statement varies by (the argument of a `keys_in` lookup)."""

    keys: Iterable[int]


def _marker(param: Any) -> Any:
    """A parameter as a key to find stand-ins by (keys go to PostgreSQL as a list)."""
    return tuple(param) if isinstance(param, list) else param


class _Statement(NamedTuple):
    queryset: models.QuerySet
    compiler: Any
    sql: str
    params: tuple[Any, ...]
    # The parameters' places and the argument each takes (its index among the call's).
    places: tuple[tuple[int, int], ...]


def _build(build: Callable[..., models.QuerySet], alias: str, shape: tuple[Any, ...]) -> _Statement:
    connection = connections[alias]
    stand_ins: dict[Any, int] = {}
    args: list[Any] = []
    for i, arg in enumerate(shape):
        if arg is Value:
            n = _STAND_IN - i
            args.append(n)
            stand_ins[n] = i
        elif arg is Keys:
            n = _STAND_IN - i
            args.append((n,))
            stand_ins[_marker(keys_parameter(connection, (n,)))] = i
        else:
            args.append(arg)
    queryset = build(*args)
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    places: list[tuple[int, int]] = []
    for place, param in enumerate(params):
        try:
            found = stand_ins.get(_marker(param))
        except TypeError:  # an unhashable parameter (not ours): not a stand-in
            continue
        if found is not None:
            places.append((place, found))
    for i in stand_ins.values():
        stand_in = str(_STAND_IN - i)
        if stand_in in sql or not any(p[1] == i for p in places):
            raise ValueError(f"Argument {i} ändrar frågans text och kan inte bytas ut.")
    return _Statement(queryset, compiler, sql, tuple(params), tuple(places))


def compiled_once(build: Callable[..., models.QuerySet]) -> Callable[..., list[Any]]:
    """`build(*args)` compiled once per database and its arguments other than `Value`
    and `Keys` (which must be hashable, as `functools.lru_cache` keeps them), and run
    with the values of those; returns the rows as a list. Given empty `Keys`, no
    statement is run and there are no rows (as `keys_in` with no keys)."""
    kept = functools.lru_cache(maxsize=512)(functools.partial(_build, build))

    @functools.wraps(build)
    def run(*args: Any) -> list[Any]:
        shape = tuple(type(a) if isinstance(a, Value | Keys) else a for a in args)
        alias = DEFAULT_DB_ALIAS  # the project's one database
        statement = kept(alias, shape)
        connection = connections[alias]
        # Each value checked and put as its parameter once, whatever it fills (keys given
        # as an iterator are read once).
        values: list[Any] = []
        for arg in args:
            if isinstance(arg, Keys):
                keys = tuple(dict.fromkeys(arg.keys))
                if not keys:
                    return []
                if any(type(k) is not int for k in keys):
                    raise TypeError("Keys tar heltalsnycklar.")
                values.append(keys_parameter(connection, keys))
            elif isinstance(arg, Value):
                if type(arg.value) is not int:
                    raise TypeError("Value tar ett heltal.")
                values.append(arg.value)
            else:
                values.append(None)
        params = list(statement.params)
        for place, i in statement.places:
            params[place] = values[i]
        # Django's own iterable reads the rows, through a copy of the compiler as the
        # statement was compiled (its columns, related rows and converters), on this
        # thread's connection, its text given with this call's parameters.
        compiler = copy.copy(statement.compiler)
        compiler.connection = connection
        sql = statement.sql
        compiler.as_sql = lambda *a, **k: (sql, params)
        queryset = statement.queryset.all()
        queryset.query.get_compiler = lambda *a, **k: compiler  # type: ignore[method-assign]
        return list(queryset._iterable_class(queryset))  # type: ignore[call-overload]

    run.cache_clear = kept.cache_clear  # type: ignore[attr-defined]
    return run
