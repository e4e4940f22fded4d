"""A name is matched to an existing person only within the collaboration imported into
(or by exact e-mail): a namesake with an account in another collaboration must not get a
seat, and with it the right to read the body's closed items."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.access.policy import Audience
from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.importer import services
from samverkan.importer.parse import parse_bytes
from samverkan.structure.models import Membership, Person
from samverkan.structure.tests import factories as f

from .helpers import confirm
from .matrix_data import SEED

ADMIN = Audience(is_admin=True)


def _namesake_elsewhere(name: str) -> Person:
    other = f.collaboration()
    body = f.body(collaboration=other)
    user = user_create(username="namne", password="x-Lösen-123456", roles=[Role.MEMBER])
    person = f.person(name=name, slug="namne-annorstans", user=user)
    f.membership(person=person, body=body, start=datetime.date(2020, 1, 1))
    return person


@pytest.mark.django_db
def test_a_namesake_in_another_collaboration_gets_no_seat() -> None:
    parsed = parse_bytes(SEED.read_bytes())
    name = parsed.members[0].name
    home = f.home_collaboration()  # first: after a flush the first one made is "home"
    namesake = _namesake_elsewhere(name)
    result = services.notice_import(parsed, collaboration=home, user=None, audience=ADMIN)
    assert not Membership.objects.filter(person=namesake, body=result.meeting.body).exists()
    seated = Membership.objects.get(body=result.meeting.body, person__name=name)
    assert seated.person != namesake


@pytest.mark.django_db
def test_a_person_of_the_collaboration_is_found_in_another_body() -> None:
    parsed = parse_bytes(SEED.read_bytes())
    name = parsed.members[0].name
    home = f.home_collaboration()
    known = f.person(name=name, slug="kand")
    f.membership(person=known, body=f.body(collaboration=home), start=datetime.date(2020, 1, 1))
    result = services.notice_import(parsed, collaboration=home, user=None, audience=ADMIN)
    assert Membership.objects.filter(person=known, body=result.meeting.body).exists()
    assert Person.objects.filter(name=name).count() == 1


def test_the_preview_tells_found_from_created(client, db) -> None:
    parsed = parse_bytes(SEED.read_bytes())
    first, second = parsed.members[0].name, parsed.members[1].name
    home = f.home_collaboration()
    known = f.person(name=first, slug="kand")
    f.membership(person=known, body=f.body(collaboration=home), start=datetime.date(2020, 1, 1))
    _namesake_elsewhere(second)
    admin = user_create(username="adm", password="x-Lösen-123456", roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    client.post(
        reverse("importer:upload"),
        {"file": SimpleUploadedFile(SEED.name, SEED.read_bytes(), content_type="text/plain")},
    )
    page = client.get(reverse("importer:preview")).content.decode()
    assert f"<td>{first}</td><td>finns redan: {first} (kand)</td>" in page
    assert f"<td>{second}</td><td>skapas som ny person</td>" in page
    assert "namne-annorstans" not in page


def test_a_csv_row_without_e_mail_does_not_take_a_namesake(client, db) -> None:
    home = f.home_collaboration()
    body = f.body(collaboration=home, short_name="RSR", slug="rsr")
    namesake = _namesake_elsewhere("Anna Berg")
    admin = user_create(username="adm", password="x-Lösen-123456", roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    text = "namn,organ,roll,från\nAnna Berg,RSR,ledamot,2025-01-01\n"
    page = client.post(
        reverse("importer:persons"),
        {"file": SimpleUploadedFile("p.csv", text.encode(), content_type="text/csv")},
    ).content.decode()
    assert "skapas som ny person" in page
    confirm(client, "importer:persons")
    seat = Membership.objects.get(body=body, person__name="Anna Berg")
    assert seat.person != namesake


@pytest.mark.django_db
def test_an_old_notice_does_not_move_an_existing_seat() -> None:
    """The membership from 2024 stays as it is; the 2025-05-05 notice gets a seat for
    its day only."""
    parsed = parse_bytes(SEED.read_bytes())
    p = parsed.members[0]
    home = f.home_collaboration()
    body = f.body(
        collaboration=home, name=parsed.body_name, short_name=parsed.body_short_name or "RSR"
    )
    person = f.person(name=p.name, slug="kand")
    later = f.membership(
        person=person, body=body, role=Membership.Role.MEMBER, start=datetime.date(2025, 9, 1)
    )
    services.notice_import(parsed, collaboration=home, user=None, audience=ADMIN)
    later.refresh_from_db()
    assert (later.start, later.end) == (datetime.date(2025, 9, 1), None)
    day = Membership.objects.get(person=person, body=body, start=datetime.date(2025, 5, 5))
    assert day.end == datetime.date(2025, 5, 5)
