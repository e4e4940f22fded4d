"""What a logged-in user sees is never kept by a shared or browser cache."""

import pytest
from django.http import HttpResponse

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.core.middleware import PrivateNoStoreMiddleware

pytestmark = pytest.mark.django_db


def test_pages_for_a_logged_in_user_are_private_and_not_stored(client):
    client.force_login(user_create(username="anna", password="x-Lösen-123", roles=[Role.SECRETARY]))
    for path in ("/", "/parter/", "/diarium/", "/sok/?q=samverkan"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "private, no-store", path


def test_pages_for_anonymous_visitors_are_left_as_they_are(client):
    response = client.get("/parter/")
    assert response.status_code == 200
    assert not response.has_header("Cache-Control")


def test_the_first_page_after_logging_in_is_not_stored(client):
    user_create(username="anna", password="x-Lösen-123", roles=[Role.MEMBER])
    response = client.post(
        "/konto/logga-in/", {"username": "anna", "password": "x-Lösen-123"}, follow=True
    )
    assert "Logga ut" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_a_view_that_set_its_own_cache_control_keeps_it(client):
    client.force_login(user_create(username="anna", password="x-Lösen-123", roles=[]))
    response = client.get("/healthz")  # never_cache
    assert "no-store" in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]


def test_the_middleware_does_not_override_a_chosen_header(rf):
    request = rf.get("/")
    request.user = user_create(username="anna", password="x-Lösen-123", roles=[])
    chosen = HttpResponse()
    chosen["Cache-Control"] = "max-age=60"
    response = PrivateNoStoreMiddleware(lambda r: chosen)(request)
    assert response["Cache-Control"] == "max-age=60"
