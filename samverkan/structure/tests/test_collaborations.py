"""One installation, several collaborations: a visitor sees one at a time, by path or by
host, and nothing of one collaboration is joined to another."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import get_script_prefix, reverse

from samverkan.structure import services
from samverkan.structure.models import (
    Collaboration,
    Participation,
    ReportingLine,
    collaboration_default,
    reserved_slugs,
)
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(db: None) -> tuple[Collaboration, Collaboration]:
    home = f.home_collaboration()
    other = f.collaboration(name="Exempellänet", short_name="Exempellänet", slug="exempellanet")
    f.body(name="Hemmarådet", short_name="HR", slug="radet", collaboration=home)
    f.body(name="Exempelrådet", short_name="ER", slug="radet", collaboration=other)
    f.party(name="Hemkommun", slug="kommunen", collaboration=home)
    f.party(name="Exempelkommun", slug="kommunen", collaboration=other)
    return home, other


def test_a_new_installation_has_one_collaboration_that_rows_belong_to_by_default(db):
    body = f.body()
    assert Collaboration.objects.count() == 1
    assert body.collaboration_id == collaboration_default()


def test_the_same_body_address_in_two_collaborations_shows_each_its_own(client, two):
    assert "Hemmarådet" in client.get("/organ/radet/").content.decode()
    page = client.get("/exempellanet/organ/radet/").content.decode()
    assert "Exempelrådet" in page and "Hemmarådet" not in page


def test_links_on_a_collaborations_page_stay_inside_it(client, two):
    page = client.get("/exempellanet/").content.decode()
    assert 'href="/exempellanet/organ/radet/"' in page
    assert 'href="/organ/radet/"' not in page
    # The prefix is the request's only: the next reverse outside a request has none.
    assert get_script_prefix() == "/"
    assert reverse("structure:home") == "/"


def test_the_start_page_and_the_party_list_show_only_the_collaboration_in_view(client, two):
    home = client.get("/").content.decode()
    assert "Hemmarådet" in home and "Exempelrådet" not in home
    parties = client.get("/exempellanet/parter/").content.decode()
    assert "Exempelkommun" in parties and "Hemkommun" not in parties


def test_a_collaboration_with_its_own_host_is_served_at_the_root(client, two, settings):
    settings.ALLOWED_HOSTS = ["samverkan.exempel.se", "testserver"]
    _, other = two
    other.hostname = "samverkan.exempel.se"
    services.collaboration_save(other)
    page = client.get("/organ/radet/", HTTP_HOST="samverkan.exempel.se").content.decode()
    assert "Exempelrådet" in page


def test_the_footer_offers_the_other_collaborations(client, two):
    page = client.get("/").content.decode()
    assert 'href="/exempellanet/"' in page


def test_an_unknown_first_segment_is_not_a_collaboration(client, two):
    assert client.get("/finns-inte/organ/radet/").status_code == 404


def test_a_body_never_takes_a_party_of_another_collaboration(two):
    home, other = two
    body = f.body(collaboration=home)
    foreign = f.party(collaboration=other)
    with pytest.raises(ValidationError) as error:
        services.participation_save(Participation(body=body, party=foreign, seats=1))
    assert "annan samverkan" in str(error.value)
    assert not Participation.objects.filter(body=body).exists()


def test_a_reporting_line_never_crosses_collaborations(two):
    home, other = two
    with pytest.raises(ValidationError):
        services.reporting_line_save(
            ReportingLine(
                from_body=f.body(collaboration=home),
                to_body=f.body(collaboration=other),
                subject="Rapport",
            )
        )


def test_a_collaboration_cannot_take_an_address_of_the_site(db):
    with pytest.raises(ValidationError):
        f.collaboration(slug="organ")


def test_the_sites_own_first_segments_are_reserved():
    assert {"organ", "arenden", "sammantraden", "konto", "static", "admin"} <= reserved_slugs()


def test_the_logo_is_served_sandboxed_and_only_when_there_is_one(client, two):
    _, other = two
    assert client.get("/exempellanet/logotyp").status_code == 404
    other.logo.save("logo.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    response = client.get("/exempellanet/logotyp")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "sandbox" in response["Content-Security-Policy"]
    b"".join(response.streaming_content)
    page = client.get("/exempellanet/").content.decode()
    assert 'src="/exempellanet/logotyp"' in page
