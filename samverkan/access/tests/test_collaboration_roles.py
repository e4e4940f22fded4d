"""Roles are per collaboration: a collaboration's administrators keep its bodies only."""

import pytest

from samverkan.access.policy import audience_for, may_manage_body
from samverkan.accounts.services import user_create
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_collaborations_administrator_manages_its_bodies_and_no_others(db):
    home = f.home_collaboration()
    other = f.collaboration()
    user = user_create(username="samordnare", password="x-Lösen-123456", roles=[])
    other.administrators.add(user)
    theirs = f.body(collaboration=other)
    not_theirs = f.body(collaboration=home)
    audience = audience_for(user)
    assert may_manage_body(audience, theirs.pk)
    assert not may_manage_body(audience, not_theirs.pk)
