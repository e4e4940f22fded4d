"""django-axes: five failed logins for one username from one address lock that pair out."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
PASSWORD = "x-Lösen-123"


@pytest.fixture
def anna():
    return user_create(username="anna", password=PASSWORD, roles=[Role.MEMBER])


def fail(client, username="anna", ip="192.0.2.1", times=1):
    response = None
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": "fel"}, REMOTE_ADDR=ip)
    return response


def test_five_failed_logins_lock_out_even_the_right_password_with_a_swedish_page(
    client, anna, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert fail(client, times=4).status_code == 200  # the form again, with its message
    locked = fail(client)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "För många inloggningsförsök" in html
    assert "Försök igen om 15 minuter" in html
    assert 'lang="sv"' in html

    right = client.post(LOGIN, {"username": "anna", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_address(client, anna):
    user_create(username="bo", password=PASSWORD, roles=[Role.MEMBER])
    fail(client, times=5)
    # Another account from the same address, and the same account from elsewhere, still log in.
    assert (
        client.post(
            LOGIN, {"username": "bo", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
        ).status_code
        == 302
    )
    client.post("/konto/logga-ut/")
    assert (
        client.post(
            LOGIN, {"username": "anna", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
        ).status_code
        == 302
    )


def test_the_lockout_ends_after_fifteen_minutes(client, anna):
    fail(client, times=5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = client.post(
        LOGIN, {"username": "anna", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client, anna):
    fail(client, times=4)
    assert (
        client.post(
            LOGIN, {"username": "anna", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
        ).status_code
        == 302
    )
    client.post("/konto/logga-ut/")
    assert fail(client, times=4).status_code == 200


def test_the_admin_login_is_throttled_too(client, anna):
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "anna", "password": "fel"}, REMOTE_ADDR="192.0.2.1"
        )
    assert response.status_code == 429
    assert "För många inloggningsförsök" in response.content.decode()


def test_behind_a_proxy_the_forwarded_address_counts_and_forged_entries_do_not(
    client, anna, settings
):
    settings.SAMVERKAN_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for forged in range(5):  # the client forges a new left-most entry each time
        response = client.post(
            LOGIN,
            {"username": "anna", "password": "fel"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{forged}, 192.0.2.1",
        )
    assert response.status_code == 429
    # Someone else behind the same proxy is not locked out of the account.
    other = client.post(
        LOGIN,
        {"username": "anna", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other.status_code == 302
