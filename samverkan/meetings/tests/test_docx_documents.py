"""The Word documents (notice, minutes) read back with python-docx: a title and the body
as author in the properties, Swedish as the language of the properties and the styles,
A4 with margins, and headings in order (level 1 first, no level skipped)."""

import io
import itertools

import pytest
from docx import Document
from docx.oxml.ns import qn

from samverkan.access.policy import PUBLIC, member_of
from samverkan.meetings import render, services

pytestmark = pytest.mark.django_db


def heading_levels(doc) -> list[int]:
    return [
        int(p.style.name.removeprefix("Heading "))
        for p in doc.paragraphs
        if p.style.name.startswith("Heading ")
    ]


def assert_well_formed(data: bytes, *, title: str, author: str) -> None:
    doc = Document(io.BytesIO(data))
    properties = doc.core_properties
    assert properties.title == title
    assert properties.author == author
    assert properties.language == "sv-SE"
    lang = (
        doc.styles.element.find(qn("w:docDefaults"))
        .find(qn("w:rPrDefault"))
        .find(qn("w:rPr"))
        .find(qn("w:lang"))
    )
    assert lang.get(qn("w:val")) == "sv-SE"
    for section in doc.sections:
        sizes = (section.page_width, section.page_height)
        margins = (section.left_margin, section.right_margin, section.top_margin)
        assert [round(m.mm) if m else None for m in sizes] == [210, 297]
        assert [round(m.mm) if m else None for m in (*margins, section.bottom_margin)] == [25] * 4
    levels = heading_levels(doc)
    assert levels and levels[0] == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"rubriknivå {before} följs av {after}: {levels}"


def test_the_notice_in_word(rsr_meeting):
    for audience in (PUBLIC, member_of(rsr_meeting.body_id)):
        assert_well_formed(
            render.notice_docx(rsr_meeting, audience),
            title="Kallelse RSR 2025-05-05",
            author="Regionens samverkansråd",
        )


def test_the_draft_minutes_in_word(held_meeting):
    services.sections_create_from_agenda(held_meeting)
    data = render.minutes_docx(
        held_meeting,
        content=render.minutes_content(held_meeting),
        readable_items=None,
        draft=True,
    )
    assert_well_formed(data, title="Protokoll RSR 2025-05-05", author="Regionens samverkansråd")
