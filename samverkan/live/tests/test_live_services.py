"""The meeting in the room, through its services: what the secretary and the members do,
and what the quorum, the vote and the draft minutes then say."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverkan.access.policy import audience_for
from samverkan.live import selectors, services
from samverkan.live.models import ItemTiming, LiveMeeting, Speaker
from samverkan.meetings.models import Ballot, Section

from .factories import fast_passwords, room  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    return room()


@pytest.fixture
def opened(r):
    live = services.live_meeting_open(r.meeting)
    for p in [r.chair, *r.members]:
        services.live_arrival(live, p)
    services.live_item_set(live, r.items[0])
    return live


def test_opening_makes_a_section_per_item_and_follows_the_agenda(r):
    live = services.live_meeting_open(r.meeting)
    assert live.is_running
    assert Section.objects.filter(meeting=r.meeting).count() == 3
    services.live_item_set(live, r.items[0])
    services.live_item_set(live, r.items[1])
    first = ItemTiming.objects.get(agenda_item=r.items[0])
    second = ItemTiming.objects.get(agenda_item=r.items[1])
    assert first.started_at and first.ended_at and second.started_at and not second.ended_at
    with pytest.raises(ValidationError, match="redan öppnat"):
        services.live_meeting_open(r.meeting)


def test_a_meeting_opens_only_on_its_day():
    r = room(day=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="kan öppnas på sammanträdesdagen"):
        services.live_meeting_open(r.meeting)
    assert not LiveMeeting.objects.exists()


def test_vote_leave_substitute_quorum_result_and_minutes(r, opened):
    live = opened
    sec = audience_for(r.secretary.user)
    state = selectors.room(r.meeting, sec)
    assert (state.quorum.serving, state.quorum.seats, state.quorum.met) == (5, 5, True)
    vote = services.live_vote_open(live, question="Bifall till förslaget", yes_means="bifall")
    a, b, c, d = r.members
    services.live_ballot_cast(live, vote, a, Ballot.Choice.YES)
    services.live_ballot_cast(live, vote, b, Ballot.Choice.NO)
    services.live_ballot_cast(live, vote, d, Ballot.Choice.NO)
    # A device that lost its connection sends again: one ballot, the last.
    services.live_ballot_cast(live, vote, a, Ballot.Choice.YES)
    assert vote.ballots.count() == 3
    # David leaves during the vote: gone from this item, his ballot will not count.
    services.live_departure(live, d)
    assert selectors.room(r.meeting, sec).quorum.serving == 4
    # Erik (substitute) takes his seat and votes.
    services.live_substitute_seat(live, r.substitutes[0], d)
    state = selectors.room(r.meeting, sec)
    assert state.quorum.serving == 5
    assert {p.name for p in state.people if p.serving} >= {"Erik Ersättare"}
    services.live_ballot_cast(live, vote, r.substitutes[0], Ballot.Choice.YES)
    services.live_ballot_cast(live, vote, c, Ballot.Choice.YES)
    services.live_ballot_cast(live, vote, r.chair, Ballot.Choice.YES)
    with pytest.raises(ValidationError, match="tjänstgör inte"):
        services.live_ballot_cast(live, vote, d, Ballot.Choice.NO)
    closed = services.live_vote_close(live, vote)
    assert closed.result == "Ja (4 ja, 1 nej, 0 avstår)"
    assert not vote.ballots.filter(person=d).exists()
    services.live_decision_write(live, "Förslaget bifalls.")
    section = Section.objects.get(agenda_item=r.items[0])
    assert section.decision == "Förslaget bifalls."
    assert section.votes.get().result.startswith("Ja (4 ja")


def test_while_a_vote_is_open_nobody_sees_the_tally_and_the_item_cannot_change(r, opened):
    vote = services.live_vote_open(opened, question="Bifall")
    services.live_ballot_cast(opened, vote, r.members[0], Ballot.Choice.NO)
    state = selectors.room(r.meeting, audience_for(r.secretary.user))
    assert state.open_vote.cast == 1 and state.open_vote.no == 0 and not state.open_vote.voters
    with pytest.raises(ValidationError, match="omröstning pågår"):
        services.live_item_set(opened, r.items[1])
    with pytest.raises(ValidationError, match="omröstning pågår; stäng den först"):
        services.live_vote_open(opened, question="Ännu en")
    with pytest.raises(ValidationError, match="omröstning pågår"):
        services.live_meeting_close(opened)


def test_a_quorum_lost_refuses_the_vote(r):
    live = services.live_meeting_open(r.meeting)
    services.live_arrival(live, r.members[0])
    services.live_arrival(live, r.members[1])
    services.live_item_set(live, r.items[0])
    with pytest.raises(ValidationError, match="inte beslutfört"):
        services.live_vote_open(live, question="Bifall")


def test_arriving_during_an_item_enters_at_the_next(r, opened):
    services.live_departure(opened, r.members[3])
    services.live_item_set(opened, r.items[1])
    late = room(prefix="x").members[0]  # not called here
    with pytest.raises(ValidationError, match="inte ledamot"):
        services.live_arrival(opened, late)
    sec = audience_for(r.secretary.user)
    assert selectors.room(r.meeting, sec).quorum.serving == 4


def test_speakers_in_order_replies_first(r, opened):
    a, b, c, _ = r.members
    services.speaker_request(opened, a)
    services.speaker_request(opened, b)
    services.speaker_request(opened, c, Speaker.Kind.REPLY)
    with pytest.raises(ValidationError, match="redan på talarlistan"):
        services.speaker_request(opened, a)
    assert services.speaker_next(opened).person == c
    assert services.speaker_next(opened).person == a
    with pytest.raises(ValidationError, match="inte kallad"):
        services.speaker_request(opened, r.outsider)


def test_a_closed_ballot_keeps_only_the_count(r, opened):
    vote = services.live_election_record(
        opened, question="Val av vice ordförande", tally={"Bea Ledamot": 3, "Adam Ledamot": 2}
    )
    assert vote.is_secret and not vote.ballots.exists()
    assert vote.result == "Bea Ledamot (Bea Ledamot 3, Adam Ledamot 2)"
    with pytest.raises(ValidationError, match="Fler röster"):
        services.live_election_record(opened, question="Val", tally={"A": 4, "B": 2})


def test_every_change_moves_the_screens_counter(r, opened):
    from samverkan.live.events import live_version

    before = live_version(r.meeting.pk)
    services.speaker_request(opened, r.members[0])
    assert live_version(r.meeting.pk) == before + 1
    with pytest.raises(ValidationError):
        services.speaker_request(opened, r.members[0])
    assert live_version(r.meeting.pk) == before + 1


def test_a_closed_item_is_masked_for_the_public(r, opened):
    from samverkan.access.policy import PUBLIC

    services.live_item_set(opened, r.items[1])
    state = selectors.room(r.meeting, PUBLIC, with_people=False)
    assert state.current.title == selectors.CLOSED_TITLE
    assert state.section is None and not state.votes and not state.speakers
    assert "Enskild elevs" not in repr(state.items)
    inside = selectors.room(r.meeting, audience_for(r.members[0].user))
    assert inside.current.title == "Enskild elevs placering"


def test_a_vote_called_by_mistake_is_withdrawn_and_the_meeting_goes_on(r, opened):
    vote = services.live_vote_open(opened, question="Fel proposition")
    services.live_ballot_cast(opened, vote, r.members[0], Ballot.Choice.YES)
    services.live_vote_cancel(opened, vote)
    assert not Section.objects.get(agenda_item=r.items[0]).votes.exists()
    services.live_item_set(opened, r.items[2])  # no longer held up by an open vote


def test_an_election_needs_votes_and_no_open_vote(r, opened):
    with pytest.raises(ValidationError, match="Ange kandidaterna"):
        services.live_election_record(opened, question="Val", tally={"A": 0, "B": 0})
    services.live_vote_open(opened, question="Bifall")
    with pytest.raises(ValidationError, match="omröstning pågår"):
        services.live_election_record(opened, question="Val", tally={"A": 3})


def test_the_public_sees_no_draft_decision(r, opened):
    from samverkan.access.policy import PUBLIC

    services.live_decision_write(opened, "Utkastbeslut")
    public = selectors.room(r.meeting, PUBLIC, with_people=False)
    assert not public.show_decision and all(not i.decision for i in public.items)
    inside = selectors.room(r.meeting, audience_for(r.members[0].user))
    assert inside.show_decision and inside.current.decision == "Utkastbeslut"
