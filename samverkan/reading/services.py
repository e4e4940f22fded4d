"""Writes of the reading view: notes, watch words and their hits. Each a transaction;
refusals are ValidationErrors with Swedish messages."""

from __future__ import annotations

import logging
import uuid as uuid_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.access.policy import (
    audience_for,
    may_change_note,
    may_share_with_party,
)
from samverkan.documents.models import Document

from . import rules, selectors
from .models import Note, WatchHit, WatchWord

logger = logging.getLogger(__name__)


def _note_fields_check(text: str, visibility: str, by: object) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Skriv något i anteckningen."})
    if len(text) > rules.NOTE_MAX_LENGTH:
        raise ValidationError(
            {"text": f"En anteckning får vara högst {rules.NOTE_MAX_LENGTH} tecken."}
        )
    if visibility not in Note.Visibility.values:
        raise ValidationError({"visibility": "Välj vem som får läsa anteckningen."})
    if visibility == Note.Visibility.PARTY and not may_share_with_party(audience_for(by)):
        raise ValidationError(
            {
                "visibility": "Du har ingen plats i ett organ i dag och därmed ingen "
                "partigrupp att dela med; anteckningen kan bara vara din egen."
            }
        )
    return text


@transaction.atomic
def note_create(
    *,
    author: object,
    document: Document,
    page: int,
    text: str,
    visibility: str = Note.Visibility.PRIVATE,
    uuid: uuid_module.UUID | str | None = None,
) -> Note:
    """A note on a page of a document the author may read. Sent again with the same id
    (a tablet that lost its connection mid-send), the note already saved is returned."""
    audience = audience_for(author)
    if uuid:
        try:
            uuid = uuid_module.UUID(str(uuid))
        except ValueError as exc:
            raise ValidationError("Anteckningens id är ogiltigt.") from exc
        existing = _already_saved(uuid, author, document)
        if existing is not None:
            return existing
    if not Document.objects.visible_to(audience).filter(pk=document.pk).exists():
        raise ValidationError("Handlingen finns inte, eller så får du inte läsa den.")
    text = _note_fields_check(text, visibility, author)
    problem = rules.note_page_problem(page, selectors.document_page_count(document))
    if problem:
        raise ValidationError({"page": problem})
    note = Note(
        author=author,  # type: ignore[misc]
        document=document,
        page=page,
        text=text,
        visibility=visibility,
    )
    if uuid:
        note.uuid = uuid
    try:
        with transaction.atomic():
            note.save()
    except IntegrityError:
        # The same note sent twice at once (the queue sent again while the first send
        # was still on its way): the other request saved it between the check above and
        # this insert.
        existing = _already_saved(uuid, author, document) if uuid else None
        if existing is None:
            raise
        return existing
    return note


def _already_saved(uuid: uuid_module.UUID, author: object, document: Document) -> Note | None:
    """The note saved before under this id, when it is the same author's on the same
    document; an id someone else's note has is refused."""
    existing = Note.objects.filter(uuid=uuid).first()
    if existing is not None and (
        existing.author_id != getattr(author, "pk", None) or existing.document_id != document.pk
    ):
        raise ValidationError("Anteckningens id används redan.")
    return existing


@transaction.atomic
def note_update(note: Note, *, by: object, text: str, visibility: str) -> Note:
    """The author changes the text or who reads it."""
    if not may_change_note(audience_for(by), note.author_id):
        raise ValidationError("Bara den som skrev anteckningen kan ändra den.")
    note = Note.objects.select_for_update().get(pk=note.pk)
    note.text = _note_fields_check(text, visibility, by)
    note.visibility = visibility
    note.save()
    return note


@transaction.atomic
def note_delete(note: Note, *, by: object) -> None:
    """The author deletes a note (a working paper, not a public document); the audit log
    keeps that it was deleted."""
    if not may_change_note(audience_for(by), note.author_id):
        raise ValidationError("Bara den som skrev anteckningen kan ta bort den.")
    note.delete()


# --- Watch words -------------------------------------------------------------------------


@transaction.atomic
def watch_word_add(*, user: object, word: str) -> WatchWord:
    word = rules.watch_word_normalize(word)
    if not word:
        raise ValidationError({"word": "Skriv ett ord eller en fras att bevaka."})
    if len(word) > rules.WATCH_WORD_MAX_LENGTH:
        raise ValidationError(
            {"word": f"Ett bevakningsord får vara högst {rules.WATCH_WORD_MAX_LENGTH} tecken."}
        )
    if len(word) < 3:
        raise ValidationError({"word": "Ett bevakningsord ska ha minst tre tecken."})
    mine = WatchWord.objects.select_for_update().filter(user=user)  # type: ignore[misc]
    if mine.filter(word=word).exists():
        raise ValidationError({"word": f"Du bevakar redan ”{word}”."})
    if mine.count() >= rules.WATCH_WORDS_PER_PERSON:
        raise ValidationError(
            {"word": f"Du kan ha högst {rules.WATCH_WORDS_PER_PERSON} bevakningsord."}
        )
    return WatchWord.objects.create(user=user, word=word)  # type: ignore[misc]


@transaction.atomic
def watch_word_remove(watch_word: WatchWord, *, by: object) -> None:
    if watch_word.user_id != getattr(by, "pk", None):
        raise ValidationError("Bara den som lade till bevakningsordet kan ta bort det.")
    watch_word.delete()


@transaction.atomic
def watch_hits_mark_seen(*, user: object) -> int:
    """One by one (not a queryset update), so each is in the audit log."""
    hits = list(WatchHit.objects.filter(watch_word__user=user, seen=False))  # type: ignore[misc]
    for hit in hits:
        hit.seen = True
        hit.save()
    return len(hits)


def _address(user: object) -> str:
    person = getattr(user, "person", None)
    return (getattr(person, "email", "") if person is not None else "") or getattr(
        user, "email", ""
    )


def _hit_mail(hit: WatchHit) -> None:
    """One mail per new hit, to the holder of the word. A closed item is not named in it
    (the mail passes servers outside the policy): only that something matches, and the
    link to read it on the reading view."""
    from django.core.mail import EmailMessage
    from django.urls import reverse

    from samverkan.mail import site_url

    user = hit.watch_word.user
    address = _address(user)
    if not address:
        return
    link = site_url(reverse("reading:watch"))
    if hit.agenda_item is not None:
        item = hit.agenda_item
        meeting = item.meeting
        where = f"{meeting.body.short_name or meeting.body.name} {meeting.date:%Y-%m-%d}"
        if item.is_public:
            subject = f"Bevakning ”{hit.watch_word.word}”: ny punkt för {where}"
            body = f"Punkten ”{item.title}” på dagordningen för {where} matchar ditt bevakningsord ”{hit.watch_word.word}”."
        else:
            subject = f"Bevakning: ny punkt för {where}"
            body = f"En punkt som inte är offentlig på dagordningen för {where} matchar en av dina bevakningar."
    else:
        case = hit.case
        subject = f"Bevakning ”{hit.watch_word.word}”: nytt ärende"
        body = f"Ärendet {case.case_number} ”{case.title}” matchar ditt bevakningsord ”{hit.watch_word.word}”."  # type: ignore[union-attr]
    EmailMessage(
        subject, f"{body}\n\nDina bevakningar: {link}\n", settings.DEFAULT_FROM_EMAIL, [address]
    ).send()


def _record(words: list[WatchWord], **target: object) -> list[WatchHit]:
    made = []
    for word in words:
        hit, created = WatchHit.objects.get_or_create(watch_word=word, **target)  # type: ignore[arg-type]
        if created:
            made.append(hit)
    for hit in made:
        try:
            _hit_mail(hit)
        except Exception:  # one mail that cannot go must not stop the hits
            logger.exception("Bevakningsbrevet för träff %s kunde inte skickas", hit.pk)
    return made


@transaction.atomic
def watch_hits_record_for_item(item_id: int) -> list[WatchHit]:
    """Hits for an agenda item as it now stands (added, changed or made open): every
    watch word it matches whose holder may read it; a hit already made is not made
    again."""
    from samverkan.meetings.models import AgendaItem

    item = AgendaItem.objects.select_related("meeting__body").filter(pk=item_id).first()
    if item is None:
        return []
    return _record(selectors.watch_words_for_item(item), agenda_item=item)


@transaction.atomic
def watch_hits_record_for_case(case_id: int) -> list[WatchHit]:
    from samverkan.cases.models import Case

    case = Case.objects.select_related("series").filter(pk=case_id).first()
    if case is None:
        return []
    return _record(selectors.watch_words_for_case(case), case=case)
