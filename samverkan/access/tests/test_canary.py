"""Canary test: markers are planted in every closed item (title, description, proposal,
presenters, dispatch list), its § (title, decision, motion, statement, dissent), its
supporting document (title and text), the closed decision on the case, the closed item
of an upcoming meeting, a draft § of unattested minutes and a guest recorded present
at that meeting (its attendance, public only with the sealed minutes), and a confidential case
document (title, text, the registry entry's protected description and sender); see
world.py. Every surface is then fetched as every role and scanned (HTML, JSON, ICS,
RSS/Atom as text, PDFs with pypdf, DOCX with python-docx and its XML).

No role may meet a marker it may not see (MAY_SEE in world.py). To prove the scan can
fail, the roles that may see a kind of marker must meet it somewhere, and on the
surfaces meant for them (SPOT_CHECKS).

New surfaces are added to SURFACES in the issues that build them."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from samverkan.meetings import services as meetings
from samverkan.meetings.models import Guest

from .scan import markers_in, message_text, response_text
from .test_role_url_matrix import ROWS
from .world import (
    ADMIN,
    ANON,
    API_PREFIX,
    ATTENDANCE,
    CHAIR,
    CLOSED,
    CONFIDENTIAL,
    DRAFT,
    MARKERS,
    MAY_SEE,
    MEMBER,
    NOTE_PARTY,
    NOTE_PRIVATE,
    OFFICIAL,
    REGISTRAR,
    ROLES,
    SEARCH_WORD,
    SEC,
    SUBSTITUTE,
    UPCOMING,
    Marker,
    World,
    api_headers,
    m,
)
from .world import PREPARATION as PREP

Path = Callable[[World], str]


def _r(name: str, *args: Callable[[World], object], query: str = "") -> Path:
    def build(w: World) -> str:
        url = reverse(name, args=[a(w) for a in args])
        return f"{url}?{query}" if query else url

    return build


def _person(role: str) -> Callable[[World], object]:
    return lambda w: w.persons[role].slug


def _search(word: str) -> Path:
    return lambda w: f"{reverse('search:search')}?q={word}"


# Every GET of the matrix, then what the matrix does not reach.
SURFACES: dict[str, Path] = {}
for _row in ROWS:
    SURFACES[f"{_row.name}[{_row.variant}]" if _row.variant else _row.name] = _row.path

SURFACES.update(
    {
        "structure:body[other]": _r("structure:body", lambda w: w.other.slug),
        "meetings:body_meetings[other]": _r(
            "meetings:body_meetings", lambda w: w.other.slug, query="ar=2026"
        ),
        "meetings:body_calendar[other]": _r("meetings:body_calendar", lambda w: w.other.slug),
        "meetings:notice_docx[draft]": _r("meetings:notice_docx", lambda w: w.draft.pk),
        "meetings:bundle_pdf[draft]": _r("meetings:bundle_pdf", lambda w: w.draft.pk),
        "meetings:meeting_calendar[draft]": _r("meetings:meeting_calendar", lambda w: w.draft.pk),
        "meetings:meeting[other]": _r("meetings:meeting", lambda w: w.other_meeting.pk),
        "meetings:document[upcoming-closed-item]": _r(
            "meetings:document", lambda w: w.upcoming_doc.pk
        ),
        "meetings:extract_pdf[open+closed-§]": lambda w: (
            f"{reverse('meetings:extract_pdf', args=[w.sealed.pk])}"
            f"?p={w.open_section.number}&p={w.closed_section.number}"
        ),
        "meetings:extract_send[preview]": lambda w: (
            f"{reverse('meetings:extract_send', args=[w.sealed.pk])}"
            f"?p={w.open_section.number}&p={w.closed_section.number}"
        ),
        "meetings:attendance[sealed]": _r("meetings:attendance", lambda w: w.sealed.pk),
        "meetings:agenda[sealed]": _r("meetings:agenda", lambda w: w.sealed.pk),
        "cases:registry[search]": _r("cases:registry", query=f"q={SEARCH_WORD}"),
        "search:search[all]": _search(SEARCH_WORD),
        "search:search[sections]": lambda w: (
            f"{reverse('search:search')}?q={SEARCH_WORD}&typ=section"
        ),
        "search:search[agenda items]": lambda w: (
            f"{reverse('search:search')}?q={SEARCH_WORD}&typ=agenda_item"
        ),
        "search:search[documents]": lambda w: (
            f"{reverse('search:search')}?q={SEARCH_WORD}&typ=document"
        ),
    }
)
for _role in (CHAIR, MEMBER, SUBSTITUTE, OFFICIAL, SEC):
    SURFACES[f"structure:person[{_role}]"] = _r("structure:person", _person(_role))
    SURFACES[f"meetings:person_calendar[{_role}]"] = _r("meetings:person_calendar", _person(_role))
for _marker in MARKERS.values():
    SURFACES[f"search:search[{_marker.word}]"] = _search(_marker.word)


def _without_echo(text: str, path: str) -> str:
    """The visitor's own search words echoed back in the search box are no leak."""
    if "q=" not in path:
        return text
    words = path.partition("q=")[2].partition("&")[0]
    for echo in (f'value="{words}"', f"”{words}”", f"q={words}"):
        text = text.replace(echo, "")
    return text


_RESULTS: dict[tuple[str, str], tuple[int, set[Marker]]] = {}


def scan(world: World, client: Any, surface: str, role: str) -> tuple[int, set[Marker]]:
    """The markers a role meets on a surface (cached: GETs change nothing)."""
    key = (surface, role)
    if key not in _RESULTS:
        client.logout()
        user = world.users.get(role)
        if user is not None:
            client.force_login(user)
        path = SURFACES[surface](world)
        response = client.get(path, **api_headers(world, role, path))
        text = _without_echo(response_text(response), path)
        _RESULTS[key] = (response.status_code, markers_in(text))
    return _RESULTS[key]


def forbidden(found: set[Marker], role: str) -> list[str]:
    return sorted(str(marker) for marker in found if role not in MAY_SEE[marker.cls])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_no_marker_where_the_role_may_not_see_it(
    surface: str, role: str, world: World, db: None, client: Any
) -> None:
    status, found = scan(world, client, surface, role)
    leaked = forbidden(found, role)
    assert not leaked, f"{surface} (HTTP {status}) shows {role}: {leaked}"


def test_with_the_page_cache_on_the_public_meets_no_marker_after_insiders(
    world: World, db: None, client: Any, settings: Any
) -> None:
    """The public's page cache (core.pagecache) on: every surface is fetched by the
    administrator and a member first, then by the public, who must meet nothing of
    theirs (and is served from the cache the second time)."""
    from django.core.cache import caches

    from samverkan.core.pagecache import CACHE, HEADER

    settings.SAMVERKAN_PAGE_CACHE_SECONDS = 600
    caches[CACHE].clear()
    leaks, kept = [], 0
    for surface in sorted(SURFACES):
        path = SURFACES[surface](world)
        for role in (ADMIN, MEMBER, ANON, ANON):
            client.logout()
            if role != ANON:
                client.force_login(world.users[role])
            response = client.get(path, **api_headers(world, role, path))
            if role == ANON:
                kept += response.get(HEADER) == "hit"
                found = markers_in(_without_echo(response_text(response), path))
                leaks += [f"{surface}: {marker}" for marker in forbidden(found, ANON)]
    caches[CACHE].clear()
    assert not leaks, leaks
    assert kept > 50  # the cache was in use: the public's second visit came from it


def test_with_answers_kept_per_token_no_role_meets_another_roles_marker(
    world: World, db: None, client: Any, settings: Any
) -> None:
    """The REST API's answers kept per token (core.pagecache.ApiAnswerCacheMiddleware):
    every API surface is fetched twice by the administrator's token first, then twice
    by each role's own; no role meets a marker it may not see, the second time (from
    memory) as the first."""
    from django.core.cache import caches

    from samverkan.core.pagecache import ANSWERS, HEADER

    settings.SAMVERKAN_PAGE_CACHE_SECONDS = 600
    caches[ANSWERS].clear()
    leaks, kept = [], 0
    for surface in sorted(SURFACES):
        path = SURFACES[surface](world)
        if not path.startswith(API_PREFIX):
            continue
        for role in (ADMIN, ADMIN, *[r for r in ROLES if r != ADMIN for _ in (1, 2)]):
            client.logout()
            response = client.get(path, **api_headers(world, role, path))
            kept += response.get(HEADER) == "hit"
            found = markers_in(_without_echo(response_text(response), path))
            leaks += [f"{surface} ({role}): {marker}" for marker in forbidden(found, role)]
    caches[ANSWERS].clear()
    assert not leaks, leaks
    assert kept > 20  # answers were kept: each token's second call came from memory


# --- The scan can fail: those who may see the markers do meet them ---------------------


@pytest.mark.parametrize(
    ("role", "cls"),
    [(role, cls) for role in ROLES for cls in MAY_SEE if role in MAY_SEE[cls]],
)
def test_those_who_may_see_a_kind_of_marker_meet_it(
    role: str, cls: str, world: World, db: None, client: Any
) -> None:
    seen = set()
    for surface in SURFACES:
        seen |= {m for m in scan(world, client, surface, role)[1] if m.cls == cls}
    assert seen, f"{role} may read {cls} content but meets none of it on any surface"


SPOT_CHECKS = [
    # (surface, role, marker that must be there)
    ("meetings:meeting[sealed]", SEC, (CLOSED, "item title")),
    ("meetings:meeting[sealed]", ADMIN, (CLOSED, "§ decision")),
    ("meetings:meeting[sealed]", MEMBER, (CLOSED, "item title")),
    ("meetings:meeting[draft]", SUBSTITUTE, (UPCOMING, "item title")),
    # The room's own screens show the closed item being dealt with (the web-cast never).
    ("live:room[draft]", SEC, (UPCOMING, "item title")),
    ("live:room[draft]", MEMBER, (UPCOMING, "item title")),
    ("live:projector[draft]", OFFICIAL, (UPCOMING, "item title")),
    ("meetings:meeting[draft]", SUBSTITUTE, (ATTENDANCE, "guest present")),
    ("meetings:meeting[draft]", CHAIR, (ATTENDANCE, "guest present")),
    ("meetings:my_meetings", MEMBER, (CLOSED, "item title")),
    ("meetings:my_meetings", SUBSTITUTE, (UPCOMING, "item title")),
    ("meetings:my_meetings", OFFICIAL, (CLOSED, "supporting document title")),
    ("meetings:notice_pdf[draft]", MEMBER, (UPCOMING, "item proposed decision")),
    ("meetings:notice_pdf[draft]", SEC, (UPCOMING, "item title")),
    ("meetings:document[closed-item]", MEMBER, (CLOSED, "supporting document text")),
    ("meetings:document[closed-item]", OFFICIAL, (CLOSED, "supporting document text")),
    ("meetings:bundle_pdf[sealed-closed-items]", SUBSTITUTE, (CLOSED, "supporting document text")),
    ("meetings:bundle_pdf[sealed-closed-items]", SEC, (CLOSED, "supporting document text")),
    ("meetings:minutes_pdf[sealed]", SEC, (CLOSED, "§ decision")),
    ("meetings:minutes_pdf[sealed]", CHAIR, (CLOSED, "dissent")),
    ("preparation:detail[closed-submitted]", CHAIR, (PREP, "background")),
    ("preparation:detail[closed-submitted]", OFFICIAL, (PREP, "return comment")),
    ("preparation:detail[closed-submitted]", SEC, (PREP, "document title")),
    ("preparation:overview", OFFICIAL, (PREP, "title")),
    ("preparation:overview", CHAIR, (PREP, "title")),
    ("preparation:body[rsr]", SEC, (PREP, "title")),
    ("documents:download[preparation]", CHAIR, (PREP, "document text")),
    ("meetings:correction_pdf[closed-§]", MEMBER, (CLOSED, "minutes correction")),
    ("meetings:minutes_docx[sealed]", SUBSTITUTE, (CLOSED, "§ decision")),
    ("meetings:minutes_docx[sealed]", OFFICIAL, (CLOSED, "minutes correction")),
    ("meetings:minutes_docx[draft]", CHAIR, (DRAFT, "§ decision")),
    ("meetings:meeting[sealed]", SUBSTITUTE, (CLOSED, "minutes correction")),
    ("meetings:correction_attest[closed-§]", CHAIR, (CLOSED, "minutes correction")),
    ("meetings:notice_preview[draft]", SEC, (UPCOMING, "item title")),
    ("meetings:notice_preview_pdf[members]", SEC, (UPCOMING, "item proposed decision")),
    ("meetings:extract_pdf[closed-§]", SEC, (CLOSED, "§ decision")),
    ("meetings:minutes_pdf[draft]", CHAIR, (DRAFT, "§ decision")),
    ("meetings:attest[draft]", MEMBER, (DRAFT, "motion")),
    ("meetings:minutes[draft]", SEC, (DRAFT, "§ title")),
    ("cases:case", SEC, (CLOSED, "case decision")),
    ("cases:case", REGISTRAR, (CONFIDENTIAL, "document title")),
    ("cases:registry", REGISTRAR, (CONFIDENTIAL, "registry counterpart")),
    ("cases:registry", SEC, (CONFIDENTIAL, "registry description")),
    ("documents:download[confidential]", REGISTRAR, (CONFIDENTIAL, "document text")),
    ("documents:download[confidential]", ADMIN, (CONFIDENTIAL, "document text")),
    ("search:search[all]", SEC, (CLOSED, "item title")),
    ("search:search[all]", REGISTRAR, (CONFIDENTIAL, "document text")),
    ("followup:assignment[closed-§]", MEMBER, (CLOSED, "assignment progress")),
    ("api_v1:meeting[sealed]", MEMBER, (CLOSED, "item title")),
    ("api_v1:minutes[sealed]", SUBSTITUTE, (CLOSED, "§ decision")),
    ("api_v1:minutes[draft]", CHAIR, (DRAFT, "§ decision")),
    ("api_v1:case_registry", REGISTRAR, (CONFIDENTIAL, "registry counterpart")),
    ("api_v1:document_file[confidential]", REGISTRAR, (CONFIDENTIAL, "document text")),
    ("followup:assignment[draft-§]", CHAIR, (DRAFT, "assignment title")),
    ("followup:overdue", SEC, (CLOSED, "assignment title")),
    ("followup:body_assignments", OFFICIAL, (CLOSED, "assignment title")),
    ("cases:case", SUBSTITUTE, (CLOSED, "assignment title")),
    ("reading:document[closed-item]", MEMBER, (NOTE_PRIVATE, "note text")),
    ("reading:document[closed-item]", MEMBER, (NOTE_PARTY, "note text")),
    ("reading:document[closed-item]", SUBSTITUTE, (NOTE_PARTY, "note text")),
    ("reading:document[closed-item]", SUBSTITUTE, (CLOSED, "supporting document text")),
    ("reading:document_file[closed-item]", OFFICIAL, (CLOSED, "supporting document text")),
    ("reading:meeting[sealed]", CHAIR, (CLOSED, "item title")),
    ("reading:overview", SUBSTITUTE, (UPCOMING, "supporting document title")),
    ("reading:watch", MEMBER, (CLOSED, "item title")),
]


@pytest.mark.parametrize(
    ("surface", "role", "key"),
    SPOT_CHECKS,
    ids=[f"{s}-{r}-{k[0]}/{k[1]}" for s, r, k in SPOT_CHECKS],
)
def test_the_surface_meant_for_the_role_shows_the_marker(
    surface: str, role: str, key: tuple[str, str], world: World, db: None, client: Any
) -> None:
    status, found = scan(world, client, surface, role)
    assert MARKERS[key] in found, f"{surface} (HTTP {status}) does not show {role} {MARKERS[key]}"


# --- E-mail ---------------------------------------------------------------------------------


def _allowed_for(world: World, address: str) -> set[str]:
    """The kinds of marker a recipient may read, from who the address belongs to."""
    role = world.emails.get(address)
    if role is not None:
        return {cls for cls, roles in MAY_SEE.items() if role in roles}
    if address == "frans@exempel.invalid":  # a member of RSR without an account
        return {CLOSED, UPCOMING}
    return set()  # guests and everyone else: public content only


def _leaks(world: World) -> tuple[list[str], dict[str, set[Marker]]]:
    leaks = []
    seen: dict[str, set[Marker]] = {}
    for message in mail.outbox:
        found = markers_in(message_text(message))
        for address in message.to + message.cc + message.bcc:
            seen.setdefault(address, set()).update(found)
            allowed = _allowed_for(world, address)
            bad = sorted(str(m) for m in found if m.cls not in allowed)
            if bad:
                leaks.append(f"{address} ({message.subject}): {bad}")
    return leaks, seen


def test_the_notice_mail_carries_closed_items_to_members_only(world: World, db: None) -> None:
    meetings.notice_send(world.draft, by=world.users[SEC])
    leaks, seen = _leaks(world)
    assert world.guest_email in seen, "the guest got no notice"
    assert not leaks, "closed content in the notice mail: " + "; ".join(leaks)
    member_address = world.persons[MEMBER].email
    assert any(m.cls == UPCOMING for m in seen.get(member_address, set())), (
        "the member's notice does not hold the closed item (the scan should see it)"
    )


def test_the_extract_mail_carries_no_closed_content(world: World, db: None) -> None:
    meetings.extract_send(world.sealed, [world.open_section.number], by=world.users[SEC])
    assert mail.outbox, "no extract was sent"
    leaks, _seen = _leaks(world)
    assert not leaks, "closed content in the extract mail: " + "; ".join(leaks)


@pytest.mark.parametrize("role", [SEC, ADMIN])
def test_the_notice_sent_from_the_page_carries_no_closed_content_to_guests(
    role: str, world: World, db: None, client: Any
) -> None:
    client.force_login(world.users[role])
    client.post(reverse("meetings:notice_send", args=[world.draft.pk]), {"confirm": "on"})
    leaks, seen = _leaks(world)
    assert world.guest_email in seen, "the guest got no notice"
    assert not leaks, "closed content in the notice mail: " + "; ".join(leaks)


def test_a_moved_and_a_cancelled_meeting_tell_guests_nothing_closed(world: World, db: None) -> None:
    """The changed notice after a move and the cancellation go the notice's path: the
    closed item to those called as members only."""
    upcoming = meetings.meeting_create(
        body=world.rsr, date=datetime.date(2026, 12, 14), start_time=datetime.time(10)
    )
    meetings.agenda_item_add(
        upcoming,
        title=m(UPCOMING, "item title"),
        is_public=False,
        confidentiality_ground="OSL 21 kap. 1 §",
    )
    Guest.objects.create(meeting=upcoming, name="Gäst", email=world.guest_email)
    meetings.notice_send(upcoming, by=world.users[SEC])
    mail.outbox.clear()
    meetings.meeting_move(upcoming, date=datetime.date(2026, 12, 15), start_time=datetime.time(10))
    meetings.meeting_cancel(upcoming, reason="Inga ärenden.")
    leaks, seen = _leaks(world)
    assert world.guest_email in seen, "the guest was not told"
    assert not leaks, "closed content in the changed notice: " + "; ".join(leaks)


def test_a_recommendation_from_a_closed_decision_is_not_prefilled_with_it(
    world: World, db: None, client: Any
) -> None:
    """The recommendation is mailed to the parties: a decision of a closed § is not
    prefilled into it, even for an administrator who reads the decision."""
    client.force_login(world.users[ADMIN])
    decision = world.case.decisions.get()
    url = reverse(
        "cases:recommendation_issue",
        args=[world.case.series.code, world.case.number, world.case.year, decision.pk],
    )
    assert MARKERS[(CLOSED, "case decision")] not in markers_in(response_text(client.get(url)))


def test_the_preparation_mails_carry_nothing_of_a_closed_item(world: World, db: None) -> None:
    """Sending back, submitting and approving a closed item mail the author and the
    reviewers; the item's content stays out of the mail entirely (it passes servers
    outside the policy): the mail names the body and links the item."""
    from samverkan.preparation import services as preparation

    item = world.preparation
    preparation.preparation_return(item, by=world.users[CHAIR], comment="Mer om kostnaderna.")
    preparation.preparation_submit(item, by=world.users[OFFICIAL])
    preparation.preparation_approve(item, by=world.users[CHAIR])
    assert len(mail.outbox) == 3, [message.subject for message in mail.outbox]
    for message in mail.outbox:
        assert not markers_in(message_text(message)), message.subject


def test_the_assignment_reminders_name_no_closed_or_draft_assignment(
    world: World, db: None
) -> None:
    """A reminder goes to the owner's address, outside the policy: an assignment from a
    closed or unattested § is not named in it."""
    from samverkan.followup import services as followup

    party = world.party
    party.email = "part@exempel.invalid"
    party.save()
    mail.outbox.clear()
    sent = followup.assignment_reminders_send(today=datetime.date(2026, 10, 25), days_before=60)
    assert {a.pk for a, _ in sent} >= {world.followup.closed.pk, world.followup.draft.pk}
    assert mail.outbox
    for message in mail.outbox:
        assert not markers_in(message_text(message)), message.subject


def test_a_subscriber_gets_the_minutes_mail_for_rsr_and_not_for_a_closed_item(
    world: World, db: None
) -> None:
    """Public subscriptions mail outside the policy, to anyone: to RSR, to the case and to
    the search word, they hold what the public reads and nothing closed or confidential."""
    from samverkan.publishing import services as publishing

    collaboration = world.rsr.collaboration
    # Confirmed days after the case's registry entries (the confidential one among them):
    # the first mail reaches back a month, to them and to the sealed meeting.
    confirmed_at = datetime.datetime(2026, 9, 5, 12, tzinfo=datetime.UTC)
    for address, target in (
        ("organ@exempel.invalid", {"kind": "body", "body": world.rsr}),
        ("arende@exempel.invalid", {"kind": "case", "case": world.case}),
        ("sok@exempel.invalid", {"kind": "search", "phrase": SEARCH_WORD}),
    ):
        requested = publishing.subscription_request(
            collaboration=collaboration, email=address, **target
        )
        assert requested is not None
        publishing.subscription_confirm(requested.subscription, now=confirmed_at)
    mail.outbox.clear()
    publishing.subscriptions_send()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert {"organ@exempel.invalid", "arende@exempel.invalid"} <= set(by_address)
    # The case's masked registry entry is in its mail, masked.
    assert "Skrivelse om samverkan" in by_address["arende@exempel.invalid"].body
    minutes = by_address["organ@exempel.invalid"]
    assert f"Justerat protokoll: {world.rsr.name} {world.sealed.date:%Y-%m-%d}" in minutes.body
    assert world.open_section.title in minutes.body
    for message in mail.outbox:
        assert not markers_in(message_text(message)), message.subject


def test_the_webhook_notices_carry_nothing_closed(world: World, db: None) -> None:
    """Every event of the world's change log delivered to a receiver on loopback: the
    notices name the object and where to read it, never its content."""
    import http.server
    import threading

    from samverkan.api import services as api
    from samverkan.api.models import WebhookSubscriber

    received: list[bytes] = []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        subscriber = api.webhook_subscriber_create(
            name="Mottagare",
            url=f"http://127.0.0.1:{server.server_address[1]}/",
            events=list(WebhookSubscriber.Event.values),
        )
        WebhookSubscriber.objects.filter(pk=subscriber.pk).update(audit_cursor=0)  # the past too
        made, delivered, failed = api.webhooks_run()
    finally:
        server.shutdown()
        server.server_close()
    assert delivered == made and failed == 0 and received
    kinds = {json.loads(body)["event"] for body in received}
    assert {"minutes.attested", "recommendation.issued"} <= kinds
    for body in received:
        assert not markers_in(body.decode()), body
