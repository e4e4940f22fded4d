"""A party's registry address (where extracts and recommendations go) is kept by the
registry staff and administrators, without the admin, and every change is logged."""

import pytest

from samverkan.access.policy import audience_for, may_change_party_address
from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.models import AuditEntry
from samverkan.cases.tests.helpers import registrar_create
from samverkan.structure.models import Party
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_registrar_changes_a_partys_registry_address_and_it_is_logged(client, series):
    berg = f.party(name="Bergs kommun", slug="berg", email="gammal@berg.invalid")
    client.force_login(registrar_create())
    assert "gammal@berg.invalid" in client.get("/registraturadresser/").content.decode()
    bad = client.post("/registraturadresser/berg/", {"email": "inte en adress"})
    assert "Ange en giltig e-postadress" in bad.content.decode()
    response = client.post("/registraturadresser/berg/", {"email": "ny@berg.invalid"}, follow=True)
    assert "Bergs kommuns registraturadress är sparad." in response.content.decode()
    assert Party.objects.get(pk=berg.pk).email == "ny@berg.invalid"
    entry = AuditEntry.objects.for_object(berg).latest("id")
    assert (
        entry.before["email"] == "gammal@berg.invalid" and entry.after["email"] == "ny@berg.invalid"
    )


def test_a_secretary_without_a_series_may_not_change_it(client, series):
    f.party(name="Bergs kommun", slug="berg", email="gammal@berg.invalid")
    secretary = user_create(username="sekr2", password="x-Lösen-123", roles=[Role.SECRETARY])
    assert not may_change_party_address(audience_for(secretary))
    client.force_login(secretary)
    assert client.get("/registraturadresser/").status_code == 403
    assert (
        client.post("/registraturadresser/berg/", {"email": "kapad@x.invalid"}).status_code == 403
    )
    assert Party.objects.get(slug="berg").email == "gammal@berg.invalid"
    admin = user_create(username="adm2", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    assert may_change_party_address(audience_for(admin))
