"""Reads of what the generator made: a count of every feature the demo shows (printed by
the command, checked by the golden test) and the content as plain values without
database keys (two databases with the same content give the same snapshot)."""

from __future__ import annotations

from typing import Any

from samverkan.cases.models import (
    Case,
    Decision,
    Handling,
    PartyResponse,
    Recommendation,
    RegistryEntry,
)
from samverkan.documents.models import Document
from samverkan.meetings.models import (
    AbsenceNotice,
    AgendaItem,
    Attendance,
    Attestation,
    Ballot,
    ConflictOfInterest,
    Dispatch,
    Dissent,
    Meeting,
    Motion,
    Section,
    Statement,
    Vote,
)
from samverkan.preparation.models import Preparation
from samverkan.structure.models import Body, Collaboration, Membership, Party, Person

COUNT_LABELS = {
    "meetings": "sammanträden i planen",
    "held": "hållna sammanträden",
    "sealed": "justerade och anslagna protokoll",
    "draft": "hållna, ännu ej justerade",
    "planned": "planerade",
    "notices": "skickade kallelser",
    "serving_substitutes": "tjänstgörande ersättare",
    "sections": "paragrafer",
    "votes": "omröstningar",
    "dissents": "reservationer",
    "conflicts": "jäv",
    "closed_items": "stängda punkter",
    "extracts": "skickade protokollsutdrag",
    "cases": "ärenden",
    "confidential_documents": "sekretessmarkerade handlingar",
    "recommendations": "rekommendationer",
    "answered": "besvarade av parterna",
    "preparation_draft": "beredning: utkast",
    "preparation_submitted": "beredning: inskickade för granskning",
    "preparation_returned": "beredning: återsända",
    "preparation_approved": "beredning: godkända för dagordning",
    "preparation_placed": "beredning: planerade på sammanträde",
}


def demo_counts(collaboration: Collaboration) -> dict[str, int]:
    meetings = Meeting.objects.filter(body__collaboration=collaboration)
    held = meetings.filter(sections__isnull=False).distinct()
    items = AgendaItem.objects.filter(meeting__in=meetings)
    sections = Section.objects.filter(meeting__in=meetings)
    cases = Case.objects.filter(series__collaboration=collaboration)
    documents = Document.objects.filter(registry_entries__case__in=cases) | Document.objects.filter(
        agenda_links__agenda_item__in=items
    )
    responses = PartyResponse.objects.filter(recommendation__case__in=cases)
    return {
        "meetings": meetings.count(),
        "held": held.count(),
        "sealed": meetings.filter(sealed_at__isnull=False, posted_on__isnull=False).count(),
        "draft": held.filter(sealed_at__isnull=True).count(),
        "planned": meetings.filter(sections__isnull=True).count(),
        "notices": meetings.filter(notice_sent_at__isnull=False).count(),
        "serving_substitutes": Attendance.objects.filter(
            meeting__in=meetings, capacity=Attendance.Capacity.SUBSTITUTE, present=True
        ).count(),
        "sections": sections.count(),
        "votes": Vote.objects.filter(section__in=sections).count(),
        "dissents": Dissent.objects.filter(section__in=sections).count(),
        "conflicts": ConflictOfInterest.objects.filter(section__in=sections).count(),
        "closed_items": items.filter(is_public=False).count(),
        "extracts": Dispatch.objects.filter(
            meeting__in=meetings, kind=Dispatch.Kind.EXTRACT
        ).count(),
        "cases": cases.count(),
        "confidential_documents": documents.exclude(confidentiality_ground="").distinct().count(),
        "recommendations": Recommendation.objects.filter(case__in=cases).count(),
        "answered": responses.exclude(status=PartyResponse.Status.NOT_HANDLED).count(),
        **{
            f"preparation_{status}": Preparation.objects.filter(
                body__collaboration=collaboration, status=status
            ).count()
            for status in Preparation.Status.values
        },
    }


def _m(meeting: Any) -> str:
    return f"{meeting.body.slug} {meeting.date}"


def demo_snapshot(collaboration: Collaboration) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the generator wrote for the collaboration, keyed by natural keys."""
    bodies = Body.objects.filter(collaboration=collaboration)
    meetings = Meeting.objects.filter(body__in=bodies).select_related("body")
    sections = Section.objects.filter(meeting__in=meetings).select_related("meeting__body")
    cases = Case.objects.filter(series__collaboration=collaboration).select_related("series")
    persons = Person.objects.filter(memberships__body__in=bodies).distinct()

    def rows(qs: Any, fn: Any) -> list[tuple[Any, ...]]:
        return sorted((fn(x) for x in qs), key=repr)

    return {
        "parties": rows(
            Party.objects.filter(collaboration=collaboration),
            lambda p: (p.slug, p.name, p.kind, p.email, p.is_demo),
        ),
        "bodies": rows(bodies, lambda b: (b.slug, b.name, b.kind, b.founded_on, b.is_demo)),
        "persons": rows(
            persons.select_related("user"),
            lambda p: (p.slug, p.name, p.title, p.email, p.user.username if p.user else ""),
        ),
        "memberships": rows(
            Membership.objects.filter(body__in=bodies).select_related("person", "body", "party"),
            lambda m: (
                m.person.slug,
                m.body.slug,
                m.role,
                m.party.slug if m.party else "",
                m.party_letters,
                m.substitute_order,
                m.position,
                m.start,
                m.end,
            ),
        ),
        "meetings": rows(
            meetings,
            lambda m: (
                _m(m),
                m.start_time,
                m.place,
                m.notice_sent_at,
                m.sealed_at,
                m.posted_on,
                m.appeal_last_day,
                m.attestation_date,
                m.is_demo,
            ),
        ),
        "items": rows(
            AgendaItem.objects.filter(meeting__in=meetings).select_related(
                "meeting__body", "case__series"
            ),
            lambda i: (
                _m(i.meeting),
                i.position,
                i.title,
                i.proposed_decision,
                i.dispatch_to,
                i.is_public,
                i.confidentiality_ground,
                i.case_number,
            ),
        ),
        "attendance": rows(
            Attendance.objects.filter(meeting__in=meetings).select_related(
                "meeting__body", "person", "replaces"
            ),
            lambda a: (
                _m(a.meeting),
                a.person.slug,
                a.capacity,
                a.present,
                a.replaces.slug if a.replaces else "",
                a.note,
            ),
        ),
        "sections": rows(
            sections, lambda s: (_m(s.meeting), s.year, s.number, s.title, s.decision)
        ),
        "motions": rows(
            Motion.objects.filter(section__in=sections).select_related("section", "person"),
            lambda x: (x.section.number, x.person.slug, x.text),
        ),
        "ballots": rows(
            Ballot.objects.filter(vote__section__in=sections).select_related(
                "vote__section", "person"
            ),
            lambda b: (
                b.vote.section.number,
                b.vote.question,
                b.vote.result,
                b.person.slug,
                b.choice,
            ),
        ),
        "dissents": rows(
            Dissent.objects.filter(section__in=sections).select_related("section", "person"),
            lambda d: (d.section.number, d.person.slug, d.motivation),
        ),
        "statements": rows(
            Statement.objects.filter(section__in=sections).select_related("section", "person"),
            lambda d: (d.section.number, d.person.slug, d.text),
        ),
        "conflicts": rows(
            ConflictOfInterest.objects.filter(section__in=sections).select_related(
                "section", "person", "substitute"
            ),
            lambda c: (
                c.section.number,
                c.person.slug,
                c.substitute.slug if c.substitute else "",
            ),
        ),
        "attestations": rows(
            Attestation.objects.filter(meeting__in=meetings).select_related(
                "meeting__body", "person"
            ),
            # Not the content's SHA-256: the minutes' content holds database keys, which
            # differ between databases (PostgreSQL's sequences do not roll back).
            lambda a: (_m(a.meeting), a.person.slug, a.attested_at, a.voided_at),
        ),
        "dispatches": rows(
            Dispatch.objects.filter(meeting__in=meetings).select_related("meeting__body"),
            lambda d: (_m(d.meeting), d.kind, d.sections, d.recipients, d.sent_at),
        ),
        "cases": rows(
            cases.select_related("case_type", "case_officer"),
            lambda c: (
                c.case_number,
                c.title,
                c.case_type.name if c.case_type else "",
                c.case_officer.slug if c.case_officer else "",
                c.registered_on,
            ),
        ),
        "handlings": rows(
            Handling.objects.filter(case__in=cases).select_related("case__series", "body"),
            lambda h: (h.case.case_number, h.body.slug, h.kind, h.date, h.summary),
        ),
        "decisions": rows(
            Decision.objects.filter(case__in=cases).select_related("case__series", "body"),
            lambda d: (d.case.case_number, d.body.slug, d.date, d.text),
        ),
        "registry": rows(
            RegistryEntry.objects.filter(case__in=cases).select_related("case__series", "document"),
            lambda e: (
                e.case.case_number,
                e.date,
                e.direction,
                e.description,
                e.counterpart,
                e.confidentiality_ground,
                e.document.title if e.document else "",
            ),
        ),
        "documents": rows(
            Document.objects.filter(registry_entries__case__in=cases).distinct()
            | Document.objects.filter(agenda_links__agenda_item__meeting__in=meetings).distinct(),
            lambda d: (
                d.title,
                d.confidentiality_ground,
                tuple(v.sha256 for v in d.versions.order_by("number")),
            ),
        ),
        "recommendations": rows(
            Recommendation.objects.filter(case__in=cases).select_related("case__series"),
            lambda r: (r.case.case_number, r.title, r.issued_on, r.answer_by),
        ),
        "preparations": rows(
            Preparation.objects.filter(body__in=bodies).select_related("body", "author"),
            lambda x: (x.body.slug, x.title, x.status, x.author.username, x.created_at),
        ),
        "responses": rows(
            PartyResponse.objects.filter(recommendation__case__in=cases).select_related(
                "party", "recommendation"
            ),
            lambda r: (
                r.recommendation.title,
                r.party.slug,
                r.status,
                r.decided_on,
                r.decision_reference,
            ),
        ),
    }


def _day(meeting: Meeting) -> str:
    return f"{meeting.body.short_name} {meeting.date:%Y-%m-%d}"


def account_hints(collaboration: Collaboration) -> dict[int, str]:
    """What a demo account can be tried for, by person: the substitute called most
    recently to a meeting, and the signatories whose attestation held minutes wait for."""
    hints: dict[int, str] = {}
    called = (
        AbsenceNotice.objects.filter(
            meeting__body__collaboration=collaboration, substitute__isnull=False
        )
        .select_related("meeting__body")
        .order_by("-meeting__date", "-substitute_called_at")
    )
    for notice in called:
        assert notice.substitute_id is not None
        hints.setdefault(notice.substitute_id, f"kallad att tjänstgöra {_day(notice.meeting)}")
    waiting = (
        Meeting.objects.filter(
            body__collaboration=collaboration,
            sealed_at__isnull=True,
            cancelled_at__isnull=True,
            attesters__isnull=False,
        )
        .distinct()
        .select_related("body")
        .order_by("date")
    )
    for meeting in waiting:
        signed = set(
            meeting.attestations.filter(section__isnull=True, voided_at__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        signers = [meeting.chair_id, *meeting.attesters.values_list("person_id", flat=True)]
        for person_id in signers:
            if person_id is not None and person_id not in signed:
                hints[person_id] = f"ska justera protokollet {_day(meeting)}"
    return hints
