"""Closed items and non-public §§ stay out of what the public downloads."""

import io

from docx import Document
from pypdf import PdfReader

from samverkan.meetings import services
from samverkan.meetings.models import Meeting, Section

from .conftest import attest_all

SECRET = "Förhandling om enskild brukare Kolibri"


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def closed_item(meeting: Meeting):
    return services.agenda_item_add(
        meeting,
        title="Ärende inom stängda dörrar",
        description=SECRET,
        proposed_decision=f"Beslut om {SECRET}",
        is_public=False,
        confidentiality_ground="OSL 21 kap. 1 §",
    )


def test_the_public_notice_keeps_only_the_number_of_a_closed_item(client, rsr_meeting, secretary):
    closed_item(rsr_meeting)
    public_pdf = pdf_text(client.get(f"/sammantraden/{rsr_meeting.pk}/kallelse.pdf").content)
    assert "Ej offentlig punkt" in public_pdf and "Punkten är inte offentlig" in public_pdf
    assert "Kolibri" not in public_pdf and "stängda dörrar" not in public_pdf
    docx = client.get(f"/sammantraden/{rsr_meeting.pk}/kallelse.docx").content
    assert "Kolibri" not in " ".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert client.get(f"/sammantraden/{rsr_meeting.pk}/handlingar.pdf").status_code == 403
    client.force_login(secretary)
    assert "Kolibri" in pdf_text(client.get(f"/sammantraden/{rsr_meeting.pk}/kallelse.pdf").content)


def test_the_public_minutes_leave_out_non_public_sections(client, held_meeting, people, secretary):
    closed_item(held_meeting)
    sections = services.sections_create_from_agenda(held_meeting)
    closed = next(s for s in sections if not s.is_public)
    services.section_update(closed, decision=f"Beslut om {SECRET}.")
    services.attesters_choose(held_meeting, [people["Therese Kärngard"]])
    attest_all(held_meeting, people)
    client.logout()
    response = client.get(f"/sammantraden/{held_meeting.pk}/protokoll.pdf")
    text = pdf_text(b"".join(response.streaming_content))
    assert "offentlig version" in text and f"§ {closed.number} Ej offentlig paragraf" in text
    assert "Kolibri" not in text
    assert "Kolibri" not in client.get(f"/sammantraden/{held_meeting.pk}/").content.decode()
    client.force_login(secretary)
    full = client.get(f"/sammantraden/{held_meeting.pk}/protokoll.pdf")
    assert "Kolibri" in pdf_text(b"".join(full.streaming_content))
    assert Section.objects.get(pk=closed.pk).is_public is False


def test_guests_get_the_public_notice_and_members_the_full_one(rsr_meeting, smtp):
    from samverkan.meetings.models import Guest

    closed_item(rsr_meeting)
    Guest.objects.create(
        meeting=rsr_meeting, name="Extern föredragande", email="extern@exempel.invalid"
    )
    services.notice_send(rsr_meeting)
    by_address = {m["To"]: m for m in smtp.messages}
    assert len(by_address) == 20

    def attachments(message):
        return {p.get_content_type(): p.get_content() for p in message.iter_attachments()}

    guest = attachments(by_address["extern@exempel.invalid"])
    member = attachments(by_address["jonas.andersson@exempel.invalid"])
    assert (
        "Kolibri" not in pdf_text(guest["application/pdf"])
        and "stängda dörrar" not in guest["text/calendar"]
    )
    assert "Kolibri" in pdf_text(member["application/pdf"])


def test_calendars_do_not_show_closed_titles(client, rsr_meeting, calendar_reaches_demo):
    closed_item(rsr_meeting)
    for url in (
        f"/sammantraden/{rsr_meeting.pk}/kalender.ics",
        "/organ/rsr/kalender.ics",
        "/personer/jonas-andersson/kalender.ics",
    ):
        ics = client.get(url).content.decode()
        assert "stängda dörrar" not in ics and "Ej offentlig punkt" in ics


def test_closing_an_item_closes_its_section(client, held_meeting, people):
    sections = services.sections_create_from_agenda(held_meeting)
    item = sections[3].agenda_item
    services.agenda_item_update(
        item, is_public=False, confidentiality_ground="OSL 21 kap. 1 §", description=SECRET
    )
    assert Section.objects.get(pk=sections[3].pk).is_public is False
    services.section_update(sections[3], decision=f"Beslut om {SECRET}.")
    services.attesters_choose(held_meeting, [people["Therese Kärngard"]])
    attest_all(held_meeting, people)
    assert "Kolibri" not in client.get(f"/sammantraden/{held_meeting.pk}/").content.decode()
    assert "Kolibri" not in pdf_text(
        b"".join(client.get(f"/sammantraden/{held_meeting.pk}/protokoll.pdf").streaming_content)
    )


def test_the_public_minutes_are_fixed_at_attestation(client, held_meeting, people):
    import hashlib

    closed_item(held_meeting)
    services.sections_create_from_agenda(held_meeting)
    services.attesters_choose(held_meeting, [people["Therese Kärngard"]])
    attest_all(held_meeting, people)
    held_meeting.refresh_from_db()
    people["Therese Kärngard"].name = "Någon Annan"
    people["Therese Kärngard"].save()
    served = b"".join(
        client.get(f"/sammantraden/{held_meeting.pk}/protokoll.pdf").streaming_content
    )
    assert hashlib.sha256(served).hexdigest() == held_meeting.public_minutes_sha256
    assert "Therese Kärngard" in pdf_text(served)
