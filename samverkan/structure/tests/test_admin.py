import datetime

import pytest

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.structure.models import Membership

from . import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_admin_refuses_a_second_chair_with_a_swedish_message_and_saves_nothing(client):
    admin = user_create(username="admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    body = f.body()
    chair = f.membership(body=body, role=Membership.Role.CHAIR, start=D(2023, 1, 1))
    newcomer = f.person(name="Ny Ordförande")
    response = client.post(
        "/admin/structure/membership/add/",
        {
            "person": newcomer.pk,
            "body": body.pk,
            "role": "chair",
            "party_letters": "",
            "position": 0,
            "start": "2024-01-01",
            "source": "",
            "demo_note": "",
        },
    )
    assert response.status_code == 200
    assert (
        f"har redan en ordförande under perioden: {chair.person.name}" in response.content.decode()
    )
    assert Membership.objects.filter(body=body).count() == 1


def test_a_secretary_sees_only_the_memberships_of_their_own_bodies(client):
    mine, theirs = f.body(short_name="MITT"), f.body(short_name="DERAS")
    user = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    me = f.person(user=user)
    f.membership(body=mine, person=me, role=Membership.Role.SECRETARY, start=D(2020, 1, 1))
    f.membership(body=mine, person=f.person(name="Min Ledamot"), start=D(2020, 1, 1))
    f.membership(body=theirs, person=f.person(name="Annans Ledamot"), start=D(2020, 1, 1))
    client.force_login(user)
    html = client.get("/admin/structure/membership/").content.decode()
    assert "Min Ledamot" in html
    assert "Annans Ledamot" not in html
    assert client.get("/admin/audit/auditentry/").status_code == 403


def test_a_secretary_cannot_link_persons_to_accounts(client):
    user = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    body = f.body(short_name="MITT")
    me = f.person(user=user)
    f.membership(body=body, person=me, role=Membership.Role.SECRETARY, start=D(2020, 1, 1))
    chair = f.person(name="Ordförande Person")
    f.membership(body=body, person=chair, role=Membership.Role.CHAIR, start=D(2020, 1, 1))
    other_body_person = f.person(name="Annan Sekreterare")
    f.membership(
        body=f.body(short_name="ANNAT"),
        person=other_body_person,
        role=Membership.Role.SECRETARY,
        start=D(2020, 1, 1),
    )
    client.force_login(user)
    client.post(
        f"/admin/structure/person/{chair.pk}/change/",
        {
            "name": chair.name,
            "slug": chair.slug,
            "user": user.pk,
            "title": "",
            "email": "",
            "source": "",
            "demo_note": "",
        },
    )
    chair.refresh_from_db()
    assert chair.user is None
    assert client.get(f"/admin/structure/person/{other_body_person.pk}/change/").status_code == 302
