"""Property-based canary test on the access tests' world: hypothesis draws cases, agenda
items (open or closed), documents (public, with confidential parts, wholly secret),
minutes (draft or sealed), decisions and recommendations, written through the services
on top of world.py's world with a canary marker in every text (world_generated.py). A
drawn role then fetches every surface that could show them – the meeting, item, § and
document pages, the notice, bundle, minutes and extract as PDF and DOCX, calendars,
feeds, search, the registry and the case, the REST API, OParl, the reading view – and
the notice goes out by mail: no marker reaches a role that may not read it (the
world's own markers neither), and each role meets what it may read on its main page.

The same test runs on the generator's data in test_canary_property_generated.py."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .world import ROLES, World
from .world_generated import Spec, canary_cast, check, specs


@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    database=None,
    # A drawn world is written, scanned and rolled back inside each example, on top of
    # the package's world (built once); the `db` fixture only opens the database.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=specs, role=st.sampled_from(ROLES))
def test_no_drawn_marker_reaches_a_role_that_may_not_read_it(
    world: World, db: None, spec: Spec, role: str
) -> None:
    check(canary_cast(world), spec, [role], world_markers=True)
