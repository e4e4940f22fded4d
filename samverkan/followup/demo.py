"""Demo assignments in the seeds' collaboration. The seeds give no assignment with an
owner and a date, so every row here is marked demo data with a note saying so: the
introduction of the new structure (the agreement of RS/418/2025), followed up by PaHSU
and carried by TaHSU, with two sub-assignments and progress reports. Idempotent."""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from samverkan.audit.context import acting_as
from samverkan.cases.models import Recommendation
from samverkan.structure.demo import seeds_collaboration
from samverkan.structure.models import Body

from . import services
from .models import Assignment

NOTE = (
    "Demodata: källdokumenten beskriver införandet men ger inget uppdrag med ansvarig, "
    "datum eller lägesrapporter; uppdraget och datumen är påhittade."
)
# When PaHSU and TaHSU take over (the demo's assumption, see the README).
TAKES_EFFECT = datetime.date(2026, 1, 1)


@transaction.atomic
def demo_followup_load(today: datetime.date | None = None) -> Counter[str]:
    counts: Counter[str] = Counter()
    collaboration = seeds_collaboration()
    if Assignment.objects.filter(body__collaboration=collaboration).exists():
        counts["uppdrag (fanns redan)"] += 1
        return counts
    rec = Recommendation.objects.filter(
        case__series__collaboration=collaboration,
        case__series__code="RS",
        case__number=418,
        case__year=2025,
    ).first()
    bodies = {b.short_name: b for b in Body.objects.in_collaboration(collaboration)}
    pahsu, tahsu, rsr = bodies.get("PaHSU"), bodies.get("TaHSU"), bodies.get("RSR")
    if rec is None or pahsu is None or tahsu is None or rsr is None:
        return counts
    today = today or timezone.localdate()
    with acting_as(None, "load_demo"):
        main = services.assignment_create(
            source=rec,
            body=pahsu,
            title="Införa den nya samverkansstrukturen",
            description=(
                "Arbetsordningar för PaHSU och TaHSU, ärendegång och dokumenthantering enligt "
                "överenskommelsen, och avveckling av de arenor som ersätts."
            ),
            owner_body=tahsu,
            decided_on=TAKES_EFFECT,
            deadline=datetime.date(2026, 12, 31),
            review_on=datetime.date(2026, 6, 30),
            is_demo=True,
            demo_note=NOTE,
            today=TAKES_EFFECT,
        )
        children = [
            services.assignment_create(
                parent=main,
                body=pahsu,
                title="Arbetsordning och ärendegång för PaHSU och TaHSU",
                owner_body=tahsu,
                decided_on=None,
                deadline=datetime.date(2026, 6, 30),
                is_demo=True,
                demo_note=NOTE,
                today=TAKES_EFFECT,
            ),
            services.assignment_create(
                parent=main,
                body=pahsu,
                title="Avveckla SVOM, Barnarenan, Fredagsgruppen och SamReKo HSI",
                owner_body=rsr,
                decided_on=None,
                deadline=datetime.date(2026, 12, 31),
                is_demo=True,
                demo_note=NOTE,
                today=TAKES_EFFECT,
            ),
        ]
        reports = [
            (
                children[0],
                datetime.date(2026, 3, 2),
                60,
                "Utkast till arbetsordningar har remitterats till parterna.",
            ),
            (
                children[1],
                datetime.date(2026, 2, 2),
                50,
                "SVOM och Barnarenan har haft sina sista sammanträden.",
            ),
            (
                main,
                datetime.date(2026, 3, 16),
                40,
                "TaHSU har börjat bereda ärenden till PaHSU enligt den nya ärendegången.",
            ),
        ]
        for assignment, day, percent, text in reports:
            if day <= today:
                services.progress_report_add(
                    assignment, date=day, text=text, percent=percent, is_demo=True, today=day
                )
        if datetime.date(2026, 6, 15) <= today:
            first = Assignment.objects.get(pk=children[0].pk)
            services.assignment_update(
                first,
                title=first.title,
                description=first.description,
                owner_person=None,
                owner_party=None,
                owner_body=tahsu,
                decided_on=first.decided_on,
                deadline=first.deadline,
                review_on=None,
                status=Assignment.Status.DONE,
                today=datetime.date(2026, 6, 15),
            )
    counts["beslutade uppdrag (nya)"] += 3
    return counts
