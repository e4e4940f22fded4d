"""A dispatch list ("Expedieras till") is published with the recipients' names only
(selectors.dispatch_name): the meeting page, the notice and the minutes never show an
e-mail address, which may be a private person's; the secretariat's dispatch preview
keeps it, since the extract is sent there."""

import io

from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from samverkan.meetings import render, services
from samverkan.meetings.selectors import dispatch_address, dispatch_name

from .test_meeting_law import HELD, Board

ADDRESS = "karin.test@exempel.invalid"
LINE = f"Karin Test <{ADDRESS}>"


def test_a_recipient_is_published_by_name_only():
    assert dispatch_name(LINE) == "Karin Test"
    assert dispatch_name('"Test, Karin" <karin@exempel.invalid>') == "Test, Karin"
    assert dispatch_name("Norrby kommun, registrator@norrby.invalid") == "Norrby kommun"
    assert dispatch_name("Norrby kommun") == "Norrby kommun"
    assert dispatch_name(ADDRESS) == "Mottagare per e-post"


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_public_renderings_show_the_name_and_not_the_address(client, db):
    board = Board(HELD)
    item = services.agenda_item_add(
        board.meeting, title="Avtal med konsult", dispatch_to=f"{LINE}\nNorrby kommun"
    )
    board.attend("Anna")
    board.attend("Bo")
    board.attend("Cilla")
    section = services.section_create(board.meeting, agenda_item=item, decision="Avtalet godkänns.")

    page = client.get(board.meeting.get_absolute_url()).content.decode()
    assert "Karin Test, Norrby kommun" in page and ADDRESS not in page
    notice = client.get(reverse("meetings:notice_pdf", args=[board.meeting.pk])).content
    assert "Karin Test" in _pdf_text(notice) and ADDRESS not in _pdf_text(notice)
    docx = client.get(reverse("meetings:notice_docx", args=[board.meeting.pk])).content
    paragraphs = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "Karin Test" in paragraphs and ADDRESS not in paragraphs
    minutes = {s["number"]: s["html"] for s in render.minutes_content(board.meeting)["sections"]}
    assert "Karin Test" in minutes[section.number] and ADDRESS not in minutes[section.number]


def test_the_secretariats_dispatch_preview_keeps_the_address(db):
    """The minutes keep each line as written: the extract preview and the extract mail
    read the address from there (extract_recipients, dispatch_address)."""
    board = Board(HELD)
    item = services.agenda_item_add(board.meeting, title="Avtal", dispatch_to=LINE)
    section = services.section_create(board.meeting, agenda_item=item)
    part = render.minutes_content(board.meeting)["sections"][0]
    assert part["number"] == section.number and part["dispatch"] == [LINE]
    assert dispatch_address(part["dispatch"][0]) == ADDRESS
