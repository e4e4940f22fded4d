"""OParl lists: paging in key order that neither skips nor repeats while rows change,
the date filters, and items withdrawn from the public listed as deleted only under
modified_since."""

import datetime
import json

import pytest
from django.urls import reverse

from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem
from samverkan.meetings.tests.test_my_meetings import tiny_pdf
from samverkan.oparl import views
from samverkan.structure.tests import factories as f

from .client import Walker, check_object

pytestmark = pytest.mark.django_db


def _meeting_of(body, day, place="Regionens hus"):
    return meetings.meeting_create(
        body=body, date=day, start_time=datetime.time(9), place=place, standard_items=False
    )


@pytest.fixture
def meeting():
    m = _meeting_of(f.body(), datetime.date(2026, 3, 2))
    for n in range(5):
        meetings.agenda_item_add(m, title=f"Punkt {n}")
    return m


def _items_url(meeting, query=""):
    return reverse("oparl:list", args=[meeting.body.collaboration_id, "agendaitem"]) + query


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content)


def test_a_walk_neither_skips_nor_repeats_while_items_come_and_go(meeting, client, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    before = set(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    page = _get(client, _items_url(meeting))
    seen = [d["id"] for d in page["data"]]
    # While the client walks: one seen item is removed, a new one added.
    first = AgendaItem.objects.get(pk=int(seen[0].rstrip("/").rsplit("/", 1)[1]))
    meetings.agenda_item_remove(first)
    meetings.agenda_item_add(meeting, title="Ny punkt")
    url = page["links"].get("next")
    while url:
        page = _get(client, url)
        seen += [d["id"] for d in page["data"]]
        url = page["links"].get("next")
    assert len(seen) == len(set(seen))
    keys = {int(i.rstrip("/").rsplit("/", 1)[1]) for i in seen}
    assert before <= keys


def test_the_pages_are_numbered_and_counted_on_every_page(meeting, client, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    url, numbers, totals = _items_url(meeting), [], set()
    while url:
        page = _get(client, url)
        numbers.append(page["pagination"]["currentPage"])
        totals.add((page["pagination"]["totalElements"], page["pagination"]["totalPages"]))
        url = page["links"].get("next")
    assert numbers == [1, 2, 3]
    assert totals == {(5, 3)}
    # A cursor with no page number, or a number that is not one, is counted instead.
    second = _get(client, _items_url(meeting))["links"]["next"].split("&page=")[0]
    for query in ("", "&page=x", "&page=-1"):
        assert _get(client, second + query)["pagination"]["currentPage"] == 2


def test_an_item_closed_after_being_public_is_deleted_under_modified_since_only(meeting, client):
    item = meeting.items.first()
    meetings.agenda_item_publicity_set(
        item, is_public=False, confidentiality_ground="OSL 19 kap. 1 §"
    )
    plain = _get(client, _items_url(meeting))
    assert all(not d["id"].endswith(f"/{item.pk}/") for d in plain["data"])
    since = _get(client, _items_url(meeting, "?modified_since=2000-01-01T00:00:00%2B01:00"))
    [stub] = [d for d in since["data"] if d["id"].endswith(f"/{item.pk}/")]
    assert stub["deleted"] is True
    assert set(stub) == {"id", "type", "created", "modified", "deleted"}
    check_object(stub)
    assert "Punkt" not in json.dumps(stub)


def test_an_incremental_walk_returns_only_what_changed_since(meeting, client):
    """modified_since after the rows were made: the rows changed since (one edited, one
    closed and so withdrawn, shown as deleted), none of the others."""
    from urllib.parse import urlencode

    from samverkan.audit.models import AuditEntry

    last = AuditEntry.objects.order_by("-occurred_at").values_list("occurred_at", flat=True)[0]
    since = urlencode({"modified_since": (last + datetime.timedelta(microseconds=1)).isoformat()})
    assert _get(client, _items_url(meeting, "?" + since))["data"] == []
    edited, closed, *_ = meeting.items.order_by("position")
    meetings.agenda_item_update(edited, title="Punkt 0, omformulerad")
    meetings.agenda_item_publicity_set(
        closed, is_public=False, confidentiality_ground="OSL 19 kap. 1 §"
    )
    page = _get(client, _items_url(meeting, "?" + since))
    by_id = {d["id"].rstrip("/").rsplit("/", 1)[1]: d for d in page["data"]}
    assert set(by_id) == {str(edited.pk), str(closed.pk)}
    assert by_id[str(edited.pk)]["name"] == "Punkt 0, omformulerad"
    assert by_id[str(closed.pk)]["deleted"] is True
    assert page["pagination"]["totalElements"] == 2


def test_created_and_modified_are_the_first_and_last_logged_times_in_swedish_time(meeting, client):
    """Read from the audit log (as SQLite stores them, UTC text with microseconds) and
    shown to the second in the site's zone, in the list and on the object."""
    from zoneinfo import ZoneInfo

    from django.contrib.contenttypes.models import ContentType

    from samverkan.audit.models import AuditEntry

    item = meeting.items.order_by("position").first()
    meetings.agenda_item_update(item, title="Punkt 0, omformulerad")
    logged = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(AgendaItem), object_id=str(item.pk)
    ).order_by("occurred_at", "pk")
    first, last = logged.first().occurred_at, logged.last().occurred_at
    assert first < last

    def shown(moment):
        return moment.astimezone(ZoneInfo("Europe/Stockholm")).isoformat(timespec="seconds")

    [listed] = [
        d for d in _get(client, _items_url(meeting))["data"] if d["name"].endswith("ulerad")
    ]
    alone = _get(client, reverse("oparl:object", args=["agendaitem", item.pk]))
    for data in (listed, alone):
        assert (data["created"], data["modified"]) == (shown(first), shown(last))
        assert data["created"][-6:] in ("+01:00", "+02:00")


def test_the_date_filters_select_by_created_and_modified(meeting, client):
    future = "?modified_since=2100-01-01T00:00:00%2B01:00"
    assert _get(client, _items_url(meeting, future))["data"] == []
    past = "?created_until=2000-01-01T00:00:00%2B01:00"
    assert _get(client, _items_url(meeting, past))["data"] == []
    everything = _get(client, _items_url(meeting, "?created_since=2000-01-01T00:00:00-05:00"))
    assert len(everything["data"]) == 5
    for data in everything["data"]:
        check_object(data)


def test_the_meeting_embeds_its_place_as_a_location_of_the_list(meeting, client):
    walker = Walker(client)
    lists = walker.walk()
    [m] = [x for x in lists["meeting"] if x["id"].endswith(f"/meeting/{meeting.pk}/")]
    assert m["location"]["description"] == "Regionens hus"
    assert m["location"]["id"] in {loc["id"] for loc in lists["locationList"]}
    assert [i["name"] for i in m["agendaItem"]] == [f"Punkt {n}" for n in range(5)]
    # Embedded, an item leaves out its meeting; listed, it names it.
    assert all("meeting" not in i for i in m["agendaItem"])
    assert all(i["meeting"] == m["id"] for i in lists["agendaItem"])


def test_a_public_item_removed_from_the_agenda_is_deleted_under_modified_since_only(
    meeting, client
):
    item = meeting.items.first()
    pk = item.pk
    meetings.agenda_item_remove(item)
    plain = _get(client, _items_url(meeting))
    assert all(not d["id"].endswith(f"/{pk}/") for d in plain["data"])
    since = _get(client, _items_url(meeting, "?modified_since=2000-01-01T00:00:00%2B01:00"))
    [stub] = [d for d in since["data"] if d["id"].endswith(f"/agendaitem/{pk}/")]
    assert stub["deleted"] is True
    check_object(stub)
    assert _get(client, reverse("oparl:object", args=["agendaitem", pk]))["deleted"] is True
    later = "?modified_since=2100-01-01T00:00:00%2B01:00"
    assert _get(client, _items_url(meeting, later))["data"] == []


def test_times_out_of_range_are_a_400_not_a_server_error(meeting, client):
    body = meeting.body.collaboration_id
    for value in ("9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "2026-01-01T00:00:00"):
        response = client.get(
            reverse("oparl:list", args=[body, "meeting"]), {"modified_since": value}
        )
        assert response.status_code == 400, value


def test_a_disposed_file_is_deleted_and_offered_nowhere(meeting, client):
    from django.utils import timezone

    item = meeting.items.first()
    from django.core.files.uploadedfile import SimpleUploadedFile

    link = meetings.supporting_document_add(
        item, title="Inkommet brev", upload=SimpleUploadedFile("brev.txt", b"Brevets text")
    )
    document = link.document
    file_url = reverse("oparl:object", args=["file", document.pk])
    assert _get(client, file_url).get("deleted") is None
    document.disposed_at = timezone.now()  # as disposal_run_confirm leaves it
    document.save(update_fields=["disposed_at"])
    stub = _get(client, file_url)
    assert stub["deleted"] is True and "brev" not in json.dumps(stub)
    files = reverse("oparl:list", args=[meeting.body.collaboration_id, "file"])
    assert all(not d["id"].endswith(f"/{document.pk}/") for d in _get(client, files)["data"])
    item_json = json.dumps(_get(client, reverse("oparl:object", args=["agendaitem", item.pk])))
    assert f"/file/{document.pk}/" not in item_json


def test_meetings_come_ten_a_page_as_each_embeds_its_items(meeting, client):
    for n in range(11):
        meetings.meeting_create(
            body=meeting.body,
            date=datetime.date(2026, 4, 1 + n),
            start_time=datetime.time(9),
            place="Regionens hus",
            standard_items=False,
        )
    url = reverse("oparl:list", args=[meeting.body.collaboration_id, "meeting"])
    first = _get(client, url)
    assert len(first["data"]) == 10
    assert first["pagination"] == {
        "totalElements": 12,
        "elementsPerPage": 10,
        "currentPage": 1,
        "totalPages": 2,
    }
    second = _get(client, first["links"]["next"])
    assert len(second["data"]) == 2 and second["pagination"]["currentPage"] == 2


def test_a_list_without_filters_is_walked_in_key_order_whatever_the_models_order(
    client, monkeypatch
):
    # Meetings sort by date in the rest of the site: made with the dates going backwards,
    # their keys run against that order, and a walk must still follow the keys.
    monkeypatch.setattr(views, "SMALLER_PAGES", {"meeting": 2})
    body = f.body()
    made = [
        meetings.meeting_create(
            body=body, date=datetime.date(2026, 3, 20 - n), start_time=datetime.time(9)
        ).pk
        for n in range(7)
    ]
    walker = Walker(client)
    url = "http://testserver" + reverse("oparl:list", args=[body.collaboration_id, "meeting"])
    walked = [int(o["id"].rstrip("/").rsplit("/", 1)[1]) for o in walker.walk_list(url)]
    assert walked == sorted(made)
    assert walker.pages == 4


def _documents_in_two_collaborations(meeting):
    """Documents of `meeting`'s collaboration (on its agenda, in its cases, both) and of
    another one, some confidential."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samverkan.cases import services as cases
    from samverkan.documents import services as documents

    mine = meeting.body.collaboration
    other = f.collaboration()
    made = {}
    for c, code in ((mine, "DA"), (other, "DB")):
        series = cases.case_series_create(collaboration=c, code=code)
        case = cases.case_register(
            series=series, title="Ärende", registered_on=datetime.date(2026, 1, 5)
        )
        by_case = documents.document_create(title=f"Brev {c.pk}", data=b"x", filename="a.txt")
        secret = documents.document_create(
            title=f"Hemligt {c.pk}",
            data=b"x",
            filename="b.txt",
            confidentiality_ground="OSL 21 kap. 1 §",
        )
        for d in (by_case, secret):
            cases.registry_entry_add(
                case,
                date=datetime.date(2026, 1, 5),
                direction="received",
                description="Inkommet",
                document=d,
            )
        made[c.pk] = {by_case.pk, secret.pk}
    item = meeting.items.first()
    link = meetings.supporting_document_add(
        item, title="Underlag", upload=SimpleUploadedFile("u.txt", b"Underlag")
    )
    return mine, other, link.document.pk, made


def test_a_documents_files_are_the_same_tried_one_by_one_as_read_whole(meeting):
    from samverkan.oparl import selectors as s

    mine, other, on_agenda, made = _documents_in_two_collaborations(meeting)
    kind = s.KINDS["file"]
    for c in (mine, other):
        one_by_one = set(kind.public(c).values_list("pk", flat=True))
        whole = set(kind.all_public(c).values_list("pk", flat=True))
        assert one_by_one == whole
    shown = set(kind.public(mine).values_list("pk", flat=True))
    assert on_agenda in shown
    assert shown & made[mine.pk] and not shown & made[other.pk]
    assert len(shown & made[mine.pk]) == 1  # the confidential one is not a File


def test_sqlite_finds_a_documents_entries_by_their_own_index(meeting):
    """Most registry entries have no document: SQLite's statistics then judged the foreign
    key's index to give a quarter of a million entries per document, and tested each
    document of a page against all of its collaboration's entries."""
    from django.db import connection

    from samverkan.oparl import selectors as s

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner")
    mine, *_ = _documents_in_two_collaborations(meeting)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # As a national registry's statistics stand: a million entries, almost all
        # without a document.
        cursor.execute(
            "UPDATE sqlite_stat1 SET stat = '1000000 250000' "
            "WHERE idx = 'cases_registryentry_document_id_2e6fa753'"
        )
        cursor.execute("UPDATE sqlite_stat1 SET stat = '3 1' WHERE idx = 'registry_entry_document'")
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
        sql, params = s.KINDS["file"].public(mine).query.sql_with_params()
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING INDEX registry_entry_document" in plan
    assert "cases_registryentry_case_id" not in plan


def _walk_keys(client, url):
    seen = []
    while url:
        page = _get(client, url)
        seen += [int(d["id"].rstrip("/").rsplit("/", 1)[1]) for d in page["data"]]
        url = page["links"].get("next")
    return seen


def test_a_pages_key_window_holds_twice_its_rows_at_the_lists_density():
    """Rows that lie close: a window of twice the page's room; rows one key in four (other
    collaborations' rows between): four times as many keys; never past KEY_WINDOW."""
    assert views._window(views.Extent(size=4_000, first=1, last=4_000), 101) == 202
    assert views._window(views.Extent(size=1_000, first=1, last=4_000), 101) == 808
    assert views._window(views.Extent(size=10, first=1, last=10**9), 101) == views.KEY_WINDOW
    assert views._window(views.Extent(size=1, first=7, last=7), 1) == 2


@pytest.mark.parametrize("window", [1, 3, 10_000])
def test_a_walk_past_other_collaborations_rows_finds_each_of_its_own_once(
    meeting, client, monkeypatch, window
):
    """Rows of two collaborations interleaved by key: a page's keys are read through a
    window of keys and the rest of the list as a set, whatever the window."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "KEY_WINDOW", window)
    other = f.body(collaboration=f.collaboration())
    theirs = _meeting_of(other, datetime.date(2026, 3, 3), "Kommunhuset")
    for n in range(4):
        meetings.agenda_item_add(theirs, title=f"Deras {n}")
        meetings.agenda_item_add(meeting, title=f"Vår {n}")
    mine = set(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    seen = _walk_keys(client, _items_url(meeting))
    assert seen == sorted(mine)
    assert _walk_keys(client, _items_url(theirs)) == sorted(
        AgendaItem.objects.filter(meeting=theirs).values_list("pk", flat=True)
    )
    # The files, whose rows are tried by their links.
    mine_docs, *_ = _documents_in_two_collaborations(meeting)
    files = reverse("oparl:list", args=[mine_docs.pk, "file"])
    from samverkan.oparl import selectors as s

    assert _walk_keys(client, files) == sorted(
        s.KINDS["file"].all_public(mine_docs).values_list("pk", flat=True)
    )


def test_a_row_written_without_the_log_is_listed_once_nothing_is_kept(meeting, client, settings):
    """A list's extent (its count, first and last key) is kept like other things kept
    while nothing is logged: a bulk load, which writes no audit entry, is listed once
    the kept extent has expired (SAMVERKAN_KEPT_SECONDS; 0 keeps nothing)."""
    from django.core.cache import cache

    cache.clear()
    settings.SAMVERKAN_KEPT_SECONDS = 0
    before = _walk_keys(client, _items_url(meeting))
    [loaded] = AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=99, title="Inläst utan logg", is_public=True)]
    )
    after = _walk_keys(client, _items_url(meeting))
    assert after == [*before, loaded.pk]


def test_a_query_built_once_is_handed_out_as_copies_that_read_afresh(meeting, client, settings):
    """The PUBLIC querysets kept by the process (selectors.built_once) are never read
    themselves: a page read before an item is closed and the same page after show what
    the database holds each time, and an evaluated copy does not fill the next."""
    settings.SAMVERKAN_KEPT_SECONDS = 0
    from samverkan.oparl import selectors as s

    item = meeting.items.order_by("pk").first()
    first = s.public_agenda_items()
    assert item in list(first)
    second = s.public_agenda_items()
    assert second is not first and second._result_cache is None
    before = _get(client, _items_url(meeting))
    assert any(d["id"].endswith(f"/{item.pk}/") for d in before["data"])
    meetings.agenda_item_publicity_set(
        item, is_public=False, confidentiality_ground="OSL 19 kap. 1 §"
    )
    assert item not in list(s.public_agenda_items())
    assert item not in list(s.timed(s.public_agenda_items))
    after = _get(client, _items_url(meeting))
    assert all(not d["id"].endswith(f"/{item.pk}/") for d in after["data"])
    assert after["pagination"]["totalElements"] == before["pagination"]["totalElements"] - 1
    # The meeting's page embeds only the open items, read afresh the same way.
    url = reverse("oparl:list", args=[meeting.body.collaboration_id, "meeting"])
    [embedded] = [m["agendaItem"] for m in _get(client, url)["data"]]
    assert all(not i["id"].endswith(f"/{item.pk}/") for i in embedded)


def test_a_consultation_names_its_agenda_item_and_meeting_only_where_the_item_is_public(
    meeting, client
):
    """A handling on a public item names it and its meeting; one outside a meeting names
    neither; one on a closed item is not shown at all (the access policy). The same in
    the consultation list and embedded in the paper."""
    from samverkan.cases import services as cases
    from samverkan.cases.models import Handling

    series = cases.case_series_create(
        collaboration=meeting.body.collaboration, code="TS", organisation=f.party()
    )
    case = cases.case_register(series=series, title="Ärende", registered_on=meeting.date)
    shown, closed = AgendaItem.objects.filter(meeting=meeting).order_by("position")[:2]
    meetings.agenda_item_publicity_set(
        closed, is_public=False, confidentiality_ground="OSL 19 kap. 1 §"
    )
    on_item, outside, on_closed = (
        cases.handling_add(
            case,
            body=meeting.body,
            kind=Handling.Kind.DECISION,
            date=meeting.date,
            agenda_item=item,
        )
        for item in (shown, None, closed)
    )
    c = meeting.body.collaboration_id
    listed = _get(client, reverse("oparl:list", args=[c, "consultation"]))["data"]
    [paper] = _get(client, reverse("oparl:list", args=[c, "paper"]))["data"]
    for found in (listed, paper["consultation"]):
        by_key = {int(d["id"].rstrip("/").rsplit("/", 1)[1]): d for d in found}
        assert set(by_key) == {on_item.pk, outside.pk}
        assert by_key[on_item.pk]["agendaItem"].endswith(f"/agendaitem/{shown.pk}/")
        assert by_key[on_item.pk]["meeting"].endswith(f"/meeting/{meeting.pk}/")
        assert "agendaItem" not in by_key[outside.pk] and "meeting" not in by_key[outside.pk]
        for d in by_key.values():
            check_object(d, embedded=found is not listed)
            # Embedded in its paper, a consultation leaves out the back reference.
            assert ("paper" in d) == (found is listed)
    assert on_closed.pk not in by_key


def test_files_and_consultations_come_twice_as_many_a_page_as_other_lists(
    meeting, client, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    c = meeting.body.collaboration_id
    sizes = {
        kind: _get(client, reverse("oparl:list", args=[c, kind]))["pagination"]["elementsPerPage"]
        for kind in ("agendaitem", "paper", "meeting", "file", "consultation")
    }
    assert sizes == {"agendaitem": 3, "paper": 3, "meeting": 3, "file": 6, "consultation": 6}
    items = _get(client, _items_url(meeting))
    assert len(items["data"]) == 3 and items["pagination"]["totalPages"] == 2


def _upload(pdf: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("u.pdf", pdf, content_type="application/pdf")


def test_no_page_from_any_cursor_shows_a_closed_item_or_a_confidential_document(
    meeting, client, monkeypatch
):
    """A page's rows are read by keys the access policy chose (views._page_rows). One row
    a page, with a key window of one key (so each page's keys are also read past the
    window, from the list's rows as a set), every list walked whole and read from every
    cursor just before a closed row, with and without a filter: no item closed from the
    start, confidential document, document on such an item or handling on it is named
    anywhere, not even as deleted."""
    from samverkan.cases import services as cases
    from samverkan.cases.models import Handling
    from samverkan.documents.services import document_create

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    monkeypatch.setattr(views, "KEY_WINDOW", 1)
    pdf = tiny_pdf("Underlag")
    ground = "OSL 19 kap. 1 §"
    series = cases.case_series_create(
        collaboration=meeting.body.collaboration, code="TS", organisation=f.party()
    )
    case = cases.case_register(series=series, title="Ärende", registered_on=meeting.date)
    shown = AgendaItem.objects.filter(meeting=meeting).order_by("position").first()
    closed = meetings.agenda_item_add(
        meeting, title="Stängd", is_public=False, confidentiality_ground=ground
    )
    meetings.agenda_item_add(meeting, title="Efter")
    forbidden = {("agendaitem", closed.pk)}
    for item, secret in ((shown, ""), (shown, ground), (closed, "")):
        link = meetings.supporting_document_add(
            item, title="Underlag", upload=_upload(pdf), confidentiality_ground=secret
        )
        if secret or item == closed:
            forbidden.add(("file", link.document_id))
    for secret in ("", ground):
        document = document_create(
            title="Handling", data=pdf, filename="h.pdf", confidentiality_ground=secret
        )
        cases.registry_entry_add(
            case, date=meeting.date, direction="received", description="In", document=document
        )
        if secret:
            forbidden.add(("file", document.pk))
    for item in (shown, closed):
        handling = cases.handling_add(
            case,
            body=meeting.body,
            kind=Handling.Kind.DECISION,
            date=meeting.date,
            agenda_item=item,
        )
    forbidden.add(("consultation", handling.pk))

    c = meeting.body.collaboration_id
    named = [f"/{kind}/{pk}/".encode() for kind, pk in forbidden]
    keys = sorted({pk for _, pk in forbidden})
    pages = 0
    for kind, sources in views.LIST_SOURCES.items():
        base = reverse("oparl:list", args=[c, kind])
        starts = [""] + [f"after={i}.{pk - 1}" for i in range(len(sources)) for pk in keys]
        for start in starts:
            for extra in ("", "modified_since=2000-01-01T00:00:00%2B01:00"):
                query = "&".join(q for q in (start, extra) if q)
                url: str | None = base + ("?" + query if query else "")
                while url:
                    response = client.get(url)
                    assert response.status_code == 200
                    assert not [n for n in named if n in response.content], (url, forbidden)
                    pages += 1
                    # From the start the whole list; from a cursor, the page after it.
                    url = json.loads(response.content)["links"].get("next") if not start else None
    assert pages > 100
