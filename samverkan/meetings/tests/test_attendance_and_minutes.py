import pytest
from django.core.exceptions import ValidationError

from samverkan.meetings import services
from samverkan.meetings.models import Attendance, Ballot, Section
from samverkan.meetings.selectors import quorum_status, serving_persons
from samverkan.structure.tests import factories as f


def test_quorum_counts_present_members_and_serving_substitutes(held_meeting):
    q = quorum_status(held_meeting)
    assert (q.serving, q.seats, q.met) == (11, 11, True)


def test_quorum_warning_when_half_or_fewer_serve(rsr_meeting, people):
    for name in [
        "Jonas Andersson",
        "Therese Kärngard",
        "Richard Nilsson",
        "Maria Jacobsson",
        "Anton Waara",
    ]:
        services.attendance_record(rsr_meeting, people[name], capacity=Attendance.Capacity.MEMBER)
    q = quorum_status(rsr_meeting)
    assert (q.serving, q.seats, q.met) == (5, 11, False)


def test_a_substitute_must_replace_an_absent_member(held_meeting, people):
    with pytest.raises(ValidationError, match="Therese Kärngard är närvarande"):
        services.attendance_record(
            held_meeting,
            people["Bo-Göran Danielsson"],
            capacity=Attendance.Capacity.SUBSTITUTE,
            replaces=people["Therese Kärngard"],
        )
    with pytest.raises(ValidationError, match="ersätts redan"):
        services.attendance_record(
            held_meeting,
            people["Bo-Göran Danielsson"],
            capacity=Attendance.Capacity.SUBSTITUTE,
            replaces=people["Johan Loock"],
        )
    assert not Attendance.objects.filter(person=people["Bo-Göran Danielsson"]).exists()


def test_a_non_member_cannot_attend_as_member(rsr_meeting):
    with pytest.raises(ValidationError, match="är inte ledamot"):
        services.attendance_record(
            rsr_meeting, f.person(name="Utomstående"), capacity=Attendance.Capacity.MEMBER
        )


def test_sections_are_numbered_per_body_and_year_across_meetings(held_meeting):
    sections = services.sections_create_from_agenda(held_meeting)
    assert [s.number for s in sections] == [1, 2, 3, 4, 5, 6]
    assert sections[4].case_number == "RS/418/2025"
    later = services.meeting_create(
        body=held_meeting.body,
        date=held_meeting.date.replace(month=9),
        start_time=held_meeting.start_time,
    )
    assert [s.number for s in services.sections_create_from_agenda(later)] == [7, 8, 9]
    next_year = services.meeting_create(
        body=held_meeting.body,
        date=held_meeting.date.replace(year=2026, month=2),
        start_time=held_meeting.start_time,
    )
    assert services.sections_create_from_agenda(next_year)[0].number == 1


def test_a_vote_by_someone_not_serving_is_refused(held_meeting, people):
    section = services.sections_create_from_agenda(held_meeting)[4]
    with pytest.raises(ValidationError, match="Johan Loock tjänstgör inte vid § 5"):
        services.vote_record(
            section, question="Bifall", ballots={people["Johan Loock"]: Ballot.Choice.YES}
        )
    assert not section.votes.exists()


def test_a_tie_is_decided_by_the_chairs_casting_vote(held_meeting, people):
    section = services.sections_create_from_agenda(held_meeting)[4]
    ballots = {
        people["Jonas Andersson"]: Ballot.Choice.YES,
        people["Therese Kärngard"]: Ballot.Choice.NO,
        people["Kent Karlsson"]: Ballot.Choice.ABSTAIN,
    }
    vote = services.vote_record(section, question="Bifall till förslaget", ballots=ballots)
    assert vote.result == "Ja (1 ja, 1 nej, 1 avstår; ordförandens utslagsröst)"
    assert vote.casting_vote_by_chair
    assert vote.ballots.count() == 3


def test_a_member_with_a_conflict_of_interest_takes_no_part_and_a_substitute_serves(
    held_meeting, people
):
    section = services.sections_create_from_agenda(held_meeting)[3]
    services.conflict_record(section, people["Anton Waara"], substitute=people["Karin Jonsson"])
    serving = serving_persons(held_meeting, section)
    assert people["Anton Waara"].pk not in serving
    assert people["Karin Jonsson"].pk in serving
    other = Section.objects.get(meeting=held_meeting, number=5)
    assert people["Karin Jonsson"].pk not in serving_persons(held_meeting, other)
    with pytest.raises(ValidationError, match="Anton Waara tjänstgör inte vid § 4"):
        services.motion_add(section, people["Anton Waara"], "bifall")


def test_motions_dissents_and_statements_are_recorded(held_meeting, people):
    section = services.sections_create_from_agenda(held_meeting)[4]
    services.motion_add(
        section, people["Johan Loock"] if False else people["Kent Karlsson"], "avslag till punkt 2"
    )
    services.dissent_add(section, people["Kent Karlsson"], "Förslaget saknar kostnadsberäkning.")
    services.statement_add(section, people["Bengt Bergqvist"], "Frågan bör följas upp.")
    assert section.motions.count() == section.dissents.count() == section.statements.count() == 1
