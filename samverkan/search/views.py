from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.structure.models import Body

from .models import SearchEntry
from .selectors import search


def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("typ", "")
    kind = kind if kind in SearchEntry.Kind.values else ""
    try:
        body_id = int(request.GET.get("organ", "") or 0) or None
        year = int(request.GET.get("ar", "") or 0) or None
    except ValueError:
        body_id = year = None
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
