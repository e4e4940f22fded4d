import platform
import sqlite3

import django
import pytest
from django.db import OperationalError, connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers_and_all_migrations_are_applied(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": {"pending": 0}}


@pytest.mark.django_db
def test_healthz_tells_no_versions(client):
    text = client.get("/healthz").content.decode()
    for version in (django.get_version(), platform.python_version(), sqlite3.sqlite_version):
        assert version not in text
    assert "version" not in text
    assert connection.vendor not in text


@pytest.mark.django_db
def test_healthz_counts_pending_migrations(client, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [object()] * 2)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "migrations": {"pending": 2}}


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_database(client, monkeypatch):
    def refuse() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "unreachable"
