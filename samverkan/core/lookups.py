"""`keys_in`: a lookup for a bounded set of integer keys (a page's keys, or the keys a
page's rows link to), as `__in` without its preparation of each value.

`__in` prepares and compiles every value of its list apart (each goes through the
field's preparation and the expression machinery): an OParl page's queries pass a
hundred to a few thousand keys, and that was a fifth of a national agenda item page's
time. The keys here are ints by construction; each is checked as one once.

The keys go to the database as one parameter, however many they are: an array on
PostgreSQL (`= ANY(%s)`), a JSON array on SQLite (`IN (SELECT value FROM json_each(%s))`).
A statement's text then does not depend on how many keys it is given, so a statement
compiled once serves every page (`samverkan.statements`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import Lookup

from samverkan.statements import keys_parameter


class KeysIn(Lookup):
    lookup_name = "keys_in"
    prepare_rhs = False

    def get_prep_lookup(self) -> tuple[int, ...]:
        # Only on an integer key or a foreign key to one (registered on every foreign key).
        field = getattr(self.lhs, "output_field", None)
        if not isinstance(getattr(field, "target_field", field), models.IntegerField):
            raise TypeError("keys_in gäller bara heltalsnycklar och främmande nycklar till dem.")
        # Each key as an int once (a str, a float or a bool is refused, not cast: a key
        # read from our own rows is an int), without repeats.
        keys = dict.fromkeys(self.rhs)
        for key in keys:
            if type(key) is not int:
                raise TypeError(f"keys_in tar heltalsnycklar, inte {type(key).__name__}.")
        return tuple(keys)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, keys_parameter(connection, self.rhs)]
        if connection.vendor == "sqlite":
            # lhs is the compiled column, the keys a parameter.
            sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608
            return sql, [*params, keys_parameter(connection, self.rhs)]
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", [*params, *self.rhs]


def register() -> None:
    """On integer fields (keys included) and foreign keys."""
    models.IntegerField.register_lookup(KeysIn)
    models.ForeignKey.register_lookup(KeysIn)
