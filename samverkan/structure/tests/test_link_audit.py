"""A collaboration's administrators are a link, not a field: adding or removing one
saves no collaboration, and is logged all the same (who may keep which bodies)."""

import pytest

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.context import acting_as
from samverkan.audit.models import AuditEntry

from . import factories as f

pytestmark = pytest.mark.django_db


def updates(obj, field: str) -> list[AuditEntry]:
    return [
        e
        for e in AuditEntry.objects.for_object(obj).order_by("id")
        if e.action == "update" and e.after and field in e.after
    ]


def test_a_collaborations_administrators_are_logged_from_either_side():
    admin = user_create(username="admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    collaboration = f.collaboration()
    with acting_as(admin, "admin"):
        collaboration.administrators.add(admin)
        admin.administered_collaborations.remove(collaboration)
    added, removed = updates(collaboration, "administrators")
    assert (added.before, added.after) == ({"administrators": []}, {"administrators": ["admin"]})
    assert (removed.before, removed.after) == (
        {"administrators": ["admin"]},
        {"administrators": []},
    )
    assert added.actor == admin
