"""Fuzzing the REST API with schemathesis against the schema it serves
(/api/v1/openapi.json): every operation, called anonymously, by a party's case system
and by a member's tool, answers without a server error and with a status code, content
type and body that the schema names (errors as Swedish problem documents).

Deterministic and cheap enough for CI: a fixed seed, no example database, a bounded
number of examples per operation, one world built once for the module. Half of the ids
sent name rows of that world, so detail endpoints answer with real objects too."""

from __future__ import annotations

import datetime
import os
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test.utils import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core import NotSet
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from samverkan.accounts.models import User
from samverkan.api import services
from samverkan.api.v1 import api
from samverkan.cases import services as cases_services
from samverkan.documents.models import Document
from samverkan.documents.services import document_create
from samverkan.meetings import services as meetings_services
from samverkan.structure.tests import factories as f

SCHEMA_URL = "/api/v1/openapi.json"
# Examples per operation in schemathesis' fuzzing phase; its coverage phase adds a
# fixed set of boundary cases per operation on top (about 800 calls in all). A deeper
# run: SAMVERKAN_API_FUZZ_EXAMPLES=500 pytest samverkan/api/tests/test_api_fuzz.py
MAX_EXAMPLES = int(os.environ.get("SAMVERKAN_API_FUZZ_EXAMPLES", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CALLERS = ("anonym", "part", "ledamot")

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 14,
        "generation": {"deterministic": True, "database": "none", "max-examples": MAX_EXAMPLES},
        "phases": {"examples": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
# Loaded at collection, when there is no database to serve it from; that it is the
# schema served is test_the_fuzzed_schema_is_the_served_one.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = WSGIHandler()

# The ids of the world's rows, by the parameter (path, query or body field) that takes
# them; set while the module's world exists.
TARGETS: dict[str, list[int]] = {}
# The callers' tokens, by caller (the anonymous caller has none).
TOKENS: dict[str, str] = {}


def _aimed(values: Any) -> Any:
    """The generated values as they are, or with each id parameter set to a row of
    the world."""
    if not isinstance(values, dict):
        return st.just(values)
    names = [name for name in values if name in TARGETS]
    if not names:
        return st.just(values)
    return st.one_of(
        st.just(values),
        st.tuples(*(st.sampled_from(TARGETS[name]) for name in names)).map(
            lambda real: {**values, **dict(zip(names, real, strict=True))}
        ),
    )


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: Any) -> Any:
    return _aimed(path_parameters)


@schema.hook
def flatmap_query(context: Any, query: Any) -> Any:
    return _aimed(query)


@schema.hook
def flatmap_body(context: Any, body: Any) -> Any:
    return _aimed(body)


def _world() -> dict[str, list[int]]:
    """A body with a meeting (an open and a closed item, a supporting document, draft
    minutes), a case with an open and a protected registry entry and a document, a
    recommendation to two parties; made through the services."""
    collaboration = f.home_collaboration()
    party, other = f.party(), f.party()
    body = f.body()
    meeting = meetings_services.meeting_create(
        body=body, date=datetime.date(2026, 3, 10), start_time=datetime.time(13), place="Sal A"
    )
    open_item = meetings_services.agenda_item_add(meeting, title="Öppen punkt")
    closed_item = meetings_services.agenda_item_add(
        meeting, title="Stängd punkt", is_public=False, confidentiality_ground="OSL 21 kap. 1 §"
    )
    meetings_services.supporting_document_add(
        open_item,
        title="Underlag",
        upload=SimpleUploadedFile("underlag.txt", b"Offentligt underlag.", "text/plain"),
    )
    meetings_services.sections_create_from_agenda(meeting)
    series = cases_services.case_series_create(collaboration=collaboration, code="FZ")
    case = cases_services.case_register(
        series=series, title="Fuzzärende", registered_on=datetime.date(2026, 1, 5)
    )
    letter = document_create(title="Skrivelse", data=b"Brevet.", filename="brev.txt")
    cases_services.registry_entry_add(
        case,
        date=datetime.date(2026, 1, 5),
        direction="received",
        description="Skrivelse",
        counterpart="Kommun",
        document=letter,
    )
    cases_services.registry_entry_add(
        case,
        date=datetime.date(2026, 1, 6),
        direction="received",
        description="Om en enskild",
        counterpart="Enskild",
        description_protected=True,
        confidentiality_ground="OSL 26 kap. 1 §",
    )
    recommendation = cases_services.recommendation_issue(
        case,
        title="Rekommendation",
        text="Gör så.",
        parties=[party, other],
        issued_on=datetime.date(2026, 2, 1),
        answer_by=datetime.date(2026, 6, 1),
    )
    # The party's system answers for `party`, as its administrator's account.
    admin = User.objects.create_superuser("fuzz-admin", password=None)
    member = User.objects.create_user("fuzz-member", password=None)
    _, party_token = services.token_create(name="Partens system", user=admin, party=party, by=admin)
    _, member_token = services.token_create(
        name="Ledamotens verktyg", user=member, party=None, by=admin
    )
    TOKENS.update(part=party_token, ledamot=member_token)
    return {
        "body_id": [body.pk],
        "body": [body.pk],
        "meeting_id": [meeting.pk],
        "item_id": [open_item.pk, closed_item.pk],
        "case_id": [case.pk],
        "document_id": list(Document.objects.values_list("pk", flat=True)),
        "recommendation_id": [recommendation.pk],
    }


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[None]:
    """Built once for the module inside a transaction rolled back at its end; each
    operation's test runs in a savepoint inside it. As in Django's test client, a
    request does not close the database connection (on PostgreSQL that would end the
    transaction the tests run in)."""
    media = str(tmp_path_factory.mktemp("media"))
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with (
        override_settings(MEDIA_ROOT=media, SAMVERKAN_API_RATE=10**9),
        django_db_blocker.unblock(),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            TARGETS.update(_world())
            yield
        finally:
            TARGETS.clear()
            TOKENS.clear()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def _caller(case: Any) -> str:
    """Who sends this case: chosen by its content, so the same case always has the same
    caller (a failure shrinks and reproduces) and each operation meets all three.
    (schemathesis drops its coverage phase when a test draws anything besides the case.)"""
    body = None if isinstance(case.body, NotSet) else case.body
    content = repr((case.path_parameters, case.query, body, case.headers))
    return CALLERS[zlib.crc32(content.encode()) % len(CALLERS)]


@schema.parametrize()
@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_operation_answers_as_its_schema_says(case: Any, world: None, db: None) -> None:
    caller = _caller(case)
    headers = {"Authorization": f"Bearer {TOKENS[caller]}"} if caller in TOKENS else {}
    case.call_and_validate(headers=headers, checks=CHECKS)


def test_the_fuzzed_schema_is_the_served_one(client: Any, db: None) -> None:
    assert client.get(SCHEMA_URL).json() == schema.raw_schema
