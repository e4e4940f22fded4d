"""Every list shows the collaboration in view only: cases, the registry, the
recommendations, the notice board and its feeds, and search."""

import datetime

import pytest

from samverkan.cases import services as cases
from samverkan.cases.models import Case, CaseSeries
from samverkan.meetings.models import Meeting
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(db: None) -> dict[str, Case]:
    home = f.home_collaboration()
    other = f.collaboration(name="Exempellänet", short_name="Exempellänet", slug="exempellanet")
    made: dict[str, Case] = {}
    for label, collaboration in (("hem", home), ("exempel", other)):
        party = f.party(collaboration=collaboration, name=f"Region {label}")
        # The same series code in both: codes are unique within a collaboration only.
        series = CaseSeries.objects.create(
            collaboration=collaboration, code="RS", name="Regionstyrelsen", organisation=party
        )
        case = cases.case_register(
            series=series,
            title=f"Ärende om skolan i {label}",
            registered_on=datetime.date(2026, 3, 1),
        )
        cases.registry_entry_add(
            case,
            date=datetime.date(2026, 3, 2),
            direction="received",
            description=f"Skrivelse från {label}",
        )
        body = f.body(collaboration=collaboration, slug="radet", name=f"Rådet {label}")
        Meeting.objects.create(
            body=body,
            date=datetime.date(2026, 3, 10),
            start_time=datetime.time(13),
            posted_on=datetime.date(2026, 3, 12),
            posting_ends_on=datetime.date(2099, 1, 1),
            appeal_last_day=datetime.date(2099, 1, 1),
        )
        made[label] = case
    return made


@pytest.mark.parametrize(
    "path",
    ["arenden/", "diarium/", "anslagstavla/", "anslagstavla/rss/", "anslagstavla/atom/"],
)
def test_a_list_shows_only_the_collaboration_in_view(client, two, path):
    home = client.get(f"/{path}").content.decode()
    other = client.get(f"/exempellanet/{path}").content.decode()
    assert "hem" in home and "exempel" not in home.replace("exempellanet", "")
    assert "exempel" in other.replace("exempellanet", "") and " hem" not in other


def test_the_same_case_number_in_two_collaborations_opens_each_its_own(client, two):
    number = two["hem"].case_number
    assert number == two["exempel"].case_number
    home = client.get(two["hem"].get_absolute_url()).content.decode()
    assert "skolan i hem" in home
    path = two["exempel"].get_absolute_url()
    other = client.get(f"/exempellanet{path}").content.decode()
    assert "skolan i exempel" in other


def test_search_finds_in_the_collaboration_in_view_only(client, two):
    home = client.get("/sok/", {"q": "skolan"}).content.decode()
    other = client.get("/exempellanet/sok/", {"q": "skolan"}).content.decode()
    assert "skolan i hem" in home and "skolan i exempel" not in home
    assert "skolan i exempel" in other and "skolan i hem" not in other
