import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from samverkan.meetings import services
from samverkan.meetings.models import AgendaItem, Meeting, Section
from samverkan.meetings.selectors import notice_board

from .conftest import attest_all, login_as


@pytest.fixture
def ready(held_meeting, people):
    sections = services.sections_create_from_agenda(held_meeting)
    services.section_update(
        sections[4], decision="Regionens samverkansråd beslutar enligt förslaget."
    )
    services.attesters_choose(held_meeting, [people["Therese Kärngard"]], place="Regionens hus")
    return held_meeting


def test_an_attester_who_was_not_present_is_refused(held_meeting, people):
    with pytest.raises(ValidationError, match="Johan Loock var inte närvarande"):
        services.attesters_choose(held_meeting, [people["Johan Loock"]])
    assert not held_meeting.attesters.exists()


def test_chair_and_attester_attest_and_the_minutes_are_sealed_and_posted(ready, people):
    chair = login_as(people["Jonas Andersson"], "jonas")
    attester = login_as(people["Therese Kärngard"], "therese")
    services.minutes_attest(ready, chair, content_sha256=services.minutes_content_sha256(ready))
    ready.refresh_from_db()
    assert ready.sealed_at is None
    services.minutes_attest(ready, attester, content_sha256=services.minutes_content_sha256(ready))
    ready.refresh_from_db()
    assert ready.sealed_at is not None
    assert len(ready.minutes_sha256) == 64
    import hashlib

    with ready.minutes_pdf.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == ready.minutes_sha256
    today = timezone.localdate()
    assert ready.posted_on == today
    assert ready.appeal_last_day >= today + datetime.timedelta(days=21)
    assert ready in notice_board(today)


def test_a_second_attestation_by_the_same_person_is_refused(ready, people):
    chair = login_as(people["Jonas Andersson"], "jonas")
    services.minutes_attest(ready, chair, content_sha256=services.minutes_content_sha256(ready))
    with pytest.raises(ValidationError, match="har redan justerat"):
        services.minutes_attest(ready, chair, content_sha256=services.minutes_content_sha256(ready))


def test_only_the_chair_and_the_attesters_may_attest(ready, people):
    other = login_as(people["Richard Nilsson"], "richard")
    with pytest.raises(ValidationError, match="varken ordförande eller justerare"):
        services.minutes_attest(ready, other, content_sha256=services.minutes_content_sha256(ready))


def test_sealed_minutes_cannot_change_by_any_path(ready, people):
    attest_all(ready, people)
    section = Section.objects.get(meeting=ready, number=5)
    with pytest.raises(ValidationError, match="justerat och kan inte ändras"):
        services.section_update(section, decision="Ändrat i efterhand")
    section.decision = "Ändrat direkt i databasen via ORM"
    with pytest.raises(ValidationError, match="justerat och kan inte ändras"):
        section.save()
    # Refused by the seal guard, or earlier by the case decision that now cites the §.
    with pytest.raises((ValidationError, ProtectedError)), transaction.atomic():
        section.delete()
    with pytest.raises(ValidationError):
        services.agenda_item_add(ready, title="Ny punkt")
    meeting = Meeting.objects.get(pk=ready.pk)
    meeting.place = "Annan plats"
    with pytest.raises(ValidationError):
        meeting.save()
    item = AgendaItem.objects.filter(meeting=ready).first()
    item.title = "Ny rubrik"
    with pytest.raises(ValidationError):
        item.save()
    assert (
        Section.objects.get(pk=section.pk).decision
        == "Regionens samverkansråd beslutar enligt förslaget."
    )


def test_a_single_section_can_be_attested_immediately(ready, people):
    section = Section.objects.get(meeting=ready, number=5)
    services.section_attest_immediately(
        section,
        login_as(people["Jonas Andersson"], "jonas"),
        content_sha256=services.section_content_sha256(section),
    )
    services.section_attest_immediately(
        section,
        login_as(people["Therese Kärngard"], "therese"),
        content_sha256=services.section_content_sha256(section),
    )
    section.refresh_from_db()
    assert section.attested_at is not None
    with pytest.raises(ValidationError, match="omedelbart justerad"):
        services.section_update(section, decision="Nytt")
    other = Section.objects.get(meeting=ready, number=4)
    services.section_update(other, decision="Informationen noteras.")  # the rest stays open


def test_the_draft_minutes_are_read_after_a_section_was_attested_immediately(ready, people):
    """Found by the property-based canary test: the draft minutes PDF was cut from the
    stored content, which before sealing holds only the §§ attested at once (a 500)."""
    import io

    from pypdf import PdfReader

    from samverkan.meetings.render import minutes_pdf

    section = Section.objects.get(meeting=ready, number=5)
    for person, username in (
        (people["Jonas Andersson"], "jonas"),
        (people["Therese Kärngard"], "therese"),
    ):
        services.section_attest_immediately(
            section,
            login_as(person, username),
            content_sha256=services.section_content_sha256(section),
        )
    services.section_update(
        Section.objects.get(meeting=ready, number=4), decision="Informationen noteras."
    )
    pdf = PdfReader(io.BytesIO(minutes_pdf(Meeting.objects.get(pk=ready.pk), draft=True)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Informationen noteras." in text
    assert "beslutar enligt förslaget" in text


def test_late_attestation_gives_a_warning(ready):
    warning = services.attestation_warning(ready, today=datetime.date(2025, 6, 1))
    assert warning == "Protokollet skulle ha justerats senast 2025-05-19."
    assert services.attestation_warning(ready, today=datetime.date(2025, 5, 10)) == ""


def test_the_admin_cannot_change_sealed_minutes(client, ready, people):
    from samverkan.accounts.models import Role
    from samverkan.accounts.services import user_create

    attest_all(ready, people)
    client.force_login(
        user_create(username="admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    )
    page = client.get(f"/admin/meetings/meeting/{ready.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    response = client.post(f"/admin/meetings/meeting/{ready.pk}/change/", {"place": "Annan plats"})
    assert response.status_code == 403
    assert Meeting.objects.get(pk=ready.pk).place == "Styrelserummet, Regionens hus"


def test_rows_cannot_be_moved_out_of_sealed_minutes(ready, people):
    import datetime

    attest_all(ready, people)
    other = services.meeting_create(
        body=ready.body, date=datetime.date(2025, 6, 10), start_time=datetime.time(13)
    )
    section = Section.objects.get(meeting=ready, number=5)
    section.meeting_id = other.pk
    with pytest.raises(ValidationError, match="justerat"):
        section.save()
    item = AgendaItem.objects.get(meeting=ready, position=3)
    item.meeting_id = other.pk
    item.position = 99
    with pytest.raises(ValidationError, match="justerat"):
        item.save()
    assert Section.objects.get(pk=section.pk).meeting_id == ready.pk


def test_loaddata_cannot_rewrite_sealed_minutes(ready, people, tmp_path):
    import json

    from django.core.management import call_command

    attest_all(ready, people)
    section = Section.objects.get(meeting=ready, number=5)
    fixture = tmp_path / "section.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "meetings.section",
                    "pk": section.pk,
                    "fields": {
                        "meeting": ready.pk,
                        "body": section.body_id,
                        "year": section.year,
                        "number": 5,
                        "title": "Ändrad via loaddata",
                        "decision": "Ändrat",
                    },
                }
            ]
        )
    )
    with pytest.raises(ValidationError), transaction.atomic():
        call_command("loaddata", str(fixture), verbosity=0)
    assert (
        Section.objects.get(pk=section.pk).decision
        == "Regionens samverkansråd beslutar enligt förslaget."
    )
