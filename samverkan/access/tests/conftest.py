"""One world for all access tests, built once per package inside a transaction that is
rolled back at the end; every test runs in its own savepoint inside it."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test.utils import override_settings

from .world import World, build_world


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    media = tmp_path_factory.mktemp("media")
    archive = tmp_path_factory.mktemp("arkiv")
    with override_settings(MEDIA_ROOT=str(media), SAMVERKAN_ARCHIVE_DIR=str(archive)):
        django_db_blocker.unblock()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            django_db_blocker.restore()
            raise
        django_db_blocker.restore()
        try:
            yield built
        finally:
            django_db_blocker.unblock()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            django_db_blocker.restore()


@pytest.fixture
def as_role(client, world):
    """A test client logged in as the role (anonymous: not logged in)."""

    def login(role: str):
        client.logout()
        user = world.users.get(role)
        if user is not None:
            client.force_login(user)
        return client

    return login
