"""The live pages through the test client: who gets which view, what a form sends, and
that bad input gets a Swedish message and changes nothing."""

import pytest
from django.urls import reverse

from samverkan.live import services
from samverkan.live.models import Speaker
from samverkan.meetings.models import Ballot, Vote

from .factories import fast_passwords, room  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    r = room()
    live = services.live_meeting_open(r.meeting)
    for p in [r.chair, *r.members]:
        services.live_arrival(live, p)
    services.live_item_set(live, r.items[0])
    r.live = live
    return r


def login(client, username):
    from samverkan.accounts.models import User

    client.force_login(User.objects.get(username=username))
    return client


def test_the_secretary_gets_the_control_view_a_member_the_members_view(client, r):
    url = reverse("live:room", args=[r.meeting.pk])
    page = login(client, "sekr").get(url).content.decode()
    assert "Öppna en omröstning" in page and "Ersättare går in" in page
    client.logout()
    page = login(client, "adam").get(url).content.decode()
    assert "Öppna en omröstning" not in page and "Begär ordet" in page
    client.logout()
    assert login(client, "olle").get(url).status_code == 404


def test_the_chair_runs_the_meeting_too(client, r):
    act = reverse("live:act", args=[r.meeting.pk])
    response = login(client, "ordf").post(act, {"action": "next_speaker"})
    assert response.status_code == 302


def test_an_item_of_another_meeting_is_refused_in_swedish(client, r):
    other = room(prefix="z")
    act = reverse("live:act", args=[r.meeting.pk])
    login(client, "sekr")
    response = client.post(act, {"action": "item", "item": other.items[0].pk}, follow=True)
    assert "Välj en punkt på dagordningen." in response.content.decode()
    r.live.refresh_from_db()
    assert r.live.current_item == r.items[0]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"action": "election", "question": "Val", "tally": "Anna tre"}, "som Namn: antal"),
        ({"action": "election", "question": "Val", "tally": "Anna: ²"}, "som Namn: antal"),
        ({"action": "election", "question": "Val", "tally": "Anna: 99999999"}, "Orimligt antal"),
        ({"action": "vote_open", "question": ""}, "Ange propositionen"),
        ({"action": "motion", "person": "999999", "text": "x"}, "Välj någon som är kallad"),
        ({"action": "bogus"}, "Okänd åtgärd"),
        ({"action": "seat", "substitute": "abc", "member": ""}, "Välj"),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(client, r, data, message):
    login(client, "sekr")
    before = (Vote.objects.count(), Speaker.objects.count())
    response = client.post(reverse("live:act", args=[r.meeting.pk]), data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Vote.objects.count(), Speaker.objects.count()) == before


def test_a_member_votes_for_themselves_only_and_a_retry_keeps_one_ballot(client, r):
    vote = services.live_vote_open(r.live, question="Bifall")
    url = reverse("live:member_act", args=[r.meeting.pk])
    login(client, "adam")
    headers = {"HTTP_X_LIVE_BALLOT": "1"}
    data = {"action": "ballot", "vote": vote.pk, "choice": "yes", "person": r.members[1].pk}
    assert client.post(url, data, **headers).status_code == 200
    assert client.post(url, data, **headers).status_code == 200
    assert list(vote.ballots.values_list("person__name", "choice")) == [("Adam Ledamot", "yes")]
    services.live_vote_close(r.live, vote)
    response = client.post(url, {**data, "choice": "no"}, **headers)
    assert response.status_code == 400
    assert "inte öppen" in response.content.decode()
    assert Ballot.objects.get(vote=vote).choice == "yes"


def test_a_substitute_not_serving_cannot_vote(client, r):
    vote = services.live_vote_open(r.live, question="Bifall")
    login(client, "erik")
    response = client.post(
        reverse("live:member_act", args=[r.meeting.pk]),
        {"action": "ballot", "vote": vote.pk, "choice": "yes"},
        HTTP_X_LIVE_BALLOT="1",
    )
    assert response.status_code == 400
    assert "tjänstgör inte" in response.content.decode()


def test_the_webcast_is_public_only_when_the_meeting_is_open_to_the_public(client, r):
    url = reverse("live:webcast", args=[r.meeting.pk])
    assert client.get(url).status_code == 404
    services.live_public_set(r.live, True)
    assert "Budget för samverkan 2027" in client.get(url).content.decode()
    services.live_item_set(r.live, r.items[1])
    page = client.get(url).content.decode()
    assert "Enskild elevs placering" not in page
    assert "stängda dörrar" in page


def test_queries_per_room_page_do_not_grow_with_the_meeting(
    client, r, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, "sekr")
    url = reverse("live:room", args=[r.meeting.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    from samverkan.meetings import services as meetings

    for n in range(15):
        meetings.agenda_item_add(r.meeting, title=f"Punkt {n}")
    services.speaker_request(r.live, r.members[0])
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) <= len(small) + 2


def test_the_public_stream_cannot_count_what_happens_behind_closed_doors(client, r):
    services.live_public_set(r.live, True)
    services.live_item_set(r.live, r.items[1])  # the closed item
    url = reverse("live:events", args=[r.meeting.pk])

    def heard(c):
        text = c.get(url).content.decode()
        return int(text.split('"version": ')[1].split("}")[0])

    public_before = heard(client)
    login(client, "adam")
    inside_before = heard(client)
    vote = services.live_vote_open(r.live, question="Bifall")
    services.live_ballot_cast(r.live, vote, r.members[0], Ballot.Choice.YES)
    services.speaker_request(r.live, r.members[1])
    services.live_departure(r.live, r.members[3])
    assert heard(client) == inside_before + 4
    client.logout()
    assert heard(client) == public_before
    services.live_vote_close(r.live, vote)
    services.live_item_set(r.live, r.items[2])  # moving on is public again
    assert heard(client) == public_before + 1
