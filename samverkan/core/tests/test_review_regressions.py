"""Regressions from an attacker's review of the access policy: a secretary cannot make
themselves a reader of another case's secrets, a former secretary reads nothing closed,
a closed item's document stays inside its meeting, and search masks personnummer."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.access.policy import audience_for, may_read_closed
from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.cases import services as cases
from samverkan.cases.models import Case
from samverkan.meetings import services as meetings
from samverkan.meetings.forms import AgendaItemForm
from samverkan.meetings.models import Meeting
from samverkan.structure import services as structure
from samverkan.structure.models import Body, Membership
from samverkan.structure.tests import factories as f

GROUND = "OSL 21 kap. 1 §"


def _secretary(body: Body, username: str, **period: datetime.date):
    user = user_create(username=username, password="x-Lösen-123", roles=[Role.SECRETARY])
    person = f.person(name=f"Sekreterare {username}", user=user)
    structure.membership_save(
        Membership(person=person, body=body, role=Membership.Role.SECRETARY, **period)
    )
    return user


def test_a_secretary_cannot_refer_their_agenda_to_a_case_outside_their_body(demo):
    svom = Body.objects.get(slug="buz")
    secretary = _secretary(svom, "sek2", start=datetime.date(2020, 1, 1))
    form = AgendaItemForm(
        {"title": "Ärende", "case_number": "RS/2797/2017", "is_public": "on"},
        audience=audience_for(secretary),
        body_id=svom.pk,
    )
    assert not form.is_valid()
    assert "går inte genom det här organet" in form.errors["case_number"][0]


def test_a_secretary_does_not_appoint_themselves(demo):
    svom = Body.objects.get(slug="buz")
    secretary = _secretary(svom, "sek2", start=datetime.date(2020, 1, 1))
    seat = Membership(
        person=secretary.person,
        body=svom,
        role=Membership.Role.MEMBER,
        start=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError, match="egna uppdrag"):
        structure.membership_save_within(seat, body_ids={svom.pk}, by_person_id=secretary.person.pk)


def test_minutes_without_a_chair_are_not_attested(demo):
    meeting = Meeting.objects.get(body__slug="rsr")
    Meeting.objects.filter(pk=meeting.pk).update(chair=None)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="ingen ordförande"):
        meetings.minutes_attest(
            meeting, user_create(username="x", password="x-Lösen-123", roles=[])
        )


def test_a_former_secretary_reads_nothing_closed(demo):
    rsr = Body.objects.get(slug="rsr")
    former = _secretary(
        rsr, "exsek", start=datetime.date(2020, 1, 1), end=datetime.date(2025, 12, 31)
    )
    meeting = Meeting.objects.get(body=rsr)
    assert not may_read_closed(audience_for(former), rsr.pk, meeting.date)


def test_a_closed_items_document_registered_in_a_case_stays_inside_the_meeting(
    client, demo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = Meeting.objects.get(body__slug="rsr")
    item = meetings.agenda_item_add(
        meeting, title="Stängd punkt", is_public=False, confidentiality_ground=GROUND
    )
    link = meetings.supporting_document_add(item, title="Underlag Kardemumma")
    case = Case.objects.get(number=418, year=2025)
    cases.registry_entry_add(
        case,
        date=datetime.date(2025, 5, 1),
        direction="received",
        description="Skrivelse",
        document=link.document,
    )
    assert "Kardemumma" not in client.get("/arenden/RS/418/2025/").content.decode()
    # A secretary of another body that handles the case does not read it either.
    svom = Body.objects.get(slug="socsam")
    cases.handling_add(case, body=svom, kind="preparation", date=datetime.date(2025, 3, 7))
    client.force_login(_secretary(svom, "sek2", start=datetime.date(2020, 1, 1)))
    assert "Kardemumma" not in client.get("/arenden/RS/418/2025/").content.decode()
    assert client.get(f"/dokument/{link.document_id}/").status_code == 404


def test_search_masks_a_personnummer_for_a_secretary_of_another_body(client, demo):
    lako = Body.objects.get(slug="socsam")
    case = Case.objects.get(number=418, year=2025)
    cases.registry_entry_add(
        case,
        date=datetime.date(2025, 6, 1),
        direction="received",
        description="Ansökan Renskötsel från 19121212-1212",
    )
    client.force_login(_secretary(lako, "sek3", start=datetime.date(2020, 1, 1)))
    page = client.get("/sok/?q=Renskötsel").content.decode()
    assert "Renskötsel" in page and "19121212-1212" not in page
