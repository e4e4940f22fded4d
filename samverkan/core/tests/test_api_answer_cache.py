"""A token's repeated GETs of the REST API are answered from the worker's memory while
nothing is logged (core.pagecache.ApiAnswerCacheMiddleware): only to the same token,
only while it is admitted, and every call is still logged."""

import datetime

import pytest
from django.core.cache import caches

from samverkan.accounts.models import User
from samverkan.api import services
from samverkan.api.models import ApiRequest
from samverkan.core.pagecache import ANSWERS, CACHE, HEADER
from samverkan.meetings import services as meetings_services
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

OPEN = "Öppen punkt om skolskjutsar"
CLOSED = "Stängd punkt om en enskild elev"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.SAMVERKAN_PAGE_CACHE_SECONDS = 60
    settings.SAMVERKAN_KEPT_SECONDS = 10
    for alias in (CACHE, ANSWERS):
        caches[alias].clear()
    yield
    for alias in (CACHE, ANSWERS):
        caches[alias].clear()


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token(username: str) -> tuple[User, str]:
    user = User.objects.create_user(username, password="x")
    _, raw = services.token_create(name=username, user=user, party=None, by=None)
    return user, raw


@pytest.fixture
def meeting():
    collaboration = f.home_collaboration()
    body = f.body()
    m = meetings_services.meeting_create(
        body=body, date=datetime.date(2026, 3, 10), start_time=datetime.time(13)
    )
    meetings_services.agenda_item_add(m, title=OPEN)
    meetings_services.agenda_item_add(
        m, title=CLOSED, is_public=False, confidentiality_ground="OSL 23 kap. 2 §"
    )
    return collaboration, m


def titles(response) -> list[str]:
    return [i["title"] for i in response.json()["agenda"]]


def items(client, m, raw):
    return client.get(f"/api/v1/meetings/{m.pk}/", **bearer(raw))


def test_a_tokens_second_call_is_answered_from_memory_and_logged(client, meeting):
    _, m = meeting
    _, raw = token("partens-system")
    first = items(client, m, raw)
    assert first.status_code == 200 and first[HEADER] == "stored"
    second = items(client, m, raw)
    assert second.status_code == 200 and second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Cache-Control"] == "private, no-store"
    assert ApiRequest.objects.filter(status=200).count() == 2


def test_an_answer_is_never_served_to_another_token(client, meeting):
    collaboration, m = meeting
    admin, admins_raw = token("samverkansadministratör")
    collaboration.administrators.add(admin)
    _, raw = token("partens-system")
    kept = items(client, m, admins_raw)
    assert CLOSED in titles(kept)
    assert items(client, m, admins_raw)[HEADER] == "hit"
    other = items(client, m, raw)
    assert other.status_code == 200 and other[HEADER] == "stored"
    assert OPEN in titles(other) and CLOSED not in titles(other)


def test_a_logged_change_is_answered_at_the_next_call(client, meeting):
    _, m = meeting
    _, raw = token("partens-system")
    items(client, m, raw)
    assert items(client, m, raw)[HEADER] == "hit"
    meetings_services.agenda_item_add(m, title="Ny punkt om kollektivtrafik")
    fresh = items(client, m, raw)
    assert fresh[HEADER] == "stored" and "Ny punkt om kollektivtrafik" in titles(fresh)


def test_a_revoked_token_is_refused_though_its_answer_was_kept(client, meeting):
    _, m = meeting
    user, raw = token("partens-system")
    items(client, m, raw)
    assert items(client, m, raw)[HEADER] == "hit"
    services.token_revoke(user.api_tokens.get())
    refused = items(client, m, raw)
    assert refused.status_code == 401 and "agenda" not in refused.json()


def test_a_token_over_its_rate_is_answered_429_not_from_memory(client, meeting, settings):
    _, m = meeting
    _, raw = token("partens-system")
    settings.SAMVERKAN_API_RATE = 2
    caches["default"].clear()
    assert items(client, m, raw)[HEADER] == "stored"
    assert items(client, m, raw)[HEADER] == "hit"
    refused = items(client, m, raw)
    assert refused.status_code == 429 and HEADER not in refused


def test_writes_and_the_public_are_not_kept_per_token(client, meeting):
    _, m = meeting
    _, raw = token("partens-system")
    response = client.post(
        "/api/v1/cases/", data="{}", content_type="application/json", **bearer(raw)
    )
    assert HEADER not in response
    # Without a token the API answers 401, never from memory.
    items(client, m, raw)
    anonymous = client.get(f"/api/v1/meetings/{m.pk}/")
    assert anonymous.status_code == 401 and HEADER not in anonymous
