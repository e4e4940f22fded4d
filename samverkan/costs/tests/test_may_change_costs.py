"""Who keeps a collaboration's shared costs (access.policy.may_change_costs)."""

import pytest

from samverkan.access.policy import PUBLIC, Audience, may_change_costs
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_collaborations_secretariat_and_administrators_change_costs_no_one_else():
    home = f.home_collaboration()
    other = f.collaboration()
    body = f.body()
    elsewhere = f.body(collaboration=other)
    secretary = Audience(user_id=3, person_id=3, managed_body_ids=frozenset({body.pk}))
    assert may_change_costs(secretary, home.pk)
    assert not may_change_costs(secretary, other.pk)
    assert may_change_costs(
        Audience(user_id=4, managed_body_ids=frozenset({elsewhere.pk})), other.pk
    )
    assert may_change_costs(Audience(user_id=1, is_admin=True), other.pk)
    assert not may_change_costs(Audience(user_id=2, person_id=2), home.pk)
    assert not may_change_costs(PUBLIC, home.pk)
