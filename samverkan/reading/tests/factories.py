"""A small RSR-like body for the reading view's tests: a member and a substitute of one
party, a member of another, a secretary, and a meeting with a closed item whose document
has two pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem, Meeting, SupportingDocument
from samverkan.structure.models import Body, Membership
from samverkan.structure.tests import factories as f

PASSWORD = "x-Lösen-123"


def two_page_pdf(first: str, second: str) -> bytes:
    from weasyprint import HTML

    html = (
        "<html><body><p>" + first + '</p><p style="break-before: page">' + second + "</p>"
        "</body></html>"
    )
    return HTML(string=html).write_pdf()


@dataclass
class Room:
    body: Body
    users: dict[str, Any]
    meeting: Meeting
    closed_item: AgendaItem
    closed_doc: SupportingDocument
    open_doc: SupportingDocument


def room(day: datetime.date | None = None) -> Room:
    f.home_collaboration()
    body = f.body(name="Regionens samverkansråd", short_name="RSR", slug="rsr")
    users: dict[str, Any] = {}
    for key, role, letters, roles in (
        ("member", Membership.Role.MEMBER, "S", [Role.MEMBER]),
        ("substitute", Membership.Role.SUBSTITUTE, "S", [Role.MEMBER]),
        ("other_party", Membership.Role.MEMBER, "M", [Role.MEMBER]),
        ("secretary", Membership.Role.SECRETARY, "", [Role.SECRETARY]),
    ):
        user = user_create(username=key, password=PASSWORD, roles=roles)
        person = f.person(name=key.capitalize(), user=user, email=f"{key}@exempel.invalid")
        f.membership(
            person=person,
            body=body,
            role=role,
            party_letters=letters,
            start=datetime.date(2024, 1, 1),
        )
        users[key] = user
    users["outsider"] = user_create(username="outsider", password=PASSWORD, roles=[Role.MEMBER])
    meeting = meetings.meeting_create(
        body=body,
        date=day or datetime.date.today() + datetime.timedelta(days=7),
        start_time=datetime.time(10),
        place="Regionens hus",
    )
    open_item = meetings.agenda_item_add(meeting, title="Öppen punkt om samverkan")
    closed_item = meetings.agenda_item_add(
        meeting,
        title="Stängd punkt om en enskild",
        is_public=False,
        confidentiality_ground="OSL 21 kap. 1 §",
    )
    closed_doc = meetings.supporting_document_add(
        closed_item,
        title="Utredning om en enskild",
        upload=SimpleUploadedFile(
            "utredning.pdf",
            two_page_pdf("Första sidan om behovet.", "Andra sidan med förslaget."),
            "application/pdf",
        ),
    )
    open_doc = meetings.supporting_document_add(
        open_item,
        title="Öppet underlag",
        upload=SimpleUploadedFile("underlag.txt", b"Offentligt underlag.", "text/plain"),
    )
    return Room(body, users, meeting, closed_item, closed_doc, open_doc)
