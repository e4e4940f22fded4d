"""The access tests' world (a case with a confidential document and registry entry, a
sealed meeting with a closed item, a correction), built once for this package inside a
transaction rolled back at the end."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test.utils import override_settings

from samverkan.access.tests.world import World, build_world


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(media)):
        django_db_blocker.unblock()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            django_db_blocker.restore()


@pytest.fixture
def archive_dir(settings, tmp_path):
    settings.SAMVERKAN_ARCHIVE_DIR = tmp_path / "arkiv"
    return settings.SAMVERKAN_ARCHIVE_DIR
