import pytest
from django.contrib.auth.models import Group

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.context import acting_as
from samverkan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_account_changes_and_role_grants_are_logged_but_never_the_password(client):
    admin = user_create(username="admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    with acting_as(admin, "admin"):
        user = user_create(username="ny", password="x-Lösen-123", roles=[Role.MEMBER])
        user.groups.add(Group.objects.get(name=Role.SECRETARY.value))
    entries = list(AuditEntry.objects.for_object(user).order_by("id"))
    assert entries[0].action == "create"
    assert "password" not in entries[0].after
    grants = [e for e in entries if e.after and "groups" in e.after]
    assert grants[-1].before == {"groups": ["member"]}
    assert grants[-1].after == {"groups": ["member", "secretary"]}
    assert grants[-1].actor == admin


def test_logging_in_writes_no_audit_entry(client):
    user_create(username="anna", password="x-Lösen-123", roles=[Role.MEMBER])
    count = AuditEntry.objects.count()
    client.post("/konto/logga-in/", {"username": "anna", "password": "x-Lösen-123"})
    assert AuditEntry.objects.count() == count
