"""Who may change a person: a person's e-mail address decides where the notices of every
body the person sits in go, so the secretariat of some bodies changes only persons all of
whose memberships (ever) are in bodies it keeps."""

import datetime

import pytest
from django.core import mail

from samverkan.access.policy import PUBLIC, Audience, audience_for, may_change_person
from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services as meeting_services
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    mine, theirs = f.body(short_name="MITT"), f.body(short_name="DERAS")
    user = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    f.membership(
        body=mine, person=f.person(user=user), role=Membership.Role.SECRETARY, start=D(2020, 1, 1)
    )
    return mine, theirs, audience_for(user)


def test_a_secretary_changes_a_person_whose_memberships_are_all_in_their_bodies(world):
    mine, _theirs, secretary = world
    member = f.membership(body=mine, start=D(2020, 1, 1)).person
    assert may_change_person(secretary, member)
    assert may_change_person(secretary, member.pk)


def test_a_person_with_no_membership_yet_is_changeable_by_a_secretary(world):
    _mine, _theirs, secretary = world
    assert may_change_person(secretary, f.person())


def test_a_person_of_another_body_is_not(world):
    _mine, theirs, secretary = world
    other = f.membership(body=theirs, start=D(2020, 1, 1)).person
    assert not may_change_person(secretary, other)


def test_a_person_who_also_sits_in_another_body_is_not(world):
    mine, theirs, secretary = world
    shared = f.membership(body=mine, start=D(2020, 1, 1)).person
    f.membership(body=theirs, person=shared, start=D(2020, 1, 1))
    assert not may_change_person(secretary, shared)


def test_an_ended_membership_elsewhere_still_counts(world):
    mine, theirs, secretary = world
    person = f.membership(body=mine, start=D(2020, 1, 1)).person
    f.membership(body=theirs, person=person, start=D(2020, 1, 1), end=D(2021, 1, 1))
    assert not may_change_person(secretary, person)


def test_administrators_change_anyone_and_others_no_one(world):
    _mine, theirs, _secretary = world
    other = f.membership(body=theirs, start=D(2020, 1, 1)).person
    assert may_change_person(Audience(user_id=1, is_admin=True), other)
    assert not may_change_person(PUBLIC, f.person())
    member = user_create(username="ledamot", password="x-Lösen-123", roles=[Role.MEMBER])
    assert not may_change_person(audience_for(member), f.person())


def test_defect_1_the_other_bodys_notice_still_goes_to_the_original_address(client, world):
    """Issue 8, defect 1: the secretary of A adds P of B to A in the admin, then changes
    P's e-mail address; B's notice went to the changed address."""
    mine, theirs, _secretary = world
    victim = f.person(name="Person Deras", email="p@deras.example")
    f.membership(body=theirs, person=victim, start=D(2020, 1, 1))
    client.force_login(Membership.objects.get(body=mine, role="secretary").person.user)
    client.post(
        "/admin/structure/membership/add/",
        {
            "person": victim.pk,
            "body": mine.pk,
            "role": "member",
            "position": 0,
            "start": "2024-01-01",
        },
    )
    client.post(
        f"/admin/structure/person/{victim.pk}/change/",
        {"name": victim.name, "slug": victim.slug, "email": "angripare@example.org"},
    )
    assert not Membership.objects.filter(body=mine, person=victim).exists()
    assert not may_change_person(_secretary, victim)
    meeting = meeting_services.meeting_create(
        body=theirs, date=D(2030, 3, 4), start_time=datetime.time(9)
    )
    mail.outbox.clear()
    meeting_services.notice_send(meeting)
    assert {address for message in mail.outbox for address in message.to} == {"p@deras.example"}
