"""The secretary's meeting work without the admin: a series from a rule, moving and
cancelling, the plan by year and as PDF, the notice after a preview and a confirmation,
others present, party letters, the proposal as the decision's draft, § navigation, the
minutes in Word and a correction of an obvious error after attestation.

A small body built with the factories (not the whole demo): chair Olle (S), members
Maria (M) and Cecilia (C), substitute Sven (S), secretary Sara and an official Tove."""

import datetime
import hashlib
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from docx import Document
from pypdf import PdfReader

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.models import AuditEntry
from samverkan.meetings import rules, selectors, services
from samverkan.meetings.models import (
    Attendance,
    Meeting,
    MinutesCorrection,
    Section,
)
from samverkan.structure.models import Body, Membership, Person
from samverkan.structure.tests import factories as f

D, T = datetime.date, datetime.time
START = D(2024, 1, 1)
MARCH = D(2026, 3, 9)


@dataclass
class Small:
    body: Body
    chair: Person
    maria: Person
    cecilia: Person
    sven: Person
    official: Person
    secretary: Any  # the secretary's user
    chair_user: Any
    maria_user: Any


def _user(name: str, roles: list[Role]) -> Any:
    return user_create(username=name, password="x-Lösen-123", roles=roles)


@pytest.fixture
def small(db: None) -> Small:
    body = f.body(name="Samverkansrådet", short_name="SR", slug="sr")

    def seat(name: str, role: str, letters: str, user: Any = None) -> Person:
        slug = name.lower()
        person = f.person(name=name, slug=slug, email=f"{slug}@exempel.invalid", user=user)
        f.membership(person=person, body=body, role=role, party_letters=letters, start=START)
        return person

    chair_user, maria_user = _user("olle", [Role.MEMBER]), _user("maria", [Role.MEMBER])
    secretary = _user("sara", [Role.SECRETARY])
    small = Small(
        body=body,
        chair=seat("Olle", Membership.Role.CHAIR, "S", chair_user),
        maria=seat("Maria", Membership.Role.MEMBER, "M", maria_user),
        cecilia=seat("Cecilia", Membership.Role.MEMBER, "C"),
        sven=seat("Sven", Membership.Role.SUBSTITUTE, "S"),
        official=seat("Tove", Membership.Role.ADJUNCT_OFFICIAL, ""),
        secretary=secretary,
        chair_user=chair_user,
        maria_user=maria_user,
    )
    seat("Sara", Membership.Role.SECRETARY, "", secretary)
    return small


def _meeting(s: Small, day: datetime.date = MARCH) -> Meeting:
    meeting = services.meeting_create(body=s.body, date=day, start_time=T(13), place="Rådhuset")
    services.agenda_item_add(
        meeting,
        title="Samverkan om äldre",
        proposed_decision="Rådet ställer sig bakom förslaget.",
    )
    services.agenda_item_add(
        meeting,
        title="Enskilt ärende hemligt",
        is_public=False,
        confidentiality_ground="OSL 26 kap. 1 §",
        proposed_decision="Ärendet avgörs hemligt.",
    )
    return meeting


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _attend(s: Small, meeting: Meeting) -> None:
    for p in (s.chair, s.maria):
        services.attendance_record(meeting, p, capacity=Attendance.Capacity.MEMBER)
    services.attendance_record(
        meeting, s.cecilia, capacity=Attendance.Capacity.MEMBER, present=False
    )
    services.attendance_record(
        meeting, s.sven, capacity=Attendance.Capacity.SUBSTITUTE, replaces=s.cecilia
    )


def _held(s: Small, meeting: Meeting) -> list[Section]:
    _attend(s, meeting)
    sections = services.sections_create_from_agenda(meeting)
    for section in sections:
        services.section_update(section, decision=selectors.decision_draft(section) or "Noteras.")
    return sections


def _sealed(s: Small) -> Meeting:
    meeting = _meeting(s, D(2026, 3, 9))
    _held(s, meeting)
    services.attesters_choose(meeting, [s.maria], place="Rådhuset")
    for user in (s.chair_user, s.maria_user):
        services.minutes_attest(
            meeting, user, content_sha256=services.minutes_content_sha256(meeting)
        )
    meeting.refresh_from_db()
    assert meeting.sealed_at
    return meeting


# --- 1. A series from a rule -------------------------------------------------------------


def test_second_monday_each_month_except_july():
    days = rules.series_dates(2026, weekday=0, ordinal=2, months_excluded={7})
    assert len(days) == 11
    assert days[0] == D(2026, 1, 12) and D(2026, 8, 10) in days
    assert all(d.weekday() == 0 and 8 <= d.day <= 14 for d in days)
    assert not any(d.month == 7 for d in days)
    assert rules.series_description(0, 2, {7}) == "andra måndagen varje månad utom juli"


def test_the_series_preview_warns_of_a_holiday_and_a_meeting_already_planned(small):
    services.meeting_create(body=small.body, date=D(2026, 1, 30), start_time=T(9))
    days = rules.series_dates(2026, weekday=4, ordinal=-1)  # last Friday: 25 December
    preview = {p.day: p.warnings for p in selectors.meeting_series_preview(small.body, days)}
    assert any("helgdag" in w for w in preview[D(2026, 12, 25)])
    assert any("redan ett sammanträde" in w for w in preview[D(2026, 1, 30)])
    assert preview[D(2026, 2, 27)] == []


def test_a_series_is_created_whole_or_not_at_all(small):
    services.meeting_create(body=small.body, date=D(2026, 5, 11), start_time=T(13))
    days = rules.series_dates(2026, weekday=0, ordinal=2, months_excluded={7})
    with pytest.raises(ValidationError, match="2026-05-11"):
        services.meeting_series_create(body=small.body, days=days, start_time=T(13))
    assert Meeting.objects.filter(body=small.body).count() == 1
    created = services.meeting_series_create(
        body=small.body, days=days, start_time=T(9), end_time=T(12), place="Rådhuset"
    )
    assert len(created) == 11 and all(m.place == "Rådhuset" for m in created)


def test_the_series_page_previews_before_it_creates(client, small):
    client.force_login(small.secretary)
    url = "/organ/sr/sammantraden/serie/"
    assert client.get(url).status_code == 200
    data = {
        "year": "2026",
        "ordinal": "-1",
        "weekday": "4",
        "start_time": "13:00",
        "end_time": "15:00",
        "place": "Rådhuset",
    }
    page = client.post(url, {**data, "action": "preview"}).content.decode()
    assert "2026-12-25" in page and "helgdag" in page and "Lägg in 12 sammanträden" in page
    assert not Meeting.objects.filter(body=small.body).exists()
    response = client.post(url, {**data, "action": "create"})
    assert response.status_code == 302 and response["Location"].endswith("?ar=2026")
    assert Meeting.objects.filter(body=small.body).count() == 12
    # Bad input: a Swedish message, nothing created.
    page = client.post(url, {**data, "end_time": "12:00", "action": "create"}).content.decode()
    assert "måste sluta efter" in page
    assert Meeting.objects.filter(body=small.body).count() == 12


def test_only_the_secretary_plans_a_series(client, small):
    client.force_login(small.maria_user)
    assert client.get("/organ/sr/sammantraden/serie/").status_code == 403


# --- 2. Moving and cancelling -------------------------------------------------------------


def test_a_moved_meeting_tells_those_called_with_a_changed_notice(small):
    meeting = _meeting(small)
    services.notice_send(meeting)
    mail.outbox.clear()
    services.meeting_move(
        meeting, date=D(2026, 3, 16), start_time=T(10), end_time=T(12), place="Stadshuset"
    )
    meeting.refresh_from_db()
    assert (meeting.date, meeting.place) == (D(2026, 3, 16), "Stadshuset")
    assert meeting.rescheduled_at is not None
    assert mail.outbox and all(m.subject.startswith("Ändrad kallelse") for m in mail.outbox)
    assert "flyttat från 2026-03-09 kl. 13:00, Rådhuset till 2026-03-16" in mail.outbox[0].body
    assert AuditEntry.objects.filter(
        object_id=str(meeting.pk), action=AuditEntry.Action.UPDATE
    ).exists()


def test_a_meeting_without_a_notice_moves_without_mail(small):
    meeting = _meeting(small)
    services.meeting_move(meeting, date=D(2026, 3, 10), start_time=T(13))
    assert mail.outbox == []
    with pytest.raises(ValidationError, match="ny dag, tid eller plats"):
        services.meeting_move(meeting, date=D(2026, 3, 10), start_time=T(13))


def test_a_cancelled_meeting_stays_in_the_plan_and_those_called_are_told(small):
    meeting = _meeting(small)
    services.notice_send(meeting)
    mail.outbox.clear()
    services.meeting_cancel(meeting, reason="Inga ärenden.")
    meeting.refresh_from_db()
    assert meeting.cancelled_at and meeting.status_label == "Inställt"
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert all(m.subject.startswith("Inställt") for m in mail.outbox)
    ics = next(a for a in mail.outbox[0].attachments if a[0].endswith(".ics"))
    assert b"STATUS:CANCELLED" in (ics[1] if isinstance(ics[1], bytes) else ics[1].encode())
    with pytest.raises(ValidationError, match="inställt"):
        services.meeting_move(meeting, date=D(2026, 3, 10), start_time=T(13))
    with pytest.raises(ValidationError, match="inställt"):
        services.meeting_cancel(meeting)


def test_a_held_meeting_is_neither_moved_nor_cancelled(small):
    meeting = _meeting(small)
    _held(small, meeting)
    with pytest.raises(ValidationError, match="paragrafer"):
        services.meeting_cancel(meeting)
    with pytest.raises(ValidationError, match="närvaro eller beslut"):
        services.meeting_move(meeting, date=D(2026, 3, 10), start_time=T(13))


def test_the_change_page_moves_and_cancels(client, small):
    meeting = _meeting(small)
    client.force_login(small.secretary)
    url = f"/sammantraden/{meeting.pk}/andra/"
    assert "Flytta sammanträdet" in client.get(url).content.decode()
    move = {"action": "move", "move-date": "2026-06-06", "move-start_time": "10:00"}
    if selectors.meeting_move_warning(meeting, D(2026, 6, 6)):
        # Too late for the notice: warned first, moved once the secretary confirms.
        assert "Flytta ändå" in client.post(url, move).content.decode()
        move["move-confirmed"] = "1"
    page = client.post(url, move, follow=True).content.decode()
    assert "flyttat till 2026-06-06" in page
    assert "helgdag" in client.get(url).content.decode()  # the national day
    response = client.post(url, {"action": "cancel", "cancel-reason": "Inga ärenden."})
    assert "Bekräfta att sammanträdet ska ställas in" in response.content.decode()
    client.post(url, {"action": "cancel", "cancel-reason": "x", "cancel-confirm": "on"})
    meeting.refresh_from_db()
    assert meeting.cancelled_at
    plan = client.get("/organ/sr/sammantraden/?ar=2026").content.decode()
    assert "Inställt" in plan


# --- 3. The plan by year and as PDF ---------------------------------------------------------


def test_the_plan_has_next_and_previous_year_and_a_pdf(client, small):
    _meeting(small, D(2026, 3, 9))
    page = client.get("/organ/sr/sammantraden/?ar=2026").content.decode()
    assert "?ar=2025" in page and "?ar=2027" in page
    assert "/organ/sr/sammantradesplan.pdf?ar=2026" in page and "/organ/sr/kalender.ics" in page
    response = client.get("/organ/sr/sammantradesplan.pdf?ar=2026")
    assert response.content[:4] == b"%PDF"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Sammanträdesplan 2026" in text and "2026-03-09" in text


# --- 4. The notice after a preview and a confirmation ---------------------------------------


def test_the_notice_preview_shows_each_group_and_hides_closed_items_from_guests(client, small):
    meeting = _meeting(small)
    services.guest_add(meeting, name="Gustav Gäst", role="Föredragande", present=False)
    client.force_login(small.secretary)
    page = client.get(f"/sammantraden/{meeting.pk}/kallelse/").content.decode()
    assert "Ledamöter (3)" in page and "Olle (S)" in page and "Ersättare (1)" in page
    assert "Övriga kallade (1)" in page and "Gustav Gäst" in page
    members, _substitutes, guests = page.split("<section")[1:4]
    assert "Enskilt ärende hemligt" in members
    assert "Enskilt ärende hemligt" not in guests and "Ej offentlig punkt" in guests


def test_the_notice_preview_pdf_is_what_each_group_gets(client, small):
    meeting = _meeting(small)
    client.force_login(small.secretary)
    url = f"/sammantraden/{meeting.pk}/kallelse/forhandsvisning.pdf"

    def text(group: str) -> str:
        pdf = client.get(f"{url}?grupp={group}").content
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    assert "Enskilt ärende hemligt" in text("kallade")
    guests = text("gaster")
    assert "Enskilt ärende hemligt" not in guests and "Ej offentlig punkt" in guests
    assert client.get(f"{url}?grupp=alla").status_code == 404
    client.force_login(small.maria_user)
    assert client.get(f"{url}?grupp=kallade").status_code == 403


def test_the_notice_is_sent_only_after_confirmation_and_a_resending_says_so(client, small):
    meeting = _meeting(small)
    client.force_login(small.secretary)
    url = f"/sammantraden/{meeting.pk}/skicka-kallelse/"
    response = client.post(url, {}, follow=True)
    assert "Bekräfta utskicket" in response.content.decode() and mail.outbox == []
    client.post(url, {"confirm": "on"})
    assert len(mail.outbox) == 4  # one each: the chair, two members, the substitute
    assert all(m.subject.startswith("Kallelse:") for m in mail.outbox)
    page = client.get(f"/sammantraden/{meeting.pk}/kallelse/").content.decode()
    assert "Skicka den ändrade kallelsen" in page
    client.post(url, {"confirm": "on"})
    assert mail.outbox[-1].subject.startswith("Ändrad kallelse")
    assert "Kallelsen är ändrad sedan den skickades" in mail.outbox[-1].body


# --- 5. Others present ------------------------------------------------------------------------


def test_others_present_are_in_the_minutes(small):
    meeting = _meeting(small)
    guest = services.guest_add(meeting, name="Gustav Gäst", role="Föredragande", present=False)
    services.others_present_record(
        meeting, persons={small.official: "Adjungerad tjänsteperson"}, guests_present=[guest.pk]
    )
    head = services.minutes_content_sha256  # the head is part of what is attested
    assert head(meeting)
    from samverkan.meetings.render import minutes_content

    text = minutes_content(meeting)["head"]
    assert "Tove (Adjungerad tjänsteperson)" in text and "Gustav Gäst (Föredragande)" in text
    with pytest.raises(ValidationError, match="ledamot eller ersättare"):
        services.attendance_record(meeting, small.maria, capacity=Attendance.Capacity.MEMBER)
        services.others_present_record(meeting, persons={small.maria: "x"}, guests_present=[])
    services.others_present_record(meeting, persons={}, guests_present=[])
    assert "Gustav" not in minutes_content(meeting)["head"]


def test_others_present_are_edited_on_the_attendance_page(client, small):
    meeting = _meeting(small)
    client.force_login(small.secretary)
    page = client.get(f"/sammantraden/{meeting.pk}/narvaro/").content.decode()
    assert "Övriga närvarande" in page and "Tove" in page
    url = f"/sammantraden/{meeting.pk}/ovriga-narvarande/"
    client.post(url, {"action": "guest", "guest-name": "Gustav Gäst", "guest-role": "Gäst"})
    guest = meeting.guests.get()
    assert guest.present
    client.post(
        url,
        {
            "action": "others",
            f"others-other_{small.official.pk}": "on",
            f"others-other_role_{small.official.pk}": "Samverkansledare",
            f"others-guest_{guest.pk}": "on",
        },
    )
    assert selectors.others_present(meeting) == [
        ("Tove", "Samverkansledare"),
        ("Gustav Gäst", "Gäst"),
    ]


# --- 6. Party letters ---------------------------------------------------------------------


def test_vote_lists_and_attendance_lists_carry_party_letters(small):
    meeting = _meeting(small)
    sections = _held(small, meeting)
    services.vote_record(
        sections[2],
        question="Bifall till förslaget",
        ballots={small.chair: "yes", small.maria: "no", small.sven: "yes"},
    )
    from samverkan.meetings.render import minutes_content

    content = minutes_content(meeting)
    html = next(s["html"] for s in content["sections"] if s["number"] == sections[2].number)
    assert "Olle (S): Ja" in html and "Maria (M): Nej" in html and "Sven (S): Ja" in html
    assert "Maria (M)" in content["head"] and "Sven (S), ersätter Cecilia" in content["head"]


# --- 7, 8. The proposal as the decision's draft; next and previous § --------------------------


def test_the_section_editor_starts_from_the_proposal_and_links_its_neighbours(client, small):
    meeting = _meeting(small)
    _attend(small, meeting)
    first, second, third, *_ = services.sections_create_from_agenda(meeting)
    client.force_login(small.secretary)
    page = client.get(f"/paragrafer/{third.pk}/").content.decode()
    assert "Rådet ställer sig bakom förslaget.</textarea>" in page
    assert "ifyllt med förslaget" in page
    assert f'href="/paragrafer/{second.pk}/" rel="prev"' in page
    assert f"/paragrafer/{third.pk + 1}/" in page and 'rel="next"' in page
    page = client.get(f"/paragrafer/{first.pk}/").content.decode()
    assert "Första paragrafen" in page and 'rel="prev"' not in page
    # Once a decision is written it stands, not the proposal.
    services.section_update(third, decision="Rådet beslutar annorlunda.")
    page = client.get(f"/paragrafer/{third.pk}/").content.decode()
    assert "Rådet beslutar annorlunda.</textarea>" in page and "ifyllt med" not in page


# --- 9. Minutes in Word -------------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in doc.paragraphs)


def test_the_minutes_in_word_follow_the_audience(client, small):
    meeting = _sealed(small)
    url = f"/sammantraden/{meeting.pk}/protokoll.docx"
    public = client.get(url)
    assert public.status_code == 200 and public.content[:2] == b"PK"
    text = _docx_text(public.content)
    assert "Samverkan om äldre" in text and "Rådet ställer sig bakom förslaget." in text
    assert "hemligt" not in text and "offentlig version" in text
    doc = Document(io.BytesIO(public.content))
    assert doc.core_properties.language == "sv-SE" and doc.core_properties.title
    client.force_login(small.maria_user)
    text = _docx_text(client.get(url).content)
    assert "Ärendet avgörs hemligt." in text and "Maria (M)" in text


def test_minutes_without_a_closed_section_are_the_same_in_word_for_everyone(client, small):
    meeting = _meeting(small)
    meeting.items.filter(is_public=False).delete()
    _held(small, meeting)
    services.attesters_choose(meeting, [small.maria], place="Rådhuset")
    for user in (small.chair_user, small.maria_user):
        services.minutes_attest(
            meeting, user, content_sha256=services.minutes_content_sha256(meeting)
        )
    text = _docx_text(client.get(f"/sammantraden/{meeting.pk}/protokoll.docx").content)
    assert "offentlig version" not in text and "Samverkan om äldre" in text


def test_draft_minutes_in_word_are_for_the_draft_readers_only(client, small):
    meeting = _meeting(small)
    _held(small, meeting)
    url = f"/sammantraden/{meeting.pk}/protokoll.docx"
    assert client.get(url).status_code == 404
    client.force_login(small.secretary)
    assert "utkast" in _docx_text(client.get(url).content)


# --- 10. A correction after attestation ---------------------------------------------------------


def test_a_correction_never_changes_the_sealed_text_and_holds_once_attested(client, small):
    meeting = _sealed(small)
    sealed_sha, sealed_content = meeting.minutes_sha256, meeting.sealed_content
    number = meeting.sections.get(agenda_item__title="Samverkan om äldre").number
    with pytest.raises(ValidationError, match="står inte i"):
        services.minutes_correction_propose(
            meeting,
            section_number=number,
            wrong_text="finns inte",
            corrected_text="x",
            reason="y",
        )
    correction = services.minutes_correction_propose(
        meeting,
        section_number=number,
        wrong_text="ställer sig bakom",
        corrected_text="står bakom",
        reason="Felskrivning vid renskrivningen.",
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "står bakom" not in page  # not before it is attested
    sha = services.correction_content_sha256(correction)
    with pytest.raises(ValidationError, match="inte den du läste"):
        services.minutes_correction_attest(correction, small.chair_user, content_sha256="0" * 64)
    services.minutes_correction_attest(correction, small.chair_user, content_sha256=sha)
    correction.refresh_from_db()
    assert correction.attested_at is None
    services.minutes_correction_attest(correction, small.maria_user, content_sha256=sha)
    correction.refresh_from_db()
    assert correction.attested_at is not None
    meeting.refresh_from_db()
    assert (meeting.minutes_sha256, meeting.sealed_content) == (sealed_sha, sealed_content)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Rättelser" in page and "står bakom" in page
    assert "Protokollet har rättats efter justeringen" in page
    # The sealed minutes are served byte for byte as sealed, with or without a correction:
    # the SHA-256 the page shows is that of the file served.
    pdf = _body(client.get(f"/sammantraden/{meeting.pk}/protokoll.pdf"))
    assert hashlib.sha256(pdf).hexdigest() == meeting.public_minutes_sha256
    assert f"offentliga versionens PDF-fil: {meeting.public_minutes_sha256}" in page
    client.force_login(small.maria_user)
    pdf = _body(client.get(f"/sammantraden/{meeting.pk}/protokoll.pdf"))
    assert hashlib.sha256(pdf).hexdigest() == meeting.minutes_sha256
    assert (
        f"SHA-256 för protokollets PDF-fil: {meeting.minutes_sha256}"
        in client.get(meeting.get_absolute_url()).content.decode()
    )
    client.logout()
    # The correction is its own document, linked from the page.
    url = f"/rattelser/{correction.pk}/rattelse.pdf"
    assert f'href="{url}"' in page
    note = _body(client.get(url))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(note)).pages)
    assert "Rättelse av protokoll" in text and "står bakom" in text
    assert "står bakom" in _docx_text(
        client.get(f"/sammantraden/{meeting.pk}/protokoll.docx").content
    )


def test_a_correction_of_a_closed_section_stays_with_those_inside(client, small):
    meeting = _sealed(small)
    number = meeting.sections.get(agenda_item__is_public=False).number
    correction = services.minutes_correction_propose(
        meeting,
        section_number=number,
        wrong_text="avgörs hemligt",
        corrected_text="avgörs slutligt hemligt",
        reason="Felskrivning.",
    )
    sha = services.correction_content_sha256(correction)
    for user in (small.chair_user, small.maria_user):
        services.minutes_correction_attest(correction, user, content_sha256=sha)
    assert "slutligt" not in client.get(meeting.get_absolute_url()).content.decode()
    pdf = _body(client.get(f"/sammantraden/{meeting.pk}/protokoll.pdf"))
    assert "slutligt" not in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    url = f"/rattelser/{correction.pk}/rattelse.pdf"
    assert client.get(url).status_code == 404
    client.force_login(small.maria_user)
    assert "slutligt" in client.get(meeting.get_absolute_url()).content.decode()
    note = _body(client.get(url))
    assert "slutligt" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(note)).pages)


def test_the_correction_pages(client, small):
    meeting = _sealed(small)
    client.force_login(small.secretary)
    url = f"/sammantraden/{meeting.pk}/rattelser/"
    assert client.get(url).status_code == 200
    number = meeting.sections.get(agenda_item__title="Samverkan om äldre").number
    response = client.post(
        url,
        {
            "section_number": str(number),
            "wrong_text": "ställer sig bakom",
            "corrected_text": "står bakom",
            "reason": "Felskrivning.",
        },
        follow=True,
    )
    assert "Rättelsen är föreslagen" in response.content.decode()
    correction = MinutesCorrection.objects.get(meeting=meeting)
    # Bad input: a Swedish message, nothing saved.
    page = client.post(url, {"section_number": str(number), "wrong_text": ""}).content.decode()
    assert 'class="error"' in page
    assert MinutesCorrection.objects.filter(meeting=meeting).count() == 1
    client.force_login(small.chair_user)
    attest = f"/rattelser/{correction.pk}/"
    page = client.get(attest).content.decode()
    assert "Jag har läst rättelsen och justerar den" in page
    client.post(attest, {"content_sha256": services.correction_content_sha256(correction)})
    assert correction.signatures.count() == 1
    client.force_login(_user("annan", [Role.MEMBER]))
    assert client.get(attest).status_code == 403


def test_a_correction_needs_sealed_minutes(small):
    meeting = _meeting(small)
    with pytest.raises(ValidationError, match="inte justerat"):
        services.minutes_correction_propose(
            meeting, section_number=None, wrong_text="a", corrected_text="b", reason="c"
        )


# --- 11. Extracts: each § to its own dispatch list, previewed before sending -------------------

NORRBY = "registrator@norrby.exempel.invalid"


def _sealed_with_dispatch(s: Small) -> Meeting:
    """The open item goes to Norrby; the closed item has no dispatch list."""
    meeting = _meeting(s, D(2026, 3, 9))
    open_item = meeting.items.get(title="Samverkan om äldre")
    services.agenda_item_update(open_item, dispatch_to=f"Norrby kommun <{NORRBY}>\nTove")
    _held(s, meeting)
    services.attesters_choose(meeting, [s.maria], place="Rådhuset")
    for user in (s.chair_user, s.maria_user):
        services.minutes_attest(
            meeting, user, content_sha256=services.minutes_content_sha256(meeting)
        )
    meeting.refresh_from_db()
    return meeting


def _numbers(meeting: Meeting) -> tuple[int, int]:
    return (
        meeting.sections.get(
            agenda_item__is_public=True, agenda_item__title__contains="äldre"
        ).number,
        meeting.sections.get(agenda_item__is_public=False).number,
    )


def test_the_secretariat_box_links_to_sending_extracts_once_the_minutes_are_attested(client, small):
    client.force_login(small.secretary)
    meeting = _meeting(small, D(2026, 3, 16))
    link = f'href="/sammantraden/{meeting.pk}/expediera/"'
    assert link not in client.get(meeting.get_absolute_url()).content.decode()
    sealed = _sealed_with_dispatch(small)
    page = client.get(sealed.get_absolute_url()).content.decode()
    assert f'href="/sammantraden/{sealed.pk}/expediera/">Expediera protokollsutdrag' in page


def test_the_secretary_sees_who_gets_each_section_before_anything_is_sent(client, small):
    meeting = _sealed_with_dispatch(small)
    open_no, closed_no = _numbers(meeting)
    client.force_login(small.secretary)
    url = f"/sammantraden/{meeting.pk}/expediera/"
    choice = client.get(url).content.decode()
    assert f'name="p" value="{open_no}" checked' in choice
    assert f'name="p" value="{closed_no}">' in choice  # no list: not chosen by default
    mail.outbox.clear()
    preview = client.get(url, {"p": [open_no, closed_no]}).content.decode()
    assert f"Norrby kommun – {NORRBY}" in preview  # the address once
    assert "Tove – tove@exempel.invalid" in preview
    assert "Ingen expediering angiven" in preview
    assert "Bekräfta och skicka utdragen" in preview
    # A POST without the confirmation is the preview again; nothing is sent.
    assert (
        "Ingen expediering angiven"
        in client.post(url, {"p": [open_no, closed_no]}).content.decode()
    )
    assert mail.outbox == [] and not meeting.dispatches.filter(kind="extract").exists()
    response = client.post(url, {"p": [open_no, closed_no], "confirm": "1"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([NORRBY, "tove@exempel.invalid"])
    assert all(m.subject.endswith(f"§ {open_no}") for m in mail.outbox)


def test_a_section_without_a_dispatch_list_is_sent_to_nobody(small):
    meeting = _sealed_with_dispatch(small)
    open_no, closed_no = _numbers(meeting)
    mail.outbox.clear()
    with pytest.raises(ValidationError, match="Ingen av paragraferna har någon expediering"):
        services.extract_send(meeting, [closed_no])
    assert mail.outbox == []
    dispatch = services.extract_send(meeting, [open_no, closed_no])
    assert dispatch.sections == f"§ {open_no}"
    for message in mail.outbox:
        attached = message.attachments[0][1]
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(attached)).pages)
        assert "hemligt" not in text  # the closed § without a list goes to nobody


def test_adding_an_item_after_the_day_for_cases_tells_the_secretary(client, small):
    from django.urls import reverse
    from django.utils import timezone

    soon = services.meeting_create(
        body=small.body, date=timezone.localdate() + datetime.timedelta(days=3), start_time=T(13)
    )
    later = services.meeting_create(
        body=small.body, date=timezone.localdate() + datetime.timedelta(days=60), start_time=T(13)
    )
    client.force_login(small.secretary)
    for meeting, late in ((soon, True), (later, False)):
        url = reverse("meetings:agenda", args=[meeting.pk])
        data = {"title": "Ny punkt", "is_public": "on"}
        page = client.post(url, data, follow=True).content.decode()
        assert "Punkten är tillagd." in page
        assert ("Ärenden klara" in page and "för sen" in page) is late


def test_a_meeting_too_soon_for_its_notice_period_is_flagged_when_made_and_noticed(client, small):
    from django.utils import timezone

    client.force_login(small.secretary)
    soon = timezone.localdate() + datetime.timedelta(days=2)  # the notice is due 7 days before
    data = {"date": soon.isoformat(), "start_time": "13:00", "place": "Rådhuset"}
    page = client.post(f"/organ/{small.body.slug}/sammantraden/", data, follow=True)
    text = page.content.decode()
    assert "Sammanträdet är inlagt i sammanträdesplanen." in text
    assert "kallelsen kommer för sent" in text
    meeting = Meeting.objects.get(body=small.body, date=soon)
    preview = client.get(f"/sammantraden/{meeting.pk}/kallelse/").content.decode()
    assert "kallelsen kommer för sent" in preview
    in_time = _meeting(small, timezone.localdate() + datetime.timedelta(days=40))
    assert "för sent" not in client.get(f"/sammantraden/{in_time.pk}/kallelse/").content.decode()
