from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import selectors
from .diagram import diagram_layout
from .forms import AsOfForm
from .models import Body, Party, Person
from .scoping import current_collaboration


def _as_of(request: HttpRequest) -> AsOfForm:
    return AsOfForm(request.GET or None)


def home(request: HttpRequest) -> HttpResponse:
    form = _as_of(request)
    day = form.day()
    collaboration = current_collaboration(request)
    snapshot = selectors.structure_as_of(day, collaboration)
    return render(
        request,
        "structure/home.html",
        {
            "form": form,
            "snapshot": snapshot,
            "diagram": diagram_layout(snapshot.bodies, snapshot.reporting_lines),
            "is_today": day == timezone.localdate(),
            "change_dates": selectors.structure_change_dates(collaboration),
        },
    )


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(
        Body.objects.in_collaboration(current_collaboration(request)).select_related("owner_party"),
        slug=slug,
    )
    form = _as_of(request)
    day = form.day()
    return render(
        request,
        "structure/body_detail.html",
        {
            "form": form,
            "view": selectors.body_view(body, day),
            "is_today": day == timezone.localdate(),
        },
    )


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    return render(
        request,
        "structure/person_detail.html",
        {
            "person": person,
            "memberships": selectors.person_memberships(person),
            "today": timezone.localdate(),
        },
    )


def party_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "structure/party_list.html",
        {"parties": selectors.parties_all(current_collaboration(request))},
    )


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(
        Party.objects.in_collaboration(current_collaboration(request)), slug=slug
    )
    form = _as_of(request)
    day = form.day()
    return render(
        request,
        "structure/party_detail.html",
        {
            "form": form,
            "seats": selectors.party_seats(party, day),
            "is_today": day == timezone.localdate(),
        },
    )


LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


def collaboration_logo(request: HttpRequest) -> FileResponse:
    """The collaboration's logo, for the page header. An SVG is sent with its own
    sandboxing policy so a script inside it can never run."""
    collaboration = current_collaboration(request)
    logo = collaboration.logo if collaboration else None
    suffix = logo.name[-4:].lower() if logo else ""
    if not logo or suffix not in LOGO_TYPES:
        raise Http404
    response = FileResponse(logo.open("rb"), content_type=LOGO_TYPES[suffix])
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response
