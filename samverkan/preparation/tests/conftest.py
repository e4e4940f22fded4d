"""A small world for preparation: a body with its secretary, an official (collaboration
lead), a chair named reviewer, a member, and a coming meeting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services as meetings
from samverkan.meetings.models import Meeting
from samverkan.preparation import services
from samverkan.preparation.models import Preparation
from samverkan.structure.models import Body, Membership
from samverkan.structure.tests import factories as f

START = datetime.date(2024, 1, 1)
PASSWORD = "x-Lösen-123"


@dataclass
class Prep:
    body: Body
    other: Body
    users: dict[str, Any]
    meeting: Meeting

    def draft(self, **fields: Any) -> Preparation:
        defaults = {
            "title": "Gemensam plan för barns hälsa",
            "background": "Parterna har sett behov av en gemensam plan.",
            "assessment": "En plan ger tydligare ansvar.",
            "proposed_decision": "Att godkänna planen.\nAtt följa upp den om ett år.",
            "contact": "Tove Tjänsteperson, samverkansledare",
        }
        return services.preparation_create(
            body=self.body, author=self.users["official"], **{**defaults, **fields}
        )

    def submitted(self, **fields: Any) -> Preparation:
        return services.preparation_submit(self.draft(**fields), by=self.users["official"])

    def approved(self, **fields: Any) -> Preparation:
        return services.preparation_approve(self.submitted(**fields), by=self.users["chair"])


def _holder(username: str, body: Body, role: str, roles: list[Role]) -> Any:
    user = user_create(username=username, password=PASSWORD, roles=roles)
    person = f.person(name=username.capitalize(), user=user, email=f"{username}@exempel.invalid")
    f.membership(person=person, body=body, role=role, start=START)
    return user


@pytest.fixture
def prep(db, settings, tmp_path) -> Prep:
    settings.MEDIA_ROOT = str(tmp_path)
    body = f.body(name="Samverkansrådet", short_name="SR", slug="sr")
    other = f.body(name="Barnarenan", short_name="BA", slug="ba")
    users = {
        "secretary": _holder("sekr", body, Membership.Role.SECRETARY, [Role.SECRETARY]),
        "official": _holder("tjp", body, Membership.Role.COLLABORATION_LEAD, [Role.OFFICIAL]),
        "chair": _holder("ordf", body, Membership.Role.CHAIR, [Role.MEMBER]),
        "member": _holder("ledamot", body, Membership.Role.MEMBER, [Role.MEMBER]),
        "other_official": _holder("tjp2", other, Membership.Role.COORDINATOR, [Role.OFFICIAL]),
        "admin": user_create(username="adm", password=PASSWORD, roles=[Role.ADMINISTRATOR]),
    }
    services.reviewer_add(
        body, users["chair"].person, role_label="ordförande", by=users["secretary"]
    )
    meeting = meetings.meeting_create(
        body=body,
        date=timezone.localdate() + datetime.timedelta(days=30),
        start_time=datetime.time(10),
        place="Regionens hus",
    )
    return Prep(body=body, other=other, users=users, meeting=meeting)
