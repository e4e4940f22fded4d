"""Reads of preparation, always through the access policy (Preparation.visible_to)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from samverkan.access.policy import Audience, may_manage_body
from samverkan.documents.models import Document
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Body

from .models import PLACEABLE, Preparation, PreparationDocument, Reviewer

# A list shows at most this many items per group (the rest are reached by the body's
# queues, which are bounded the same way).
LIST_LIMIT = 50


def _base(audience: Audience) -> QuerySet[Preparation]:
    return Preparation.objects.visible_to(audience).select_related("body", "author", "case__series")


@dataclass
class Overview:
    mine: list[Preparation]
    to_review: list[Preparation]
    to_place: list[Preparation]


def preparations_overview(audience: Audience) -> Overview:
    """The user's own items in preparation, those waiting for the user's review, and the
    approved items of the bodies the user keeps."""
    base = _base(audience)
    mine = base.filter(author_id=audience.user_id)
    to_review: QuerySet[Preparation] = base.none()
    if audience.person_id is not None:
        to_review = (
            base.filter(
                status=Preparation.Status.SUBMITTED, body__reviewers__person_id=audience.person_id
            )
            .exclude(author_id=audience.user_id)
            .distinct()
        )
    to_place = base.filter(PLACEABLE)
    if not audience.is_admin:
        to_place = to_place.filter(body_id__in=sorted(audience.managed_body_ids))
    return Overview(
        mine=list(mine[:LIST_LIMIT]),
        to_review=list(to_review[:LIST_LIMIT]),
        to_place=list(to_place[:LIST_LIMIT]),
    )


def preparation_for(audience: Audience, pk: int) -> Preparation:
    """One item with its documents, history and body's reviewers; DoesNotExist when the
    audience may not read it."""
    documents = Document.objects.prefetch_related("versions")
    return (
        _base(audience)
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=PreparationDocument.objects.prefetch_related(
                    Prefetch("document", queryset=documents)
                ),
            ),
            "events__by",
            Prefetch("body__reviewers", queryset=Reviewer.objects.select_related("person")),
        )
        .select_related("agenda_item__meeting__body")
        .get(pk=pk)
    )


def body_queue(audience: Audience, body: Body, status: str) -> list[Preparation]:
    """A body's items in one state (the review queue, the approved queue: approved items
    and those removed from an agenda after they were placed)."""
    items = _base(audience).filter(body=body)
    placeable = status == Preparation.Status.APPROVED
    items = items.filter(PLACEABLE) if placeable else items.filter(status=status)
    return list(items.order_by("updated_at", "id")[:LIST_LIMIT])


def reviewer_person_ids(body: Body) -> set[int]:
    return set(Reviewer.objects.filter(body=body).values_list("person_id", flat=True))


def reviewers_of(body: Body) -> list[Reviewer]:
    return list(Reviewer.objects.filter(body=body).select_related("person"))


def coming_meetings(body: Body) -> QuerySet[Meeting]:
    """The meetings an approved item may be placed on: coming (within two years, which
    bounds the list), not sealed. Not sliced: a form looks the choice up in it."""
    today = timezone.localdate()
    return Meeting.objects.filter(
        body=body,
        date__gte=today,
        date__lte=today + datetime.timedelta(days=730),
        sealed_at__isnull=True,
    ).order_by("date", "start_time")


def may_place(audience: Audience, body: Body) -> bool:
    return may_manage_body(audience, body.pk)
