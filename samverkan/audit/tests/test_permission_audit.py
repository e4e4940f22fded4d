"""Who may do what is evidence too: groups (roles), their permissions and a user's own
permissions are logged like the user's role grants, whichever side the change comes from."""

import pytest
from django.contrib.auth.models import Group, Permission

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.context import acting_as
from samverkan.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return user_create(username="admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])


def perm(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="auth", codename=codename)


def updates(obj, field: str) -> list[AuditEntry]:
    return [
        e
        for e in AuditEntry.objects.for_object(obj).order_by("id")
        if e.action == "update" and e.after and field in e.after
    ]


def test_creating_and_renaming_a_group_is_logged(admin):
    with acting_as(admin, "admin"):
        group = Group.objects.create(name="registratorer")
        group.name = "registratorer RS"
        group.save()
    created, renamed = AuditEntry.objects.for_object(group).order_by("id")
    assert created.action == "create" and created.after["name"] == "registratorer"
    assert created.actor == admin and created.source == "admin"
    assert ("name", "registratorer", "registratorer RS") in renamed.changed_fields()


def test_a_groups_permissions_are_logged_from_either_side(admin):
    group = Group.objects.create(name="granskare")
    with acting_as(admin, "admin"):
        group.permissions.add(perm("view_group"), perm("change_group"))
        group.permissions.remove(perm("view_group"))
        perm("add_group").group_set.add(group)  # the reverse side
        group.permissions.clear()
    steps = [
        (e.before["permissions"], e.after["permissions"]) for e in updates(group, "permissions")
    ]
    assert steps == [
        ([], ["auth.change_group", "auth.view_group"]),
        (["auth.change_group", "auth.view_group"], ["auth.change_group"]),
        (["auth.change_group"], ["auth.add_group", "auth.change_group"]),
        (["auth.add_group", "auth.change_group"], []),
    ]
    assert {e.actor for e in updates(group, "permissions")} == {admin}


def test_a_users_own_permissions_are_logged(admin):
    user = user_create(username="ny", password="x-Lösen-123", roles=[Role.MEMBER])
    with acting_as(admin, "admin"):
        user.user_permissions.add(perm("view_group"))
        perm("view_group").user_set.remove(user)
    added, removed = updates(user, "user_permissions")
    assert (added.before, added.after) == (
        {"user_permissions": []},
        {"user_permissions": ["auth.view_group"]},
    )
    assert removed.after == {"user_permissions": []}


def test_role_grants_from_the_groups_side_are_logged_on_the_user(admin):
    user = user_create(username="ny", password="x-Lösen-123", roles=[Role.MEMBER])
    secretaries = Group.objects.get(name=Role.SECRETARY.value)
    with acting_as(admin, "admin"):
        secretaries.user_set.add(user)
        secretaries.user_set.clear()
    granted, cleared = updates(user, "groups")[-2:]
    assert granted.after == {"groups": ["member", "secretary"]}
    assert cleared.before == {"groups": ["member", "secretary"]}
    assert cleared.after == {"groups": ["member"]}


def test_deleting_a_group_logs_what_it_held_and_whom_it_removed(admin):
    user = user_create(username="ny", password="x-Lösen-123", roles=[Role.MEMBER])
    group = Group.objects.create(name="tillfällig")
    group.permissions.add(perm("view_group"))
    user.groups.add(group)
    pk = group.pk
    with acting_as(admin, "admin"):
        group.delete()
    deleted = AuditEntry.objects.get(action="delete", content_type__model="group", object_id=pk)
    assert deleted.before["name"] == "tillfällig"
    assert deleted.before["permissions"] == ["auth.view_group"]
    assert deleted.before["users"] == ["ny"]
    assert deleted.actor == admin
    last = updates(user, "groups")[-1]
    assert (last.before, last.after) == (
        {"groups": ["member", "tillfällig"]},
        {"groups": ["member"]},
    )


def test_a_long_value_is_logged_by_length_and_checksum_not_in_full():
    import hashlib

    from samverkan.audit.signals import MAX_LOGGED_CHARS, _bounded

    text = "x" * (MAX_LOGGED_CHARS + 1)
    assert _bounded(text) == {
        "längd": MAX_LOGGED_CHARS + 1,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    assert _bounded("kort") == "kort"
    assert _bounded({"a": 1}) == {"a": 1}


def test_what_is_read_while_nothing_is_logged_is_kept_and_read_again_after_a_change(
    admin, monkeypatch
):
    import datetime

    from django.utils import timezone

    from samverkan.audit.selectors import KeptWhileUnchanged

    reads: list[str] = []
    kept: KeptWhileUnchanged[str, str] = KeptWhileUnchanged(size=2, seconds=10)

    def read() -> str:
        reads.append("read")
        return f"värde {len(reads)}"

    assert kept.get("a", read) == kept.get("a", read) == "värde 1"
    Group.objects.create(name="en ändring")  # logged: the head moves
    assert kept.get("a", read) == "värde 2"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)
    assert kept.get("a", read) == "värde 3"
    # Nothing found is read again each time; more keys than the size start afresh.
    assert kept.get("b", lambda: None) is None and kept.get("b", read) == "värde 4"
    kept.get("c", read)
    assert kept.get("a", read) == "värde 6"
    # A write that skips the log is seen after the value's seconds.
    import time

    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + kept.seconds + 1)
    assert kept.get("a", read) == "värde 7"
