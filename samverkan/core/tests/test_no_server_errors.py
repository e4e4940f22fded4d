"""Bad input gets a Swedish message (or a 404 for a parameter that selects an object),
never a server error, and nothing half-saved.

First the known 500s (issue 8, defect 8) as regression tests; then property-based tests
(hypothesis) that send random values (text, Unicode digits, huge and negative numbers,
empty values, repeated parameters) to every query parameter and every form, each as the
role that may use it, on the access tests' world (samverkan/access/tests/world.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan.access.tests.world import (
    ADMIN,
    ANON,
    CHAIR,
    REGISTRAR,
    SEC,
    World,
    client_as,
)
from samverkan.cases.models import PartyResponse
from samverkan.meetings.models import Attendance, Attester

pytestmark = pytest.mark.django_db

YEAR_ERROR = "Ange ett år mellan 1900 och 2200."


# --- The known 500s -----------------------------------------------------------------------


@pytest.mark.parametrize("year", ["-1", "10000", "9" * 20, "²", "abc"])
@pytest.mark.parametrize("page", ["body_meetings", "registry", "search"])
def test_a_bad_year_is_a_swedish_message(client, world, page, year):
    path = {
        "body_meetings": reverse("meetings:body_meetings", args=[world.rsr.slug]),
        "registry": reverse("cases:registry"),
        "search": reverse("search:search"),
    }[page]
    response = client.get(path, {"ar": year, "q": "samverkan"})
    assert response.status_code == 200
    text = response.content.decode()
    assert YEAR_ERROR in text or "Ange ett år med siffror" in text


@pytest.mark.parametrize("p", ["²", "١", "-1", "9" * 20, "", "abc"])
def test_a_bad_section_number_in_an_extract_is_not_found(client, world, p):
    url = reverse("meetings:extract_pdf", args=[world.sealed.pk])
    assert client.get(url, {"p": p}).status_code == 404


@pytest.mark.parametrize("field", ["replaces", "arrived", "left", "status"])
def test_bad_attendance_values_are_refused_and_nothing_is_saved(client, world, field):
    client_as(client, world, SEC)
    substitute = world.persons["substitute_rsr"]
    before = list(Attendance.objects.filter(meeting=world.draft).values().order_by("pk"))
    data = {f"status_{p.pk}": "absent" for p in world.persons.values()}
    data[f"status_{substitute.pk}"] = "present"
    data[f"{field}_{substitute.pk}"] = "abc"
    response = client.post(reverse("meetings:attendance", args=[world.draft.pk]), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Närvaron är inte sparad" in text
    assert "Välj ett giltigt alternativ" in text
    after = list(Attendance.objects.filter(meeting=world.draft).values().order_by("pk"))
    assert after == before


@pytest.mark.parametrize("value", ["", "abc", "9" * 20, "-1"])
def test_a_bad_party_response_is_refused_and_nothing_is_saved(client, world, value):
    client_as(client, world, REGISTRAR)
    response_row = world.recommendation.responses.get()
    url = reverse("cases:recommendation", args=[world.recommendation.pk])
    response = client.post(
        url,
        {
            "response": value,
            f"r{response_row.pk}-status": PartyResponse.Status.ADOPTED,
            f"r{response_row.pk}-decided_on": "2026-11-01",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Välj en part som rekommendationen gäller." in response.content.decode()
    response_row.refresh_from_db()
    assert response_row.status != PartyResponse.Status.ADOPTED


@pytest.mark.parametrize("attester", [str(10**20), "-5", "abc", "²"])
def test_a_huge_attester_id_is_a_swedish_message(client, world, attester):
    client_as(client, world, SEC)
    before = set(Attester.objects.filter(meeting=world.draft).values_list("person_id", flat=True))
    response = client.post(
        reverse("meetings:minutes", args=[world.draft.pk]),
        {"action": "attesters", "attesters": [attester], "place": "Regionens hus"},
    )
    assert response.status_code == 200
    assert "är inte ett giltigt värde" in response.content.decode()
    after = set(Attester.objects.filter(meeting=world.draft).values_list("person_id", flat=True))
    assert after == before


def test_an_unknown_action_is_a_swedish_message(client, world):
    client_as(client, world, SEC)
    response = client.post(
        reverse("meetings:section", args=[world.draft_section.pk]),
        {"action": "sabotage"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Okänd åtgärd" in response.content.decode()


def test_an_empty_section_title_is_refused_on_the_page(client, world):
    client_as(client, world, SEC)
    section = world.draft_section
    response = client.post(
        reverse("meetings:section", args=[section.pk]),
        {"action": "decision", "title": "", "decision": "Nytt beslut"},
    )
    assert response.status_code == 200
    assert "Paragrafen måste ha en rubrik." in response.content.decode()
    section.refresh_from_db()
    assert section.decision != "Nytt beslut"


# --- Property-based: random values to every parameter and form ---------------------------

SPECIAL = [
    "",
    " ",
    "-1",
    "0",
    "1",
    "10000",
    "9" * 20,
    str(10**20),
    str(2**63),
    "²",
    "١٢",
    "Ⅻ",
    "1e3",
    "1.5",
    "abc",
    "\x00",
    "2026",
    "2026-13-45",
    "9999-12-31",
    "0001-01-01",
    "upp",
    "ned",
    "present",
    "absent",
    "on",
]
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
VALUE = st.one_of(
    st.sampled_from(SPECIAL),
    TEXT,
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6),
)
PARAM = st.one_of(VALUE, st.lists(VALUE, min_size=0, max_size=3))

FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def params(*keys: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys), PARAM, max_size=len(keys))


def assert_no_server_error(response: Any, what: str) -> None:
    if getattr(response, "streaming", False):
        # Consume, not close(): an extra close() fires request_finished, which drops the
        # test's database connection on PostgreSQL.
        b"".join(response.streaming_content)
    assert response.status_code < 500, f"{what}: HTTP {response.status_code}"


GETS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "structure:home": (lambda w: reverse("structure:home"), ("datum",)),
    "structure:body": (lambda w: reverse("structure:body", args=[w.rsr.slug]), ("datum",)),
    "structure:party": (lambda w: reverse("structure:party", args=[w.party.slug]), ("datum",)),
    "meetings:body_meetings": (
        lambda w: reverse("meetings:body_meetings", args=[w.rsr.slug]),
        ("ar",),
    ),
    "meetings:extract_pdf": (lambda w: reverse("meetings:extract_pdf", args=[w.sealed.pk]), ("p",)),
    "cases:registry": (lambda w: reverse("cases:registry"), ("q", "ar")),
    "search:search": (lambda w: reverse("search:search"), ("q", "typ", "organ", "ar")),
}


@pytest.mark.parametrize("role", [ANON, SEC])
@pytest.mark.parametrize("name", sorted(GETS))
def test_random_query_parameters_give_no_server_error(client, world, name, role):
    build, keys = GETS[name]
    path = build(world)
    client_as(client, world, role)

    @FAST
    @given(data=params(*keys))
    def check(data: dict[str, Any]) -> None:
        assert_no_server_error(client.get(path, data), f"GET {path} {data!r}")

    check()


def _attendance_keys(w: World) -> tuple[str, ...]:
    return tuple(
        f"{key}_{p.pk}"
        for p in w.persons.values()
        for key in ("status", "replaces", "arrived", "left")
    )


# (URL, role, the form's field names) for every form POST.
POSTS: dict[str, tuple[Any, str, Any]] = {
    "meetings:body_meetings": (
        lambda w: reverse("meetings:body_meetings", args=[w.rsr.slug]),
        SEC,
        lambda w: ("date", "start_time", "end_time", "place"),
    ),
    "meetings:agenda": (
        lambda w: reverse("meetings:agenda", args=[w.draft.pk]),
        SEC,
        lambda w: ("title", "presenters", "planned_start", "case", "case_number", "is_public"),
    ),
    "meetings:item": (
        lambda w: reverse("meetings:item", args=[w.draft_open_item.pk]),
        SEC,
        lambda w: ("title", "planned_start", "case", "case_number", "is_public", "document"),
    ),
    "meetings:item_move": (
        lambda w: reverse("meetings:item_move", args=[w.upcoming_item.pk]),
        SEC,
        lambda w: ("riktning",),
    ),
    "meetings:attendance": (
        lambda w: reverse("meetings:attendance", args=[w.draft.pk]),
        SEC,
        _attendance_keys,
    ),
    "meetings:minutes": (
        lambda w: reverse("meetings:minutes", args=[w.draft.pk]),
        SEC,
        lambda w: ("action", "attesters", "place", "date"),
    ),
    "meetings:section": (
        lambda w: reverse("meetings:section", args=[w.draft_section.pk]),
        SEC,
        lambda w: (
            "action",
            "title",
            "decision",
            "content_sha256",
            "motion-person",
            "motion-text",
            "vote-question",
            f"vote-ballot_{w.persons['member_rsr'].pk}",
            "dissent-person",
            "statement-person",
            "statement-text",
            "conflict-person",
            "conflict-substitute",
        ),
    ),
    "meetings:attest": (
        lambda w: reverse("meetings:attest", args=[w.draft.pk]),
        CHAIR,
        lambda w: ("confirm", "content_sha256"),
    ),
    "meetings:extract_send": (
        lambda w: reverse("meetings:extract_send", args=[w.sealed.pk]),
        SEC,
        lambda w: ("p",),
    ),
    "cases:cases": (
        lambda w: reverse("cases:cases"),
        REGISTRAR,
        lambda w: ("series", "title", "existing_number", "registered_on", "description"),
    ),
    "cases:case": (
        lambda w: w.case.get_absolute_url(),
        REGISTRAR,
        lambda w: (
            "date",
            "direction",
            "counterpart",
            "description",
            "counterpart_protected",
            "description_protected",
            "document_confidential",
            "confidentiality_ground",
        ),
    ),
    "cases:recommendation": (
        lambda w: reverse("cases:recommendation", args=[w.recommendation.pk]),
        REGISTRAR,
        lambda w: (
            "response",
            *(
                f"r{r.pk}-{f}"
                for r in w.recommendation.responses.all()
                for f in ("status", "decision_reference", "decided_on", "note")
            ),
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(POSTS))
def test_random_form_values_give_no_server_error(client, world, name):
    build, role, keys = POSTS[name]
    path = build(world)
    client_as(client, world, role)
    fields = keys(world)

    @FAST
    @given(data=params(*fields))
    def check(data: dict[str, Any]) -> None:
        assert_no_server_error(client.post(path, data), f"POST {path} as {role} {data!r}")

    check()


def test_an_administrator_posting_random_attendance_gets_no_server_error(client, world):
    client_as(client, world, ADMIN)
    path = reverse("meetings:attendance", args=[world.draft.pk])

    @FAST
    @given(data=params(*_attendance_keys(world)))
    def check(data: dict[str, Any]) -> None:
        assert_no_server_error(client.post(path, data), f"POST {path} {data!r}")

    check()
