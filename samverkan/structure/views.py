from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import selectors
from .diagram import diagram_layout
from .forms import AsOfForm
from .models import Body, Party, Person


def _as_of(request: HttpRequest) -> AsOfForm:
    return AsOfForm(request.GET or None)


def home(request: HttpRequest) -> HttpResponse:
    form = _as_of(request)
    day = form.day()
    snapshot = selectors.structure_as_of(day)
    return render(
        request,
        "structure/home.html",
        {
            "form": form,
            "snapshot": snapshot,
            "diagram": diagram_layout(snapshot.bodies, snapshot.reporting_lines),
            "is_today": day == timezone.localdate(),
            "change_dates": selectors.structure_change_dates(),
        },
    )


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(Body.objects.select_related("owner_party"), slug=slug)
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
    return render(request, "structure/party_list.html", {"parties": selectors.parties_all()})


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(Party, slug=slug)
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
