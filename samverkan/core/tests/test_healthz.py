import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_reports_the_database_vendor_and_that_all_migrations_are_applied(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["vendor"] == connection.vendor
    assert body["migrations"]["pending"] == []
    assert body["migrations"]["applied"] > 0
