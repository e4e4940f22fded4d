"""What each domain object contributes to the search index, and who may find it."""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q

from samverkan.cases.models import Case, RegistryEntry
from samverkan.documents.models import Document, DocumentVersion
from samverkan.meetings.models import AgendaItem, Section
from samverkan.meetings.selectors import section_is_public

from . import backends
from .models import SearchEntry


def _put(kind: str, obj: Model, **fields: object) -> None:
    entry, _ = SearchEntry.objects.update_or_create(kind=kind, object_id=obj.pk, defaults=fields)
    backends.index_write(entry)


def _drop(kind: str, pk: int) -> None:
    for entry_id in SearchEntry.objects.filter(kind=kind, object_id=pk).values_list(
        "pk", flat=True
    ):
        backends.index_remove(entry_id)
    SearchEntry.objects.filter(kind=kind, object_id=pk).delete()


def case_index(case: Case) -> None:
    body = case.handlings.order_by("-date").values_list("body_id", flat=True).first()
    _put(
        SearchEntry.Kind.CASE,
        case,
        title=f"{case.case_number} {case.title}",
        text=case.description,
        url=case.get_absolute_url(),
        body_id=body,
        collaboration_id=case.series.collaboration_id,
        year=case.year,
        is_public=True,
    )


def registry_entry_index(entry: RegistryEntry) -> None:
    protected = entry.counterpart_protected or entry.description_protected
    _put(
        SearchEntry.Kind.ENTRY,
        entry,
        title=f"{entry.case.case_number}: {entry.description}",
        text=entry.counterpart,
        url=entry.case.get_absolute_url(),
        collaboration_id=entry.case.series.collaboration_id,
        year=entry.date.year,
        is_public=not protected,
    )


def document_version_index(version: DocumentVersion) -> None:
    document = version.document
    if document.versions.order_by("-number").first() != version:
        _drop(SearchEntry.Kind.DOCUMENT, version.pk)  # only the current version is searched
        return
    entry = document.registry_entries.select_related("case__series").first()
    link = document.agenda_links.select_related("agenda_item__meeting__body").first()
    collaboration_id = None
    if entry:
        url = entry.case.get_absolute_url()
        collaboration_id = entry.case.series.collaboration_id
    elif link:
        url = f"{link.agenda_item.meeting.get_absolute_url()}#punkt-{link.agenda_item.position}"
        collaboration_id = link.agenda_item.meeting.body.collaboration_id
    else:
        url = document.get_absolute_url()
    _put(
        SearchEntry.Kind.DOCUMENT,
        version,
        title=document.title,
        text=version.text,
        url=url,
        collaboration_id=collaboration_id,
        year=entry.date.year
        if entry
        else (version.created_at.year if version.created_at else None),
        is_public=not document.is_confidential
        and not document.registry_entries.filter(
            Q(counterpart_protected=True) | Q(description_protected=True)
        ).exists()
        and not document.agenda_links.filter(agenda_item__is_public=False).exists(),
    )


def document_index(document: Document) -> None:
    for version in document.versions.all():
        document_version_index(version)


def agenda_item_index(item: AgendaItem) -> None:
    meeting = item.meeting
    _put(
        SearchEntry.Kind.AGENDA_ITEM,
        item,
        title=f"{meeting.body.short_name} {meeting.date:%Y-%m-%d} punkt {item.position}: {item.title}",
        text="\n".join(
            x for x in [item.case_number, item.description, item.proposed_decision] if x
        ),
        url=f"{meeting.get_absolute_url()}#punkt-{item.position}",
        body_id=meeting.body_id,
        collaboration_id=meeting.body.collaboration_id,
        year=meeting.date.year,
        is_public=item.is_public,
    )


def section_index(section: Section) -> None:
    meeting = section.meeting
    public = section_is_public(section) and bool(meeting.sealed_at or section.attested_at)
    _put(
        SearchEntry.Kind.SECTION,
        section,
        title=f"{meeting.body.short_name} {meeting.date:%Y-%m-%d} § {section.number} {section.title}",
        text="\n".join(x for x in [section.case_number, section.decision] if x),
        url=f"{meeting.get_absolute_url()}#p{section.number}",
        body_id=meeting.body_id,
        collaboration_id=meeting.body.collaboration_id,
        year=section.year,
        is_public=public,
    )


def reindex_parts() -> list[tuple[str, Any, Callable[[Any], None]]]:
    """What a reindex walks, kind by kind: a label, the rows and the indexer."""
    return [
        ("Ärenden", Case.objects.select_related("series").order_by("pk"), case_index),
        (
            "Diarieposter",
            RegistryEntry.objects.select_related("case__series").order_by("pk"),
            registry_entry_index,
        ),
        (
            "Handlingar",
            DocumentVersion.objects.select_related("document").order_by("pk"),
            document_version_index,
        ),
        (
            "Punkter",
            AgendaItem.objects.select_related("meeting__body").order_by("pk"),
            agenda_item_index,
        ),
        (
            "Paragrafer",
            Section.objects.select_related("meeting__body").order_by("pk"),
            section_index,
        ),
    ]


def reindex_all(progress: Callable[[str, int, int], None] | None = None) -> int:
    """Index every row again (each write replaces the row's entry, so a rerun or a run
    after an interruption is safe). `progress(label, done, total)` is told as it goes."""
    count = 0
    for label, rows, index in reindex_parts():
        total = rows.count()
        for n, row in enumerate(rows.iterator(chunk_size=500), start=1):
            index(row)
            count += 1
            if progress is not None and (n % 100 == 0 or n == total):
                progress(label, n, total)
    return count
