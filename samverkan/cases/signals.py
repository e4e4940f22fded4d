"""Decisions recorded in minutes reach their case: when a § that carries a case number
becomes final (the minutes are sealed, or the § is attested immediately), the case gets
the decision, linked to the § and its agenda item."""

from typing import Any

from samverkan.meetings.models import Meeting, Section

from .models import Decision, Handling
from .selectors import case_by_number_text


def section_decision_link(section: Section) -> Decision | None:
    case = case_by_number_text(section.case_number) if section.case_number else None
    if case is None or Decision.objects.filter(section=section).exists():
        return None
    meeting = section.meeting
    handling = (
        Handling.objects.filter(case=case, agenda_item=section.agenda_item).first()
        if section.agenda_item_id
        else None
    )
    if handling is None:
        handling = Handling.objects.create(
            case=case,
            body=meeting.body,
            kind=Handling.Kind.DECISION,
            date=meeting.date,
            agenda_item=section.agenda_item,
            section=section,
        )
    elif handling.section_id is None:
        handling.section = section
        handling.save()
    return Decision.objects.create(
        case=case,
        handling=handling,
        body=meeting.body,
        section=section,
        date=meeting.date,
        text=section.decision or f"§ {section.number} {section.title}",
    )


def _meeting_saved(sender: Any, instance: Meeting, **kwargs: Any) -> None:
    if instance.sealed_at and not kwargs.get("raw"):
        for section in instance.sections.exclude(case_number=""):
            section_decision_link(section)


def _section_saved(sender: Any, instance: Section, **kwargs: Any) -> None:
    if instance.attested_at and not kwargs.get("raw"):
        section_decision_link(instance)


def connect() -> None:
    from django.db.models.signals import post_save

    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="cases:meeting-sealed")
    post_save.connect(_section_saved, sender=Section, dispatch_uid="cases:section-attested")
