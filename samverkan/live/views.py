"""The meeting in the room: the secretary's and chair's live view, the members' view on
their own devices, the projector and the public web-cast. Screens refresh their panel
when the event stream (stream.py) says the meeting changed; every refresh reads through
the access policy (selectors.room)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samverkan.access.policy import PUBLIC, Audience, audience_for
from samverkan.meetings.selectors import called_to

from . import forms, selectors, services
from .models import LiveMeeting


def _ids(meeting: Any) -> tuple[set[int], set[int], set[int]]:
    """(members incl. the chair, substitutes, everyone called) of the meeting."""
    called = called_to(meeting)
    members = {m.person_id for m in called.members}
    if called.chair:
        members.add(called.chair.person_id)
    substitutes = {m.person_id for m in called.substitutes}
    return members, substitutes, members | substitutes


PANELS = {
    "live/room.html": "live/_panel_room.html",
    "live/member.html": "live/_panel_member.html",
    "live/projector.html": "live/_panel_projector.html",
    "live/webcast.html": "live/_panel_projector.html",
}


def _page(
    request: HttpRequest, template: str, meeting: Any, audience: Audience, **extra: Any
) -> HttpResponse:
    """The whole page, or only its panel when a screen refreshes it (htmx, live-room.js):
    every refresh after a change costs one panel, not a page."""
    state = selectors.room(meeting, audience, with_people=extra.pop("with_people", True))
    if request.headers.get("HX-Request") or request.headers.get("X-Live-Panel"):
        template = PANELS[template]
    response = render(
        request,
        template,
        {"room": state, "meeting": meeting, "live": state.live, "hide_messages": True, **extra},
    )
    patch_vary_headers(response, ("HX-Request", "X-Live-Panel"))
    return response


def room(request: HttpRequest, pk: int) -> HttpResponse:
    """The live view: the secretariat and the chair run the meeting here; the members
    and others called follow it and vote from their own devices."""
    meeting = selectors.live_meeting(pk)
    audience = audience_for(request.user)
    if selectors.may_run(audience, meeting):
        return _page(
            request,
            "live/room.html",
            meeting,
            audience,
            today=timezone.localdate(),
            run=True,
            show_voters=True,
            vote_form=forms.VoteOpenForm(),
            election_form=forms.ElectionForm(),
        )
    if selectors.may_follow_inside(audience, meeting):
        return _page(request, "live/member.html", meeting, audience)
    raise Http404


def projector(request: HttpRequest, pk: int) -> HttpResponse:
    """The room's projector: the item, the speakers and the votes, large; for the room's
    own screen (those who read the meeting's closed items)."""
    meeting = selectors.live_meeting(pk)
    audience = audience_for(request.user)
    if not (selectors.may_run(audience, meeting) or selectors.may_follow_inside(audience, meeting)):
        raise Http404
    return _page(request, "live/projector.html", meeting, audience, with_people=False)


@never_cache  # it follows the meeting as it runs: never an earlier moment's page
def webcast(request: HttpRequest, pk: int) -> HttpResponse:
    """The public web-cast page of a meeting open to the public: always as the public
    sees it, whoever is logged in, so a closed item is never shown."""
    meeting = selectors.live_meeting(pk)
    live = selectors.live_of(meeting)
    if live is None or not live.open_to_public:
        raise Http404
    return _page(request, "live/webcast.html", meeting, PUBLIC, with_people=False)


def _respond(request: HttpRequest, pk: int, errors: list[str], done: str) -> HttpResponse:
    """After an action: htmx gets the refreshed page (it selects its panel), with the
    refusal or confirmation in the status line; without script, back to the page."""
    from django.contrib import messages

    for e in errors:
        messages.error(request, e)
    if not errors and done:
        messages.success(request, done)
    return redirect("live:room", pk=pk)


def _run(action: Callable[[], object]) -> list[str]:
    try:
        action()
    except ValidationError as error:
        return list(error.messages)
    return []


def _form_errors(form: Any) -> list[str]:
    return [str(m) for errors in form.errors.values() for m in errors]


@login_required
@require_POST
def act(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's and the chair's actions, each through one service."""
    meeting = selectors.live_meeting(pk)
    audience = audience_for(request.user)
    if not selectors.may_run(audience, meeting):
        raise Http404
    choice = forms.ActionForm(request.POST)
    if not choice.is_valid():
        return _respond(request, pk, _form_errors(choice), "")
    action = choice.cleaned_data["action"]
    if action == "open":
        public = forms.PublicForm(request.POST)
        public.is_valid()
        return _respond(
            request,
            pk,
            _run(
                lambda: services.live_meeting_open(
                    meeting, open_to_public=bool(public.cleaned_data.get("open_to_public"))
                )
            ),
            "Sammanträdet är öppnat.",
        )
    live = LiveMeeting.objects.filter(meeting=meeting).first()
    if live is None:
        return _respond(request, pk, ["Sammanträdet är inte öppnat."], "")
    members, substitutes, everyone = _ids(meeting)
    handlers: dict[str, tuple[Any, Callable[[dict[str, Any]], object], str]] = {
        "item": (
            forms.ItemForm(request.POST, meeting=meeting),
            lambda d: services.live_item_set(live, d["item"]),
            "",
        ),
        "close": (None, lambda d: services.live_meeting_close(live), "Sammanträdet är avslutat."),
        "public": (
            forms.PublicForm(request.POST),
            lambda d: services.live_public_set(live, bool(d.get("open_to_public"))),
            "",
        ),
        "arrive": (
            forms.PersonForm(request.POST, person_ids=members),
            lambda d: services.live_arrival(live, d["person"]),
            "",
        ),
        "depart": (
            forms.PersonForm(request.POST, person_ids=everyone),
            lambda d: services.live_departure(live, d["person"]),
            "",
        ),
        "seat": (
            forms.SeatForm(request.POST, substitute_ids=substitutes, member_ids=members),
            lambda d: services.live_substitute_seat(live, d["substitute"], d["member"]),
            "",
        ),
        "conflict": (
            forms.ConflictForm(request.POST, person_ids=everyone, substitute_ids=substitutes),
            lambda d: services.live_conflict(live, d["person"], d.get("substitute")),
            "",
        ),
        "speaker": (
            forms.SpeakerForm(request.POST, person_ids=everyone),
            lambda d: services.speaker_request(live, d["person"], d["kind"]),
            "",
        ),
        "next_speaker": (None, lambda d: services.speaker_next(live), ""),
        "withdraw": (
            forms.SpeakerIdForm(request.POST, meeting=meeting),
            lambda d: services.speaker_withdraw(live, d["speaker"]),
            "",
        ),
        "motion": (
            forms.MotionForm(request.POST, person_ids=everyone),
            lambda d: services.live_motion_add(live, d["person"], d["text"]),
            "Yrkandet är antecknat.",
        ),
        "vote_open": (
            forms.VoteOpenForm(request.POST),
            lambda d: services.live_vote_open(live, **d),
            "Omröstningen är öppnad.",
        ),
        "ballot": (
            forms.SecretaryBallotForm(request.POST, meeting=meeting, person_ids=everyone),
            lambda d: services.live_ballot_cast(live, d["vote"], d["person"], d["choice"]),
            "",
        ),
        "vote_close": (
            forms.VoteForm(request.POST, meeting=meeting),
            lambda d: services.live_vote_close(live, d["vote"]),
            "Omröstningen är stängd.",
        ),
        "vote_cancel": (
            forms.VoteForm(request.POST, meeting=meeting),
            lambda d: services.live_vote_cancel(live, d["vote"]),
            "Omröstningen är återkallad.",
        ),
        "election": (
            forms.ElectionForm(request.POST),
            lambda d: services.live_election_record(live, question=d["question"], tally=d["tally"]),
            "Valet är protokollfört.",
        ),
        "decision": (
            forms.DecisionForm(request.POST),
            lambda d: services.live_decision_write(live, d["decision"]),
            "Beslutet är skrivet i protokollsutkastet.",
        ),
    }
    form, call, done = handlers[action]
    if form is not None and not form.is_valid():
        return _respond(request, pk, _form_errors(form), "")
    data = form.cleaned_data if form is not None else {}
    return _respond(request, pk, _run(lambda: call(data)), done)


@login_required
@require_POST
def member_act(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's own vote and request to speak, from their own device. Sending the same
    vote again (a device that lost its connection retries) keeps one ballot."""
    meeting = selectors.live_meeting(pk)
    audience = audience_for(request.user)
    if not selectors.may_follow_inside(audience, meeting):
        raise Http404
    person = selectors.person_of(audience)
    live = LiveMeeting.objects.filter(meeting=meeting).first()
    choice = forms.ActionForm(request.POST, actions=forms.MEMBER_ACTIONS)
    if person is None or live is None or not choice.is_valid():
        errors = _form_errors(choice) or [
            "Sammanträdet är inte öppnat."
            if live is None
            else "Du är inte kallad till sammanträdet."
        ]
        return _member_respond(request, pk, errors, "")
    if choice.cleaned_data["action"] == "ballot":
        form: Any = forms.BallotForm(request.POST, meeting=meeting)
        if not form.is_valid():
            return _member_respond(request, pk, _form_errors(form), "")
        d = form.cleaned_data
        return _member_respond(
            request,
            pk,
            _run(lambda: services.live_ballot_cast(live, d["vote"], person, d["choice"])),
            "Din röst är registrerad.",
        )
    form = forms.SpeakerForm(
        {"person": person.pk, "kind": request.POST.get("kind", "speech")}, person_ids={person.pk}
    )
    if not form.is_valid():
        return _member_respond(request, pk, _form_errors(form), "")
    d = form.cleaned_data
    return _member_respond(
        request,
        pk,
        _run(lambda: services.speaker_request(live, person, d["kind"])),
        "Du står på talarlistan.",
    )


def _member_respond(request: HttpRequest, pk: int, errors: list[str], done: str) -> HttpResponse:
    if request.headers.get("X-Live-Ballot") == "1":
        # The vote script (live-vote.js) wants a plain answer it can retry on.
        if errors:
            return HttpResponse(
                "\n".join(errors), status=400, content_type="text/plain; charset=utf-8"
            )
        return HttpResponse(done, content_type="text/plain; charset=utf-8")
    return _respond(request, pk, errors, done)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Meetings in the room today that the user runs or follows."""
    audience = audience_for(request.user)
    return render(
        request,
        "live/index.html",
        {"meetings": selectors.live_meetings_today(audience, timezone.localdate())},
    )
