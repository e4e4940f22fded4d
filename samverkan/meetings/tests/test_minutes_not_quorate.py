"""A § where the body was not quorate says so in the minutes and in extracts, instead of
an empty "Beslut –" (selectors.sections_quorum_attach, from quorum_at's count)."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from samverkan.meetings import render, services
from samverkan.meetings.selectors import quorum_at, sealed_sections

from .conftest import login_as
from .test_meeting_law import HELD, Board

NOT_QUORATE = "Organet var inte beslutfört vid denna paragraf; inget beslut fattades."


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


@pytest.fixture
def board(db):
    """Anna, Bo and Cilla serve at the budget; Cilla leaves after it, so two of five
    remain for the agreement and the body is not quorate there."""
    board = Board(HELD)
    board.attend("Anna")
    board.attend("Bo")
    board.attend("Cilla", left_after_item=board.items["Budget"])
    board.budget = board.section("Budget")
    services.section_update(board.budget, decision="Budgeten antas.")
    board.deal = board.section("Avtal")
    assert not quorum_at(board.deal).met
    return board


def test_the_draft_minutes_say_the_body_was_not_quorate_at_the_section(board):
    content = render.minutes_content(board.meeting)
    html = {s["number"]: s["html"] for s in content["sections"]}
    assert NOT_QUORATE in html[board.deal.number]
    assert NOT_QUORATE not in html[board.budget.number]
    assert "Budgeten antas." in html[board.budget.number]
    assert NOT_QUORATE in pdf_text(render.minutes_pdf(board.meeting, draft=True))
    docx = render.minutes_docx(board.meeting, content=content, readable_items=None, draft=True)
    assert NOT_QUORATE in docx_text(docx)


def test_the_sealed_minutes_the_page_and_the_extract_say_it(board, client):
    services.attesters_choose(board.meeting, [board.p["Bo"]])
    for name in ("Anna", "Bo"):
        services.minutes_attest(
            board.meeting,
            login_as(board.p[name], name.lower()),
            content_sha256=services.minutes_content_sha256(board.meeting),
        )
    board.meeting.refresh_from_db()
    assert board.meeting.sealed_at is not None
    with board.meeting.minutes_pdf.open("rb") as fh:
        assert NOT_QUORATE in pdf_text(fh.read())
    cut = sealed_sections(board.meeting, [board.deal.number])
    extract = render.extract_pdf(board.meeting, cut.sections, certified_sha256=cut.certified_sha256)
    assert NOT_QUORATE in pdf_text(extract)
    docx = render.minutes_docx(
        board.meeting, content=board.meeting.sealed_content, readable_items=None
    )
    assert NOT_QUORATE in docx_text(docx)
    page = client.get(board.meeting.get_absolute_url()).content.decode()
    assert page.count(NOT_QUORATE) == 1


def test_nothing_is_said_before_attendance_is_recorded(db):
    board = Board(HELD)
    section = board.section("Avtal")
    html = render.minutes_content(board.meeting)["sections"][0]["html"]
    assert section.number and NOT_QUORATE not in html
