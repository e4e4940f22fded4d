"""The property-based canary test (test_canary_property.py) on generated data: the
drawn worlds written on top of Exempellänet as `samverkan generate` makes it (one
collaboration up to 20 March 2026: 18 meetings, 3 of them sealed and one with draft
minutes, cases, closed items and confidential documents of its own), seen by the
generator's own accounts in the same roles (world_generated.generated_cast)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan.generator.services import generate

from .world import ANON, MEMBER_OTHER, REGISTRAR, ROLES
from .world_generated import EVERYTHING, Cast, Spec, check, generated_cast, specs

# The first quarter of a year: 9 s of the generator's time, where a whole year takes 50.
AS_OF = datetime.date(2026, 3, 20)


@pytest.fixture(scope="module")
def cast(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Cast]:
    """Exempellänet made once for the module, in a transaction rolled back at its end."""
    with (
        override_settings(
            MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            generate(
                collaborations=1,
                years=1,
                seed=1,
                start_year=2026,
                as_of=AS_OF,
                password="x-Exempel-2026",
            )
            yield generated_cast("exempellanet", AS_OF)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_the_richest_world_shows_its_closed_parts_to_no_outsider(cast: Cast, db: None) -> None:
    """Every run: the world with every kind of content (world_generated.EVERYTHING), seen
    by the public, a member of another body and a party's system through the API."""
    check(cast, EVERYTHING, [ANON, MEMBER_OTHER, REGISTRAR])


@settings(
    max_examples=1,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=specs, role=st.sampled_from(ROLES))
def test_no_drawn_marker_on_generated_data_reaches_a_role_that_may_not_read_it(
    cast: Cast, db: None, spec: Spec, role: str
) -> None:
    check(cast, spec, [role])
