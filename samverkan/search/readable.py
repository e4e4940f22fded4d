"""Which search entries an audience may find: those whose object it reads in full, each
kind through its own model's access method (the one access policy)."""

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from samverkan.access.policy import Audience, audience_for
from samverkan.cases.models import Case, RegistryEntry
from samverkan.documents.models import Document, DocumentVersion
from samverkan.meetings.models import AgendaItem, Section

_READABLE: dict[str, Callable[[Audience], QuerySet[Any]]] = {
    "case": lambda a: Case.objects.visible_to(a),
    "entry": lambda a: RegistryEntry.objects.unmasked_for(a),
    "document": lambda a: DocumentVersion.objects.filter(
        document__in=Document.objects.visible_to(a)
    ),
    "agenda_item": lambda a: AgendaItem.objects.visible_to(a),
    "section": lambda a: Section.objects.visible_to(a),
}


def readable_condition(user: object) -> Q:
    audience = audience_for(user)
    condition = Q(pk__in=[])
    for kind, readable in _READABLE.items():
        # Correlated (EXISTS … WHERE pk = object_id): checked per candidate entry, so the
        # cost follows the hits looked at, not the size of the object tables.
        condition |= Q(kind=kind) & Q(Exists(readable(audience).filter(pk=OuterRef("object_id"))))
    # The public's candidates are the public entries (an indexed flag); the object check
    # still decides, so a stale flag never shows more than the object allows.
    return condition & Q(is_public=True) if audience.is_anonymous else condition
