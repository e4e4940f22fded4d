from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from samverkan.access.tests.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """The access tests' world, built once per module that asks for it, inside a
    transaction rolled back at the module's end (the access package's own fixture would
    outlive the module)."""
    media = str(tmp_path_factory.mktemp("media"))
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
