"""Attendance and decisions are recorded from the meeting's day (rules.held_record_problem):
before it the secretary may draft §§ from the agenda, and the meeting can still be moved
with its draft §§; once attendance or a decision is recorded it has been held."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.meetings import services
from samverkan.meetings.models import AbsenceNotice, Attendance, Section
from samverkan.meetings.rules import held_record_problem
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

from .test_meeting_law import Board
from .test_meeting_law_pages import _account

D = datetime.date
DAY = datetime.timedelta(days=1)


def test_attendance_and_decisions_wait_for_the_meetings_day():
    assert held_record_problem(D(2026, 12, 10), D(2026, 11, 26)) == (
        "Närvaro och beslut registreras från sammanträdesdagen (2026-12-10)."
    )
    assert held_record_problem(D(2026, 12, 10), D(2026, 12, 10)) == ""
    assert held_record_problem(D(2026, 12, 10), D(2026, 12, 11)) == ""


@pytest.fixture
def ahead(db):
    """A meeting 14 days ahead."""
    return Board(timezone.localdate() + 14 * DAY)


def test_attendance_is_not_recorded_before_the_meeting(ahead):
    with pytest.raises(ValidationError, match="registreras från sammanträdesdagen"):
        ahead.attend("Anna")
    assert not Attendance.objects.filter(meeting=ahead.meeting).exists()


def test_a_decision_is_not_recorded_before_the_meeting_but_a_draft_section_is(ahead):
    drafts = services.sections_create_from_agenda(ahead.meeting)
    assert drafts
    with pytest.raises(ValidationError, match="registreras från sammanträdesdagen"):
        services.section_update(drafts[0], decision="Att bifalla.")
    with pytest.raises(ValidationError, match="registreras från sammanträdesdagen"):
        services.statement_add(drafts[0], ahead.p["Anna"], "En anteckning.")
    assert Section.objects.get(pk=drafts[0].pk).decision == ""


def test_a_meeting_with_draft_sections_is_moved_and_its_sections_follow(ahead):
    drafts = services.sections_create_from_agenda(ahead.meeting)
    later = ahead.meeting.date + 7 * DAY
    services.meeting_move(ahead.meeting, date=later, start_time=datetime.time(10))
    moved = Section.objects.filter(meeting=ahead.meeting).order_by("number")
    assert [s.pk for s in moved] == [s.pk for s in drafts]
    assert {s.year for s in moved} == {later.year}


def test_draft_sections_moved_into_the_next_year_take_its_numbers(db):
    board = Board(D(2099, 12, 10))
    services.sections_create_from_agenda(board.meeting)
    services.meeting_move(board.meeting, date=D(2100, 1, 14), start_time=datetime.time(10))
    moved = Section.objects.filter(meeting=board.meeting).order_by("number")
    assert [(s.year, s.number) for s in moved] == [(2100, n) for n in range(1, len(moved) + 1)]


def test_substitutes_called_in_advance_do_not_stop_a_move(ahead):
    notice = services.absence_report(ahead.meeting, ahead.p["Bo"], note="Sjuk")
    services.substitute_call(notice)
    assert Attendance.objects.filter(meeting=ahead.meeting).count() == 2
    services.meeting_move(
        ahead.meeting, date=ahead.meeting.date + DAY, start_time=datetime.time(10)
    )
    assert AbsenceNotice.objects.get(pk=notice.pk).substitute == ahead.p["Stina"]


def test_a_held_meeting_with_attendance_is_not_moved(db):
    board = Board(timezone.localdate())
    services.sections_create_from_agenda(board.meeting)
    board.attend("Anna")
    with pytest.raises(ValidationError, match="närvaro eller beslut"):
        services.meeting_move(
            board.meeting, date=board.meeting.date + DAY, start_time=datetime.time(10)
        )


def test_the_attendance_page_says_why_before_the_meeting(client, ahead):
    secretary = f.person(name="Sekreteraren")
    f.membership(
        person=secretary, body=ahead.body, role=Membership.Role.SECRETARY, start=D(2024, 1, 1)
    )
    client.force_login(_account(secretary, "sekr", Role.SECRETARY))
    response = client.post(
        reverse("meetings:attendance", args=[ahead.meeting.pk]),
        {f"status_{ahead.p['Anna'].pk}": "present"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    day = f"{ahead.meeting.date:%Y-%m-%d}"
    assert f"Närvaro och beslut registreras från sammanträdesdagen ({day})." in page
    assert not Attendance.objects.filter(meeting=ahead.meeting).exists()
