"""Assignments for the fictional collaboration: each decision of the political arena on
a case gives the officials' arena an assignment to carry it out, each recommendation
gives the collaboration lead one to follow the parties' answers; progress is reported
month by month up to the day the demo runs to, some are done (one or two late), some
are late, the first of each year has sub-assignments per party. Everything goes through
the follow-up services, dated by their `today`, and is marked as demo data."""

import datetime

from samverkan.cases.models import Decision, Recommendation
from samverkan.followup import services
from samverkan.followup.models import Assignment
from samverkan.structure.models import Body, Collaboration, Membership, Party

from .names import seeded
from .world import PSA, TPA, Names

DEMO_NOTE = "Påhittat uppdrag i exempeldatan."
STEPS = (
    (20, "Arbetsgrupp utsedd och tidplan framtagen."),
    (45, "Kartläggning hos parterna klar; förslag under framtagande."),
    (70, "Förslaget har stämts av med parternas förvaltningar."),
    (90, "Slutrapport skriven; återstår redovisning för arenan."),
)


def _days(day: datetime.date, n: int) -> datetime.date:
    return day + datetime.timedelta(days=n)


def _progress(assignment: Assignment, as_of: datetime.date, *, finish: bool, late_by: int) -> None:
    """Monthly reports from a month after the decision, up to as_of; then done (on time,
    or `late_by` days after the deadline) when `finish` and that day has come."""
    day = _days(assignment.decided_on, 30)
    for percent, text in STEPS:
        if day > as_of or day > assignment.deadline:
            break
        services.progress_report_add(
            assignment, date=day, text=text, percent=percent, is_demo=True, today=day
        )
        day = _days(day, 30)
    done_on = _days(assignment.deadline, late_by) if late_by else _days(assignment.deadline, -7)
    if finish and done_on <= as_of:
        assignment.refresh_from_db()
        services.assignment_update(
            assignment,
            title=assignment.title,
            description=assignment.description,
            owner_person=assignment.owner_person,
            owner_party=assignment.owner_party,
            owner_body=assignment.owner_body,
            decided_on=assignment.decided_on,
            deadline=assignment.deadline,
            review_on=assignment.review_on,
            status=Assignment.Status.DONE,
            today=done_on,
        )


def generated_assignments_ensure(names: Names, as_of: datetime.date, seed: int) -> int:
    """Once per collaboration (skipped when it has assignments)."""
    collaboration = Collaboration.objects.get(slug=names.slug)
    if Assignment.objects.filter(body__collaboration=collaboration).exists():
        return 0
    psa = Body.objects.get(collaboration=collaboration, slug=names.slug_of(PSA))
    tpa = Body.objects.get(collaboration=collaboration, slug=names.slug_of(TPA))
    parties = list(Party.objects.filter(collaboration=collaboration).order_by("sort_order"))
    lead = (
        Membership.objects.filter(body=psa, role=Membership.Role.COLLABORATION_LEAD)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    rng = seeded(seed, names.index, "uppdrag")
    made = 0
    years_with_children: set[int] = set()
    decisions = Decision.objects.filter(
        body=psa, section__isnull=False, date__lte=as_of
    ).select_related("case", "section")
    for n, decision in enumerate(decisions.order_by("date", "pk")):
        deadline = _days(decision.date, rng.choice((90, 120, 150, 180)))
        a = services.assignment_create(
            source=decision.section,
            body=psa,
            title=f"Genomföra beslutet: {decision.case.title}",
            description=(
                f"{tpa.name} ansvarar för att beslutet genomförs hos parterna och "
                f"redovisar läget för {psa.short_name}."
            ),
            owner_body=tpa,
            decided_on=decision.date,
            deadline=deadline,
            review_on=_days(decision.date, 60),
            is_demo=True,
            demo_note=DEMO_NOTE,
            today=decision.date,
        )
        made += 1
        if decision.date.year not in years_with_children:
            years_with_children.add(decision.date.year)
            for i, party in enumerate(parties[:3]):
                child = services.assignment_create(
                    parent=a,
                    body=psa,
                    title=f"Införande hos {party.short_name}",
                    owner_party=party,
                    decided_on=decision.date,
                    deadline=_days(deadline, -30 + 10 * i),
                    is_demo=True,
                    demo_note=DEMO_NOTE,
                    today=decision.date,
                )
                _progress(child, as_of, finish=i != 2, late_by=0)
                made += 1
        # Most are done on time, every fourth late (still open), every fifth done late.
        late_open = n % 4 == 3
        _progress(a, as_of, finish=not late_open, late_by=12 if n % 5 == 4 else 0)
    if lead is not None:
        recs = Recommendation.objects.filter(decision__body=psa, issued_on__lte=as_of)
        for rec in recs.order_by("issued_on", "pk"):
            assert rec.issued_on is not None
            a = services.assignment_create(
                source=rec,
                body=psa,
                title=f"Följa upp parternas beslut om {rec.title}",
                description="Sammanställa parternas svar och påminna de parter som inte svarat.",
                owner_person=lead.person,
                decided_on=rec.issued_on,
                deadline=rec.answer_by or _days(rec.issued_on, 180),
                review_on=_days(rec.issued_on, 45),
                is_demo=True,
                demo_note=DEMO_NOTE,
                today=rec.issued_on,
            )
            _progress(a, as_of, finish=True, late_by=0)
            made += 1
    return made
