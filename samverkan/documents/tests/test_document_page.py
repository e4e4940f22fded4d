"""One document store: a document's versions are listed with their checksums, those who
may give it a new version do so from the page, and nobody deletes it."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.documents.models import Document
from samverkan.documents.services import document_create

TEXT_V1 = b"Version ett av handlingen.\n"
TEXT_V2 = b"Version tva av handlingen, rattad.\n"


@pytest.fixture
def document(db, settings, tmp_path) -> Document:
    settings.MEDIA_ROOT = tmp_path
    return document_create(title="Minnesanteckning", data=TEXT_V1, filename="anteckning.txt")


def test_the_versions_are_listed_with_their_checksums(client, document):
    page = client.get(f"/dokument/{document.pk}/versioner/").content.decode()
    assert "Minnesanteckning" in page and hashlib.sha256(TEXT_V1).hexdigest() in page
    assert "Spara en ny version" not in page  # the public reads, does not change


def test_an_administrator_saves_a_new_version_and_the_old_one_stays(client, document):
    client.force_login(
        user_create(username="adm", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    )
    upload = SimpleUploadedFile("anteckning.txt", TEXT_V2, content_type="text/plain")
    response = client.post(f"/dokument/{document.pk}/versioner/", {"file": upload}, follow=True)
    assert "Version 2 är sparad." in response.content.decode()
    assert [v.number for v in document.versions.order_by("number")] == [1, 2]
    assert client.get(f"/dokument/{document.pk}/").getvalue() == TEXT_V2
    page = client.get(f"/dokument/{document.pk}/versioner/").content.decode()
    assert hashlib.sha256(TEXT_V1).hexdigest() in page
    assert hashlib.sha256(TEXT_V2).hexdigest() in page


def test_a_version_whose_content_does_not_match_its_name_is_refused(client, document):
    client.force_login(
        user_create(username="adm", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    )
    upload = SimpleUploadedFile("anteckning.pdf", TEXT_V2, content_type="application/pdf")
    response = client.post(f"/dokument/{document.pk}/versioner/", {"file": upload})
    assert response.status_code == 200
    assert "stämmer inte med filnamnet" in response.content.decode()
    assert document.versions.count() == 1


def test_the_public_cannot_add_a_version(client, document):
    upload = SimpleUploadedFile("anteckning.txt", TEXT_V2, content_type="text/plain")
    assert client.post(f"/dokument/{document.pk}/versioner/", {"file": upload}).status_code == 403
    assert document.versions.count() == 1


def test_a_confidential_document_page_is_as_absent_as_a_missing_one(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    secret = document_create(
        title="Hemlig", data=TEXT_V1, filename="h.txt", confidentiality_ground="OSL 21 kap. 1 §"
    )
    assert client.get(f"/dokument/{secret.pk}/versioner/").status_code == 404


def test_a_document_is_never_deleted(document):
    with pytest.raises(PermissionError):
        document.delete()
    with pytest.raises(PermissionError):
        Document.objects.filter(pk=document.pk).delete()


def test_the_audit_log_keeps_a_long_text_by_checksum_only(db, settings, tmp_path):
    from samverkan.audit.models import AuditEntry

    settings.MEDIA_ROOT = tmp_path
    text = ("Ett långt protokollsunderlag. " * 500).encode()
    document = document_create(title="Långt underlag", data=text, filename="lang.txt")
    entry = AuditEntry.objects.filter(
        object_id=str(document.versions.get().pk), action="create"
    ).latest("pk")
    logged = entry.after["text"]
    assert logged["sha256"] == hashlib.sha256(text.decode().encode()).hexdigest()
    assert logged["längd"] == len(text.decode())
