"""Saving a parsed notice or minutes: through the owning apps' services, once, by those
who keep the body; the seed notice into an empty database gives the demo's meeting."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from samverkan.access.policy import Audience
from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.models import AuditEntry
from samverkan.importer import services
from samverkan.importer.parse import parse_bytes, parse_text
from samverkan.meetings.models import Meeting, Section
from samverkan.structure.models import Body, Collaboration, Membership
from samverkan.structure.selectors import memberships_in_force
from samverkan.structure.tests import factories as f

DATA = Path(__file__).parent / "data"
SEED = Path(settings.BASE_DIR) / "samverkan" / "testdata" / "seeds" / "kallelse-rsr-2025-05-05.txt"
ADMIN = Audience(is_admin=True)


def signature(meeting: Meeting) -> dict:
    """What a reader of the meeting sees: body, time, place, the seats on the day, and
    every item with its presenters, time, case number and texts."""
    seats = {
        (m.person.name, m.role, m.party_letters)
        for m in memberships_in_force(meeting.date).filter(
            body=meeting.body, role__in=Membership.SEAT_ROLES
        )
    }
    items = [
        (
            i.position,
            i.kind,
            i.title,
            i.presenters,
            i.planned_start,
            i.case_number,
            i.description,
            i.proposer,
            i.proposed_decision,
            i.dispatch_to,
            [d.title for d in i.documents.all()],
        )
        for i in meeting.items.order_by("position")
    ]
    return {
        "body": meeting.body.name,
        "when": (meeting.date, meeting.start_time, meeting.end_time),
        "place": meeting.place,
        "chair": meeting.chair.name if meeting.chair else None,
        "seats": seats,
        "items": items,
    }


def _import(path: Path, **kw: object) -> services.ImportResult:
    return services.notice_import(
        parse_bytes(path.read_bytes()),
        collaboration=kw.pop("collaboration", None) or services.import_collaboration(),  # type: ignore[arg-type]
        user=kw.pop("user", None),
        audience=kw.pop("audience", ADMIN),  # type: ignore[arg-type]
    )


class _Undo(Exception):
    pass


@pytest.mark.django_db
def test_seed_into_an_empty_database_gives_the_demos_meeting() -> None:
    assert not Body.objects.exists()
    imported: dict = {}
    try:
        with transaction.atomic():
            call_command("import_notice", str(SEED), "--save", stdout=io.StringIO())
            meeting = Meeting.objects.get(date=datetime.date(2025, 5, 5))
            imported = signature(meeting)
            raise _Undo
    except _Undo:
        pass
    from samverkan.cases.demo import demo_cases_load
    from samverkan.meetings.demo import demo_meetings_load
    from samverkan.structure.demo import demo_structure_load

    demo_structure_load(settings.SAMVERKAN_DEMO_DATA)
    demo_meetings_load(settings.SAMVERKAN_DEMO_MEETINGS)
    demo_cases_load(settings.SAMVERKAN_DEMO_CASES)
    demo = signature(Meeting.objects.get(body__slug="rsr", date=datetime.date(2025, 5, 5)))
    assert len(imported["seats"]) == 19
    assert imported == demo


@pytest.mark.django_db
def test_rerunning_the_import_refuses_and_duplicates_nothing() -> None:
    _import(SEED)
    counts = (Meeting.objects.count(), Membership.objects.count(), Body.objects.count())
    with pytest.raises(ValidationError, match="finns redan ett sammanträde"):
        _import(SEED)
    assert (Meeting.objects.count(), Membership.objects.count(), Body.objects.count()) == counts
    with pytest.raises(CommandError, match="kunde inte sparas"):
        call_command("import_notice", str(SEED), "--save", stdout=io.StringIO())


@pytest.mark.django_db
def test_an_existing_body_and_its_people_are_found_not_made_again(demo: None) -> None:
    """Into the demo: RSR and its members exist; another meeting of RSR reuses them and
    stretches nothing that already covers the day."""
    text = SEED.read_text(encoding="utf-8").replace("2025-05-05", "2025-06-09")
    persons_before = Membership.objects.filter(body__slug="rsr").count()
    result = services.notice_import(
        parse_text(text),
        collaboration=Collaboration.objects.get(slug="jamtland-harjedalen"),
        user=None,
        audience=ADMIN,
    )
    assert not result.body_created
    assert result.meeting.body.slug == "rsr"
    assert Membership.objects.filter(body__slug="rsr").count() == persons_before
    assert result.counts["uppdrag (fanns redan)"] == 19
    item = result.meeting.items.get(position=5)
    assert item.case_number == "RS/418/2025"  # the demo's case, found by its number


@pytest.mark.django_db
def test_everything_imported_is_audited() -> None:
    before = AuditEntry.objects.count()
    _import(DATA / "kallelse-tabell.txt")
    assert AuditEntry.objects.count() > before + 7 + 7 + 6  # persons, seats, items …


@pytest.mark.django_db
def test_a_secretary_imports_into_their_body_but_creates_no_body() -> None:
    body = f.body(name="Tekniska nämnden", short_name="TN", slug="tn")
    user = user_create(username="sek", password="x-Lösen-123456", roles=[Role.SECRETARY])
    secretary = f.person(name="Sekreteraren", user=user)
    f.membership(
        person=secretary, body=body, role=Membership.Role.SECRETARY, start=datetime.date(2024, 1, 1)
    )
    parsed = parse_bytes((DATA / "kallelse-tabell.txt").read_bytes())
    result = services.notice_import(parsed, collaboration=body.collaboration, user=user)
    assert result.meeting.body == body
    assert result.meeting.items.count() == 6
    # The case numbers are not linked: a secretary neither makes series nor registers.
    assert any("TN/31/2025" in note for note in result.notes)
    other = parse_bytes((DATA / "dagordning-socialnamnden.txt").read_bytes())
    with pytest.raises(ValidationError, match="bara en administratör"):
        services.notice_import(other, collaboration=body.collaboration, user=user)
    assert not Body.objects.filter(short_name="SN").exists()


@pytest.mark.django_db
def test_minutes_save_attendance_sections_decisions_and_dissents() -> None:
    """Minutes whose §§ are the body's next numbers keep them, with decisions, motions
    and the reservation; the attesters are chosen among those present."""
    text = (DATA / "protokoll-barnarenan.txt").read_text(encoding="utf-8")
    for old, new in (("§ 12", "§ 1"), ("§ 13", "§ 2"), ("§ 14", "§ 3"), ("§ 15", "§ 4")):
        text = text.replace(old, new)
    result = services.notice_import(
        parse_text(text), collaboration=services.import_collaboration(), user=None, audience=ADMIN
    )
    meeting = result.meeting
    assert [s.number for s in meeting.sections.order_by("number")] == [1, 2, 3, 4]
    plan = Section.objects.get(meeting=meeting, number=3)
    assert plan.decision.startswith("Barnarenan beslutar")
    assert [d.person.name for d in plan.dissents.all()] == ["Tomas Lund"]
    assert plan.motions.count() == 2
    assert {a.person.name for a in meeting.attendance.filter(present=True)} >= {
        "Maria Åkesson",
        "Rolf Nyman",
    }
    serving = meeting.attendance.get(person__name="Rolf Nyman")
    assert serving.replaces and serving.replaces.name == "Ulla Kvist"
    assert [g.name for g in meeting.guests.all()] == ["Johan Mark", "Kerstin Dahl"]
    assert [a.person.name for a in meeting.attesters.all()] == ["Helena Pers"]
    assert meeting.sealed_at is None  # an unattested draft until signed here


@pytest.mark.django_db
def test_minutes_whose_paragraph_numbers_do_not_follow_keep_no_sections() -> None:
    result = _import(DATA / "protokoll-barnarenan.txt")
    assert not result.meeting.sections.exists()
    assert any("§ 12–15" in note for note in result.notes)
    assert result.meeting.attendance.count() == 7


def test_several_collaborations_need_one_named(db: None) -> None:
    f.home_collaboration()  # first: after a flush the first one made is "home"
    f.collaboration()
    with pytest.raises(ValidationError, match="--collaboration"):
        services.import_collaboration()
    assert services.import_collaboration(Collaboration.objects.first().slug)  # type: ignore[union-attr]
