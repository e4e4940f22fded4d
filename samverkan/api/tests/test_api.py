"""The REST API: tokens stored hashed and logged on every use, RFC 9457 problems in
Swedish, cursor paging, the rate limit, a party's system answering a recommendation and
the secretariat's tools planning meetings, the OpenAPI schema and its documentation."""

import base64
import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.api import services
from samverkan.api.models import ApiRequest, ApiToken
from samverkan.cases.models import PartyResponse
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n166\n%%EOF\n"
)


@pytest.fixture
def admin():
    return User.objects.create_superuser("api-admin", password="x")


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def token(admin):
    return services.token_create(name="Testsystem", user=admin, party=None, by=admin)


def test_the_token_is_stored_only_as_its_digest_and_every_use_is_logged(client, token):
    made, raw = token
    assert raw.startswith("sv_") and len(raw) > 40
    assert not ApiToken.objects.filter(
        digest=raw
    ).exists() and made.digest == services.token_digest(raw)
    assert raw not in json.dumps(list(ApiToken.objects.values()), default=str)
    response = client.get("/api/v1/bodies/", **bearer(raw))
    assert response.status_code == 200
    use = ApiRequest.objects.get()
    assert (use.method, use.path, use.status) == ("GET", "/api/v1/bodies/", 200)
    made.refresh_from_db()
    assert made.last_used_at is not None


def test_every_call_is_logged_and_the_last_use_is_noted_to_the_minute(client, token):
    made, raw = token
    a_while_ago = timezone.now() - datetime.timedelta(minutes=2)
    ApiToken.objects.filter(pk=made.pk).update(last_used_at=a_while_ago)
    assert client.get("/api/v1/bodies/", **bearer(raw)).status_code == 200
    made.refresh_from_db()
    noted = made.last_used_at
    assert noted is not None and noted > a_while_ago
    # Within the minute: logged, but the token is not written to again.
    assert client.get("/api/v1/cases/", **bearer(raw)).status_code == 200
    made.refresh_from_db()
    assert made.last_used_at == noted
    paths = list(ApiRequest.objects.order_by("pk").values_list("path", flat=True))
    assert paths == ["/api/v1/bodies/", "/api/v1/cases/"]


def test_no_token_a_wrong_one_or_a_revoked_one_is_a_problem_401(client, token):
    made, raw = token
    for headers in ({}, bearer("sv_fel"), bearer(raw + "x")):
        response = client.get("/api/v1/bodies/", **headers)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["title"] == "Inte inloggad"
    services.token_revoke(made)
    assert client.get("/api/v1/bodies/", **bearer(raw)).status_code == 401


def test_cursor_paging_walks_every_row_once(client, token):
    for _ in range(7):
        f.body()
    seen, url, pages = [], "/api/v1/bodies/?limit=3", 0
    while url:
        page = client.get(url, **bearer(token[1])).json()
        seen += [b["id"] for b in page["results"]]
        url, pages = page["next"], pages + 1
        if pages == 2:
            f.body()  # a row added during the walk is met at its end, once
    assert len(seen) == len(set(seen)) and sorted(seen) == seen
    bad = client.get("/api/v1/bodies/?cursor=%%%", **bearer(token[1]))
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/bodies/?limit=0", **bearer(token[1])).status_code == 422


def test_the_rate_limit_answers_429_with_retry_after(client, token, settings):
    from django.core.cache import cache

    cache.clear()
    settings.SAMVERKAN_API_RATE = 2
    codes = [client.get("/api/v1/bodies/", **bearer(token[1])).status_code for _ in range(3)]
    assert codes[:2] == [200, 200] and codes[2] == 429
    last = client.get("/api/v1/bodies/", **bearer(token[1]))
    assert int(last["Retry-After"]) >= 1 and last.json()["title"] == "För många anrop"
    cache.clear()


def test_bad_input_is_a_swedish_problem_and_nothing_is_saved(client, token):
    body = f.body()
    response = client.post(
        "/api/v1/meetings/",
        json.dumps({"body": body.pk, "date": "2026-13-40", "start_time": "25:00"}),
        content_type="application/json",
        **bearer(token[1]),
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422 and {e["field"] for e in problem["errors"]} == {
        "date",
        "start_time",
    }
    assert "Ange ett datum" in problem["detail"]
    assert client.get("/api/v1/meetings/", **bearer(token[1])).json()["results"] == []
    missing = client.get("/api/v1/meetings/999999/", **bearer(token[1]))
    assert missing.status_code == 404 and missing.json()["title"] == "Finns inte"


def test_a_party_system_registers_its_own_answer_only(client, demo, admin):
    from samverkan.cases.models import Recommendation

    rec = Recommendation.objects.get(case__number=418, case__year=2025)
    ostersund = PartyResponse.objects.get(recommendation=rec, party__short_name="Östersund").party
    berg = PartyResponse.objects.get(recommendation=rec, party__short_name="Berg").party
    system = User.objects.create_user("ostersund-system", password="x")
    _, raw = services.token_create(
        name="Östersunds ärendesystem", user=system, party=ostersund, by=admin
    )
    url = f"/api/v1/recommendations/{rec.pk}/response/"
    payload = {
        "status": "adopted",
        "decision_reference": "KF 2026-10-28 § 112",
        "decided_on": "2026-10-28",
        "document_filename": "beslut.pdf",
        "document_base64": base64.b64encode(PDF).decode(),
    }
    response = client.post(url, json.dumps(payload), content_type="application/json", **bearer(raw))
    assert response.status_code == 200, response.content
    answer = PartyResponse.objects.get(recommendation=rec, party=ostersund)
    assert answer.status == "adopted" and answer.document is not None
    assert "Antagen" in client.get(reverse("cases:matrix")).content.decode()
    assert PartyResponse.objects.get(recommendation=rec, party=berg).status == "not_handled"
    _, none = services.token_create(name="Utan part", user=system, party=None, by=admin)
    refused = client.post(url, json.dumps(payload), content_type="application/json", **bearer(none))
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"


def test_the_secretariat_tool_plans_a_meeting_and_adds_an_item(client, admin):
    body = f.body()
    secretary = User.objects.create_user("sekr-verktyg", password="x")
    person = f.person(user=secretary)
    f.membership(person=person, body=body, role="secretary", start=datetime.date(2024, 1, 1))
    _, raw = services.token_create(
        name="Sekretariatets verktyg", user=secretary, party=None, by=admin
    )
    made = client.post(
        "/api/v1/meetings/",
        json.dumps(
            {"body": body.pk, "date": "2026-12-15", "start_time": "13:00", "place": "Sal A"}
        ),
        content_type="application/json",
        **bearer(raw),
    )
    assert made.status_code == 201, made.content
    meeting_id = made.json()["id"]
    item = client.post(
        f"/api/v1/meetings/{meeting_id}/agenda-items/",
        json.dumps({"title": "Budget 2027"}),
        content_type="application/json",
        **bearer(raw),
    )
    assert item.status_code == 201 and item.json()["title"] == "Budget 2027"
    _, stranger = services.token_create(
        name="Annan", user=User.objects.create_user("annan", password="x"), party=None, by=admin
    )
    refused = client.post(
        "/api/v1/meetings/",
        json.dumps({"body": body.pk, "date": "2026-12-16", "start_time": "13:00"}),
        content_type="application/json",
        **bearer(stranger),
    )
    assert refused.status_code == 403


def test_the_schema_and_its_documentation_are_served(client):
    schema = client.get(reverse("api_v1:openapi-json")).json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/recommendations/{recommendation_id}/response/" in schema["paths"]
    assert schema["components"]["securitySchemes"]
    page = client.get(reverse("api:docs")).content.decode()
    assert "/api/v1/meetings/" in page and "Prova" in page


def test_the_administrator_makes_lists_and_revokes_tokens(client, admin):
    client.force_login(admin)
    page = client.post(reverse("api:tokens"), {"name": "Krokoms system", "user": admin.pk})
    html = page.content.decode()
    token = ApiToken.objects.get(name="Krokoms system")
    raw = html.split("<code>")[1].split("</code>")[0]
    assert raw.startswith("sv_") and services.token_for(raw) == token
    assert client.get(reverse("api:tokens")).content.decode().count(raw) == 0  # shown once
    client.post(reverse("api:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None and services.token_for(raw) is None


def test_ids_no_row_can_have_are_404_not_server_errors(client, token):
    huge = "99999999999999999999"
    # As a filter it names no body, like any unknown id: no meetings.
    listed = client.get(f"/api/v1/meetings/?body={huge}", **bearer(token[1]))
    assert listed.status_code == 200 and listed.json()["results"] == []
    for url in (
        f"/api/v1/cases/{huge}/registry/",
        f"/api/v1/meetings/{huge}/",
        f"/api/v1/meetings/{huge}/minutes/",
        f"/api/v1/documents/{huge}/file",
    ):
        response = client.get(url, **bearer(token[1]))
        assert response.status_code in (404, 422), (url, response.status_code)
        assert response["Content-Type"] == "application/problem+json"
    bad = client.post(
        "/api/v1/meetings/",
        json.dumps({"body": [15], "date": "2026-12-01", "start_time": "13:00"}),
        content_type="application/json",
        **bearer(token[1]),
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body"
