"""Issue 8: the admin for meetings is read-only (the site's pages write through the
services); it created overlapping meetings and could close an item through an inline.
A secretary sees only the bodies they keep."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.models import AuditEntry
from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem, Dispatch, Meeting, MeetingRules
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

D = datetime.date
T = datetime.time
pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(
        user_create(username="admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    )
    return client


@pytest.fixture
def meeting() -> Meeting:
    return services.meeting_create(
        body=f.body(short_name="MITT"), date=D(2030, 3, 4), start_time=T(9), end_time=T(12)
    )


def test_an_overlapping_meeting_cannot_be_created_through_the_admin(admin_client, meeting):
    form = {
        "body": meeting.body.pk,
        "date": "2030-03-04",
        "start_time": "10:00",
        "end_time": "11:00",
        "place": "Annan plats",
        "items-TOTAL_FORMS": 0,
        "items-INITIAL_FORMS": 0,
        "guests-TOTAL_FORMS": 0,
        "guests-INITIAL_FORMS": 0,
    }
    assert admin_client.get("/admin/meetings/meeting/add/").status_code == 403
    assert admin_client.post("/admin/meetings/meeting/add/", form).status_code == 403
    assert Meeting.objects.filter(body=meeting.body).count() == 1


def test_an_item_cannot_be_closed_through_the_admin(admin_client, meeting):
    item = services.agenda_item_add(meeting, title="Ett ärende")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "Ett ärende" in page
    assert 'name="items-0-is_public"' not in page
    assert 'name="items-0-title"' not in page
    form = {
        "body": meeting.body.pk,
        "date": "2030-03-04",
        "start_time": "09:00",
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 1,
        "items-0-id": item.pk,
        "items-0-meeting": meeting.pk,
        "items-0-position": item.position,
        "items-0-title": item.title,
        "guests-TOTAL_FORMS": 0,
        "guests-INITIAL_FORMS": 0,
    }
    assert admin_client.post(url, form).status_code == 403
    item.refresh_from_db()
    assert item.is_public
    assert AgendaItem.objects.filter(meeting=meeting, is_public=False).count() == 0


def test_meetings_sections_and_dispatches_are_read_only_even_for_administrators(
    admin_client, meeting
):
    dispatch = Dispatch.objects.create(meeting=meeting, kind=Dispatch.Kind.NOTICE, recipients="x")
    for url in (
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        f"/admin/meetings/dispatch/{dispatch.pk}/change/",
    ):
        page = admin_client.get(url)
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
    for url in (
        f"/admin/meetings/meeting/{meeting.pk}/delete/",
        f"/admin/meetings/dispatch/{dispatch.pk}/delete/",
        "/admin/meetings/section/add/",
        "/admin/meetings/attestation/add/",
        "/admin/meetings/dispatch/add/",
    ):
        assert admin_client.post(url, {"post": "yes"}).status_code == 403, url
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert Dispatch.objects.filter(pk=dispatch.pk).exists()


def test_a_secretary_cannot_see_another_bodys_meetings_or_dispatches(client, meeting):
    theirs = services.meeting_create(
        body=f.body(short_name="DERAS"), date=D(2030, 3, 5), start_time=T(13), place="Deras rum"
    )
    Dispatch.objects.create(meeting=theirs, kind=Dispatch.Kind.NOTICE, recipients="deras@x.se")
    Dispatch.objects.create(meeting=meeting, kind=Dispatch.Kind.NOTICE, recipients="mitt@x.se")
    user = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    f.membership(
        body=meeting.body,
        person=f.person(user=user),
        role=Membership.Role.SECRETARY,
        start=D(2020, 1, 1),
    )
    client.force_login(user)
    # A secretary's role grants nothing in the meetings admin …
    assert client.get("/admin/meetings/meeting/").status_code == 403
    assert client.get(f"/admin/meetings/meeting/{theirs.pk}/change/").status_code == 403
    # … and were it granted, the rows are still only their own bodies'.
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="meetings", codename__startswith="view_")
    )
    user = type(user).objects.get(pk=user.pk)
    client.force_login(user)
    meetings = client.get("/admin/meetings/meeting/").content.decode()
    assert "MITT" in meetings and "DERAS" not in meetings
    dispatches = client.get("/admin/meetings/dispatch/").content.decode()
    assert "MITT" in dispatches and "DERAS" not in dispatches
    assert client.get(f"/admin/meetings/meeting/{theirs.pk}/change/").status_code == 302
    assert client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").status_code == 200


def test_meeting_rules_are_set_in_the_admin_validated_and_audited(admin_client, meeting):
    form = {
        "body": meeting.body.pk,
        "cases_ready_days": 28,
        "notice_days": 10,
        "attestation_days": 14,
        "posting_days": 2,
        "appeal_days": 21,
        "minutes_kept_at": "",
        "default_place": "Stora salen",
    }
    response = admin_client.post("/admin/meetings/meetingrules/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    rules = MeetingRules.objects.get(body=meeting.body)
    entry = AuditEntry.objects.for_object(rules).latest("id")
    assert entry.source == "admin" and entry.after["notice_days"] == 10
