"""Keep the index current: the search app listens; no domain app knows about it."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from samverkan.cases.models import Case, RegistryEntry
from samverkan.documents.models import Document, DocumentVersion
from samverkan.meetings.models import AgendaItem, Meeting, Section, SupportingDocument

from . import indexers
from .models import SearchEntry

KIND = {
    Case: SearchEntry.Kind.CASE,
    RegistryEntry: SearchEntry.Kind.ENTRY,
    DocumentVersion: SearchEntry.Kind.DOCUMENT,
    AgendaItem: SearchEntry.Kind.AGENDA_ITEM,
    Section: SearchEntry.Kind.SECTION,
}


def _saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if sender is Case:
        indexers.case_index(instance)
    elif sender is RegistryEntry:
        indexers.registry_entry_index(instance)
        if instance.document_id:
            indexers.document_index(instance.document)
    elif sender is DocumentVersion:
        indexers.document_version_index(instance)
        for older in instance.document.versions.exclude(pk=instance.pk):
            indexers.document_version_index(older)
    elif sender is Document:
        indexers.document_index(instance)  # a confidentiality mark changes who finds it
    elif sender is SupportingDocument:
        indexers.document_index(instance.document)  # on a closed item it is not public
    elif sender is AgendaItem:
        indexers.agenda_item_index(instance)
        section = Section.objects.filter(agenda_item=instance).first()
        if section is not None:  # the § is as public as its item
            indexers.section_index(section)
        for link in instance.documents.select_related("document"):
            indexers.document_index(link.document)  # its documents follow its publicity
    elif sender is Section:
        indexers.section_index(instance)
    elif sender is Meeting and instance.sealed_at:
        for section in instance.sections.all():  # minutes become public at attestation
            indexers.section_index(section)


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if sender in KIND:
        pk = instance.pk
        indexers._drop(KIND[sender], pk)


def connect() -> None:
    saved: tuple[type[Any], ...] = (
        Case,
        RegistryEntry,
        Document,
        DocumentVersion,
        AgendaItem,
        Section,
        Meeting,
        SupportingDocument,
    )
    for model in saved:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search:{model._meta.label}")
    for deleted in KIND:
        post_delete.connect(
            _deleted, sender=deleted, dispatch_uid=f"search-del:{deleted._meta.label}"
        )
