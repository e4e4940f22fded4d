"""The demo's story of a substitute call can be followed to its end: the substitute the
secretary calls when exempel-ledamot reports absence for the next PSA meeting has a
login, and the account table says so."""

import datetime

import pytest

from samverkan.meetings.models import Meeting
from samverkan.meetings.selectors import substitute_next
from samverkan.structure.models import Person

pytestmark = pytest.mark.django_db

HINT = "kallas när exempel-ledamot anmäler förhinder till PSA "


def test_the_account_told_to_wait_for_the_call_is_the_substitute_that_would_be_called(
    generated,
):
    shows = {a.username: a.shows for a in generated.accounts}
    waiting = [u for u, s in shows.items() if HINT in s]
    assert waiting == ["exempel-ersattare-kallas"]
    day = datetime.date.fromisoformat(shows[waiting[0]].split(HINT)[1][:10])
    meeting = Meeting.objects.get(
        body__collaboration__slug="exempellanet", body__slug="psa", date=day
    )
    assert meeting.sections.count() == 0  # still ahead
    member = Person.objects.get(user__username="exempel-ledamot")
    called = substitute_next(meeting, member)
    assert called is not None and called.person.user is not None
    assert called.person.user.username == waiting[0]


def test_the_command_prints_the_substitute_with_the_meeting_to_wait_for(printed):
    line = next(row for row in printed.splitlines() if "exempel-ersattare-kallas" in row)
    assert "Ersättare PSA" in line
    assert f"{HINT}2026-12-10)" in line
