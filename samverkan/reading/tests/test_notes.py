"""Notes on the pages of documents: who writes them, who reads them."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from samverkan.access.policy import audience_for, may_read_note, party_group_person_ids
from samverkan.audit.models import AuditEntry
from samverkan.reading import selectors, services
from samverkan.reading.models import Note
from samverkan.structure.models import Membership

from .factories import room

pytestmark = pytest.mark.django_db


def _readers(note, users):
    return {k for k, u in users.items() if Note.objects.visible_to(u).filter(pk=note.pk).exists()}


def test_a_private_note_is_read_by_its_author_only():
    r = room()
    note = services.note_create(
        author=r.users["member"], document=r.closed_doc.document, page=2, text="Fråga om kostnaden."
    )
    assert _readers(note, r.users) == {"member"}


def test_a_party_note_is_read_by_the_party_group_in_the_body():
    r = room()
    note = services.note_create(
        author=r.users["member"],
        document=r.closed_doc.document,
        page=1,
        text="Vi yrkar avslag.",
        visibility=Note.Visibility.PARTY,
    )
    assert _readers(note, r.users) == {"member", "substitute"}
    sub = audience_for(r.users["substitute"])
    assert may_read_note(sub, note.author_id, r.users["member"].person.pk, note.visibility)
    other = audience_for(r.users["other_party"])
    assert not may_read_note(other, note.author_id, r.users["member"].person.pk, note.visibility)


def test_the_party_group_is_those_with_a_seat_for_the_same_party_today():
    r = room()
    member = r.users["member"].person
    assert party_group_person_ids(member.pk) == {member.pk, r.users["substitute"].person.pk}
    assert party_group_person_ids(r.users["secretary"].person.pk) == set()


def test_a_note_is_written_only_on_a_document_the_author_may_read():
    r = room()
    with pytest.raises(ValidationError):
        services.note_create(
            author=r.users["outsider"], document=r.closed_doc.document, page=1, text="x"
        )


def test_the_page_must_be_one_of_the_documents_pages():
    r = room()
    assert selectors.document_page_count(r.closed_doc.document) == 2
    assert selectors.document_pages(r.closed_doc.document.current)[1].strip().startswith("Andra")
    with pytest.raises(ValidationError) as error:
        services.note_create(
            author=r.users["member"], document=r.closed_doc.document, page=3, text="x"
        )
    assert "2 sidor" in str(error.value)


def test_only_someone_with_a_seat_shares_a_note_with_a_party_group():
    r = room()
    with pytest.raises(ValidationError):
        services.note_create(
            author=r.users["secretary"],
            document=r.closed_doc.document,
            page=1,
            text="x",
            visibility=Note.Visibility.PARTY,
        )


def test_a_note_sent_twice_with_its_id_is_saved_once():
    r = room()
    key = uuid.uuid4()
    kwargs = {"author": r.users["member"], "document": r.closed_doc.document, "page": 1}
    first = services.note_create(**kwargs, text="Offline skriven.", uuid=key)
    again = services.note_create(**kwargs, text="Offline skriven.", uuid=str(key))
    assert first.pk == again.pk and Note.objects.count() == 1
    with pytest.raises(ValidationError):
        services.note_create(
            author=r.users["substitute"], document=r.closed_doc.document, page=1, text="x", uuid=key
        )


def test_a_note_sent_twice_at_once_is_saved_once_and_neither_send_fails(monkeypatch):
    # The second send checks for the id before the first has saved it, and reaches the
    # insert after: the unique id refuses the insert, and the note saved is returned.
    r = room()
    key = uuid.uuid4()
    kwargs = {"author": r.users["member"], "document": r.closed_doc.document, "page": 1}
    first = services.note_create(**kwargs, text="Offline skriven.", uuid=key)
    real = services._already_saved
    checks: list[object] = []

    def not_yet_saved(*args, **kw):
        checks.append(args[0])
        return None if len(checks) == 1 else real(*args, **kw)

    monkeypatch.setattr(services, "_already_saved", not_yet_saved)
    again = services.note_create(**kwargs, text="Offline skriven.", uuid=key)
    assert again.pk == first.pk and Note.objects.count() == 1 and len(checks) == 2
    # Someone else's note under that id is still refused.
    checks.clear()
    with pytest.raises(ValidationError):
        services.note_create(
            author=r.users["substitute"], document=r.closed_doc.document, page=1, text="x", uuid=key
        )


def test_only_the_author_changes_or_deletes_a_note_and_the_deletion_is_logged():
    r = room()
    note = services.note_create(
        author=r.users["member"],
        document=r.closed_doc.document,
        page=1,
        text="Utkast.",
        visibility=Note.Visibility.PARTY,
    )
    with pytest.raises(ValidationError):
        services.note_update(note, by=r.users["substitute"], text="Ändrad", visibility="party")
    with pytest.raises(ValidationError):
        services.note_delete(note, by=r.users["substitute"])
    note = services.note_update(note, by=r.users["member"], text="Klar.", visibility="private")
    assert _readers(note, r.users) == {"member"}
    pk = note.pk
    services.note_delete(note, by=r.users["member"])
    assert not Note.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(object_id=str(pk), action="delete").exists()


def test_when_the_seat_ends_the_notes_are_shown_to_no_one():
    r = room(day=datetime.date.today() + datetime.timedelta(days=7))
    note = services.note_create(
        author=r.users["member"],
        document=r.closed_doc.document,
        page=1,
        text="Delad.",
        visibility=Note.Visibility.PARTY,
    )
    seat = Membership.objects.get(person=r.users["member"].person, body=r.body)
    seat.end = datetime.date.today() - datetime.timedelta(days=1)
    seat.save()
    for user in r.users.values():
        user._samverkan_audience = None
    assert _readers(note, r.users) == set()
