"""The public portal's statement, feeds and subscriptions. The feeds reuse the meetings
app's feed and calendar renderers; the subscription views hold no rules (services)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from samverkan.meetings.models import Meeting
from samverkan.meetings.selectors import meeting_is_cancelled
from samverkan.meetings.views import NoticeBoardFeed, _ics
from samverkan.structure.scoping import current_collaboration

from . import selectors, services, statement
from .forms import SubscribeForm


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publishing/accessibility.html",
        {"statement": statement.statement_for(current_collaboration(request))},
    )


# --- Every meeting of the collaboration: RSS, Atom, ICS ---------------------------------


class MeetingsFeed(NoticeBoardFeed):
    """The collaboration's meetings in the calendar window, newest first. The title and
    place of a meeting are public; of its agenda only the open items are named."""

    description = "Alla sammanträden i samverkansstrukturens organ."

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> object:
        return current_collaboration(request)

    def title(self, collaboration: Any) -> str:  # type: ignore[override]
        name = getattr(collaboration, "name", "") or "Samverkan"
        return f"{name}: sammanträden"

    def link(self) -> str:
        return reverse("publishing:meetings_feeds")

    def items(self, collaboration: object) -> object:
        return selectors.feed_meetings(collaboration)  # type: ignore[arg-type]

    def item_title(self, item: Meeting) -> str:
        cancelled = " (inställt)" if meeting_is_cancelled(item) else ""
        return f"{item.body.name} {item.date:%Y-%m-%d} kl. {item.start_time:%H.%M}{cancelled}"

    def item_description(self, item: Meeting) -> str:
        open_items = [i.title for i in getattr(item, "ics_items", []) if i.is_public]
        closed = sum(1 for i in getattr(item, "ics_items", []) if not i.is_public)
        text = f"{item.body.name} sammanträder {item.date:%Y-%m-%d}"
        if item.place:
            text += f", {item.place}"
        text += "."
        if open_items:
            text += " Ärenden: " + "; ".join(open_items) + "."
        if closed:
            text += f" {closed} punkt{'er' if closed > 1 else ''} är inte offentlig{'a' if closed > 1 else ''}."
        if item.sealed_at:
            text += " Protokollet är justerat."
        return text

    def item_link(self, item: Meeting) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Meeting) -> datetime.datetime:
        return _changed_at(item)

    def item_updateddate(self, item: Meeting) -> datetime.datetime:
        return _changed_at(item)


def _changed_at(meeting: Meeting) -> datetime.datetime:
    """The last public step of the meeting: sealed, cancelled, moved or noticed, else its
    day (a planned meeting)."""
    tz = timezone.get_current_timezone()
    day = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
    steps = [
        meeting.sealed_at,
        meeting.cancelled_at,
        meeting.rescheduled_at,
        meeting.notice_sent_at,
    ]
    known = [s for s in steps if s is not None]
    return max(known) if known else min(day, timezone.now())


class MeetingsAtomFeed(MeetingsFeed):
    feed_type = Atom1Feed
    subtitle = MeetingsFeed.description


def meetings_calendar(request: HttpRequest) -> HttpResponse:
    collaboration = current_collaboration(request)
    name = getattr(collaboration, "name", "") or "Samverkan"
    return _ics(selectors.collaboration_meetings(collaboration), f"{name}: sammanträden", request)


def meetings_feeds(request: HttpRequest) -> HttpResponse:
    """Where the feeds are, and how to subscribe to them."""
    return render(
        request,
        "publishing/feeds.html",
        {
            "months_back": settings.SAMVERKAN_CALENDAR_MONTHS_BACK,
            "months_ahead": settings.SAMVERKAN_CALENDAR_MONTHS_AHEAD,
        },
    )


# --- Subscriptions ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    collaboration = current_collaboration(request)
    if collaboration is None:
        raise Http404
    if request.method == "POST":
        form = SubscribeForm(request.POST, collaboration=collaboration)
        if form.is_valid():
            data = form.cleaned_data
            services.subscription_request(
                collaboration=collaboration,
                email=data["email"],
                kind=data["kind"],
                body=data["body"],
                case=data["case"],
                phrase=data["phrase"],
            )
            # The same answer whether the address subscribes already or not.
            return render(request, "publishing/subscribe_sent.html", {"email": data["email"]})
    else:
        form = SubscribeForm(
            initial={"kind": request.GET.get("slag", ""), "target": request.GET.get("mal", "")},
            collaboration=collaboration,
        )
    return render(request, "publishing/subscribe.html", {"form": form})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (a mail scanner that follows links confirms nothing); the POST
    confirms."""
    subscription = selectors.subscription_by_confirm_token(token)
    if subscription is None:
        raise Http404
    if request.method == "POST":
        subscription = services.subscription_confirm(subscription)
    return render(
        request, "publishing/confirm.html", {"subscription": subscription, "token": token}
    )


@csrf_exempt  # RFC 8058: the mail program POSTs the one-click unsubscribe without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = selectors.subscription_by_unsubscribe_token(token)
    if subscription is None:
        raise Http404
    if request.method == "POST":
        subscription = services.subscription_unsubscribe(subscription)
    return render(
        request, "publishing/unsubscribe.html", {"subscription": subscription, "token": token}
    )
