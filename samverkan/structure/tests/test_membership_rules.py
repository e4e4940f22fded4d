import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.structure import services
from samverkan.structure.models import Membership, Participation

from . import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db
Role = Membership.Role


def test_a_body_cannot_have_two_chairs_at_once():
    body = f.body()
    f.membership(body=body, role=Role.CHAIR, start=D(2023, 1, 1), end=D(2026, 12, 31))
    with pytest.raises(ValidationError, match="har redan en ordförande"):
        f.membership(body=body, role=Role.CHAIR, start=D(2025, 1, 1))
    assert Membership.objects.filter(body=body, role=Role.CHAIR).count() == 1


def test_a_new_chair_may_follow_the_previous_one():
    body = f.body()
    f.membership(body=body, role=Role.CHAIR, start=D(2023, 1, 1), end=D(2024, 12, 31))
    f.membership(body=body, role=Role.CHAIR, start=D(2025, 1, 1))
    assert Membership.objects.filter(body=body, role=Role.CHAIR).count() == 2


def test_chairs_through_terms_clash_when_the_terms_overlap():
    body = f.body()
    term = f.term()
    f.membership(body=body, role=Role.VICE_CHAIR, term=term)
    with pytest.raises(ValidationError, match="vice ordförande"):
        f.membership(body=body, role=Role.VICE_CHAIR, term=term)


def test_a_membership_must_lie_inside_the_lifetime_of_the_body():
    body = f.body(founded_on=D(2020, 1, 1), dissolved_on=D(2022, 12, 31))
    with pytest.raises(ValidationError, match="utanför organets livstid"):
        f.membership(body=body, start=D(2019, 1, 1), end=D(2021, 1, 1))
    with pytest.raises(ValidationError, match="utanför organets livstid"):
        f.membership(body=body, start=D(2021, 1, 1))  # open end outlives the body
    assert not Membership.objects.filter(body=body).exists()


def test_a_membership_cannot_end_before_it_starts():
    with pytest.raises(ValidationError, match="kan inte sluta innan det börjar"):
        f.membership(body=f.body(), start=D(2024, 1, 1), end=D(2023, 1, 1))


def test_a_person_cannot_be_member_and_substitute_of_the_same_body_at_once():
    body = f.body()
    person = f.person(name="Anna Exempel")
    f.membership(body=body, person=person, role=Role.MEMBER, start=D(2023, 1, 1))
    with pytest.raises(ValidationError, match="Anna Exempel är redan ledamot"):
        f.membership(body=body, person=person, role=Role.SUBSTITUTE, start=D(2024, 1, 1))


def test_a_member_represents_a_party_that_takes_part_in_the_body():
    body = f.body()
    inside, outside = f.party(), f.party(name="Utomstående kommun")
    services.participation_save(Participation(body=body, party=inside))
    f.membership(body=body, party=inside, start=D(2023, 1, 1))
    with pytest.raises(ValidationError, match="Utomstående kommun deltar inte"):
        f.membership(body=body, party=outside, start=D(2023, 1, 1))


def test_substitute_order_belongs_to_substitutes_only():
    with pytest.raises(ValidationError, match="bara för ersättare"):
        f.membership(body=f.body(), role=Role.MEMBER, substitute_order=1, start=D(2023, 1, 1))


def test_ending_a_membership_keeps_it_in_the_history():
    m = f.membership(body=f.body(), start=D(2023, 1, 1))
    services.membership_end(m, on=D(2024, 5, 31))
    m.refresh_from_db()
    assert m.end == D(2024, 5, 31)
