"""An agenda item refers to its case by a real reference, and a final § gives the case
its decision through the cases service (no text is parsed)."""

import pytest
from django.core.exceptions import ValidationError

from samverkan.cases.models import Case, Decision
from samverkan.cases.services import decisions_record_from_sections
from samverkan.cases.tests.helpers import members_present
from samverkan.meetings import services as meetings
from samverkan.meetings.forms import AgendaItemForm
from samverkan.meetings.models import AgendaItem, Meeting


def _form(**data: str) -> AgendaItemForm:
    rsr = Meeting.objects.get(body__slug="rsr").body_id  # RSR handles RS/418/2025
    return AgendaItemForm({"title": "Punkt", **data}, body_id=rsr)


def test_the_demo_item_refers_to_its_case(demo):
    item = AgendaItem.objects.get(meeting__body__slug="rsr", position=5)
    assert item.case == Case.objects.get(series__code="RS", number=418, year=2025)
    assert item.case_number == "RS/418/2025"


def test_an_unknown_case_number_is_a_clear_error(demo):
    form = _form(case_number="RS/999/2025")
    assert not form.is_valid()
    assert form.errors["case_number"] == ["Det finns inget ärende RS/999/2025 i diariet."]
    malformed = _form(case_number="RS-418")
    assert not malformed.is_valid()
    assert "SERIE/nummer/år" in malformed.errors["case_number"][0]


def test_a_known_case_number_links_the_case(demo):
    meeting = Meeting.objects.get(body__slug="rsr")
    form = _form(case_number="rs/418/2025", is_public="on")
    assert form.is_valid(), form.errors
    item = meetings.agenda_item_add(meeting, **form.cleaned_data)
    assert item.case == Case.objects.get(number=418, year=2025)


def test_a_final_section_gives_its_case_the_decision_once(demo):
    meeting = Meeting.objects.get(body__slug="rsr")
    members_present(meeting)
    item = meeting.items.get(position=5)
    section = meetings.section_create(
        meeting, agenda_item=item, decision="Beslut enligt förslaget."
    )
    decisions_record_from_sections([section])
    decisions_record_from_sections([section])
    decision = Decision.objects.get(section=section)
    assert decision.case == item.case and decision.text == "Beslut enligt förslaget."


def test_a_closed_item_without_legal_ground_is_refused_by_the_form_and_service(demo):
    meeting = Meeting.objects.get(body__slug="rsr")
    with pytest.raises(ValidationError, match="lagrum"):
        meetings.agenda_item_add(meeting, title="Stängd", is_public=False)
