"""The last PSA meeting held before the story stops keeps its minutes waiting for the last
attester, whose demo account can attest them: the chair and the other attesters have."""

import datetime
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from samverkan.generator.services import generate
from samverkan.generator.year import last_psa_meeting_before
from samverkan.meetings.models import Meeting

from .conftest import FAST_HASHERS


def test_the_meeting_left_waiting_is_the_last_psa_meeting_before_the_day():
    assert last_psa_meeting_before([2026], datetime.date(2026, 11, 26)) == datetime.date(
        2026, 11, 19
    )
    assert last_psa_meeting_before([2026], datetime.date(2026, 3, 19)) is None


@pytest.mark.django_db
def test_the_last_attester_is_left_to_attest_once_the_others_have(tmp_path: Any):
    with (
        override_settings(MEDIA_ROOT=str(tmp_path), PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        result = generate(
            collaborations=1,
            years=1,
            seed=1,
            start_year=2026,
            as_of=datetime.date(2026, 4, 6),
            password="x-Exempel-2026",
        )
        meeting = Meeting.objects.get(
            body__collaboration__slug="exempellanet", body__slug="psa", date="2026-03-19"
        )
        signed = set(meeting.attestations.values_list("person__user__username", flat=True))
        attesters = list(
            meeting.attesters.order_by("pk").values_list("person__user__username", flat=True)
        )
        assert meeting.sealed_at is None
        chair = meeting.chair
        assert chair is not None and chair.user is not None and chair.user.username in signed
        assert set(attesters[:-1]) <= signed and attesters[-1] not in signed
        shows = {a.username: a.shows for a in result.accounts}
        assert shows[attesters[-1]] == "ska justera protokollet PSA 2026-03-19"
        transaction.set_rollback(True)
