"""Writes for follow-up: assignments, their progress reports and their reminders. Every
write is one transaction; the rules are in rules.py."""

import datetime
import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from samverkan.access.policy import PUBLIC
from samverkan.cases.models import Decision, Recommendation
from samverkan.mail import site_url
from samverkan.meetings.models import Section
from samverkan.structure.models import Body, Membership, Party, Person

from . import rules
from .models import Assignment, ProgressReport

Source = Section | Decision | Recommendation
logger = logging.getLogger(__name__)


def assignment_source_validate(source: object) -> None:
    if not isinstance(source, Section | Decision | Recommendation):
        raise ValidationError("Ett uppdrag ges av ett beslut eller en rekommendation.")


def _source_fields(source: Source) -> dict[str, Any]:
    return {
        "section": source if isinstance(source, Section) else None,
        "decision": source if isinstance(source, Decision) else None,
        "recommendation": source if isinstance(source, Recommendation) else None,
    }


@transaction.atomic
def assignment_create(
    *,
    source: Source | None = None,
    parent: Assignment | None = None,
    body: Body,
    title: str,
    decided_on: datetime.date | None,
    deadline: datetime.date | None,
    review_on: datetime.date | None = None,
    description: str = "",
    owner_person: Person | None = None,
    owner_party: Party | None = None,
    owner_body: Body | None = None,
    status: str = Assignment.Status.NOT_STARTED,
    is_demo: bool = False,
    demo_note: str = "",
    today: datetime.date | None = None,
) -> Assignment:
    """An assignment from a decision (a §, a case's decision) or a recommendation, or a
    sub-assignment of another, which shares its parent's source and follow-up body."""
    today = today or timezone.localdate()
    title = rules.one_line(title)
    if not title:
        raise ValidationError({"title": "Ge uppdraget en rubrik."})
    if parent is not None:
        source_fields = {
            "section": parent.section,
            "decision": parent.decision,
            "recommendation": parent.recommendation,
        }
        body = parent.body
        decided_on = decided_on or parent.decided_on
        rules.sub_assignment_validate(
            parent.parent_id,
            parent.deadline,
            deadline or parent.deadline,
            parent_status=parent.status,
            parent_decided_on=parent.decided_on,
            decided_on=decided_on,
        )
    else:
        assignment_source_validate(source)
        source_fields = _source_fields(source)  # type: ignore[arg-type]
    rules.dates_validate(decided_on, deadline, review_on)
    assert decided_on is not None and deadline is not None  # dates_validate says so
    rules.owner_validate(owner_person, owner_party, owner_body)
    return Assignment.objects.create(
        body=body,
        parent=parent,
        title=title,
        description=description.strip(),
        owner_person=owner_person,
        owner_party=owner_party,
        owner_body=owner_body,
        decided_on=decided_on,
        deadline=deadline,
        review_on=review_on,
        status=status,
        completed_on=rules.completed_on(status, "", None, today),
        cancelled_on=rules.cancelled_on(status, "", None, today),
        is_demo=is_demo,
        demo_note=demo_note,
        **source_fields,
    )


@transaction.atomic
def assignment_update(
    assignment: Assignment,
    *,
    title: str,
    description: str,
    owner_person: Person | None,
    owner_party: Party | None,
    owner_body: Body | None,
    decided_on: datetime.date | None,
    deadline: datetime.date | None,
    review_on: datetime.date | None,
    status: str,
    today: datetime.date | None = None,
) -> Assignment:
    today = today or timezone.localdate()
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    title = rules.one_line(title)
    if not title:
        raise ValidationError({"title": "Ge uppdraget en rubrik."})
    rules.dates_validate(decided_on, deadline, review_on)
    rules.owner_validate(owner_person, owner_party, owner_body)
    parent = assignment.parent
    if parent is not None:
        rules.sub_assignment_validate(
            None,
            parent.deadline,
            deadline,  # type: ignore[arg-type]
            parent_decided_on=parent.decided_on,
            decided_on=decided_on,
        )
    late_child = (
        assignment.children.exclude(status=Assignment.Status.CANCELLED)
        .filter(deadline__gt=deadline)
        .first()
    )
    if late_child is not None:
        raise ValidationError(
            {
                "deadline": (
                    f"Deluppdraget ”{late_child.title}” ska vara klart {late_child.deadline:%Y-%m-%d}, "
                    "efter det nya slutdatumet."
                )
            }
        )
    if status not in Assignment.Status.values:
        raise ValidationError({"status": "Okänd status."})
    completed = rules.completed_on(status, assignment.status, assignment.completed_on, today)
    cancelled = rules.cancelled_on(status, assignment.status, assignment.cancelled_on, today)
    # A moved date is a new date to be reminded of.
    if deadline != assignment.deadline:
        assignment.deadline_reminded_on = None
    if review_on != assignment.review_on:
        assignment.review_reminded_on = None
    assignment.title = title
    assignment.description = description.strip()
    assignment.owner_person = owner_person
    assignment.owner_party = owner_party
    assignment.owner_body = owner_body
    assignment.decided_on = decided_on  # type: ignore[assignment]
    assignment.deadline = deadline  # type: ignore[assignment]
    assignment.review_on = review_on
    assignment.status = status
    assignment.completed_on = completed
    assignment.cancelled_on = cancelled
    assignment.save()
    return assignment


@transaction.atomic
def progress_report_add(
    assignment: Assignment,
    *,
    date: datetime.date,
    text: str,
    percent: int | None = None,
    by: object = None,
    is_demo: bool = False,
    today: datetime.date | None = None,
) -> ProgressReport:
    """A progress report; the first one starts an assignment that had not started."""
    today = today or timezone.localdate()
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    rules.progress_report_validate(assignment.decided_on, date, today, text)
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": "Andelen klart anges i procent, 0–100."})
    if assignment.status in (Assignment.Status.DONE, Assignment.Status.CANCELLED):
        raise ValidationError(
            "Uppdraget är avslutat; ändra status först om arbetet har återupptagits."
        )
    report = ProgressReport.objects.create(
        assignment=assignment,
        date=date,
        text=text.strip(),
        percent=percent,
        reported_by=by if getattr(by, "pk", None) else None,  # type: ignore[misc]
        is_demo=is_demo,
    )
    if assignment.status == Assignment.Status.NOT_STARTED:
        assignment.status = Assignment.Status.ONGOING
        assignment.save(update_fields=["status"])
    return report


# --- Reminders ---------------------------------------------------------------------------


def owner_addresses(assignment: Assignment, today: datetime.date) -> list[str]:
    """Where a reminder goes: the owner person's address, the owner party's registry
    address, or the owner body's current secretaries."""
    if assignment.owner_person is not None:
        return [assignment.owner_person.email] if assignment.owner_person.email else []
    if assignment.owner_party is not None:
        return [assignment.owner_party.email] if assignment.owner_party.email else []
    if assignment.owner_body is not None:
        current = (
            Membership.objects.filter(body=assignment.owner_body, role=Membership.Role.SECRETARY)
            .filter(Q(start__isnull=True) | Q(start__lte=today))
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .exclude(person__email="")
            .values_list("person__email", flat=True)
        )
        return sorted(set(current))
    return []


def _reminder_text(assignment: Assignment, what: str, day: datetime.date) -> tuple[str, str]:
    """Subject and body of a reminder. An assignment whose decision is not public (a
    closed or unattested §) is not named in the mail: the link leads to it after log-in."""
    url = site_url(reverse("followup:assignment", args=[assignment.pk]))
    if Assignment.objects.visible_to(PUBLIC).filter(pk=assignment.pk).exists():
        subject = f"Påminnelse: {what} {day:%Y-%m-%d} – {rules.one_line(assignment.title)}"
        lines = [
            f"Uppdraget ”{assignment.title}” ({assignment.body.short_name}) har {what} {day:%Y-%m-%d}.",
            "",
            assignment.description,
        ]
    else:
        subject = f"Påminnelse: {what} {day:%Y-%m-%d} för ett uppdrag"
        lines = [
            f"Ett uppdrag som {assignment.body.short_name} följer upp har {what} {day:%Y-%m-%d}.",
            "Uppdraget gäller ett ärende som inte är offentligt; logga in för att läsa det.",
        ]
    lines += ["", f"Lämna en lägesrapport: {url}", ""]
    return subject, "\n".join(lines)


def assignment_reminders_send(
    today: datetime.date | None = None, days_before: int = rules.REMIND_DAYS_BEFORE
) -> list[tuple[Assignment, str]]:
    """Remind owners once before each deadline and review date (see rules.reminder_due);
    each sent reminder is marked in its own transaction."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days_before)
    sent: list[tuple[Assignment, str]] = []
    candidates = Assignment.objects.select_related(
        "body", "owner_person", "owner_party", "owner_body"
    ).filter(status__in=rules.OPEN, deadline__gte=today)
    for assignment in candidates.filter(deadline__lte=horizon) | candidates.filter(
        review_on__gte=today, review_on__lte=horizon
    ):
        for kind, day, reminded, field in (
            ("slutdatum", assignment.deadline, assignment.deadline_reminded_on, "deadline"),
            ("avstämning", assignment.review_on, assignment.review_reminded_on, "review"),
        ):
            if not rules.reminder_due(day, reminded, assignment.status, today, days_before):
                continue
            addresses = owner_addresses(assignment, today)
            if not addresses:
                continue
            subject, body = _reminder_text(assignment, kind, day)  # type: ignore[arg-type]
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
            except (BadHeaderError, OSError, smtplib.SMTPException):
                # One mail that cannot go must not stop the others: it is tried again
                # on the next run (not marked as reminded).
                logger.exception("Påminnelsen om uppdrag %s kunde inte skickas", assignment.pk)
                continue
            with transaction.atomic():
                setattr(assignment, f"{field}_reminded_on", today)
                assignment.save(update_fields=[f"{field}_reminded_on"])
            sent.append((assignment, kind))
    return sent
