"""`generate --scale`: the national load, one region of it at a tenth of the volume. The
rows it writes straight into the tables must be rows the product serves: its pages
answer, search finds its texts, its closed items stay closed to the public."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client

from samverkan.cases.models import Case
from samverkan.documents.models import Document, DocumentVersion
from samverkan.generator.national import expected_counts, national_load
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.search.models import SearchEntry
from samverkan.structure.models import Collaboration, Party
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 6, 1)


def test_one_region_holds_what_the_scale_promises_and_the_product_serves_it(capsys):
    f.home_collaboration()
    call_command(
        "generate", "--scale", "tiondel", "--seed", "3", "--as-of", "2026-06-01", "--regions", "1"
    )
    out = capsys.readouterr().out
    assert "4800" in out and "Klart" in out
    expected = expected_counts("tiondel", regions=1)
    assert Collaboration.objects.filter(slug="skala-01").count() == 1
    assert Party.objects.filter(collaboration__slug="skala-01").count() == expected["parties"] == 27
    assert Meeting.objects.filter(body__collaboration__slug="skala-01").count() == 1200
    assert AgendaItem.objects.count() == Case.objects.filter(series__code="S01").count() == 4800
    assert Document.objects.count() == expected["documents"] == 9600
    texts = DocumentVersion.objects.exclude(text="").count()
    assert 0.07 * 9600 < texts < 0.13 * 9600  # about one in ten carries text
    assert SearchEntry.objects.count() == 4800 + texts
    assert not Collaboration.objects.filter(slug="skala-01", is_demo=False).exists()

    # A second run writes nothing.
    before = Case.objects.count()
    again = national_load("tiondel", seed=3, as_of=AS_OF, regions=1)
    assert again.existing and Case.objects.count() == before

    # The product serves the rows and keeps closed items closed.
    client = Client()
    closed = AgendaItem.objects.filter(is_public=False).select_related("meeting").first()
    assert closed is not None
    meeting = closed.meeting
    page = client.get(f"/skala-01/sammantraden/{meeting.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    opened = AgendaItem.objects.filter(meeting=meeting, is_public=True).first()
    assert opened is not None and opened.title in html
    # The closed item's own description is never shown to the public (its title may
    # repeat an open one's words, so the test looks for the longer text).
    assert closed.description not in html
    case = Case.objects.filter(series__code="S01").order_by("pk").first()
    assert case is not None
    assert client.get(f"/skala-01{case.get_absolute_url()}").status_code == 200
    version = (
        DocumentVersion.objects.exclude(text="").filter(document__confidentiality_ground="").first()
    )
    assert version is not None
    word = next(w for w in version.text.split() if len(w) > 8)
    # Case entries link to cases; only a document's text links to its meeting's item.
    found = client.get("/skala-01/sok/", {"q": word, "typ": "document"})
    assert found.status_code == 200
    assert re.search(r'href="[^"]*/sammantraden/\d+/#punkt-\d+"', found.content.decode())
