import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.cases import services
from samverkan.cases.models import CaseSeries
from samverkan.documents.services import document_create
from samverkan.structure.models import Party

PAGES = [
    "/arenden/",
    "/rekommendationer/",
    "/diarium/",
    "/sok/?q=samverkansstruktur",
    "/arenden/RS/418/2025/",
]


def counts(client):
    result = []
    for url in PAGES:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        result.append(len(ctx.captured_queries))
    return result


def test_case_pages_do_not_grow_their_queries_with_the_data(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    before = counts(client)
    series = CaseSeries.objects.get(code="RS")
    parties = list(Party.objects.all())
    for i in range(12):
        case = services.case_register(
            series=series, title=f"Samverkansstruktur {i}", registered_on=datetime.date(2026, 1, 2)
        )
        document = document_create(
            title=f"Bilaga {i} om samverkansstruktur", data=b"samverkansstruktur", filename="b.txt"
        )
        services.registry_entry_add(
            case,
            date=datetime.date(2026, 1, 3),
            direction="received",
            description=f"Skrivelse {i}",
            document=document,
        )
        services.recommendation_issue(
            case, title=f"Rekommendation {i}", text="Gör något", parties=parties
        )
    assert counts(client) == before
