import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.structure.models import Body, Membership

from . import factories as f

D = datetime.date


def test_start_page_shows_the_structure_as_a_diagram_with_a_text_alternative(client, demo):
    html = client.get("/?datum=2015-06-01").content.decode()
    assert "<svg" in html and 'aria-labelledby="diagram-title diagram-desc"' in html
    assert "Samverkansstrukturen per 2015-06-01" in html
    assert "Rapporteringsvägar: textalternativ till diagrammet" in html
    assert "Sociala vård- och omsorgsgruppen" in html
    assert "PaHSU" not in html


def test_a_bad_date_gets_a_swedish_message_and_todays_structure(client, demo):
    html = client.get("/?datum=igår").content.decode()
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in html
    assert "Så ser strukturen ut i dag" in html


def test_body_page_shows_rsr_members_by_party_with_roles(client, demo):
    html = client.get("/organ/rsr/?datum=2025-05-05").content.decode()
    assert "11 ledamöter, 8 ersättare" in html
    assert "Företrädd part ej angiven i källan" in html
    assert "Jonas Andersson" in html and "Ordförande" in html
    assert "Vice ordförande" in html
    assert "<strong>S</strong> 10 ledamöter" in html
    assert (
        "Rapporterar till" in html
        and "Regionstyrelsen" not in html.split("Rapporterar till")[0][-50:]
    )


def test_body_page_before_the_body_existed_says_so(client, demo):
    html = client.get("/organ/pahsu/?datum=2015-01-01").content.decode()
    assert "Organet fanns inte den 2015-01-01." in html


def test_person_page_lists_every_role(client, demo):
    html = client.get("/personer/niklas-daoson/").content.decode()
    assert "Regionens samverkansråd" in html and "Vice ordförande" in html


def test_party_page_lists_its_seats_across_bodies(client, demo):
    html = client.get("/parter/region-jamtland-harjedalen/?datum=2015-06-01").content.decode()
    assert "Regionens samverkansråd" in html
    assert "Sociala vård- och omsorgsgruppen" in html
    assert "Regionstyrelsen" in html  # its own body


def test_unknown_pages_are_404(client, db):
    assert client.get("/organ/finns-inte/").status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_the_data(client):
    body = f.body(slug="stor", founded_on=D(2020, 1, 1))
    other = f.body(founded_on=D(2020, 1, 1))
    f.membership(body=body, start=D(2021, 1, 1))
    f.line(from_body=body, to_body=other)
    urls = ["/?datum=2024-01-01", "/organ/stor/?datum=2024-01-01", "/parter/"]
    before = [_queries(client, u) for u in urls]
    for _ in range(15):
        p = f.party()
        b = f.body(founded_on=D(2020, 1, 1))
        f.line(from_body=b, to_body=body)
        f.membership(body=body, party=None, start=D(2021, 1, 1), role=Membership.Role.MEMBER)
        f.membership(body=b, party=p, start=D(2021, 1, 1))
    assert Body.objects.count() == 17
    after = [_queries(client, u) for u in urls]
    assert after == before
