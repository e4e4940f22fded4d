"""The issue's whole flow through the pages: a secretary prepares and runs RSR
2025-05-05, the chair and the attester attest, the minutes appear on the notice board."""

import io

from django.utils import timezone
from pypdf import PdfReader

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings.models import Attendance, Meeting, Section
from samverkan.structure.models import Membership

from .conftest import login_as


def test_public_visitors_cannot_edit_and_do_not_see_a_draft(client, rsr_meeting):
    assert client.get(f"/sammantraden/{rsr_meeting.pk}/dagordning/").status_code == 302
    assert client.post(f"/sammantraden/{rsr_meeting.pk}/skicka-kallelse/").status_code == 302
    other = user_create(username="annan", password="x-Lösen-123", roles=[Role.MEMBER])
    client.force_login(other)
    assert client.get(f"/sammantraden/{rsr_meeting.pk}/narvaro/").status_code == 403


def test_the_secretary_runs_the_meeting_to_attested_posted_minutes(
    client, rsr_meeting, people, secretary, smtp
):
    client.force_login(secretary)
    base = f"/sammantraden/{rsr_meeting.pk}"
    page = client.get(f"{base}/").content.decode()
    assert "Skicka kallelsen" in page and "Redigera dagordningen" in page
    for doc in ("kallelse.pdf", "handlingar.pdf"):
        response = client.get(f"{base}/{doc}")
        assert response.status_code == 200 and response.content[:4] == b"%PDF"
    assert client.get(f"{base}/kallelse.docx").content[:2] == b"PK"

    client.post(f"{base}/skicka-kallelse/", {"confirm": "on"})
    assert len(smtp.messages) == 19

    # Attendance: everyone but Johan Loock; Kent Karlsson serves for him.
    data = {}
    for m in Membership.objects.filter(body=rsr_meeting.body, role__in=Membership.VOTING_ROLES):
        data[f"status_{m.person.pk}"] = "absent" if m.person.name == "Johan Loock" else "present"
    data[f"status_{people['Kent Karlsson'].pk}"] = "present"
    data[f"replaces_{people['Kent Karlsson'].pk}"] = people["Johan Loock"].pk
    response = client.post(f"{base}/narvaro/", data, follow=True)
    assert "Närvaron är sparad." in response.content.decode()
    assert "Beslutfört: 11 av 11" in response.content.decode()
    assert Attendance.objects.filter(meeting=rsr_meeting, present=True).count() == 11

    client.post(f"{base}/protokoll/", {"action": "create_sections"})
    sections = list(Section.objects.filter(meeting=rsr_meeting).order_by("number"))
    assert [s.number for s in sections] == [1, 2, 3, 4, 5, 6]
    decisions = [
        "Therese Kärngard väljs att jämte ordföranden justera protokollet.",
        "Föredragningslistan fastställs.",
        "Informationen noteras.",
        "Informationen noteras.",
        "Regionens samverkansråd beslutar enligt förslaget.",
        "Inga övriga frågor.",
    ]
    for section, decision in zip(sections, decisions, strict=True):
        client.post(
            f"/paragrafer/{section.pk}/",
            {"action": "decision", "title": section.title, "decision": decision},
        )
    client.post(
        f"/paragrafer/{sections[4].pk}/",
        {
            "action": "statement",
            "statement-person": people["Bengt Bergqvist"].pk,
            "statement-text": "Kostnaderna bör redovisas i överenskommelsen.",
        },
    )
    response = client.post(
        f"{base}/protokoll/",
        {
            "action": "attesters",
            "attesters": [people["Therese Kärngard"].pk],
            "place": "Regionens hus",
            "date": "2025-05-12",
        },
        follow=True,
    )
    assert "Justerare är valda." in response.content.decode()

    # The minutes are not public before attestation.
    client.logout()
    assert (
        "Regionens samverkansråd beslutar enligt förslaget."
        not in client.get(f"{base}/").content.decode()
    )
    assert client.get(f"{base}/protokoll.pdf").status_code == 404

    for name, username in (("Jonas Andersson", "jonas"), ("Therese Kärngard", "therese")):
        client.force_login(login_as(people[name], username))
        page = client.get(f"{base}/").content.decode()
        assert "Läs och justera protokollet" in page
        # The signatory reads the draft (page and PDF) and attests exactly that text.
        reading = client.get(f"{base}/justera/")
        assert "Regionens samverkansråd beslutar enligt förslaget." in reading.content.decode()
        draft = client.get(f"{base}/protokoll.pdf")
        assert draft.status_code == 200 and draft["Content-Type"] == "application/pdf"
        checksum = reading.context["content_sha256"]
        client.post(f"{base}/justera/", {"content_sha256": checksum, "confirm": "1"})
    meeting = Meeting.objects.get(pk=rsr_meeting.pk)
    assert meeting.sealed_at is not None

    client.logout()
    board = client.get("/anslagstavla/").content.decode()
    today = timezone.localdate()
    assert "Protokoll Regionens samverkansråd 2025-05-05" in board
    assert today.isoformat() in board and meeting.appeal_last_day.isoformat() in board
    assert (
        "Protokoll Regionens samverkansråd 2025-05-05"
        in client.get("/anslagstavla/rss/").content.decode()
    )
    page = client.get(f"{base}/").content.decode()
    assert "Regionens samverkansråd beslutar enligt förslaget." in page
    pdf = client.get(f"{base}/protokoll.pdf")
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert "§ 5 Översyn av struktur" in text and "Kent Karlsson (M), ersätter Johan Loock" in text

    # Sealed: the secretary's edits are refused with a message, nothing changes.
    client.force_login(secretary)
    response = client.post(
        f"/paragrafer/{sections[4].pk}/",
        {"action": "decision", "title": "x", "decision": "Ändrat"},
        follow=True,
    )
    assert "Protokollet är justerat och kan inte ändras." in response.content.decode()
    assert Section.objects.get(pk=sections[4].pk).decision == decisions[4]


def test_the_agenda_can_be_reordered_with_htmx(client, rsr_meeting, secretary):
    client.force_login(secretary)
    item = rsr_meeting.items.get(position=4)
    response = client.post(
        f"/punkter/{item.pk}/flytta/", {"riktning": "upp"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "<table" in response.content.decode()
    item.refresh_from_db()
    assert item.position == 3


def test_an_upload_that_is_not_a_pdf_is_refused(client, rsr_meeting, secretary):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretary)
    item = rsr_meeting.items.get(position=3)
    fake = SimpleUploadedFile(
        "rapport.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    html = client.post(
        f"/punkter/{item.pk}/", {"document": "1", "title": "Rapport", "file": fake}
    ).content.decode()
    assert "Filen är inte en PDF" in html
    assert not item.documents.exists()


def test_calendar_feeds_per_body_and_person(client, rsr_meeting, calendar_reaches_demo):
    body_ics = client.get("/organ/rsr/kalender.ics").content.decode()
    assert "BEGIN:VEVENT" in body_ics and "SUMMARY:RSR: sammanträde" in body_ics
    person_ics = client.get("/personer/niklas-daoson/kalender.ics").content.decode()
    assert f"UID:meeting-{rsr_meeting.pk}@samverkan" in person_ics


def test_a_persons_calendar_holds_only_meetings_during_the_membership(
    client, rsr_meeting, calendar_reaches_demo
):
    import datetime

    from samverkan.meetings import services

    later = services.meeting_create(
        body=rsr_meeting.body, date=datetime.date(2027, 3, 1), start_time=datetime.time(13)
    )
    ics = client.get("/personer/niklas-daoson/kalender.ics").content.decode()
    assert f"UID:meeting-{rsr_meeting.pk}@samverkan" in ics
    assert f"UID:meeting-{later.pk}@samverkan" not in ics  # the term ends 2026-12-31
