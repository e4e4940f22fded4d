"""A case officer (handläggare) per case: set by a registrar, shown on the case page and
in the case list; an official finds their cases under "Mina ärenden"."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.cases import services
from samverkan.cases.tests.helpers import registrar_create
from samverkan.structure.tests import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def official():
    user = user_create(username="handl", password="x-Lösen-123", roles=[Role.OFFICIAL])
    return f.person(name="Hanna Handläggare", user=user)


def test_a_case_officer_has_an_account(series):
    case = services.case_register(series=series, title="Ärende", registered_on=D(2026, 1, 1))
    with pytest.raises(ValidationError, match="inget aktivt användarkonto"):
        services.case_update(case, title="Ärende", case_officer=f.person(name="Utan Konto"))


def test_the_registrar_sets_the_officer_and_the_official_finds_the_case(client, series, official):
    mine = services.case_register(series=series, title="Hannas ärende", registered_on=D(2026, 1, 1))
    services.case_register(series=series, title="Någon annans", registered_on=D(2026, 1, 2))
    client.force_login(registrar_create())
    url = f"/arenden/{series.code}/{mine.number}/{mine.year}/andra/"
    assert "Handläggare" in client.get(url).content.decode()
    response = client.post(
        url, {"title": "Hannas ärende", "case_officer": official.pk}, follow=True
    )
    html = response.content.decode()
    assert f"{mine.case_number} är ändrat." in html and "Hanna Handläggare" in html
    assert "Hanna Handläggare" in client.get("/arenden/").content.decode()
    client.force_login(official.user)
    listing = client.get("/arenden/?mina=1").content.decode()
    assert "Hannas ärende" in listing and "Någon annans" not in listing
    assert "Mina ärenden" in listing


def test_only_a_registrar_of_the_series_changes_the_case(client, series, official):
    case = services.case_register(series=series, title="Ärende", registered_on=D(2026, 1, 1))
    url = f"/arenden/{series.code}/{case.number}/{case.year}/andra/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(official.user)
    assert client.post(url, {"title": "Kapat"}).status_code == 403
    case.refresh_from_db()
    assert case.title == "Ärende"
