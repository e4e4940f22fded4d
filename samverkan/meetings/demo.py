"""Load the demo meetings (from the seed notice) through the meeting services."""

import datetime
import json
from collections import Counter
from pathlib import Path

from django.db import transaction

from samverkan.audit.context import acting_as
from samverkan.structure.demo import seeds_collaboration
from samverkan.structure.models import Body

from . import services
from .models import Meeting


def _time(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


@transaction.atomic
def demo_meetings_load(path: Path) -> Counter[str]:
    """Create each demo meeting that does not exist yet; existing ones are left alone."""
    counts: Counter[str] = Counter()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    with acting_as(None, "load_demo"):
        for row in data["meetings"]:
            body = Body.objects.in_collaboration(seeds_collaboration()).get(slug=row["body"])
            day = datetime.date.fromisoformat(row["date"])
            if Meeting.objects.filter(body=body, date=day).exists():
                counts["sammanträden (fanns redan)"] += 1
                continue
            meeting = services.meeting_create(
                body=body,
                date=day,
                start_time=_time(row["start_time"]),  # type: ignore[arg-type]
                end_time=_time(row.get("end_time")),
                place=row.get("place", ""),
                standard_items=False,
                source=row.get("source", ""),
            )
            for item_row in row["items"]:
                documents = item_row.pop("documents", [])
                item_row.pop("case_number", None)  # linked by the cases demo, to a real case
                if "planned_start" in item_row:
                    item_row["planned_start"] = _time(item_row["planned_start"])
                item = services.agenda_item_add(meeting, **item_row)
                for title in documents:
                    services.supporting_document_add(item, title=title)
            counts["sammanträden (nya)"] += 1
    return counts
