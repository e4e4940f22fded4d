"""The cost pages as a visitor and the secretariat use them: the golden allocation of
1 000 000 kr (the region 50 %, the eight municipalities by SCB's population
2024-12-31) exported to XLSX and CSV, and bad input refused on the forms."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.costs.demo import demo_costs_load
from samverkan.costs.models import Allocation, AllocationKey, CostItem, PopulationFigure
from samverkan.structure.demo import seeds_collaboration
from samverkan.structure.models import Membership, Party
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

# The golden figures (see test_allocate.py for the arithmetic): 500 000 × population /
# 132 839, floored, and the 3 kronor left to Åre, Krokom and Bräcke.
GOLDEN = {
    "Region Jämtland Härjedalen": 500_000,
    "Bergs kommun": 26_754,
    "Bräcke kommun": 22_716,
    "Härjedalens kommun": 38_298,
    "Krokoms kommun": 59_019,
    "Ragunda kommun": 19_369,
    "Strömsunds kommun": 41_490,
    "Åre kommun": 47_776,
    "Östersunds kommun": 244_578,
}
OSTERSUND = (
    "50 % av 1 000 000 kr × 64 979 / 132 839 invånare (SCB, folkmängd 2024-12-31) "
    "≈ 244 578,02 kr, avrundat nedåt till 244 578 kr"
)


@pytest.fixture
def seeds(demo):
    """The seeds' collaboration with its population figures, and its secretariat."""
    demo_costs_load()
    collaboration = seeds_collaboration()
    user = user_create(username="kansli", password="x-Lösen-123", roles=[Role.SECRETARY])
    body = collaboration.bodies.order_by("pk").first()
    f.membership(
        person=f.person(user=user),
        body=body,
        role=Membership.Role.SECRETARY,
        start=datetime.date(2020, 1, 1),
    )
    return collaboration, user


def _new_allocation(client, collaboration, user) -> Allocation:
    """As a new user would: a key (region 50 %, municipalities by population), a cost of
    1 000 000 kr with it, and the allocation saved."""
    client.force_login(user)
    region = Party.objects.get(collaboration=collaboration, kind="region")
    towns = Party.objects.filter(collaboration=collaboration, kind="municipality")
    response = client.post(
        reverse("costs:key_new"),
        {
            "name": "Min nyckel",
            "reference_date": "2024-12-31",
            "del-TOTAL_FORMS": "3",
            "del-INITIAL_FORMS": "0",
            "del-0-kind": "fixed",
            "del-0-percent": "50",
            "del-0-party": region.pk,
            "del-1-kind": "population",
            "del-1-percent": "50",
            "del-1-parties": [t.pk for t in towns],
        },
    )
    key = AllocationKey.objects.get(name="Min nyckel")
    assert response.status_code == 302 and response["Location"] == key.get_absolute_url()
    response = client.post(
        reverse("costs:cost_item_new"),
        {"year": "2027", "name": "Samverkansledare", "amount": "1000000", "key": key.pk},
    )
    item = CostItem.objects.get(year=2027)
    response = client.post(reverse("costs:cost_item", args=[item.pk]), {"reference_date": ""})
    allocation = item.allocations.get()
    assert response["Location"] == allocation.get_absolute_url()
    return allocation


def test_a_new_user_allocates_a_million_and_the_xlsx_sums_exactly(client, seeds):
    collaboration, user = seeds
    allocation = _new_allocation(client, collaboration, user)
    client.logout()  # the export is a public record
    response = client.get(reverse("costs:allocation_xlsx", args=[allocation.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    header = rows.index(("Part", "Belopp (kr)", "Exakt andel (kr)", "Förklaring"))
    lines = rows[header + 1 : -1]
    assert {r[0]: r[1] for r in lines} == GOLDEN
    assert rows[-1][0] == "Summa" and rows[-1][1] == 1_000_000
    assert sum(r[1] for r in lines) == 1_000_000
    ostersund = next(r for r in lines if r[0] == "Östersunds kommun")
    assert ostersund[2] == "244578,02"
    assert ostersund[3].startswith(OSTERSUND)


def test_the_csv_is_utf8_with_bom_semicolons_and_a_sum_row(client, seeds):
    allocation = Allocation.objects.get(collaboration=seeds[0], year=2026)
    response = client.get(reverse("costs:allocation_csv", args=[allocation.pk]))
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Part", "Belopp (kr)", "Exakt andel (kr)", "Förklaring"]
    assert {r[0]: int(r[1]) for r in rows[1:-1]} == GOLDEN
    assert rows[-1][:2] == ["Summa", "1000000"]


def test_the_demo_allocation_page_explains_every_figure_and_says_the_amount_is_invented(
    client, seeds
):
    allocation = Allocation.objects.get(collaboration=seeds[0], year=2026)
    page = client.get(allocation.get_absolute_url()).content.decode()
    assert "demodata" in page and "Beloppet är påhittat" in page
    assert OSTERSUND in page
    assert "244\u00a0578\u00a0kr" in page and "1\u00a0000\u00a0000\u00a0kr" in page
    year = client.get(reverse("costs:year", args=[2026])).content.decode()
    assert "Östersunds kommun" in year and "244\u00a0578\u00a0kr" in year
    key = client.get(allocation.cost_item.key.get_absolute_url()).content.decode()
    assert "SCB, folkmängd 2024-12-31" in key and "64\u00a0979" in key


def test_shares_above_100_percent_are_refused_on_the_form_and_nothing_saved(client, seeds):
    collaboration, user = seeds
    client.force_login(user)
    region = Party.objects.get(collaboration=collaboration, kind="region")
    towns = Party.objects.filter(collaboration=collaboration, kind="municipality")
    response = client.post(
        reverse("costs:key_new"),
        {
            "name": "Fel",
            "del-TOTAL_FORMS": "2",
            "del-INITIAL_FORMS": "0",
            "del-0-kind": "fixed",
            "del-0-percent": "60",
            "del-0-party": region.pk,
            "del-1-kind": "equal",
            "del-1-percent": "50",
            "del-1-parties": [t.pk for t in towns],
        },
    )
    assert response.status_code == 200
    assert "Andelarna är sammanlagt 110 %, över 100 %" in response.content.decode()
    assert not AllocationKey.objects.filter(name="Fel").exists()


def test_one_share_above_100_percent_is_refused_beside_its_field(client, seeds):
    collaboration, user = seeds
    client.force_login(user)
    region = Party.objects.get(collaboration=collaboration, kind="region")
    response = client.post(
        reverse("costs:key_new"),
        {
            "name": "Över",
            "del-TOTAL_FORMS": "1",
            "del-INITIAL_FORMS": "0",
            "del-0-kind": "fixed",
            "del-0-percent": "100,5",
            "del-0-party": region.pk,
        },
    )
    page = response.content.decode()
    assert "En andel kan inte vara över 100 %." in page and "Ange andelen" not in page
    assert not AllocationKey.objects.filter(name="Över").exists()


def test_a_share_is_typed_the_swedish_way(client, seeds):
    collaboration, user = seeds
    client.force_login(user)
    towns = Party.objects.filter(collaboration=collaboration, kind="municipality")
    response = client.post(
        reverse("costs:key_new"),
        {
            "name": "Tredjedelar",
            "del-TOTAL_FORMS": "3",
            "del-INITIAL_FORMS": "0",
            "del-0-kind": "equal",
            "del-0-percent": "33,33",
            "del-0-parties": [towns[0].pk],
            "del-1-kind": "equal",
            "del-1-percent": "33,33",
            "del-1-parties": [towns[1].pk],
            "del-2-kind": "equal",
            "del-2-percent": "33,34",
            "del-2-parties": [towns[2].pk],
        },
    )
    assert response.status_code == 302
    key = AllocationKey.objects.get(name="Tredjedelar")
    assert [str(c.percent) for c in key.components.all()] == ["33.33", "33.33", "33.34"]


def test_a_key_over_a_party_without_population_is_refused_on_the_form(client, seeds):
    collaboration, user = seeds
    client.force_login(user)
    association = Party.objects.get(collaboration=collaboration, kind="association")
    response = client.post(
        reverse("costs:key_new"),
        {
            "name": "Med förbundet",
            "reference_date": "2024-12-31",
            "del-TOTAL_FORMS": "1",
            "del-INITIAL_FORMS": "0",
            "del-0-kind": "population",
            "del-0-percent": "100",
            "del-0-parties": [association.pk],
        },
    )
    assert "Folkmängd den 2024-12-31 eller tidigare saknas för Kommunförbundet" in (
        response.content.decode()
    )
    assert not AllocationKey.objects.filter(name="Med förbundet").exists()


def test_a_negative_amount_and_a_fixed_share_without_party_are_refused(client, seeds):
    collaboration, user = seeds
    client.force_login(user)
    key = AllocationKey.objects.get(collaboration=collaboration)
    response = client.post(
        reverse("costs:cost_item_new"),
        {"year": "2027", "name": "Fel", "amount": "-100", "key": key.pk},
    )
    assert "Beloppet kan inte vara negativt." in response.content.decode()
    response = client.post(
        reverse("costs:key_new"),
        {
            "name": "Utan part",
            "del-TOTAL_FORMS": "1",
            "del-INITIAL_FORMS": "0",
            "del-0-kind": "fixed",
            "del-0-percent": "100",
        },
    )
    assert "En fast andel behöver en part." in response.content.decode()
    assert not CostItem.objects.filter(name="Fel").exists()
    assert not AllocationKey.objects.filter(name="Utan part").exists()


def test_the_secretariat_adds_a_population_figure(client, seeds):
    collaboration, user = seeds
    client.force_login(user)
    berg = Party.objects.get(collaboration=collaboration, slug="berg")
    response = client.post(
        reverse("costs:population"),
        {
            "party": berg.pk,
            "reference_date": "2025-12-31",
            "population": "7050",
            "source": "SCB, folkmängd 2025-12-31",
        },
    )
    assert response.status_code == 302
    assert PopulationFigure.objects.get(party=berg, reference_date="2025-12-31").population == 7050


def test_the_public_reads_but_does_not_change(client, seeds):
    item = CostItem.objects.get(collaboration=seeds[0])
    page = client.get(reverse("costs:cost_item", args=[item.pk])).content.decode()
    assert "Spara fördelningen" not in page and "Östersunds kommun" in page
    response = client.post(reverse("costs:cost_item", args=[item.pk]), {"reference_date": ""})
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert item.allocations.count() == 1
