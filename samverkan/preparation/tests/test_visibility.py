"""Who reads an item in preparation and its documents (Preparation.visible_to, and the
document store's rule for documents attached to an item in preparation)."""

from __future__ import annotations

import pytest

from samverkan.access.policy import PUBLIC, audience_for
from samverkan.documents.models import Document
from samverkan.preparation import services
from samverkan.preparation.models import Preparation


def readers(prep, qs_for) -> set[str]:
    return {who for who, user in prep.users.items() if qs_for(audience_for(user)).exists()}


@pytest.fixture
def closed(prep):
    draft = prep.draft(is_public=False, confidentiality_ground="OSL 21 kap. 1 §")
    link = services.preparation_document_add(
        draft,
        title="Bilaga",
        data=b"Uppgifter i bilagan.",
        filename="bilaga.txt",
        by=prep.users["official"],
    )
    return draft, link.document


def test_a_draft_is_read_by_its_author_the_secretariat_reviewers_and_admins(prep, closed):
    draft, _document = closed
    got = readers(prep, lambda a: Preparation.objects.visible_to(a).filter(pk=draft.pk))
    assert got == {"official", "secretary", "chair", "admin"}
    assert not Preparation.objects.visible_to(PUBLIC).exists()


def test_the_attached_document_is_read_only_by_the_items_readers(prep, closed):
    _draft, document = closed
    got = readers(prep, lambda a: Document.objects.visible_to(a).filter(pk=document.pk))
    assert got == {"official", "secretary", "chair", "admin"}
    assert not Document.objects.visible_to(PUBLIC).filter(pk=document.pk).exists()


def test_an_open_items_document_becomes_public_when_placed_on_the_agenda(prep):
    draft = prep.draft()
    link = services.preparation_document_add(
        draft,
        title="Bilaga",
        data=b"Offentlig bilaga.",
        filename="bilaga.txt",
        by=prep.users["official"],
    )
    assert not Document.objects.visible_to(PUBLIC).filter(pk=link.document_id).exists()
    services.preparation_submit(draft, by=prep.users["official"])
    services.preparation_approve(draft, by=prep.users["chair"])
    services.preparation_place(draft, prep.meeting, by=prep.users["secretary"])
    assert Document.objects.visible_to(PUBLIC).filter(pk=link.document_id).exists()


def test_a_closed_items_document_stays_inside_the_meeting_when_placed(prep, closed):
    draft, document = closed
    services.preparation_submit(draft, by=prep.users["official"])
    services.preparation_approve(draft, by=prep.users["chair"])
    services.preparation_place(draft, prep.meeting, by=prep.users["secretary"])
    assert not Document.objects.visible_to(PUBLIC).filter(pk=document.pk).exists()
    member = audience_for(prep.users["member"])
    assert Document.objects.visible_to(member).filter(pk=document.pk).exists()


def test_search_does_not_find_a_drafts_document_for_the_public(prep, closed, client):
    from django.urls import reverse

    response = client.get(reverse("search:search"), {"q": "bilagan"})
    assert response.status_code == 200
    assert "Uppgifter i bilagan" not in response.content.decode()
