"""Reads of the reading view: the member's meetings and documents (through the meetings
app's selectors and the access policy), a document's pages, notes, watch words."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from samverkan.access.policy import Audience, audience_for
from samverkan.documents.models import Document, DocumentVersion
from samverkan.meetings.models import AgendaItem, Meeting, SupportingDocument
from samverkan.meetings.selectors import MyMeetings, meeting_items_for, my_meetings

from . import rules
from .models import Note, WatchHit, WatchWord

logger = logging.getLogger(__name__)

# Meetings listed on the reading view's first page, each way (coming, held).
READING_LIMIT = 20
# Meetings whose documents a tablet keeps for offline reading, each way.
OFFLINE_LIMIT = 10
# Hits listed on the watch page.
HITS_LIMIT = 100
# Notes shown on a document's page.
NOTES_LIMIT = 500


def reading_meetings(audience: Audience, limit: int = READING_LIMIT) -> MyMeetings:
    """The meetings the member is called to (or keeps), upcoming first, each with the
    items and documents the member may read (meetings.selectors.my_meetings)."""
    return my_meetings(audience, limit)


def reading_meeting(audience: Audience, pk: int) -> Meeting | None:
    """A meeting whose closed content the audience reads (those called, its keepers)."""
    return Meeting.objects.insider_for(audience).select_related("body").filter(pk=pk).first()


def reading_meeting_items(meeting: Meeting, audience: Audience) -> list[AgendaItem]:
    return meeting_items_for(meeting, audience)


def reading_document(audience: Audience, pk: int) -> SupportingDocument | None:
    """A supporting document the audience may read, with its item and meeting."""
    return (
        SupportingDocument.objects.visible_to(audience)
        .select_related("document", "agenda_item__meeting__body")
        .prefetch_related("document__versions")
        .filter(pk=pk)
        .first()
    )


def document_pages(version: DocumentVersion | None) -> list[str]:
    """The text of each page: a PDF read page by page from its file (bounded as the
    document store reads it), any other file its extracted text as one page. A file that
    can no longer be read gives its stored text as one page."""
    if version is None or not version.file:
        return []
    if version.content_type == "application/pdf":
        from django.core.exceptions import ValidationError

        from samverkan.documents.services import max_text_chars, pdf_text

        try:
            with version.file.open("rb") as handle:
                data = handle.read()
            return pdf_text(data, max_text_chars(), separator="\f").split("\f")
        except (OSError, ValueError, ValidationError):
            logger.warning("Handlingsversion %s kunde inte läsas sida för sida", version.pk)
    return [version.text]


def readable_version(document: Document) -> DocumentVersion | None:
    """The version to read: none when the document is disposed of (gallrad) or its
    version has lost its file."""
    version = document.current
    return version if version is not None and version.file else None


def document_is_disposed(document: Document) -> bool:
    """Disposed of (gallrad): by decision, or its version's file is gone."""
    if document.disposed_at is not None:
        return True
    version = document.current
    return version is not None and not version.file


def document_page_count(document: Document) -> int | None:
    """How many pages a note may refer to; None when the document has no file."""
    pages = document_pages(document.current)
    return len(pages) or None


def notes_for(document: Document, audience: Audience) -> QuerySet[Note]:
    """The notes on a document the audience reads: its own and its party group's shared
    ones (policy.note_reader_q)."""
    return (
        Note.objects.visible_to(audience)
        .filter(document=document)
        .select_related("author__person")
        .order_by("page", "created_at", "id")[:NOTES_LIMIT]
    )


def note_count_by_document(audience: Audience, document_ids: list[int]) -> dict[int, int]:
    """How many notes the audience reads on each document, counted by the database."""
    rows = (
        Note.objects.visible_to(audience)
        .filter(document__in=document_ids)
        .order_by()
        .values("document_id")
        .annotate(n=Count("id"))
        .values_list("document_id", "n")
    )
    return dict(rows)


# --- Offline -----------------------------------------------------------------------------


@dataclass
class OfflineSet:
    meetings: list[Meeting]
    documents: list[SupportingDocument]


def _has_file(supporting: SupportingDocument) -> bool:
    version = supporting.current
    return version is not None and bool(version.file)


def offline_set(audience: Audience) -> OfflineSet:
    """What a tablet keeps for reading offline: the meetings the member is called to (the
    next ones and the last ones held) and the supporting documents the member may read
    on them. Everything the policy stops listing is dropped from the tablet."""
    mine = my_meetings(audience, OFFLINE_LIMIT)
    meetings: list[Meeting] = []
    documents: list[SupportingDocument] = []
    for meeting, items in mine.upcoming + mine.held:
        meetings.append(meeting)
        for item in items:
            # A disposed document (gallrad), or one whose file is gone, is not kept: the
            # worker drops its copy.
            documents.extend(d for d in item.documents.all() if _has_file(d))
    return OfflineSet(meetings=meetings, documents=documents)


# --- Watch words -------------------------------------------------------------------------


def watch_words_of(user: object) -> QuerySet[WatchWord]:
    return WatchWord.objects.filter(user=user).order_by("word")  # type: ignore[misc]


def watch_hits_for(audience: Audience, limit: int = HITS_LIMIT) -> list[WatchHit]:
    """The member's hits, newest first, each on something the member still reads."""
    return list(
        WatchHit.objects.visible_to(audience)
        .select_related("watch_word", "agenda_item__meeting__body", "case__series")
        .order_by("-found_at", "-id")[:limit]
    )


def unseen_hit_count(audience: Audience) -> int:
    return WatchHit.objects.visible_to(audience).filter(seen=False).count()


def _matching_words(text: str, item: AgendaItem | None = None) -> list[WatchWord]:
    """The watch words (of active accounts) found in a text, and for an agenda item only
    those whose holder may read the item (a closed item: those called and its keepers)."""
    found = [
        w
        for w in WatchWord.objects.filter(user__is_active=True).select_related("user")
        if rules.watch_word_matches(w.word, text)
    ]
    if item is None:
        return found
    readable: dict[int, bool] = {}
    result = []
    for w in found:
        if w.user_id not in readable:
            aud = audience_for(w.user)
            readable[w.user_id] = AgendaItem.objects.visible_to(aud).filter(pk=item.pk).exists()
        if readable[w.user_id]:
            result.append(w)
    return result


def watch_words_for_item(item: AgendaItem) -> list[WatchWord]:
    return _matching_words(f"{item.title}\n{item.description}", item)


def watch_words_for_case(case: object) -> list[WatchWord]:
    """Cases are public (their registry entries are masked, not hidden): any holder."""
    return _matching_words(f"{getattr(case, 'title', '')}\n{getattr(case, 'description', '')}")
