"""Mina sammanträden: the meetings a person is called to or keeps, with the agenda items
and supporting documents the person may read; the landing page after login."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/mina-sammantraden/"
START = datetime.date(2022, 1, 1)


def tiny_pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.fixture
def member(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    user = user_create(username="ledamot", password="x-Lösen-123", roles=[Role.MEMBER])
    person = f.person(name="Lars Ledamot", user=user)
    body = f.body(name="Regionens samverkansråd", short_name="RSR", slug="rsr-test")
    f.membership(person=person, body=body, role=Membership.Role.MEMBER, start=START)
    return user, body


def meeting_with_items(body, day: datetime.date, *, pdf: bytes | None = None):
    meeting = services.meeting_create(
        body=body, date=day, start_time=datetime.time(10), place="Regionens hus"
    )
    open_item = services.agenda_item_add(meeting, title=f"Öppen punkt {day}")
    closed = services.agenda_item_add(meeting, title=f"Stängd punkt {day}")
    setter = getattr(services, "agenda_item_publicity_set", None)
    if setter is not None:
        setter(closed, is_public=False, confidentiality_ground="OSL 21 kap. 1 §")
    else:
        services.agenda_item_update(
            closed, is_public=False, confidentiality_ground="OSL 21 kap. 1 §"
        )
    if pdf is not None:
        for item in (open_item, closed):
            services.supporting_document_add(
                item,
                title=f"Underlag till {item.title}",
                upload=SimpleUploadedFile("underlag.pdf", pdf, "application/pdf"),
            )
    return meeting


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_login_lands_on_my_meetings(client, member):
    response = client.post(
        reverse("accounts:login"), {"username": "ledamot", "password": "x-Lösen-123"}
    )
    assert response.status_code == 302
    assert response["Location"] == URL


def test_a_user_without_a_person_gets_a_friendly_explanation(client):
    user = user_create(username="utan", password="x-Lösen-123", roles=[Role.MEMBER])
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "inte kopplat till någon person" in page


def test_a_member_sees_own_meetings_with_closed_items_and_documents(client, member):
    user, body = member
    today = timezone.localdate()
    pdf = tiny_pdf("Underlag")
    coming = meeting_with_items(body, today + datetime.timedelta(days=14), pdf=pdf)
    past = meeting_with_items(body, today - datetime.timedelta(days=30))
    other = f.body(name="Barnarenan", short_name="BA", slug="ba-test")
    foreign = meeting_with_items(other, today + datetime.timedelta(days=3))
    client.force_login(user)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Stängd punkt {coming.date}" in page and f"Stängd punkt {past.date}" in page
    assert "ej offentlig" in page
    assert f"Underlag till Stängd punkt {coming.date}" in page
    assert reverse("meetings:notice_pdf", args=[coming.pk]) in page
    assert reverse("meetings:bundle_pdf", args=[coming.pk]) in page
    assert f"Öppen punkt {foreign.date}" not in page  # not the member's body
    # The links work for the member: the closed item's document and the full bundle.
    doc = coming.items.get(title__startswith="Stängd").documents.get()
    assert client.get(reverse("meetings:document", args=[doc.pk])).status_code == 200
    assert client.get(reverse("meetings:bundle_pdf", args=[coming.pk])).status_code == 200
    assert "Mina sammanträden" in page  # the header link


def test_meetings_before_the_seat_are_not_the_persons(client, member):
    user, body = member
    early = meeting_with_items(body, datetime.date(2021, 6, 1))
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert f"Stängd punkt {early.date}" not in page


def test_the_list_is_bounded(client, member):
    from samverkan.meetings.views import MY_MEETINGS_LIMIT

    user, body = member
    today = timezone.localdate()
    for n in range(MY_MEETINGS_LIMIT + 2):
        services.meeting_create(
            body=body, date=today + datetime.timedelta(days=n + 1), start_time=datetime.time(10)
        )
    client.force_login(user)
    response = client.get(URL)
    assert len(response.context["upcoming"]) == MY_MEETINGS_LIMIT


def test_the_query_count_does_not_grow_with_the_meetings(
    client, member, django_assert_max_num_queries
):
    user, body = member
    today = timezone.localdate()
    pdf = tiny_pdf("Underlag")
    meeting_with_items(body, today + datetime.timedelta(days=1), pdf=pdf)
    client.force_login(user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    for n in range(2, 9):
        meeting_with_items(body, today + datetime.timedelta(days=n), pdf=pdf)
        meeting_with_items(body, today - datetime.timedelta(days=n), pdf=pdf)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert len(response.context["upcoming"]) + len(response.context["recent"]) == 15
