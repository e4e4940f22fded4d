"""Load the demo cases (the RS/418/2025 chain and RS/2797/2017) through the services."""

import datetime
import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from samverkan.audit.context import acting_as
from samverkan.documents.services import document_create
from samverkan.meetings.models import AgendaItem
from samverkan.structure.demo import seeds_collaboration
from samverkan.structure.models import Body, Party

from . import services
from .models import Case, CaseSeries, CaseType, FlowStep

SEEDS = Path(__file__).parent / "data" / "seeds"


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _event(case: Case, ev: dict[str, Any]) -> None:
    kind, precision = ev["type"], ev.get("precision", "day")
    if kind == "handling":
        item = None
        if "agenda_item" in ev:
            slug, day, position = ev["agenda_item"]
            item = AgendaItem.objects.filter(
                meeting__body__collaboration=seeds_collaboration(),
                meeting__body__slug=slug,
                meeting__date=day,
                position=position,
            ).first()
        services.handling_add(
            case,
            body=Body.objects.in_collaboration(seeds_collaboration()).get(slug=ev["body"]),
            kind=ev["kind"],
            date=_day(ev["date"]),
            summary=ev.get("summary", ""),
            agenda_item=item,
            date_precision=precision,
        )
    elif kind == "decision":
        services.decision_record(
            case,
            body=Body.objects.in_collaboration(seeds_collaboration()).get(slug=ev["body"]),
            date=_day(ev["date"]),  # type: ignore[arg-type]
            text=ev["text"],
            date_precision=precision,
            is_demo=ev.get("is_demo", False),
        )
    elif kind == "entry":
        document = None
        if "document" in ev:
            path = SEEDS / ev["document"]["file"]
            document = document_create(
                title=ev["document"]["title"], data=path.read_bytes(), filename=path.name
            )
        services.registry_entry_add(
            case,
            date=datetime.date.fromisoformat(ev["date"]),
            direction=ev["direction"],
            description=ev["description"],
            counterpart=ev.get("counterpart", ""),
            document=document,
            date_precision=precision,
        )
    elif kind == "recommendation":
        services.recommendation_issue(
            case,
            title=ev["title"],
            text=ev["text"],
            proposed_by=ev.get("proposed_by", ""),
            parties=Party.objects.in_collaboration(seeds_collaboration())
            .filter(slug__in=ev["parties"])
            .order_by("sort_order"),
            is_demo=ev.get("is_demo", False),
            demo_note=ev.get("demo_note", ""),
        )


@transaction.atomic
def demo_cases_load(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    with acting_as(None, "load_demo"):
        for row in data["series"]:
            CaseSeries.objects.get_or_create(
                collaboration=seeds_collaboration(),
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "organisation": Party.objects.in_collaboration(seeds_collaboration()).get(
                        slug=row["organisation"]
                    ),
                },
            )
        for row in data["case_types"]:
            # A type belongs to its series (its registrars keep the flow); none: shared.
            series = CaseSeries.objects.filter(
                collaboration=seeds_collaboration(), code=row.get("series", "")
            ).first()
            case_type, created = CaseType.objects.get_or_create(name=row["name"], series=series)
            if created:
                for position, (slug, purpose) in enumerate(row["flow"], start=1):
                    FlowStep.objects.create(
                        case_type=case_type,
                        body=Body.objects.in_collaboration(seeds_collaboration()).get(slug=slug),
                        position=position,
                        purpose=purpose,
                    )
        for row in data["cases"]:
            code, number, year = services.case_number_parse(row["number"])
            if Case.objects.filter(
                series__collaboration=seeds_collaboration(),
                series__code=code,
                number=number,
                year=year,
            ).exists():
                counts["ärenden (fanns redan)"] += 1
                continue
            case = services.case_register(
                series=CaseSeries.objects.get(collaboration=seeds_collaboration(), code=code),
                title=row["title"],
                registered_on=None,
                existing_number=row["number"],
                description=row.get("description", ""),
                case_type=CaseType.objects.filter(
                    Q(series__collaboration=seeds_collaboration()) | Q(series__isnull=True),
                    name=row.get("case_type", ""),
                ).first(),
                source=row.get("source", ""),
            )
            for ev in row["events"]:
                _event(case, ev)
            counts["ärenden (nya)"] += 1
    return counts
