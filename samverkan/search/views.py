from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.cases.selectors import int_or_none
from samverkan.structure.models import Body

from .models import SearchEntry
from .selectors import search


def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("typ", "")
    kind = kind if kind in SearchEntry.Kind.values else ""
    body_id = int_or_none(request.GET.get("organ"))
    year = int_or_none(request.GET.get("ar"))
    if year is not None and not 1900 <= year <= 2200:
        year = None
    hits = search(q, request.user, kind=kind, body_id=body_id, year=year) if q else []
    return render(
        request,
        "search/search.html",
        {
            "q": q,
            "hits": hits,
            "kind": kind,
            "body_id": body_id,
            "year": year,
            "kinds": SearchEntry.Kind.choices,
            "bodies": Body.objects.order_by("short_name"),
        },
    )
