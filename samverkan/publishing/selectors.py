"""Reads for the public portal's feeds and the subscription mails. Everything here is
read as the public (access.policy.PUBLIC): a subscriber has no account, and a mail
leaves the site's control, so it holds only what anyone may read on the site."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from samverkan.access.policy import PUBLIC
from samverkan.cases.selectors import case_timeline
from samverkan.meetings.models import Meeting
from samverkan.meetings.selectors import calendar_meetings, meeting_sections_for
from samverkan.search.selectors import search_results
from samverkan.structure.models import Body, Collaboration

from .models import Subscription

# --- Feeds of every meeting of a collaboration ----------------------------------------


def collaboration_meetings(collaboration: Collaboration | None) -> QuerySet[Meeting]:
    """Every meeting of the collaboration's bodies inside the calendar window (months back
    and ahead, see meetings.selectors.calendar_window), with what the ICS renderer
    reads, in a constant number of queries."""
    meetings = Meeting.objects.all()
    if collaboration is not None:
        meetings = meetings.filter(body__collaboration=collaboration)
    return calendar_meetings(meetings)


def feed_meetings(collaboration: Collaboration | None) -> list[Meeting]:
    """The newest SAMVERKAN_FEED_ITEMS meetings of the window, latest date first."""
    meetings = collaboration_meetings(collaboration).order_by("-date", "-start_time", "-id")
    return list(meetings[: settings.SAMVERKAN_FEED_ITEMS])


# --- What a subscription has not yet been sent ------------------------------------------

# The first mail after confirmation reaches back this many days; older history is not
# mailed (it is on the site).
LOOKBACK_DAYS = 30
# A search phrase's mail names at most this many hits (the newest first).
SEARCH_HITS = 20
# The public §§ a minutes mail lists at most.
SECTIONS_LISTED = 60


@dataclass
class Item:
    """One thing to tell a subscriber about; `key` is unique per item and subscription."""

    key: str
    title: str
    path: str = ""  # a site path; the mail makes it absolute
    lines: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, site path)


def horizon(subscription: Subscription) -> datetime.datetime | None:
    """The earliest moment an item may be from to be mailed to the subscription."""
    if subscription.confirmed_at is None:
        return None
    return subscription.confirmed_at - datetime.timedelta(days=LOOKBACK_DAYS)


def _body_items(body: Body, since: datetime.datetime) -> list[Item]:
    items: list[Item] = []
    noticed = Meeting.objects.filter(
        body=body, notice_sent_at__gte=since, cancelled_at__isnull=True
    ).order_by("date", "start_time", "pk")
    for meeting in noticed:
        place = f", {meeting.place}" if meeting.place else ""
        items.append(
            Item(
                key=f"notice:{meeting.pk}",
                title=(
                    f"Kallelse: {body.name} sammanträder {meeting.date:%Y-%m-%d} "
                    f"kl. {meeting.start_time:%H.%M}{place}"
                ),
                path=meeting.get_absolute_url(),
                links=[("Kallelse (PDF)", reverse("meetings:notice_pdf", args=[meeting.pk]))],
            )
        )
    sealed = Meeting.objects.filter(body=body, sealed_at__gte=since).order_by("date", "pk")
    for meeting in sealed:
        # The §§ the public may read; a closed item's § is left out entirely.
        sections = meeting_sections_for(meeting, PUBLIC)[:SECTIONS_LISTED]
        lines = [f"§ {s.number} {s.title}" for s in sections]
        if meeting.appeal_last_day:
            lines.append(f"Sista dag att överklaga: {meeting.appeal_last_day:%Y-%m-%d}")
        items.append(
            Item(
                key=f"minutes:{meeting.pk}",
                title=f"Justerat protokoll: {body.name} {meeting.date:%Y-%m-%d}",
                path=meeting.get_absolute_url(),
                lines=lines,
                links=[("Protokoll (PDF)", reverse("meetings:minutes_pdf", args=[meeting.pk]))],
            )
        )
    return items


def _case_items(subscription: Subscription, since: datetime.datetime) -> list[Item]:
    case = subscription.case
    assert case is not None
    items = []
    # The case's life as the public reads it: masked parts stay masked.
    for event in case_timeline(case, PUBLIC):
        if event.date is None or event.date < since.date():
            continue
        text = f"{event.kind}|{event.date}|{event.title}|{event.body}|{event.detail}"
        digest = hashlib.sha256(text.encode()).hexdigest()[:20]
        lines = [event.detail] if event.detail else []
        items.append(
            Item(
                key=f"case:{event.kind}:{digest}",
                title=f"{event.date_display}: {event.title}",
                path=event.url or case.get_absolute_url(),
                lines=lines,
            )
        )
    return items


def _search_items(subscription: Subscription) -> list[Item]:
    result = search_results(
        subscription.phrase, PUBLIC, collaboration=subscription.collaboration, limit=SEARCH_HITS
    )
    return [
        Item(
            key=f"search:{hit.entry.kind}:{hit.entry.object_id}",
            title=f"{hit.entry.get_kind_display()}: {hit.entry.title}",
            path=hit.entry.url,
        )
        for hit in result.hits
    ]


def subscription_items(subscription: Subscription) -> list[Item]:
    """What is public now for the subscription's target and has not been mailed to it:
    items since its horizon, less those its deliveries name."""
    since = horizon(subscription)
    if since is None or not subscription.is_active:
        return []
    if subscription.kind == Subscription.Kind.BODY:
        assert subscription.body is not None
        found = _body_items(subscription.body, since)
    elif subscription.kind == Subscription.Kind.CASE:
        found = _case_items(subscription, since)
    else:
        found = _search_items(subscription)
    sent = set(subscription.deliveries.values_list("key", flat=True))
    return [item for item in found if item.key not in sent]


def subscriptions_to_send() -> QuerySet[Subscription]:
    return (
        Subscription.objects.active()
        .select_related("collaboration", "body", "case__series")
        .order_by("pk")
    )


def _with_targets() -> QuerySet[Subscription]:
    return Subscription.objects.select_related("collaboration", "body", "case__series")


def subscription_by_confirm_token(token: str) -> Subscription | None:
    """The subscription whose confirmation link carries this token."""
    return _with_targets().filter(confirm_token_hash=token_hash(token)).first()


def unsubscribe_token(subscription: Subscription) -> str:
    """The token of the subscription's unsubscribe link: its id and an HMAC of its secret
    (the same in every mail, so an old mail's link still ends it)."""
    mac = salted_hmac(UNSUBSCRIBE_SALT, subscription.unsubscribe_secret, algorithm="sha256")
    return f"{subscription.pk}-{mac.hexdigest()[:40]}"


def subscription_by_unsubscribe_token(token: str) -> Subscription | None:
    pk, _, _mac = token.partition("-")
    if not (pk.isascii() and pk.isdigit()) or len(pk) > 18:
        return None
    subscription = _with_targets().filter(pk=int(pk)).first()
    if subscription is None or not constant_time_compare(unsubscribe_token(subscription), token):
        return None
    return subscription


UNSUBSCRIBE_SALT = "samverkan.publishing.unsubscribe"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
