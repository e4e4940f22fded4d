"""The accessibility statement follows DIGG's model: who runs the site, compliance, the
known deviations, how to report, enforcement (Digg), how it was tested and the dates."""

import pytest
from django.urls import reverse

from samverkan.publishing import statement
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_statement_names_the_collaboration_and_how_to_report(client):
    collaboration = f.home_collaboration()
    collaboration.contact_email = "kansli@exempel.invalid"
    collaboration.save()
    page = client.get(reverse("publishing:accessibility")).content.decode()
    assert collaboration.name in page
    assert "mailto:kansli@exempel.invalid" in page
    assert "delvis förenlig" in page
    assert statement.DIGG_REPORT_URL in page
    for heading in (
        "Hur tillgänglig är webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Teknisk information om webbplatsens tillgänglighet",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ):
        assert heading in page, heading
    for deviation in statement.DEVIATIONS:
        assert deviation.what.split(" ")[0] in page
    assert statement.REVIEWED_ON.isoformat() in page


def test_every_page_links_the_statement_from_its_footer(client):
    f.home_collaboration()
    page = client.get(reverse("structure:home")).content.decode()
    assert reverse("publishing:accessibility") in page
