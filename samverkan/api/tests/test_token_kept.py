"""A worker keeps a live token's account and audience between calls, only while nothing
is logged: a revocation, a deactivated account or a new role counts from the next call."""

import datetime

import pytest

from samverkan.accounts.models import User
from samverkan.api import services
from samverkan.meetings import services as meetings_services
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.SAMVERKAN_KEPT_SECONDS = 10


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def system() -> tuple[User, str]:
    user = User.objects.create_user("partens-system", password="x")
    _, raw = services.token_create(name="Partens system", user=user, party=None, by=None)
    return user, raw


def test_a_revoked_token_is_refused_at_the_next_call(client, system):
    user, raw = system
    assert client.get("/api/v1/bodies/", **bearer(raw)).status_code == 200
    assert client.get("/api/v1/bodies/", **bearer(raw)).status_code == 200
    services.token_revoke(user.api_tokens.get())
    assert client.get("/api/v1/bodies/", **bearer(raw)).status_code == 401


def test_a_deactivated_account_is_refused_at_the_next_call(client, system):
    user, raw = system
    assert client.get("/api/v1/bodies/", **bearer(raw)).status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/api/v1/bodies/", **bearer(raw)).status_code == 401


def test_a_collaboration_given_to_the_account_opens_its_closed_items_at_the_next_call(
    client, system
):
    user, raw = system
    collaboration = f.home_collaboration()
    body = f.body()
    meeting = meetings_services.meeting_create(
        body=body, date=datetime.date(2026, 3, 10), start_time=datetime.time(13)
    )
    closed = meetings_services.agenda_item_add(
        meeting, title="Stängd punkt", is_public=False, confidentiality_ground="OSL 21 kap. 1 §"
    )
    path = f"/api/v1/agenda-items/{closed.pk}/"
    assert client.get(path, **bearer(raw)).status_code == 404
    assert client.get(path, **bearer(raw)).status_code == 404
    # A link, not a save of the collaboration: logged all the same.
    collaboration.administrators.add(user)
    response = client.get(path, **bearer(raw))
    assert response.status_code == 200
    assert response.json()["title"] == "Stängd punkt"
    collaboration.administrators.remove(user)
    assert client.get(path, **bearer(raw)).status_code == 404


def test_each_call_has_its_own_account_object(system, django_assert_num_queries):
    _, raw = system
    first = services.token_for(raw)
    with django_assert_num_queries(1):  # the audit log's head: the rest is kept
        second = services.token_for(raw)
    assert first is not None and second is not None
    assert first.user == second.user and first.user is not second.user
    assert first is not second
