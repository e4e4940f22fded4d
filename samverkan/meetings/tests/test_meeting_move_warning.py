"""Moving a meeting past its notice period (rules.move_notice_warning): the secretary is
warned before confirming, with the last day for the notice, and told that a new notice
must go out when the old one was already sent; the move itself is not refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.meetings import services
from samverkan.meetings.models import Meeting
from samverkan.meetings.rules import move_notice_warning

from .test_meeting_law_pages import upcoming  # noqa: F401 - the fixture

D = datetime.date
TODAY = D(2026, 3, 2)  # a Monday


def test_no_warning_when_the_notice_can_still_go_out_in_time():
    # Meeting Monday 16 March, notice 7 days before: Monday 9 March, still ahead.
    assert move_notice_warning(D(2026, 3, 16), 7, TODAY) == ""
    # The last day itself is still in time.
    assert move_notice_warning(D(2026, 3, 9), 7, TODAY) == ""


def test_a_passed_deadline_is_named():
    warning = move_notice_warning(D(2026, 3, 5), 7, TODAY)
    assert warning == (
        "Sista dag att skicka kallelsen till sammanträdet 2026-03-05 är 2026-02-26 "
        "(7 dagar före enligt organets sammanträdesregler). Den dagen har redan passerat, "
        "så kallelsen kommer för sent."
    )


def test_the_deadline_falls_back_to_a_working_day():
    # 7 days before Monday 23 March 2026 is Monday 16 March; 8 days before is Sunday 15
    # March, which moves back to Friday 13 March.
    assert "2026-03-13" in move_notice_warning(D(2026, 3, 23), 8, D(2026, 3, 14))


def test_a_notice_already_sent_calls_for_a_new_one():
    in_time = move_notice_warning(D(2026, 3, 30), 7, TODAY, notice_sent_on=D(2026, 2, 20))
    assert in_time == (
        "Kallelsen skickades redan 2026-02-20. En ny kallelse ska skickas till de kallade "
        "för den nya tiden, senast 2026-03-23 (7 dagar före enligt organets "
        "sammanträdesregler)."
    )
    late = move_notice_warning(D(2026, 3, 5), 7, TODAY, notice_sent_on=D(2026, 2, 20))
    assert "senast 2026-02-26" in late and late.endswith("Den dagen har redan passerat.")


def _move(client, meeting, day, **extra):
    data = {
        "action": "move",
        "move-date": day.isoformat(),
        "move-start_time": "10:00",
        "move-place": "Rummet",
        **extra,
    }
    return client.post(reverse("meetings:meeting_change", args=[meeting.pk]), data)


@pytest.mark.django_db
def test_the_secretary_is_warned_and_then_moves_anyway(client, upcoming):  # noqa: F811
    meeting = upcoming.meeting
    services.meeting_rules_save(meeting.body, notice_days=7)
    Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=timezone.now())
    new_day = timezone.localdate() + datetime.timedelta(days=3)
    client.force_login(upcoming.secretary)

    response = _move(client, meeting, new_day)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kallelsen skickades redan" in page and "En ny kallelse ska skickas" in page
    assert "Den dagen har redan passerat." in page
    assert "Flytta ändå" in page
    meeting.refresh_from_db()
    assert meeting.date != new_day  # nothing moved before the confirmation

    response = _move(client, meeting, new_day, **{"move-confirmed": "1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.date == new_day


@pytest.mark.django_db
def test_a_move_too_close_for_the_notice_is_warned_even_before_any_notice(client, upcoming):  # noqa: F811
    meeting = upcoming.meeting
    services.meeting_rules_save(meeting.body, notice_days=7)
    new_day = timezone.localdate() + datetime.timedelta(days=2)
    client.force_login(upcoming.secretary)
    page = _move(client, meeting, new_day).content.decode()
    assert "Den dagen har redan passerat, så kallelsen kommer för sent." in page
    assert "Kallelsen skickades redan" not in page


@pytest.mark.django_db
def test_a_move_well_ahead_needs_no_confirmation(client, upcoming):  # noqa: F811
    meeting = upcoming.meeting
    new_day = meeting.date + datetime.timedelta(days=7)
    client.force_login(upcoming.secretary)
    assert _move(client, meeting, new_day).status_code == 302
    meeting.refresh_from_db()
    assert meeting.date == new_day
