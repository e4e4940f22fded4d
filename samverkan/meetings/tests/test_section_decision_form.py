"""A decision refused at a § (the body not quorate, the meeting not yet held) comes back
in the form as typed, with the reason, so the secretary loses nothing."""

import datetime

from django.urls import reverse

from samverkan.accounts.models import Role
from samverkan.meetings.models import Section
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

from .test_meeting_law import HELD, Board
from .test_meeting_law_pages import _account

TYPED = "Samverkansnämnden beslutar att anta budgeten med de ändringar som yrkats."


def test_a_refused_decision_keeps_what_was_typed(client, db):
    board = Board(HELD)
    board.attend("Anna")
    board.attend("Bo")  # two of five: not quorate
    section = board.section("Budget")
    secretary = f.person(name="Sekreteraren")
    f.membership(
        person=secretary,
        body=board.body,
        role=Membership.Role.SECRETARY,
        start=datetime.date(2024, 1, 1),
    )
    client.force_login(_account(secretary, "sekr", Role.SECRETARY))
    response = client.post(
        reverse("meetings:section", args=[section.pk]),
        {"action": "decision", "title": section.title, "decision": TYPED},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Inte beslutfört" in page.split('name="decision"')[0]  # the reason, on the form
    textarea = page.split('name="decision"')[1].split("</textarea>")[0]
    assert TYPED in textarea
    assert Section.objects.get(pk=section.pk).decision == ""
