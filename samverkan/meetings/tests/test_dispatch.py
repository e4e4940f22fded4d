"""The notice and extracts go out through a real SMTP server on loopback."""

import pytest
from django.core.exceptions import ValidationError

from samverkan.meetings import services
from samverkan.meetings.models import Dispatch, Section
from samverkan.structure.models import Party

from .conftest import login_as


def test_the_notice_reaches_everyone_called_with_pdf_and_ics(rsr_meeting, smtp):
    dispatch = services.notice_send(rsr_meeting)
    assert len(smtp.messages) == 19
    to = sorted(m["To"] for m in smtp.messages)
    assert "jonas.andersson@exempel.invalid" in to and "par.fredriksson@exempel.invalid" in to
    message = smtp.messages[0]
    assert message["Subject"] == "Kallelse: RSR 2025-05-05"
    parts = {p.get_content_type(): p for p in message.iter_attachments()}
    assert parts["application/pdf"].get_content()[:4] == b"%PDF"
    ics = parts["text/calendar"].get_content()
    assert "METHOD:REQUEST" in ics and "DTSTART;TZID=Europe/Stockholm:20250505T130000" in ics
    assert "Styrelserummet" in ics
    rsr_meeting.refresh_from_db()
    assert rsr_meeting.notice_sent_at is not None
    assert dispatch.kind == Dispatch.Kind.NOTICE and dispatch.recipients.count("\n") == 18


def test_no_notice_is_sent_when_nobody_has_an_address(rsr_meeting, smtp):
    from samverkan.structure.models import Person

    Person.objects.update(email="")
    with pytest.raises(ValidationError, match="Ingen av de kallade"):
        services.notice_send(rsr_meeting)
    assert smtp.messages == [] and not Dispatch.objects.exists()


def test_an_extract_of_an_attested_section_goes_to_its_dispatch_list(held_meeting, people, smtp):
    Party.objects.filter(short_name="Kommunförbundet").update(
        email="registrator@kf.exempel.invalid"
    )
    sections = services.sections_create_from_agenda(held_meeting)
    services.section_update(sections[4], decision="Beslut enligt förslaget.")
    services.attesters_choose(held_meeting, [people["Therese Kärngard"]])
    section = Section.objects.get(meeting=held_meeting, number=5)
    with pytest.raises(ValidationError, match="finns inte bland de justerade"):
        services.extract_send(held_meeting, [section.number])
    for name, username in (("Jonas Andersson", "jonas"), ("Therese Kärngard", "therese")):
        services.section_attest_immediately(
            section,
            login_as(people[name], username),
            content_sha256=services.section_content_sha256(section),
        )
    section.refresh_from_db()
    dispatch = services.extract_send(held_meeting, [section.number])
    assert [m["To"] for m in smtp.messages] == ["registrator@kf.exempel.invalid"]
    assert smtp.messages[0]["Subject"] == "Protokollsutdrag RSR 2025-05-05 § 5"
    assert "Hälso- och sjukvårdspolitiska avdelningen (ingen e-postadress" in dispatch.recipients
