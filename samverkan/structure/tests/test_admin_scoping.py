"""Defect 1 of issue 8: a secretary's admin is scoped on every related field. A secretary
of body A could add a person P of body B to A (the person field was not scoped), then
change P's e-mail address, and B's confidential notice went to the changed address."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.structure import services
from samverkan.structure.models import Membership, Participation, Person

from . import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db

ORIGINAL = "p@deras.example"
ATTACKER = "angripare@example.org"


@pytest.fixture
def world(client):
    mine, theirs = f.body(short_name="MITT"), f.body(short_name="DERAS")
    user = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    f.membership(
        body=mine, person=f.person(user=user), role=Membership.Role.SECRETARY, start=D(2020, 1, 1)
    )
    victim = f.person(name="Person Deras", email=ORIGINAL)
    f.membership(body=theirs, person=victim, start=D(2020, 1, 1))
    client.force_login(user)
    return mine, theirs, victim


def membership_form(person: Person, body, **extra) -> dict:
    return {
        "person": person.pk,
        "body": body.pk,
        "role": "member",
        "party_letters": "",
        "position": 0,
        "start": "2024-01-01",
        "source": "",
        "demo_note": "",
        **extra,
    }


def person_form(person: Person, **extra) -> dict:
    return {
        "name": person.name,
        "slug": person.slug,
        "title": "",
        "email": person.email,
        "source": "",
        "demo_note": "",
        **extra,
    }


def test_the_attack_is_refused(client, world):
    """The notice the attack aimed at: samverkan/access/tests/test_policy_person.py."""
    mine, _theirs, victim = world
    # 1. Add the other body's person to my body: the person is not among the choices.
    page = client.get("/admin/structure/membership/add/").content.decode()
    assert "Person Deras" not in page
    response = client.post("/admin/structure/membership/add/", membership_form(victim, mine))
    assert response.status_code == 200
    assert "giltigt alternativ" in response.content.decode()
    assert not Membership.objects.filter(body=mine, person=victim).exists()
    # 2. Change the person's e-mail address: not theirs to change.
    response = client.post(
        f"/admin/structure/person/{victim.pk}/change/", person_form(victim, email=ATTACKER)
    )
    assert response.status_code in (302, 403)
    victim.refresh_from_db()
    assert victim.email == ORIGINAL
    # 3. The services refuse it too, whatever form is used.
    with pytest.raises(ValidationError, match="bara ändras av en administratör"):
        services.membership_save_within(
            Membership(person=victim, body=mine, role="member", start=D(2024, 1, 1)),
            body_ids={mine.pk},
        )
    victim.email = ATTACKER
    with pytest.raises(ValidationError, match="bara ändras av en administratör"):
        services.person_save_within(victim, body_ids={mine.pk})


def test_a_person_who_also_sits_in_another_body_is_read_only(client, world):
    mine, theirs, _victim = world
    shared = f.person(name="Delad Person", email="delad@example.org")
    f.membership(body=mine, person=shared, start=D(2020, 1, 1))
    f.membership(body=theirs, person=shared, start=D(2020, 1, 1))
    page = client.get(f"/admin/structure/person/{shared.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(
        f"/admin/structure/person/{shared.pk}/change/", person_form(shared, email=ATTACKER)
    )
    assert response.status_code == 403
    shared.refresh_from_db()
    assert shared.email == "delad@example.org"


def test_a_new_person_is_changeable_and_can_be_appointed(client, world):
    mine, _theirs, _victim = world
    response = client.post(
        "/admin/structure/person/add/",
        {"name": "Ny Ledamot", "slug": "ny-ledamot", "title": "", "email": "ny@example.org"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    newcomer = Person.objects.get(slug="ny-ledamot")
    response = client.post("/admin/structure/membership/add/", membership_form(newcomer, mine))
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        f"/admin/structure/person/{newcomer.pk}/change/",
        person_form(newcomer, email="ny.adress@example.org"),
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.email == "ny.adress@example.org"


def test_a_secretary_cannot_appoint_in_or_move_to_another_body(client, world):
    mine, theirs, _victim = world
    newcomer = f.person(name="Ny Person")
    response = client.post("/admin/structure/membership/add/", membership_form(newcomer, theirs))
    assert response.status_code == 200
    assert not Membership.objects.filter(body=theirs, person=newcomer).exists()
    own = f.membership(body=mine, person=newcomer, start=D(2020, 1, 1))
    response = client.post(
        f"/admin/structure/membership/{own.pk}/change/",
        membership_form(newcomer, theirs, start="2020-01-01"),
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.body == mine


def test_a_shared_persons_membership_in_my_body_keeps_its_person(client, world):
    mine, theirs, victim = world
    shared = f.person(name="Delad Person")
    f.membership(body=theirs, person=shared, start=D(2020, 1, 1))
    # Appointed by an administrator; the secretary may still keep its dates.
    own = f.membership(body=mine, person=shared, start=D(2020, 1, 1))
    response = client.post(
        f"/admin/structure/membership/{own.pk}/change/",
        membership_form(victim, mine, start="2021-01-01"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    own.refresh_from_db()
    assert own.person == shared and own.start == D(2021, 1, 1)


def test_a_secretary_sees_no_other_bodys_lines_or_bodies(client, world):
    mine, theirs, _victim = world
    f.line(from_body=theirs, to_body=mine, subject="Deras rapport")
    assert "Deras rapport" not in client.get("/admin/structure/reportingline/").content.decode()
    assert client.get(f"/admin/structure/body/{theirs.pk}/change/").status_code == 302
    page = client.get("/admin/structure/reportingline/add/").content.decode()
    from_select = page.split('name="from_body"')[1].split("</select>")[0]
    assert "MITT" in from_select and "DERAS" not in from_select


def test_a_participation_with_sitting_members_is_not_removed():
    party = f.party()
    body = f.body()
    participation = services.participation_save(Participation(body=body, party=party, seats=1))
    f.membership(body=body, party=party, start=D(2021, 1, 1))
    with pytest.raises(ValidationError, match="har ledamöter i organet"):
        services.participation_delete(participation)
    assert Participation.objects.filter(pk=participation.pk).exists()
