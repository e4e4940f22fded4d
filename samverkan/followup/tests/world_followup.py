"""Assignments in the access tests' world: one from the sealed meeting's open § (public,
with a sub-assignment and a progress report), one from its closed § (its title,
description and progress report carry CLOSED markers) and one from the draft § of the
unattested meeting (DRAFT markers)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from samverkan.followup import services
from samverkan.followup.models import Assignment

from ...access.tests.world import CLOSED, DRAFT, DRAFT_DAY, MEMBER, SEALED_DAY, m


@dataclass
class FollowupWorld:
    open: Assignment
    child: Assignment
    closed: Assignment
    draft: Assignment


def followup_build(world: Any) -> FollowupWorld:
    today = DRAFT_DAY
    open_ = services.assignment_create(
        source=world.open_section,
        body=world.rsr,
        title="Öppet uppdrag från den öppna paragrafen",
        owner_party=world.party,
        decided_on=SEALED_DAY,
        deadline=datetime.date(2027, 6, 30),
        review_on=datetime.date(2026, 12, 1),
        today=today,
    )
    services.progress_report_add(
        open_, date=today, text="Arbetet har börjat.", percent=25, today=today
    )
    child = services.assignment_create(
        parent=open_,
        body=world.rsr,
        title="Öppet deluppdrag",
        owner_person=world.persons[MEMBER],
        decided_on=None,
        deadline=datetime.date(2027, 3, 31),
        today=today,
    )
    closed = services.assignment_create(
        source=world.closed_section,
        body=world.rsr,
        title=m(CLOSED, "assignment title"),
        description=m(CLOSED, "assignment description"),
        owner_party=world.party,
        decided_on=SEALED_DAY,
        deadline=datetime.date(2026, 11, 1),  # late: on the overdue list
        today=today,
    )
    services.progress_report_add(
        closed, date=today, text=m(CLOSED, "assignment progress"), percent=10, today=today
    )
    draft = services.assignment_create(
        source=world.draft_section,
        body=world.rsr,
        title=m(DRAFT, "assignment title"),
        owner_party=world.party,
        decided_on=DRAFT_DAY,
        deadline=datetime.date(2026, 12, 20),
        today=today,
    )
    return FollowupWorld(open_, child, closed, draft)
