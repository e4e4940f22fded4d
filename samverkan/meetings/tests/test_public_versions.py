"""Closed items and non-public §§ stay out of what the public downloads."""

import io

from docx import Document
from pypdf import PdfReader

from samverkan.meetings import services
from samverkan.meetings.models import Meeting, Section

from .conftest import login_as

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
    )


def test_the_public_notice_keeps_only_the_title_of_a_closed_item(client, rsr_meeting, secretary):
    closed_item(rsr_meeting)
    public_pdf = pdf_text(client.get(f"/sammantraden/{rsr_meeting.pk}/kallelse.pdf").content)
    assert "Ärende inom stängda dörrar" in public_pdf and "Punkten är inte offentlig" in public_pdf
    assert "Kolibri" not in public_pdf
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
    for name, username in (("Jonas Andersson", "jonas"), ("Therese Kärngard", "therese")):
        services.minutes_attest(held_meeting, login_as(people[name], username))
    client.logout()
    response = client.get(f"/sammantraden/{held_meeting.pk}/protokoll.pdf")
    text = pdf_text(response.content)
    assert "offentlig version" in text and f"§ {closed.number} Ej offentlig paragraf" in text
    assert "Kolibri" not in text
    assert "Kolibri" not in client.get(f"/sammantraden/{held_meeting.pk}/").content.decode()
    client.force_login(secretary)
    full = client.get(f"/sammantraden/{held_meeting.pk}/protokoll.pdf")
    assert "Kolibri" in pdf_text(b"".join(full.streaming_content))
    assert Section.objects.get(pk=closed.pk).is_public is False
