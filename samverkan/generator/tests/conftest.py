import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from samverkan.generator.services import Result, generate

AS_OF = datetime.date(2026, 11, 25)
ARGS: dict[str, Any] = {
    "collaborations": 1,
    "years": 1,
    "seed": 1,
    "start_year": 2026,
    "as_of": AS_OF,
    "password": "x-Exempel-2026",
}
# The demo's accounts are hashed once each; a fast hasher keeps the tests quick.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def generated(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[Result]:
    """A year of Exempellänet up to 2026-11-25, made once per module inside a
    transaction rolled back at the module's end."""
    media = str(tmp_path_factory.mktemp("media"))
    with (
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS),
        django_db_blocker.unblock(),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield generate(**ARGS)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def printed(generated: Result, capsys: Any) -> str:
    """What `samverkan generate` prints when run again with the module's arguments (the
    year exists, so nothing is made): the account table among it."""
    options = [f"--{key.replace('_', '-')}={value}" for key, value in ARGS.items()]
    call_command("generate", *options, "--no-progress")
    return str(capsys.readouterr().out)
