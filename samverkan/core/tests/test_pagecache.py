"""The public's page cache (core.pagecache): a page the public reads is served again
from memory until anything changes, and nobody but the public is ever served from it or
put into it."""

import datetime
import os

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.api.services import token_create
from samverkan.core.pagecache import CACHE, HEADER, MAX_BYTES, PageCacheMiddleware
from samverkan.meetings import services
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

OPEN = "Öppen punkt om skolskjutsar"
CLOSED = "Stängd punkt om en enskild elev"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.SAMVERKAN_PAGE_CACHE_SECONDS = 60
    caches[CACHE].clear()
    yield
    caches[CACHE].clear()


@pytest.fixture
def meeting():
    f.home_collaboration()
    body = f.body(name="Regionens samverkansråd", short_name="RSR", slug="rsr-cache")
    meeting = services.meeting_create(
        body=body, date=datetime.date(2026, 3, 2), start_time=datetime.time(10), place="Huset"
    )
    services.agenda_item_add(meeting, title=OPEN)
    closed = services.agenda_item_add(meeting, title=CLOSED)
    services.agenda_item_update(closed, is_public=False, confidentiality_ground="OSL 23 kap. 2 §")
    return meeting


@pytest.fixture
def member(meeting):
    user = user_create(username="ledamot-cache", password="x-Lösen-123", roles=[Role.MEMBER])
    person = f.person(name="Lena Ledamot", user=user)
    f.membership(
        person=person,
        body=meeting.body,
        role=Membership.Role.MEMBER,
        start=datetime.date(2022, 1, 1),
    )
    return user


def url(meeting) -> str:
    return f"/sammantraden/{meeting.pk}/"


def test_the_publics_second_visit_is_served_from_memory_without_the_view(client, meeting):
    first = client.get(url(meeting))
    assert first.status_code == 200 and first[HEADER] == "stored"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url(meeting))
    assert second.status_code == 200 and second[HEADER] == "hit"
    assert second.content == first.content
    assert OPEN in second.content.decode() and CLOSED not in second.content.decode()
    # The collaboration and the audit log's head: nothing of the meeting is read.
    assert len(queries) <= 3, [q["sql"] for q in queries.captured_queries]
    assert not any("meetings_" in q["sql"] for q in queries.captured_queries)


def test_a_change_is_seen_at_once(client, meeting):
    client.get(url(meeting))
    assert client.get(url(meeting))[HEADER] == "hit"
    services.agenda_item_add(meeting, title="Ny punkt om kollektivtrafik")
    page = client.get(url(meeting))
    assert page[HEADER] == "stored"
    assert "Ny punkt om kollektivtrafik" in page.content.decode()


def test_a_member_is_never_served_the_publics_page_nor_kept_for_it(client, meeting, member):
    assert client.get(url(meeting))[HEADER] == "stored"  # the public's page, kept

    client.force_login(member)
    own = client.get(url(meeting))
    assert HEADER not in own
    assert CLOSED in own.content.decode()
    assert "private" in own["Cache-Control"]

    client.logout()
    client.cookies.clear()
    public = client.get(url(meeting))
    assert public[HEADER] == "hit"
    assert CLOSED not in public.content.decode()


def test_the_member_first_then_the_public(client, meeting, member):
    client.force_login(member)
    assert CLOSED in client.get(url(meeting)).content.decode()
    client.logout()
    client.cookies.clear()
    public = client.get(url(meeting))
    assert public[HEADER] == "stored"  # nothing the member saw was kept
    assert CLOSED not in public.content.decode()


def test_an_api_tokens_answers_are_kept_apart_from_the_publics(client, meeting):
    admin = user_create(username="system-cache", password=None, roles=[])
    _, token = token_create(name="Partens system", user=admin, party=None, by=admin)
    seen = [
        client.get("/api/v1/meetings/", HTTP_AUTHORIZATION=f"Bearer {token}")[HEADER]
        for _ in range(2)
    ]
    # Kept in the token's own scope (test_api_answer_cache), never the public's.
    assert seen == ["stored", "hit"]
    public = client.get("/api/v1/meetings/")
    assert public.status_code == 401 and HEADER not in public


def test_other_cookies_and_other_methods_pass_by(client, meeting):
    client.get(url(meeting))
    client.cookies["messages"] = "något"
    assert HEADER not in client.get(url(meeting))
    client.cookies.clear()
    assert HEADER not in client.head(url(meeting))


def test_answers_that_say_no_store_are_not_kept(client):
    for _ in range(2):
        assert HEADER not in client.get("/healthz")


def test_off_when_the_setting_is_zero(client, meeting, settings):
    settings.SAMVERKAN_PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        assert HEADER not in client.get(url(meeting))


def _answer(body: bytes):
    calls: list[int] = []

    def view(request):
        calls.append(1)
        return HttpResponse(body, content_type="application/json")

    middleware = PageCacheMiddleware(view)

    def get():
        request = RequestFactory().get("/oparl/v1.1/body/1/meeting/")
        request.user = AnonymousUser()
        return middleware(request)

    return get, calls


def test_a_large_page_is_kept_compressed_and_served_whole():
    # A national OParl list page: larger than MAX_BYTES as sent, far smaller compressed.
    body = (
        b"[" + b",".join(b'{"id": "https://example.org/oparl/%d"}' % n for n in range(20000)) + b"]"
    )
    assert len(body) > 2 * MAX_BYTES
    get, calls = _answer(body)
    first, second = get(), get()
    assert (first[HEADER], second[HEADER]) == ("stored", "hit")
    assert second.content == body and second["Content-Type"] == "application/json"
    assert len(calls) == 1


def test_a_page_that_stays_large_compressed_is_not_kept():
    get, calls = _answer(os.urandom(MAX_BYTES + 1024))
    for _ in range(2):
        assert HEADER not in get()
    assert len(calls) == 2
