"""Regression tests for issue 8's defects 3, 4, 5 and 7: publicity is one fact, extracts
are cut from the sealed content, attestation binds the text, and those called read
what their meeting holds."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from samverkan.documents.services import document_version_add
from samverkan.meetings import services
from samverkan.meetings.models import Attestation, Meeting
from samverkan.meetings.render import notice_pdf
from samverkan.structure.models import Person

from .conftest import attest_all, login_as

SECRET = "Hemlig-punkt-Vattenfall"
GROUND = "OSL 21 kap. 1 §"


def _text(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def minuted(held_meeting, people) -> Meeting:
    sections = services.sections_create_from_agenda(held_meeting)
    services.section_update(sections[4], decision=f"Beslut om {SECRET}.")
    services.attesters_choose(held_meeting, [people["Therese Kärngard"]], place="Regionens hus")
    return Meeting.objects.get(pk=held_meeting.pk)


def _seal(meeting: Meeting, people) -> Meeting:
    attest_all(meeting, people)
    return Meeting.objects.get(pk=meeting.pk)


# --- Defect 3: publicity is one fact; closing after attestation closes the § everywhere --


def test_an_item_closed_after_sealing_closes_its_section_on_every_public_surface(
    client, minuted, people
):
    sealed = _seal(minuted, people)
    base = f"/sammantraden/{sealed.pk}"
    assert SECRET in _text(client.get(f"{base}/protokollsutdrag.pdf?p=5"))
    item = sealed.items.get(position=5)

    services.agenda_item_publicity_set(item, is_public=False, confidentiality_ground=GROUND)

    assert client.get(f"{base}/protokollsutdrag.pdf?p=5").status_code == 404
    public_minutes = _text(client.get(f"{base}/protokoll.pdf"))
    assert SECRET not in public_minutes and "§ 5 Ej offentlig paragraf" in public_minutes
    assert SECRET not in client.get(f"{base}/").content.decode()
    assert client.get("/sok/?q=Vattenfall").context["hits"] == []
    # The sealed original is untouched and its SHA-256 still matches the stored PDF.
    sealed.refresh_from_db()
    assert sealed.minutes_sha256 and sealed.sealed_content["sections"][4]["number"] == 5


def test_a_closed_item_needs_its_legal_ground(minuted):
    item = minuted.items.get(position=5)
    with pytest.raises(ValidationError, match="lagrum"):
        services.agenda_item_publicity_set(item, is_public=False)
    assert minuted.items.get(position=5).is_public


# --- Defect 4: extracts are cut from the sealed content ---------------------------------


def test_an_extract_is_cut_from_the_sealed_minutes_not_from_live_data(
    client, minuted, people, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    item = minuted.items.get(position=5)
    services.agenda_item_update(item, dispatch_to="Kommunförbundet <kf@exempel.invalid>")
    sealed = _seal(minuted, people)
    therese = people["Therese Kärngard"]
    Person.objects.filter(pk=therese.pk).update(name="Omdöpt Person")  # a later rename
    text = _text(client.get(f"/sammantraden/{sealed.pk}/protokollsutdrag.pdf?p=1&p=5"))
    assert "Omdöpt Person" not in text
    assert sealed.minutes_sha256 in text.replace("\n", "")
    # The dispatch list is the one attested, and the extract mailed is the sealed cut.
    dispatch = services.extract_send(sealed, [5])
    assert dispatch.recipients == "Kommunförbundet <kf@exempel.invalid>"
    assert mail.outbox[-1].to == ["kf@exempel.invalid"]
    attached = mail.outbox[-1].attachments[0][1]
    extract = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(attached)).pages)
    assert SECRET in extract and "Omdöpt Person" not in extract


# --- Defect 5: attestation binds the text ---------------------------------------------


def test_a_change_after_the_chair_attested_voids_the_chairs_attestation(minuted, people):
    settings_outbox = mail.outbox
    chair = people["Jonas Andersson"]
    chair.email = "ordforande@exempel.invalid"
    chair.save()
    services.minutes_attest(
        minuted,
        login_as(chair, "jonas"),
        content_sha256=services.minutes_content_sha256(minuted),
    )
    section = minuted.sections.get(number=5)
    services.section_update(section, decision="Ändrat efter ordförandens justering.")

    voided = Attestation.objects.get(person=chair)
    assert voided.voided_at is not None
    assert any("ordforande@exempel.invalid" in m.to for m in settings_outbox)
    # The attester's signature alone does not seal: the chair must attest again.
    services.minutes_attest(
        minuted,
        login_as(people["Therese Kärngard"], "therese"),
        content_sha256=services.minutes_content_sha256(minuted),
    )
    assert Meeting.objects.get(pk=minuted.pk).sealed_at is None
    services.minutes_attest(
        minuted,
        chair.user,
        content_sha256=services.minutes_content_sha256(minuted),
    )
    sealed = Meeting.objects.get(pk=minuted.pk)
    assert sealed.sealed_at is not None
    assert "Ändrat efter ordförandens justering." in sealed.sealed_content["sections"][4]["html"]


def test_an_attestation_of_a_text_the_signatory_did_not_read_is_refused(minuted, people):
    with pytest.raises(ValidationError, match="ändrats sedan du läste"):
        services.minutes_attest(
            minuted, login_as(people["Jonas Andersson"], "jonas"), content_sha256="0" * 64
        )
    assert not minuted.attestations.exists()


def test_no_attestation_before_the_meeting_has_taken_place(minuted, people):
    Meeting.objects.filter(pk=minuted.pk).update(
        date=datetime.date.today() + datetime.timedelta(days=3)
    )
    meeting = Meeting.objects.get(pk=minuted.pk)
    with pytest.raises(ValidationError, match="inte hållits"):
        services.minutes_attest(
            meeting,
            login_as(people["Jonas Andersson"], "jonas"),
            content_sha256=services.minutes_content_sha256(meeting),
        )


def test_signatories_read_the_draft_page_and_pdf_others_do_not(client, minuted, people):
    base = f"/sammantraden/{minuted.pk}"
    client.force_login(login_as(people["Therese Kärngard"], "therese"))
    page = client.get(f"{base}/justera/")
    assert page.status_code == 200 and SECRET in page.content.decode()
    assert page.context["content_sha256"] == services.minutes_content_sha256(minuted)
    assert SECRET in _text(client.get(f"{base}/protokoll.pdf"))
    client.force_login(login_as(people["Richard Nilsson"], "richard"))  # a member, no signer
    assert client.get(f"{base}/justera/").status_code == 403
    assert client.get(f"{base}/protokoll.pdf").status_code == 404


def test_the_sha256_shown_is_that_of_the_stored_pdf(client, minuted, people):
    import hashlib

    sealed = _seal(minuted, people)
    stored = sealed.minutes_pdf.open("rb").read()
    assert hashlib.sha256(stored).hexdigest() == sealed.minutes_sha256
    assert sealed.minutes_sha256 in client.get(f"/sammantraden/{sealed.pk}/").content.decode()


# --- Defect 7: members and substitutes read what their meeting holds --------------------


def test_members_and_substitutes_read_a_closed_items_document_and_the_bundle(
    client, rsr_meeting, people, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    item = services.agenda_item_add(
        rsr_meeting,
        title=f"Stängd punkt {SECRET}",
        is_public=False,
        confidentiality_ground=GROUND,
    )
    link = services.supporting_document_add(item, title="Underlag till stängd punkt")
    document_version_add(
        link.document, data=notice_pdf(rsr_meeting, _public()), filename="underlag.pdf"
    )
    base = f"/sammantraden/{rsr_meeting.pk}"
    assert client.get(_document_url(link.pk)).status_code in (403, 404)
    assert client.get(f"{base}/handlingar.pdf").status_code == 403
    for name, username in (("Richard Nilsson", "richard"), ("Kent Karlsson", "kent")):
        client.force_login(login_as(people[name], username))
        assert client.get(_document_url(link.pk)).status_code == 200
        bundle = client.get(f"{base}/handlingar.pdf")
        assert bundle.status_code == 200
        assert "Underlag till stängd punkt" in [
            o.title
            for o in _flatten(PdfReader(io.BytesIO(bundle.content)).outline)
            if not isinstance(o, list)
        ]
        assert SECRET in client.get(f"{base}/").content.decode()


def _public():
    from samverkan.access.policy import PUBLIC

    return PUBLIC


def _document_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("meetings:document", args=[pk])


def _flatten(outline: list) -> list:
    out = []
    for o in outline:
        out.extend(_flatten(o) if isinstance(o, list) else [o])
    return out
