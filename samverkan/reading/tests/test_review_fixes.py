"""What a reviewer found in the reading view: ids that are not numbers, documents disposed
of (gallrade), the page count's wording, note texts kept out of the audit log, notes
counted by the database."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.access.policy import audience_for
from samverkan.audit.models import AuditEntry
from samverkan.reading import rules, selectors, services
from samverkan.reading.models import Note, WatchWord

from .factories import room

pytestmark = pytest.mark.django_db


def _signed_in(client, user):
    client.force_login(user)
    return client


# --- Ids from the request ----------------------------------------------------------------


@pytest.mark.parametrize("word_id", ["abc", "", "1.5", "-3", "99999999999999999999"])
def test_removing_a_watch_word_by_an_id_that_is_no_id_says_so_in_swedish(client, word_id):
    r = room()
    mine = services.watch_word_add(user=r.users["member"], word="vårdplats")
    response = _signed_in(client, r.users["member"]).post(
        reverse("reading:watch"), {"action": "remove", "word_id": word_id}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Bevakningsordet finns inte." in text or "Välj vilket bevakningsord" in text
    assert WatchWord.objects.filter(pk=mine.pk).exists()


def test_removing_a_watch_word_without_an_id_says_so_in_swedish(client):
    r = room()
    response = _signed_in(client, r.users["member"]).post(
        reverse("reading:watch"), {"action": "remove"}
    )
    assert response.status_code == 400
    assert "Välj vilket bevakningsord som ska tas bort." in response.content.decode()


def test_someone_elses_watch_word_is_not_found_and_ones_own_is_removed(client):
    r = room()
    theirs = services.watch_word_add(user=r.users["substitute"], word="vårdplats")
    mine = services.watch_word_add(user=r.users["member"], word="vårdplats")
    client = _signed_in(client, r.users["member"])
    url = reverse("reading:watch")
    assert client.post(url, {"action": "remove", "word_id": theirs.pk}).status_code == 404
    assert client.post(url, {"action": "remove", "word_id": mine.pk}).status_code == 302
    assert list(WatchWord.objects.all()) == [theirs]


@pytest.mark.parametrize("page", ["abc", "", "99999999999999999999"])
def test_a_note_on_a_page_that_is_no_page_number_is_refused_in_swedish(client, page):
    r = room()
    response = _signed_in(client, r.users["member"]).post(
        reverse("reading:document", args=[r.closed_doc.pk]),
        {"page": page, "text": "Fråga.", "visibility": "private"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["saved"] is False
    assert "page" in response.json()["errors"]
    assert Note.objects.count() == 0


# --- Disposed documents ------------------------------------------------------------------


def _dispose(document, *, keep_date=False):
    """What retention.services.disposal_run_confirm writes: the files and text gone, the
    document marked as disposed of."""
    for version in document.versions.all():
        version.file = ""
        version.text = ""
        version.save(update_fields=["file", "text"])
    if not keep_date:
        document.disposed_at = timezone.now()
        document.disposal_note = "Gallrad enligt klass 1.1."
        document.save(update_fields=["disposed_at", "disposal_note"])


@pytest.mark.parametrize("keep_date", [False, True], ids=["disposed", "file-gone"])
def test_a_disposed_document_reads_as_disposed_and_leaves_the_tablet(client, keep_date):
    r = room()
    services.note_create(
        author=r.users["member"], document=r.closed_doc.document, page=2, text="Kvar."
    )
    _dispose(r.closed_doc.document, keep_date=keep_date)
    client = _signed_in(client, r.users["member"])

    page = client.get(reverse("reading:document", args=[r.closed_doc.pk]))
    assert page.status_code == 200
    assert "Handlingen är gallrad." in page.content.decode()
    assert reverse("reading:document_file", args=[r.closed_doc.pk]) not in page.content.decode()
    assert client.get(reverse("reading:document_file", args=[r.closed_doc.pk])).status_code == 404

    urls = client.get(reverse("reading:offline_manifest")).json()["urls"]
    assert reverse("reading:document", args=[r.closed_doc.pk]) not in urls
    assert reverse("reading:document_file", args=[r.closed_doc.pk]) not in urls
    assert reverse("reading:document", args=[r.open_doc.pk]) in urls

    meeting = client.get(reverse("reading:meeting", args=[r.meeting.pk]))
    assert meeting.status_code == 200
    assert selectors.document_pages(r.closed_doc.document.versions.get()) == []


# --- Wording -----------------------------------------------------------------------------


def test_the_page_count_is_said_in_the_singular_for_one_page():
    assert rules.note_page_problem(2, 1) == "Handlingen har 1 sida; välj sida 1."
    assert "Handlingen har 2 sidor" in rules.note_page_problem(3, 2)


# --- The audit log -----------------------------------------------------------------------


def test_the_audit_log_records_that_a_note_changed_never_its_text():
    r = room()
    note = services.note_create(
        author=r.users["member"], document=r.closed_doc.document, page=1, text="Hemligt utkast."
    )
    services.note_update(note, by=r.users["member"], text="Hemligt slutord.", visibility="private")
    services.note_update(note, by=r.users["member"], text="Hemligt slutord.", visibility="party")
    pk = note.pk
    services.note_delete(note, by=r.users["member"])
    entries = list(
        AuditEntry.objects.filter(object_id=str(pk), content_type__model="note").order_by("pk")
    )
    assert [e.action for e in entries] == ["create", "update", "update", "delete"]
    for entry in entries:
        assert "Hemligt" not in repr((entry.before, entry.after, entry.object_repr))
    create, text_changed, visibility_changed, delete = entries
    assert create.after["text"] == "(dold)"
    assert ("text", "(dold)", "(dold, ändrad)") in text_changed.changed_fields()
    assert "text" not in [k for k, _b, _a in visibility_changed.changed_fields()]
    assert delete.before["text"] == "(dold)"


# --- Counting ----------------------------------------------------------------------------


def test_notes_are_counted_by_the_database_per_document():
    r = room()
    for page in (1, 2, 2):
        services.note_create(
            author=r.users["member"], document=r.closed_doc.document, page=page, text="x"
        )
    services.note_create(author=r.users["member"], document=r.open_doc.document, page=1, text="y")
    services.note_create(
        author=r.users["substitute"], document=r.closed_doc.document, page=1, text="z"
    )
    ids = [r.closed_doc.document_id, r.open_doc.document_id]
    audience = audience_for(r.users["member"])
    with CaptureQueriesContext(connection) as queries:
        counts = selectors.note_count_by_document(audience, ids)
    assert counts == {r.closed_doc.document_id: 3, r.open_doc.document_id: 1}
    on_notes = [q["sql"].upper() for q in queries if '"reading_note"' in q["sql"]]
    assert len(on_notes) == 1
    assert "COUNT(" in on_notes[0] and "GROUP BY" in on_notes[0]


def test_a_day_of_no_notes_counts_nothing():
    r = room(day=datetime.date.today() + datetime.timedelta(days=3))
    audience = audience_for(r.users["member"])
    assert selectors.note_count_by_document(audience, [r.closed_doc.document_id]) == {}
