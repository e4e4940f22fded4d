"""The fee basis (arvodesunderlag): per person and month, meetings attended, hours and
the party that pays, with the rule of each figure, as page, XLSX and CSV."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from samverkan.access.policy import audience_for
from samverkan.meetings.models import AgendaItem, Attendance
from samverkan.workload import selectors

from .helpers import YEAR, attend, meeting, seal, setting

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 12, 31)


@pytest.fixture
def s():
    s = setting()
    may = meeting(s.body, datetime.date(2025, 5, 5), items=6)
    attend(may, s.chair)
    item5 = AgendaItem.objects.get(meeting=may, position=5)
    attend(may, s.member, arrived_at_item=item5)
    attend(may, s.substitute, Attendance.Capacity.SUBSTITUTE, replaces=s.chair)
    june = meeting(s.body, datetime.date(2025, 5, 26), end=None)
    attend(june, s.member)
    attend(june, s.chair, present=False)
    # An official present is no fee; a meeting in the next year is another year's.
    official = attend(may, s.secretary_user.person, Attendance.Capacity.OTHER)
    assert official.pk
    attend(meeting(s.body, datetime.date(2026, 1, 10)), s.member)
    seal(may)  # the June meeting's minutes are not attested yet: it still counts for pay
    return s


def basis(s, **kw):
    return selectors.fee_basis(None, YEAR, audience_for(s.admin_user), today=TODAY, **kw)


def row(b, name):
    return [r for r in b.rows if r.person_name == name]


def test_whole_meeting_arrival_and_two_meetings_in_a_month(s):
    b = basis(s)
    (olga,) = row(b, "Olga Ordförande")
    assert (olga.month_key, olga.meeting_count, olga.hours, olga.party_name) == (
        "2025-05",
        1,
        3.0,
        "Regionen",
    )
    assert "Närvaro hela mötet 13.00–16.00 enligt protokollet" in olga.source
    (lars,) = row(b, "Lars Ledamot")
    # Arrived at item 5 (planned 15.00): one hour; the second meeting has no end time:
    # the body's usual length (3 h, learnt from the first) counts.
    assert lars.meeting_count == 2
    assert lars.hours == 4.0
    assert "Anlände vid punkt 5 (planerad 15.00)" in lars.source
    assert "Sluttid saknas: räknat med organets vanliga möteslängd 3 tim" in lars.source
    assert "betalas av Bergs kommun" in lars.source


def test_a_serving_substitute_is_paid_by_the_party_of_their_own_membership(s):
    (eva,) = row(basis(s), "Eva Ersättare")
    assert eva.party_name == "Regionen"
    assert "Tjänstgörande ersättare, betalas av Regionen" in eva.source


def test_absence_others_present_and_other_years_do_not_count(s):
    b = basis(s)
    assert not row(b, "Sara Sekreterare")
    assert b.meeting_count == 4  # Olga 1, Lars 2, Eva 1
    assert all(r.year == YEAR and r.month == 5 for r in b.rows)


def test_each_party_gets_its_own_basis(s):
    b = basis(s, party=s.town)
    assert {r.person_name for r in b.rows} == {"Lars Ledamot"}


def test_the_secretariat_reads_only_its_own_bodies(s):
    from samverkan.structure.tests import factories as f

    other = f.body(name="Annat organ", short_name="AO", slug="ao")
    attend(meeting(other, datetime.date(2025, 5, 6)), s.member)
    mine = selectors.fee_basis(None, YEAR, audience_for(s.secretary_user), today=TODAY)
    assert {m.body_short_name for r in mine.rows for m in r.meetings} == {"SR"}
    everything = basis(s)
    assert {m.body_short_name for r in everything.rows for m in r.meetings} == {"SR", "AO"}


def test_xlsx_has_a_header_numbers_as_numbers_and_the_rule_column(s, client):
    client.force_login(s.admin_user)
    response = client.get(reverse("workload:fee_basis_xlsx") + f"?ar={YEAR}&part=berg")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="arvodesunderlag-2025-berg.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    months = workbook["Per månad"]
    rows = list(months.values)
    assert rows[0] == (
        "Person",
        "Månad",
        "Betalande part",
        "Sammanträden",
        "Timmar",
        "Underlag och regler",
    )
    assert rows[1][:5] == ("Lars Ledamot", "2025-05", "Bergs kommun", 2, 4.0)
    assert isinstance(rows[1][3], int) and isinstance(rows[1][4], (int, float))  # numbers
    assert "Anlände vid punkt 5" in rows[1][5]
    meetings = list(workbook["Per möte"].values)
    assert meetings[0][-2:] == ("Timmar enligt", "Part enligt")
    assert len(meetings) == 3


def test_csv_for_a_partys_payroll(s, client):
    client.force_login(s.secretary_user)
    response = client.get(reverse("workload:fee_basis_csv") + f"?ar={YEAR}&part=regionen")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["Person", "Månad", "Betalande part", "Sammanträden", "Timmar"]
    names = {r[0] for r in rows[1:]}
    assert names == {"Olga Ordförande", "Eva Ersättare"}


def test_the_preview_page_shows_rows_and_rules(s, client):
    client.force_login(s.secretary_user)
    response = client.get(reverse("workload:fee_basis") + f"?ar={YEAR}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Lars Ledamot" in text and "maj 2025" in text
    assert "Närvaro hela mötet 13.00–16.00 enligt protokollet" in text
    assert "arvodesunderlag.xlsx?ar=2025" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ar=tjugo", "Ange ett år med siffror"),
        ("ar=99999", "Ange ett år mellan"),
        ("ar=2025&part=finns-inte", "Välj en av parterna i listan."),
    ],
)
def test_bad_input_gives_a_swedish_message_not_an_error(s, client, query, message):
    client.force_login(s.admin_user)
    response = client.get(reverse("workload:fee_basis") + "?" + query)
    assert response.status_code == 200
    assert message in response.content.decode()
    for name in ("workload:fee_basis_xlsx", "workload:fee_basis_csv"):
        assert client.get(reverse(name) + "?" + query).status_code == 200


def test_members_and_the_public_never_get_the_fee_basis(s, client):
    for name in ("workload:fee_basis", "workload:fee_basis_xlsx", "workload:fee_basis_csv"):
        assert client.get(reverse(name)).status_code == 302  # to the login page
    client.force_login(s.member_user)
    for name in ("workload:fee_basis", "workload:fee_basis_xlsx", "workload:fee_basis_csv"):
        assert client.get(reverse(name)).status_code == 403


def test_no_item_title_reaches_the_fee_basis(s, client):
    client.force_login(s.admin_user)
    for name in ("workload:fee_basis", "workload:fee_basis_csv"):
        body = client.get(reverse(name) + f"?ar={YEAR}").content.decode("utf-8-sig")
        assert "Hemlig punkt" not in body
