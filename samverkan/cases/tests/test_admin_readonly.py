"""Issue 8: the registry's admin holds only its settings (series with their registrars,
case types with their flow), saved whole and audited; cases, registry entries and
documents are written on the site's pages through the services, not in the admin."""

import datetime

import pytest

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.models import AuditEntry
from samverkan.cases.models import CaseType, FlowStep
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return user_create(username="admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])


def test_registrars_are_set_in_the_admin_and_the_change_is_audited(client, admin_user, series):
    registrar = user_create(username="reg", password="x-Lösen-123", roles=[Role.OFFICIAL])
    client.force_login(admin_user)
    response = client.post(
        f"/admin/cases/caseseries/{series.pk}/change/",
        {
            "collaboration": series.collaboration_id,
            "code": series.code,
            "name": series.name,
            "organisation": series.organisation_id,
            "registrars": [registrar.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(series.registrars.all()) == [registrar]
    entry = AuditEntry.objects.for_object(series).latest("id")
    assert entry.actor == admin_user and entry.source == "admin"
    assert entry.before == {"registrars": []}
    assert entry.after == {"registrars": [str(registrar)]}


def test_a_case_type_and_its_flow_are_set_in_the_admin_and_audited(client, admin_user):
    body = f.body(short_name="TAHSU")
    client.force_login(admin_user)
    response = client.post(
        "/admin/cases/casetype/add/",
        {
            "name": "Remiss",
            "steps-TOTAL_FORMS": 1,
            "steps-INITIAL_FORMS": 0,
            "steps-0-body": body.pk,
            "steps-0-position": 1,
            "steps-0-purpose": "Beredning",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    step = FlowStep.objects.get(case_type__name="Remiss")
    assert AuditEntry.objects.for_object(CaseType.objects.get(name="Remiss")).exists()
    assert AuditEntry.objects.for_object(step).get().source == "admin"


def test_cases_entries_and_documents_are_not_written_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    for url in (
        "/admin/cases/case/",
        "/admin/cases/case/add/",
        "/admin/cases/registryentry/add/",
        "/admin/cases/handling/add/",
        "/admin/cases/decision/add/",
        "/admin/documents/document/add/",
        "/admin/documents/documentversion/add/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_secretary_keeps_no_registry_settings(client, series):
    user = user_create(username="sekr", password="x-Lösen-123", roles=[Role.SECRETARY])
    f.membership(
        body=f.body(),
        person=f.person(user=user),
        role=Membership.Role.SECRETARY,
        start=datetime.date(2020, 1, 1),
    )
    client.force_login(user)
    assert client.get("/admin/cases/caseseries/").status_code == 403
    response = client.post(
        f"/admin/cases/caseseries/{series.pk}/change/",
        {
            "code": series.code,
            "name": series.name,
            "organisation": series.organisation_id,
            "registrars": [user.pk],
        },
    )
    assert response.status_code == 403
    assert not series.registrars.exists()
