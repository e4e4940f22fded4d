"""The OpenAPI schema tells what the API answers: every error status an operation can
give, as a problem document; lists typed by what they hold; clock times as the API
writes them. Each case here is one the schemathesis run (test_api_fuzz) found."""

import datetime
import json
import re
from typing import Any

import jsonschema
import pytest

from samverkan.accounts.models import User
from samverkan.api import services
from samverkan.meetings import services as meetings_services
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture
def raw() -> str:
    admin = User.objects.create_superuser("schema-admin", password=None)
    return services.token_create(name="System", user=admin, party=None, by=admin)[1]


@pytest.fixture
def schema(client: Any) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client: Any, raw: str, url: str, body: str) -> Any:
    return client.post(url, body, content_type="application/json", **bearer(raw))


def validate(schema: dict[str, Any], name: str, data: Any) -> None:
    """`data` against a component, with the schema's other components to refer to."""
    jsonschema.validate(
        data,
        {**schema["components"]["schemas"][name], "components": schema["components"]},
        format_checker=jsonschema.FormatChecker(),
    )


def test_every_operation_names_its_error_statuses_as_problem_documents(client, schema, raw):
    operations = {
        f"{method.upper()} {path}": op
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }
    for label, op in operations.items():
        for status in ("401", "429"):
            assert op["responses"][status]["content"] == {
                PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}
            }, label
    assert {"404", "422"} <= set(operations["GET /api/v1/meetings/{meeting_id}/"]["responses"])
    assert {"400", "403", "404", "422"} <= set(operations["POST /api/v1/meetings/"]["responses"])
    assert "404" not in operations["GET /api/v1/bodies/"]["responses"]
    # What the API answers is what the schema says.
    for response, status in (
        (client.get("/api/v1/meetings/7/"), 401),
        (client.get("/api/v1/meetings/7/", **bearer(raw)), 404),
        (client.get("/api/v1/bodies/?limit=x", **bearer(raw)), 422),
    ):
        assert response.status_code == status and response["Content-Type"] == PROBLEM
        validate(schema, "Problem", response.json())


def test_a_body_that_is_not_json_is_a_swedish_400(client, raw):
    body = f.body()
    for text in ("{", "\udcff", "nej"):
        response = post(client, raw, "/api/v1/meetings/", text.encode("utf-8", "surrogatepass"))
        assert response.status_code == 400 and response["Content-Type"] == PROBLEM
        assert response.json()["detail"] == "Innehållet är inte giltig JSON."
    assert not Meeting.objects.filter(body=body).exists()


def test_a_time_with_a_zone_is_refused_in_swedish_not_a_server_error(client, raw):
    """SQLite cannot store a time with a zone (it was a 500), and no column keeps one:
    the API takes the clock time of the place, as the web forms do."""
    body = f.body()
    for field, value in (("start_time", "13:00Z"), ("start_time", "13:00+02:00")):
        response = post(
            client,
            raw,
            "/api/v1/meetings/",
            json.dumps({"body": body.pk, "date": "2026-12-15", field: value}),
        )
        assert response.status_code == 422, response.content
        assert response.json()["errors"] == [
            {"field": field, "messages": ["Ange tiden utan tidszon, som TT:MM (svensk tid)."]}
        ]
    assert not Meeting.objects.filter(body=body).exists()
    meeting = meetings_services.meeting_create(
        body=body, date=datetime.date(2026, 12, 15), start_time=datetime.time(13)
    )
    before = AgendaItem.objects.filter(meeting=meeting).count()
    response = post(
        client,
        raw,
        f"/api/v1/meetings/{meeting.pk}/agenda-items/",
        json.dumps({"title": "Budget", "planned_start": "20:42:32Z"}),
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == (
        "planned_start"
    )
    assert AgendaItem.objects.filter(meeting=meeting).count() == before


def test_clock_times_are_written_as_the_schema_says(client, schema, raw):
    """JSON Schema's format "time" demands a zone, which the API never writes: the
    schema gives the form it does write."""
    body = f.body()
    meeting = meetings_services.meeting_create(
        body=body, date=datetime.date(2026, 12, 15), start_time=datetime.time(13, 30)
    )
    start = schema["components"]["schemas"]["MeetingOut"]["properties"]["start_time"]
    assert "format" not in start
    answer = client.get(f"/api/v1/meetings/{meeting.pk}/", **bearer(raw)).json()
    assert answer["start_time"] == "13:30:00" and re.match(start["pattern"], "13:30:00")
    validate(schema, "MeetingDetail", answer)


def test_lists_are_typed_by_what_they_hold_and_their_limit_bounded(client, schema, raw):
    f.body()
    pages = {
        "/api/v1/bodies/": "BodyOut",
        "/api/v1/meetings/": "MeetingOut",
        "/api/v1/cases/": "CaseOut",
        "/api/v1/cases/{case_id}/registry/": "EntryOut",
    }
    for path, item in pages.items():
        get = schema["paths"][path]["get"]
        page = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        name = page.rsplit("/", 1)[1]
        results = schema["components"]["schemas"][name]["properties"]["results"]
        assert results["items"] == {"$ref": f"#/components/schemas/{item}"}, path
        limit = next(p for p in get["parameters"] if p["name"] == "limit")["schema"]
        assert (limit["minimum"], limit["maximum"]) == (1, 200)
    validate(schema, "BodyPage", client.get("/api/v1/bodies/", **bearer(raw)).json())
    for limit in ("0", "201"):
        refused = client.get(f"/api/v1/bodies/?limit={limit}", **bearer(raw))
        assert refused.status_code == 422 and refused["Content-Type"] == PROBLEM


def test_a_filter_naming_no_body_lists_no_meetings(client, raw):
    meetings_services.meeting_create(
        body=f.body(), date=datetime.date(2026, 12, 15), start_time=datetime.time(13)
    )
    for body in ("0", "-3", "99999999999999999999"):
        response = client.get(f"/api/v1/meetings/?body={body}", **bearer(raw))
        assert response.status_code == 200 and response.json()["results"] == [], body
