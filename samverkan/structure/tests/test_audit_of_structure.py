import pytest
from django.db import connection

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.context import acting_as
from samverkan.audit.models import AuditEntry, AuditLogIsAppendOnly
from samverkan.structure.models import Body

from . import factories as f

pytestmark = pytest.mark.django_db


def test_every_create_update_and_delete_is_logged_with_who_and_before_after():
    user = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    with acting_as(user, "webb"):
        body = f.body(name="Testorgan")
        body.mandate = "Nytt mandat"
        body.save()
        person = f.person(name="Tillfällig")
        person.delete()
    created, updated = AuditEntry.objects.for_object(body).order_by("id")
    assert created.action == "create" and created.before is None
    assert created.actor == user and created.source == "webb"
    assert updated.action == "update"
    assert updated.before["mandate"] == "" and updated.after["mandate"] == "Nytt mandat"
    assert ("mandate", "", "Nytt mandat") in updated.changed_fields()
    deleted = AuditEntry.objects.get(action="delete")
    assert deleted.object_repr == "Tillfällig" and deleted.after is None


def test_a_save_that_changes_nothing_is_not_logged():
    body = f.body()
    count = AuditEntry.objects.count()
    Body.objects.get(pk=body.pk).save()
    assert AuditEntry.objects.count() == count


def test_the_audit_log_is_append_only():
    f.body()
    entry = AuditEntry.objects.first()
    entry.object_repr = "förfalskad"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().update(object_repr="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()


def test_the_database_itself_refuses_to_rewrite_the_log():
    from django.db import DatabaseError, transaction

    f.body()
    with (
        pytest.raises(DatabaseError, match="kan inte ändras"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET object_repr = 'x'")


def test_admin_changes_are_logged_as_the_logged_in_user(client):
    admin = user_create(username="admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    body = f.body()
    client.force_login(admin)
    data = {
        "name": body.name,
        "short_name": body.short_name,
        "slug": body.slug,
        "kind": body.kind,
        "decision_power": body.decision_power,
        "sort_order": 1,
        "mandate": "Via admin",
        "founded_on": "2020-01-01",
        "founded_precision": "day",
        "dissolved_precision": "day",
        "participations-TOTAL_FORMS": 0,
        "participations-INITIAL_FORMS": 0,
        "support_functions-TOTAL_FORMS": 0,
        "support_functions-INITIAL_FORMS": 0,
    }
    response = client.post(f"/admin/structure/body/{body.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.for_object(body).latest("id")
    assert entry.actor == admin and entry.source == "admin"
    assert entry.after["mandate"] == "Via admin"
    page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/").content.decode()
    assert "Via admin" in page
