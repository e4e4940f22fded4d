"""Golden tests: the dashboard's and the yearly report's figures for the year built in
year.py, as the public and as an insider see them, on the page, in the PDF and in Word."""

import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from samverkan.access.policy import PUBLIC, Audience
from samverkan.followup import render, selectors
from samverkan.meetings.tests.test_docx_documents import assert_well_formed

from .year import TODAY, YEAR, _meeting, build

pytestmark = pytest.mark.django_db

ADMIN = Audience(user_id=1, is_admin=True)


@pytest.fixture
def year():
    return build()


def test_public_report_figures(year):
    r = selectors.body_year(year.body, YEAR, PUBLIC, TODAY)
    assert (r.plan.rhythm, r.plan.scheduled, r.plan.held, r.plan.cancelled) == (4, 5, 4, 1)
    assert r.attendance.meetings == 3
    by_party = {
        p.party.short_name: (p.seats, p.present_members, p.serving_substitutes)
        for p in r.attendance.by_party
    }
    assert by_party == {"R": (6, 5, 0), "K1": (3, 2, 0), "K2": (3, 2, 1)}
    total = r.attendance.total
    assert (total.seats, total.filled, total.share) == (12, 10, 83.3)
    members = {m.person_name: (m.called, m.present) for m in r.attendance.by_member}
    assert members == {
        "Person R1": (3, 3),
        "Person R2": (3, 2),
        "Person K1": (3, 2),
        "Person K2": (3, 2),
    }
    assert (r.decisions.items, r.decisions.decided, r.decisions.share) == (3, 2, 66.7)
    assert (r.cases_handled, r.cases_decided) == (3, 2)
    assert r.lead.spread is not None
    assert (
        r.lead.spread.n,
        r.lead.spread.median,
        r.lead.spread.minimum,
        r.lead.spread.maximum,
    ) == (2, 62, 54, 70)
    assert [row.recommendation.title for row in r.matrix.rows] == ["Rekommendation A"]
    assert [c.get_status_display() for c in r.matrix.rows[0].cells] == [
        "Antagen",
        "Avslagen",
        "Ej behandlad",
    ]
    states = {s.state: s.count for s in r.assignment_states}
    assert states == {"not_started": 0, "ongoing": 0, "late": 1, "done": 2, "cancelled": 0}
    assert (r.assignments_done, r.assignments_done_late, r.assignments_late) == (2, 1, 1)
    assert [a.title for a in r.late_assignments] == ["Uppdrag a3"]
    assert [c.text for c in r.changes] == ["Person S2 blir ersättare i ARN."]


def test_an_insider_counts_the_closed_item_too(year):
    r = selectors.body_year(year.body, YEAR, ADMIN, TODAY)
    assert (r.decisions.items, r.decisions.decided) == (4, 3)
    assert r.lead.spread is not None
    assert (r.lead.spread.n, r.lead.spread.median) == (3, 54)
    states = {s.state: s.count for s in r.assignment_states}
    assert states["ongoing"] == 1  # a4, from the closed §


def test_the_pdf_and_word_report_carry_the_figures(year):
    r = selectors.body_year(year.body, YEAR, PUBLIC, TODAY)
    pdf = PdfReader(io.BytesIO(render.body_report_pdf(r, TODAY)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert pdf.metadata.title == f"Årsrapport {YEAR} – Arenan"
    for expected in (
        "Planerade: 5, hållna: 4, inställda: 1",
        "83,3 %",
        "2 av 3 ärendepunkter",
        "median 62 dagar",
        "Rekommendation A",
        "Klara under året: 2, varav 1 efter slutdatum",
    ):
        assert expected in " ".join(text.split()), expected
    assert "Ärende E" not in text and "Uppdrag a4" not in text
    doc = Document(io.BytesIO(render.body_report_docx(r, TODAY)))
    words = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    assert "Planerade: 5, hållna: 4, inställda: 1" in words
    assert "83,3 %" in words and "Uppdrag a4" not in words
    assert doc.core_properties.language == "sv-SE"
    assert_well_formed(
        render.body_report_docx(r, TODAY), title=f"Årsrapport {YEAR} – Arenan", author="Arenan"
    )
    whole = selectors.structure_year(year.body.collaboration, YEAR, PUBLIC, TODAY)
    collaboration = year.body.collaboration.name
    assert_well_formed(
        render.structure_report_docx(whole, TODAY),
        title=f"Årsrapport {YEAR} – {collaboration}",
        author=collaboration,
    )
    pdf_whole = PdfReader(io.BytesIO(render.structure_report_pdf(whole, TODAY)))
    first = " ".join(pdf_whole.pages[0].extract_text().split())
    assert "ARN 4 5 4 83,3 % 2 1 2 / 1" in first


def test_dashboard_page_shows_charts_with_tables(year, client: Client):
    response = client.get(reverse("followup:dashboard", args=[year.body.slug]), {"ar": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 4  # states, lead time, plan, attendance
    assert "<desc" in html and "Besatta platser per part 2025" in html
    assert "Region Gyllene" in html and "83,3 %" in html
    assert "Ärende E" not in html and "Uppdrag a4" not in html


def test_dashboard_queries_do_not_grow_with_the_data(year, client: Client):
    url = reverse("followup:dashboard", args=[year.body.slug])
    client.get(url, {"ar": YEAR})
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"ar": YEAR})
    for month in range(1, 13):
        _meeting(year.body, datetime.date(2024, month, 3))
    with CaptureQueriesContext(connection) as after:
        client.get(url, {"ar": YEAR})
    assert len(after) == len(before)


def test_structure_changes_leave_out_what_a_founding_implies(year):
    from samverkan.structure.models import Body, Participation
    from samverkan.structure.tests import factories as f

    new = f.body(
        name="Nya arenan", short_name="NYA", slug="nya-arenan", founded_on=datetime.date(2025, 3, 1)
    )
    Participation.objects.create(
        body=new, party=year.parties["K1"], start=datetime.date(2025, 3, 1)
    )
    Participation.objects.create(
        body=new, party=year.parties["K2"], start=datetime.date(2025, 9, 1)
    )
    texts = [c.text for c in selectors.structure_changes(Body.objects.filter(pk=new.pk), YEAR)]
    assert texts == ["Nya arenan inrättas.", "Kommun Två börjar delta i NYA."]
