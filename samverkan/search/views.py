from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.cases.forms import QueryTextField
from samverkan.pagination import page_check, page_number, page_of
from samverkan.structure.forms import BoundedModelChoiceField, year_field
from samverkan.structure.models import Body
from samverkan.structure.scoping import current_collaboration

from .models import SearchEntry
from .selectors import search_results

PER_PAGE = 20


class SearchForm(forms.Form):
    """`/sok/?q=&typ=&organ=&ar=`; an invalid filter is left out and its message shown."""

    q = QueryTextField(label="Sökord", required=False)
    typ = forms.ChoiceField(
        label="Typ",
        choices=[("", "Alla"), *SearchEntry.Kind.choices],
        required=False,
        error_messages={"invalid_choice": "Välj en av typerna i listan."},
    )
    organ = BoundedModelChoiceField(
        label="Organ",
        queryset=Body.objects.order_by("short_name"),
        required=False,
        error_messages={"invalid_choice": "Välj ett av organen i listan."},
    )
    ar = year_field()

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        d = self.cleaned_data
        body = d.get("organ")
        return {
            "q": d.get("q") or "",
            "kind": d.get("typ") or "",
            "body_id": body.pk if body else None,
            "year": d.get("ar"),
        }


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    f = form.filters()
    q = f["q"]
    number = page_number(request)
    result = search_results(
        q,
        request.user,
        kind=f["kind"],
        body_id=f["body_id"],
        year=f["year"],
        collaboration=current_collaboration(request),
        offset=(number - 1) * PER_PAGE,
        limit=PER_PAGE,
    )
    page_check(number, result.count, PER_PAGE)
    page = page_of(
        request,
        result.hits,
        number=number,
        count=result.count,
        capped=result.capped,
        per_page=PER_PAGE,
    )
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "q": q,
            "hits": page.items,
            "page": page,
            "kind": f["kind"],
            "body_id": f["body_id"],
            "year": f["year"],
            "kinds": SearchEntry.Kind.choices,
            "bodies": Body.objects.in_collaboration(current_collaboration(request)).order_by(
                "short_name"
            ),
        },
    )
