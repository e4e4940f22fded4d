"""Every list page costs the same number of queries whether it lists a few rows or many:
paginated (three rows a page here) or bounded by nature (a body's year, a person's roles),
measured for the public and for a registrar before and after the data grows."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan import pagination
from samverkan.cases import services
from samverkan.cases.models import CaseSeries
from samverkan.documents.models import Document
from samverkan.documents.services import document_create, document_version_add
from samverkan.meetings.models import Meeting
from samverkan.structure import services as structure_services
from samverkan.structure.models import Body, Membership, Party, Person
from samverkan.structure.tests import factories as f

from .helpers import registrar_create


def _pages(person: Person, document: Document, body: Body) -> list[str]:
    return [
        "/arenden/",
        "/arenden/?sida=2",
        f"/arenden/?ar={timezone.localdate().year}&serie=RS",
        "/diarium/",
        "/diarium/?sida=2",
        "/diarium/?q=skrivelse",
        f"/diarium/?ar={timezone.localdate().year}",
        "/rekommendationer/",
        "/sok/?q=samverkansstruktur",
        "/sok/?q=skrivelse&sida=2",
        "/anslagstavla/",
        f"/organ/{body.slug}/sammantraden/",
        "/parter/",
        f"/personer/{person.slug}/",
        f"/dokument/{document.pk}/versioner/",
    ]


def _counts(client: Client, urls: list[str]) -> dict[str, int]:
    result = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url] = len(ctx.captured_queries)
    return result


def _grow(n: int, series: CaseSeries, body: Body, person: Person, document: Document) -> None:
    today = timezone.localdate()
    parties = list(Party.objects.all()[:3])
    for i in range(n):
        case = services.case_register(
            series=series, title=f"Samverkansstruktur {i}", registered_on=today
        )
        services.registry_entry_add(
            case, date=today, direction="received", description=f"Skrivelse {i}"
        )
        services.recommendation_issue(
            case, title=f"Rekommendation {i}", text="Gör något", parties=parties
        )
        Meeting.objects.create(
            body=body,
            date=today - datetime.timedelta(days=i + 1),
            start_time=datetime.time(9),
            posted_on=today,
            posting_ends_on=today + datetime.timedelta(days=21),
            appeal_last_day=today + datetime.timedelta(days=21),
        )
        document_version_add(document, data=f"version {i}".encode(), filename=f"v{i}.txt")
        f.party()
        structure_services.membership_save(
            Membership(
                person=person,
                body=f.body(),
                role=Membership.Role.MEMBER,
                start=datetime.date(2021, 1, 1),
            )
        )


@pytest.mark.parametrize("role", ["anonymous", "registrar"])
def test_list_pages_cost_the_same_queries_with_few_rows_and_with_many(
    demo, role, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(pagination, "PER_PAGE", 3)
    monkeypatch.setattr("samverkan.search.views.PER_PAGE", 3)
    series = CaseSeries.objects.get(code="RS")
    body = Body.objects.get(slug="rsr")
    person = f.person()
    document = document_create(title="Bilaga", data=b"version 0", filename="v0.txt")
    client = Client()
    if role == "registrar":
        client.force_login(registrar_create())
    _grow(4, series, body, person, document)  # past the first page everywhere
    urls = _pages(person, document, body)
    few = _counts(client, urls)
    _grow(8, series, body, person, document)
    many = _counts(client, urls)
    # Never more (a page without recommendations skips their prefetch: fewer is fine).
    assert {url: n for url, n in many.items() if n > few[url]} == {}


def test_my_meetings_cost_the_same_queries_with_few_meetings_and_with_many(demo):
    from samverkan.accounts.models import Role
    from samverkan.accounts.services import user_create

    body = Body.objects.get(slug="rsr")
    person = f.person()
    user = user_create(username="ledamot-x", password="x-Lösen-123", roles=[Role.MEMBER])
    person.user = user
    structure_services.person_save(person)
    structure_services.membership_save(
        Membership(
            person=person, body=body, role=Membership.Role.MEMBER, start=datetime.date(2020, 1, 1)
        )
    )
    client = Client()
    client.force_login(user)
    today = timezone.localdate()

    def meetings(n: int, start: int) -> None:
        for i in range(start, start + n):
            for sign in (1, -1):
                Meeting.objects.create(
                    body=body,
                    date=today + sign * datetime.timedelta(days=i + 1),
                    start_time=datetime.time(9),
                )

    meetings(2, 0)
    few = _counts(client, ["/mina-sammantraden/"])
    meetings(30, 2)
    many = _counts(client, ["/mina-sammantraden/"])
    assert many["/mina-sammantraden/"] <= few["/mina-sammantraden/"]
