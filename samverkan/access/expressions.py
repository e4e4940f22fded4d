"""SQL building blocks for access conditions."""

from django.db.models import Exists


class PerRowExists(Exists):
    """EXISTS that PostgreSQL checks row by row. Given a correlated EXISTS over a list of
    some hundred rows, PostgreSQL may instead hash every row the subquery could ever
    match (all 200 000 cases and their handlings for a registrar's confidentiality check:
    470 ms where the lookups take 2.5 ms, measured); OFFSET 0 keeps the subquery as it
    is written (an optimisation fence). Harmless on SQLite, which looks up per row."""

    template = "EXISTS(%(subquery)s OFFSET 0)"
