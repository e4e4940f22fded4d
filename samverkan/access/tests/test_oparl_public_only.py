"""OParl reads the world as the public does: a client walks every list from the System to
its end, every object validates, and nothing closed, confidential or unattested is in
it, for whichever role asks."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.cases import services as cases
from samverkan.cases.models import Handling
from samverkan.meetings import services as meetings
from samverkan.meetings.models import Meeting
from samverkan.oparl.tests.client import Walker, check_object
from samverkan.structure.tests import factories as f

from .scan import markers_in, response_text
from .world import ROLES, World


def _list(world: World, kind: str, query: str = "") -> str:
    return reverse("oparl:list", args=[world.rsr.collaboration_id, kind]) + query


def test_a_client_walks_every_list_and_every_object_validates(world: World, db: None, client):
    walker = Walker(client)
    lists = walker.walk()
    ids = {o["id"] for objects in lists.values() for o in objects}
    assert any(i.endswith(f"/meeting/{world.sealed.pk}/") for i in ids)
    assert any(i.endswith(f"/agendaitem/{world.open_item.pk}/") for i in ids)
    assert any(i.endswith(f"/paper/{world.case.pk}/") for i in ids)
    assert any(i.endswith(f"/file/{world.public_document.pk}/") for i in ids)
    assert any(i.endswith(f"/protocol/{world.sealed.pk}/") for i in ids)
    assert not any(i.endswith(f"/agendaitem/{world.closed_item.pk}/") for i in ids)
    assert not any(i.endswith(f"/file/{world.confidential_document.pk}/") for i in ids)
    [item] = [o for o in lists["agendaItem"] if o["id"].endswith(f"/{world.open_item.pk}/")]
    files = [d["id"] for d in item.get("auxiliaryFile", [])]
    assert any(i.endswith(f"/file/{world.open_doc.document_id}/") for i in files)
    assert not any(i.endswith(f"/file/{world.closed_doc.document_id}/") for i in ids)
    # Under modified_since the walk also validates (deleted objects included).
    walker.walk(query="?modified_since=2000-01-01T00:00:00%2B01:00")


def test_every_role_gets_the_same_public_json(world: World, db: None, client):
    paths = [reverse("oparl:system")] + [
        _list(world, kind) for kind in ("meeting", "agendaitem", "paper", "file", "consultation")
    ]
    seen: dict[str, bytes] = {}
    for role in ROLES:
        client.logout()
        if world.users.get(role) is not None:
            client.force_login(world.users[role])
        for path in paths:
            content = client.get(path).content
            assert seen.setdefault(path, content) == content, (role, path)


def test_a_closed_item_and_a_confidential_document_never_appear_with_a_title(
    world: World, db: None, client
):
    for kind, pk in (
        ("agendaitem", world.closed_item.pk),
        ("file", world.confidential_document.pk),
    ):
        response = client.get(reverse("oparl:object", args=[kind, pk]))
        if response.status_code == 200:
            # Once public, then withdrawn: only the bare deleted object.
            data = json.loads(response.content)
            assert set(data) == {"id", "type", "created", "modified", "deleted"}
            check_object(data)
        else:
            assert response.status_code == 404
    download = client.get(reverse("oparl:download", args=["file", world.confidential_document.pk]))
    assert download.status_code == 404


def test_paging_keeps_the_filters_and_neither_skips_nor_repeats(
    world: World, db: None, client, monkeypatch
):
    from samverkan.oparl import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    query = "?created_since=2000-01-01T00:00:00%2B01:00&omit_internal=1"
    walker = Walker(client)
    whole = walker.walk_list("http://testserver" + _list(world, "meeting", query))
    _, first = walker.get("http://testserver" + _list(world, "meeting", query))
    assert "created_since=2000-01-01T00%3A00%3A00%2B01%3A00" in first["links"]["next"]
    assert "omit_internal=1" in first["links"]["next"]
    assert all("agendaItem" not in m for m in whole)  # omit_internal leaves out embedded
    assert len(whole) == first["pagination"]["totalElements"]


def test_a_list_page_costs_the_same_queries_however_many_rows_it_holds(
    world: World, db: None, client
):
    kinds = (
        "meeting",
        "agendaitem",
        "organization",
        "person",
        "membership",
        "location",
        "paper",
        "consultation",
        "file",
    )

    def counts() -> dict[str, int]:
        from django.core.cache import cache

        cache.clear()  # each list's count is kept while nothing changes: counted afresh
        out = {}
        for kind in kinds:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(_list(world, kind)).status_code == 200
            out[kind] = len(queries)
        return out

    def add(n: int) -> None:
        body = f.body(
            collaboration_id=world.rsr.collaboration_id, slug=f"oparl-organ-{n}", name=f"OP {n}"
        )
        f.membership(
            body=body,
            person=f.person(slug=f"oparl-person-{n}", email=f"oparl-{n}@example.se"),
            start=datetime.date(2024, 1, 1),
        )
        meeting = meetings.meeting_create(
            body=body,
            date=datetime.date(2026, 2, 2 + n),
            start_time=datetime.time(9),
            place=f"Plats {n}",
        )
        item = meetings.agenda_item_add(meeting, title=f"Punkt {n}")
        # A sent notice is a File of the meeting, named after its body; a paper embeds
        # its consultations, each naming its (public) agenda item.
        meetings.notice_send(meeting)
        case = cases.case_register(
            series=world.series, title=f"Ärende {n}", registered_on=datetime.date(2026, 2, 1)
        )
        cases.handling_add(
            case,
            body=body,
            kind=Handling.Kind.DECISION,
            date=datetime.date(2026, 2, 2 + n),
            agenda_item=item,
        )

    # One of each first (a list's first row of a source adds its query), then two more.
    add(0)
    before = counts()
    for n in (1, 2):
        add(n)
    assert counts() == before


def test_a_bad_filter_is_a_json_400(world: World, db: None, client):
    for query in ("?modified_since=igår", "?created_until=2026-01-01T00:00:00", "?after=x"):
        response = client.get(_list(world, "meeting", query))
        assert response.status_code == 400
        data: dict[str, Any] = json.loads(response.content)
        assert data["error"]["status"] == 400


def test_a_public_file_downloads_as_an_attachment_and_nothing_takes_a_post(
    world: World, db: None, client
):
    response = client.get(reverse("oparl:download", args=["file", world.public_document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post(reverse("oparl:system")).status_code in (403, 405)


def test_the_invitation_of_a_meeting_with_a_closed_item_carries_no_closed_content(
    world: World, db: None, client
):
    Meeting.objects.filter(pk=world.draft.pk).update(notice_sent_at=timezone.now())
    _, meeting = Walker(client).get(
        "http://testserver" + reverse("oparl:object", args=["meeting", world.draft.pk])
    )
    check_object(meeting)
    invitation = meeting["invitation"]
    assert invitation["id"].endswith(f"/invitation/{world.draft.pk}/")
    for role in ROLES:
        client.logout()
        if world.users.get(role) is not None:
            client.force_login(world.users[role])
        response = client.get(reverse("oparl:download", args=["invitation", world.draft.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert not markers_in(response_text(response)), role
    assert not markers_in(json.dumps(meeting, ensure_ascii=False))
