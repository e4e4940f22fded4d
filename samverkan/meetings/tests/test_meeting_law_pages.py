"""The meeting law on the pages: a called member reports absence, the secretary calls the
next substitute with one button, quorum per item on the secretary's pages, the body's
meeting rules kept by its secretary, and a warning for a meeting on a holiday."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services
from samverkan.meetings.models import AbsenceNotice, Attendance, Meeting, MeetingRules
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

from .test_meeting_law import Board


def _account(person, username, role=Role.MEMBER):
    user = user_create(username=username, password="x-Lösen-123", roles=[role])
    person.user = user
    person.save()
    return user


@pytest.fixture
def upcoming(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    board = Board(timezone.localdate() + datetime.timedelta(days=20))
    secretary = f.person(name="Sekreteraren")
    f.membership(
        person=secretary,
        body=board.body,
        role=Membership.Role.SECRETARY,
        start=datetime.date(2024, 1, 1),
    )
    board.secretary = _account(secretary, "sekr", Role.SECRETARY)
    board.cilla = _account(board.p["Cilla"], "cilla")
    return board


def _on_the_day(board):
    board.meeting.date = timezone.localdate()
    Meeting.objects.filter(pk=board.meeting.pk).update(date=board.meeting.date)


def test_a_called_member_reports_absence_from_the_meeting_page(client, upcoming):
    page = upcoming.meeting.get_absolute_url()
    client.force_login(upcoming.cilla)
    assert "Anmäl förhinder" in client.get(page).content.decode()
    response = client.post(
        reverse("meetings:absence_report", args=[upcoming.meeting.pk]), {"note": "Sjuk"}
    )
    assert response.status_code == 302
    notice = AbsenceNotice.objects.get(meeting=upcoming.meeting)
    assert (notice.person, notice.note, notice.reported_by) == (
        upcoming.p["Cilla"],
        "Sjuk",
        upcoming.cilla,
    )
    assert "Du anmälde förhinder" in client.get(page).content.decode()
    assert "Anmäl förhinder" in client.get(reverse("meetings:my_meetings")).content.decode()


def test_only_someone_called_reports_absence(client, upcoming):
    client.force_login(upcoming.secretary)
    response = client.post(reverse("meetings:absence_report", args=[upcoming.meeting.pk]), {})
    assert response.status_code == 403
    assert not AbsenceNotice.objects.exists()


def test_the_secretary_calls_the_next_substitute_with_one_button(client, upcoming):
    notice = services.absence_report(upcoming.meeting, upcoming.p["Cilla"], note="Sjuk")
    client.force_login(upcoming.secretary)
    attendance = reverse("meetings:attendance", args=[upcoming.meeting.pk])
    page = client.get(attendance).content.decode()
    assert "Anmält förhinder" in page and "Kalla Mia (M)" in page
    response = client.post(
        reverse("meetings:substitute_call", args=[upcoming.meeting.pk]), {"notice": notice.pk}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.substitute == upcoming.p["Mia"]
    assert Attendance.objects.get(person=upcoming.p["Mia"]).replaces == upcoming.p["Cilla"]
    assert mail.outbox[0].to == ["mia@exempel.invalid"]
    page = client.get(attendance).content.decode()
    assert "Mia kallad" in page and "Kalla Mia" not in page
    assert "Mia kallad" in client.get(upcoming.meeting.get_absolute_url()).content.decode()


def test_a_member_cannot_call_a_substitute(client, upcoming):
    notice = services.absence_report(upcoming.meeting, upcoming.p["Cilla"])
    client.force_login(upcoming.cilla)
    response = client.post(
        reverse("meetings:substitute_call", args=[upcoming.meeting.pk]), {"notice": notice.pk}
    )
    assert response.status_code == 403
    notice.refresh_from_db()
    assert notice.substitute is None


def test_the_secretary_sees_quorum_per_item(client, upcoming):
    _on_the_day(upcoming)  # attendance is recorded on the meeting's day
    client.force_login(upcoming.secretary)
    minutes = reverse("meetings:minutes", args=[upcoming.meeting.pk])
    before = client.get(minutes).content.decode()
    assert "Ledamöternas närvaro är inte registrerad än" in before  # not "0 av 5"
    assert "Inte beslutfört: 0" not in before
    for name in ("Anna", "Bo"):
        upcoming.attend(name)
    upcoming.attend("Eva", arrived_at_item=upcoming.items["Budget"])
    services.sections_create_from_agenda(upcoming.meeting)
    client.force_login(upcoming.secretary)
    page = client.get(reverse("meetings:minutes", args=[upcoming.meeting.pk])).content.decode()
    assert "Inte beslutfört: 2 av 5 tjänstgör, minst 3 krävs" in page
    assert "Beslutfört: 3 av 5 tjänstgör" in page
    # The § list says why a § without quorum has no decision.
    assert "inte beslutfört – inget beslut kan fattas" in page


def test_the_secretary_keeps_the_bodys_meeting_rules(client, upcoming):
    url = reverse("meetings:meeting_rules", args=[upcoming.body.slug])
    client.force_login(upcoming.cilla)
    assert client.get(url).status_code == 403
    client.force_login(upcoming.secretary)
    assert (
        "Mötesregler"
        in client.get(reverse("meetings:body_meetings", args=[upcoming.body.slug])).content.decode()
    )
    data = {
        "quorum_minimum": "9",
        "cases_ready_days": "21",
        "notice_days": "7",
        "attestation_days": "10",
        "posting_days": "2",
        "appeal_days": "21",
        "default_place": "",
        "minutes_kept_at": "",
    }
    page = client.post(url, data).content.decode()
    assert "SN har 5 ledamöter" in page
    assert not MeetingRules.objects.filter(body=upcoming.body).exists()
    response = client.post(url, {**data, "quorum_minimum": "2"})
    assert response.status_code == 302
    rules = MeetingRules.objects.get(body=upcoming.body)
    assert (rules.quorum_minimum, rules.attestation_days) == (2, 10)


def test_a_meeting_planned_on_a_holiday_is_saved_with_a_warning(client, upcoming):
    client.force_login(upcoming.secretary)
    response = client.post(
        reverse("meetings:body_meetings", args=[upcoming.body.slug]),
        {"date": "2030-05-30", "start_time": "10:00", "place": "Rummet"},  # Ascension Day
        follow=True,
    )
    page = response.content.decode()
    assert "2030-05-30 är en helgdag" in page
    assert upcoming.body.meetings.filter(date=datetime.date(2030, 5, 30)).exists()


def test_the_section_editor_offers_no_decision_where_the_body_lacks_quorum(client, upcoming):
    _on_the_day(upcoming)  # attendance is recorded on the meeting's day
    for name in ("Anna", "Bo"):
        upcoming.attend(name)
    upcoming.attend("Eva", arrived_at_item=upcoming.items["Budget"])
    services.sections_create_from_agenda(upcoming.meeting)
    budget = upcoming.meeting.sections.get(agenda_item=upcoming.items["Budget"])
    later = upcoming.meeting.sections.filter(number__gt=budget.number).first()
    client.force_login(upcoming.secretary)
    page = client.get(reverse("meetings:section", args=[budget.pk])).content.decode()
    assert "inte beslutfört vid paragrafen" in page
    assert "Att bifalla." not in page.split("Spara beslut")[0].split('name="decision"')[-1]
    # Where Eva serves again (the next item), the proposal is the draft once more.
    page = client.get(reverse("meetings:section", args=[later.pk])).content.decode()
    assert "inte beslutfört vid paragrafen" not in page
    assert "Beslutet är ifyllt med förslaget" in page


def test_the_secretary_is_offered_to_call_a_substitute_only_while_none_is_called(client, upcoming):
    meeting, p = upcoming.meeting, upcoming.p
    notice = services.absence_report(meeting, p["Cilla"], note="Sjuk")
    client.force_login(upcoming.secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "ingen ersättare kallad" in page and "kalla ersättare på närvarosidan" in page
    services.substitute_call(notice, by=upcoming.secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Cilla" in page and "kalla ersättare på närvarosidan" not in page
