"""Styled Swedish error pages with DEBUG off, the 500 page even without a database."""

import logging

import pytest
from django.test import Client

URLCONF = "samverkan.core.tests.error_urls"


@pytest.fixture
def client_no_raise(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = URLCONF
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def _quiet_request_log(caplog):
    caplog.set_level(logging.CRITICAL, logger="django.request")
    caplog.set_level(logging.CRITICAL, logger="django.security")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/test-fel/400/", 400, "Felaktig förfrågan"),
        ("/test-fel/403/", 403, "Åtkomst nekad"),
        ("/finns-inte/", 404, "Sidan finns inte"),
    ],
)
def test_client_errors_get_the_swedish_page_in_the_site_layout(
    client_no_raise, path, status, heading
):
    response = client_no_raise.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'lang="sv"' in html
    assert "samverkan/site.css" in html
    assert 'class="site-header"' in html and "Anslagstavla" in html  # the base layout
    assert "internal reason" not in html


def test_the_500_page_is_swedish_and_needs_no_database(client_no_raise):
    # No django_db mark: any database query while rendering it would fail the test.
    response = client_no_raise.get("/test-fel/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Ett fel uppstod</h1>" in html
    assert 'lang="sv"' in html
    assert 'href="/static/samverkan/site.css"' in html
    assert "boom" not in html and "Traceback" not in html


def test_the_500_page_renders_when_a_context_processor_fails(client_no_raise, settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    "samverkan.core.tests.test_error_pages.broken_processor",
                ],
            },
        }
    ]
    response = client_no_raise.get("/test-fel/500/")
    assert response.status_code == 500
    assert "Ett fel uppstod" in response.content.decode()


def broken_processor(request: object) -> dict[str, object]:
    raise RuntimeError("context processor down")


@pytest.mark.django_db
def test_a_failed_csrf_check_gets_a_swedish_page(settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/logga-in/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_host_gets_the_swedish_400_page(client_no_raise):
    response = client_no_raise.get("/", HTTP_HOST="angripare.example")
    assert response.status_code == 400
    assert "<h1>Felaktig förfrågan</h1>" in response.content.decode()
