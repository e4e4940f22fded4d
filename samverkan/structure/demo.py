"""Load the seeds-derived demo structure from its data file. Every row goes through the
same services as a secretary's edit, so the demo data obeys every rule of the structure.
Idempotent: rows that exist are left as they are (a secretary may have edited them)
unless `update` is asked for."""

import datetime
import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from samverkan.audit.context import acting_as

from . import services
from .models import (
    Body,
    Collaboration,
    Membership,
    Participation,
    Party,
    Person,
    ReportingLine,
    SupportFunction,
    Term,
)

PROVENANCE_KEYS = ("source", "is_demo", "demo_note")


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _apply(obj: Any, values: dict[str, Any]) -> None:
    for key, value in values.items():
        setattr(obj, key, value)


class _Loader:
    def __init__(self, update: bool) -> None:
        self.update = update
        self.counts: Counter[str] = Counter()

    def upsert(
        self, model: type[Model], lookup: dict[str, Any], values: dict[str, Any], save: Any
    ) -> Any:
        obj = model._default_manager.filter(**lookup).first()
        if obj is not None and not self.update:
            self.counts[f"{model._meta.verbose_name_plural} (fanns redan)"] += 1
            return obj
        created = obj is None
        obj = obj or model(**lookup)
        _apply(obj, values)
        save(obj)
        self.counts[
            f"{model._meta.verbose_name_plural} ({'nya' if created else 'uppdaterade'})"
        ] += 1
        return obj


def _provenance(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": row.get("source", ""),
        "is_demo": bool(row.get("is_demo", False)),
        "demo_note": row.get("demo_note", ""),
    }


SEEDS_COLLABORATION = "jamtland-harjedalen"


def seeds_collaboration() -> Collaboration:
    """The collaboration the seed documents describe (facts only)."""
    return Collaboration.objects.get(slug=SEEDS_COLLABORATION)


def _collaboration_load(row: dict[str, Any], loader: _Loader) -> Collaboration:
    """The seeds' collaboration. A new installation's placeholder collaboration (made by
    the migration, still empty) becomes it, so the seeds are the default."""
    values = {"name": row["name"], "short_name": row["short_name"], "sort_order": 1}
    placeholder = Collaboration.objects.default()
    if (
        not Collaboration.objects.filter(slug=row["slug"]).exists()
        and placeholder is not None
        and placeholder.slug == "samverkan"
        and not placeholder.bodies.exists()
        and not placeholder.parties.exists()
    ):
        _apply(placeholder, {"slug": row["slug"], **values})
        loader.counts["samverkningar (nya)"] += 1
        return services.collaboration_save(placeholder)
    return loader.upsert(Collaboration, {"slug": row["slug"]}, values, services.collaboration_save)


@transaction.atomic
def demo_structure_load(path: Path, *, update: bool = False) -> Counter[str]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    loader = _Loader(update)
    with acting_as(None, "load_demo"):
        collaboration = _collaboration_load(data["collaboration"], loader)
        parties = {
            row["slug"]: loader.upsert(
                Party,
                {"collaboration": collaboration, "slug": row["slug"]},
                {
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "kind": row["kind"],
                    "org_number": row.get("org_number", ""),
                    "sort_order": row.get("sort_order", 100),
                    **_provenance(row),
                },
                services.party_save,
            )
            for row in data["parties"]
        }
        terms = {
            row["name"]: loader.upsert(
                Term,
                {"collaboration": collaboration, "name": row["name"]},
                {"start": _date(row["start"]), "end": _date(row["end"]), **_provenance(row)},
                services.term_save,
            )
            for row in data["terms"]
        }
        bodies: dict[str, Body] = {}
        for row in data["bodies"]:
            body = loader.upsert(
                Body,
                {"collaboration": collaboration, "slug": row["slug"]},
                {
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "kind": row["kind"],
                    "decision_power": row["decision_power"],
                    "mandate": row.get("mandate", ""),
                    "composition": row.get("composition", ""),
                    "secretariat": row.get("secretariat", ""),
                    "meetings_per_year": row.get("meetings_per_year"),
                    "meeting_rhythm": row.get("meeting_rhythm", ""),
                    "owner_party": parties.get(row.get("owner_party", "")),
                    "founded_on": _date(row.get("founded_on")),
                    "founded_precision": row.get("founded_precision", "day"),
                    "founded_by": row.get("founded_by", ""),
                    "dissolved_on": _date(row.get("dissolved_on")),
                    "dissolved_precision": row.get("dissolved_precision", "day"),
                    "dissolved_by": row.get("dissolved_by", ""),
                    "sort_order": row.get("sort_order", 100),
                    **_provenance(row),
                },
                services.body_save,
            )
            bodies[row["slug"]] = body
            for part in row.get("participations", []):
                loader.upsert(
                    Participation,
                    {"body": body, "party": parties[part["party"]]},
                    {
                        "seats": part.get("seats"),
                        "appointed_by": part.get("appointed_by", ""),
                        "end": body.dissolved_on,
                        **_provenance(row),
                    },
                    services.participation_save,
                )
            for fn in row.get("support_functions", []):
                loader.upsert(
                    SupportFunction,
                    {"body": body, "kind": fn["kind"], "name": fn["name"]},
                    {"description": fn.get("description", ""), **_provenance(row)},
                    services.support_function_save,
                )
        persons = {
            row["name"]: loader.upsert(
                Person,
                {"slug": slugify(row["name"])},
                {"name": row["name"], "email": row.get("email", ""), **_provenance(row)},
                services.person_save,
            )
            for row in data["persons"]
        }
        for row in data["memberships"]:
            loader.upsert(
                Membership,
                {
                    "person": persons[row["person"]],
                    "body": bodies[row["body"]],
                    "role": row["role"],
                    "term": terms.get(row.get("term", "")),
                },
                {
                    "party": parties.get(row.get("party", "")),
                    "party_letters": row.get("party_letters", ""),
                    "substitute_order": row.get("substitute_order"),
                    "start": _date(row.get("start")),
                    "end": _date(row.get("end")),
                    "position": row.get("position", 0),
                    **_provenance(row),
                },
                services.membership_save,
            )
        for row in data["reporting_lines"]:
            loader.upsert(
                ReportingLine,
                {
                    "from_body": bodies[row["from"]],
                    "to_body": bodies[row["to"]],
                    "subject": row["subject"],
                },
                {
                    "frequency": row.get("frequency", ""),
                    "start": _date(row.get("start")),
                    "end": _date(row.get("end")),
                    **_provenance(row),
                },
                services.reporting_line_save,
            )
    return loader.counts
