"""Pages of shared costs. Reading is public (allocations between public authorities are
public records); changing is for those the policy names (may_change_costs)."""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify

from samverkan.access.policy import audience_for, may_change_costs
from samverkan.structure.models import Collaboration, Party
from samverkan.structure.scoping import current_collaboration

from . import exports, rules, selectors, services
from .forms import (
    AllocationForm,
    AllocationKeyForm,
    CostItemForm,
    KeyComponentFormSet,
    PopulationFigureForm,
)
from .models import Allocation, AllocationKey, CostItem


def _errors_add(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: beside the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for e in errors:
                form.add_error(target, e.messages)
        return
    form.add_error(None, error.messages)


def _may_change(request: HttpRequest) -> bool:
    collaboration = current_collaboration(request)
    return may_change_costs(audience_for(request.user), collaboration.pk if collaboration else None)


def _keepers_only(view: Any) -> Any:
    """Anonymous visitors are sent to log in; others without the right are refused."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not _may_change(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _collaboration(request: HttpRequest) -> Collaboration:
    collaboration = current_collaboration(request)
    if collaboration is None:
        raise Http404
    return collaboration


def _parties(collaboration: Collaboration) -> Any:
    return Party.objects.filter(collaboration=collaboration).order_by("sort_order", "name")


def overview(request: HttpRequest) -> HttpResponse:
    collaboration = _collaboration(request)
    years = []
    for year in selectors.cost_years(collaboration):
        items = selectors.cost_items_of_year(collaboration, year)
        years.append({"year": year, "items": len(items), "total": sum(i.amount for i in items)})
    return render(
        request,
        "costs/overview.html",
        {
            "years": years,
            "keys": selectors.keys_of(collaboration),
            "may_change": _may_change(request),
        },
    )


def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    collaboration = _collaboration(request)
    items = selectors.cost_items_of_year(collaboration, year)
    allocations = selectors.allocations_of_year(collaboration, year)
    current = selectors.current_allocations(allocations)
    if not items and not allocations:
        raise Http404
    table = selectors.year_party_table(current)
    return render(
        request,
        "costs/year.html",
        {
            "year": year,
            "items": items,
            "total": sum(i.amount for i in items),
            "current": current,
            "history": [a for a in allocations if a not in current],
            "table": table,
            "allocated_total": sum(r.total for r in table),
            "may_change": _may_change(request),
        },
    )


def key_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = _collaboration(request)
    key = get_object_or_404(AllocationKey, pk=pk, collaboration=collaboration)
    components = [
        {"component": c, "parties": selectors.component_parties(c)}
        for c in selectors.key_components(key)
    ]
    population_ids = selectors.key_population_party_ids(key)
    figures = selectors.population_figures(collaboration).filter(party_id__in=population_ids)
    return render(
        request,
        "costs/key.html",
        {
            "key": key,
            "components": components,
            "figures": figures,
            "items": key.cost_items.order_by("-year", "name"),
        },
    )


def population(request: HttpRequest) -> HttpResponse:
    collaboration = _collaboration(request)
    may_change = _may_change(request)
    form = None
    if may_change:
        form = PopulationFigureForm(request.POST or None, parties=_parties(collaboration))
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                figure = services.population_figure_create(**form.cleaned_data)
            except ValidationError as error:
                _errors_add(form, error)
            else:
                messages.success(
                    request,
                    f"Folkmängden för {figure.party.name} den {figure.reference_date:%Y-%m-%d} är sparad.",
                )
                return redirect("costs:population")
    return render(
        request,
        "costs/population.html",
        {"figures": selectors.population_figures(collaboration), "form": form},
    )


@_keepers_only
def key_new(request: HttpRequest) -> HttpResponse:
    collaboration = _collaboration(request)
    parties = _parties(collaboration)
    form = AllocationKeyForm(request.POST or None)
    formset = KeyComponentFormSet(
        request.POST or None, prefix="del", form_kwargs={"parties": parties}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        components = [
            services.ComponentInput(
                kind=f.cleaned_data["kind"],
                percent=f.cleaned_data["percent"],
                party=f.cleaned_data.get("party"),
                parties=list(f.cleaned_data.get("parties") or []),
            )
            for f in formset.forms
            if f.cleaned_data.get("kind")
        ]
        try:
            key = services.allocation_key_create(
                collaboration=collaboration, components=components, **form.cleaned_data
            )
        except ValidationError as error:
            _errors_add(form, error)
        else:
            messages.success(request, f"Nyckeln ”{key.name}” är sparad.")
            return redirect(key)
    return render(request, "costs/key_new.html", {"form": form, "formset": formset})


@_keepers_only
def cost_item_new(request: HttpRequest) -> HttpResponse:
    collaboration = _collaboration(request)
    initial = {"year": timezone.localdate().year}
    form = CostItemForm(
        request.POST or None, initial=initial, keys=selectors.keys_of(collaboration)
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.cost_item_create(collaboration=collaboration, **form.cleaned_data)
        except ValidationError as error:
            _errors_add(form, error)
        else:
            messages.success(request, f"Kostnaden ”{item.name}” {item.year} är sparad.")
            return redirect("costs:cost_item", item.pk)
    return render(request, "costs/cost_item_new.html", {"form": form})


def cost_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The cost item, its allocation as it would be saved now (by the reference date
    chosen), and the allocations saved before."""
    collaboration = _collaboration(request)
    item = get_object_or_404(
        CostItem.objects.select_related("key"), pk=pk, collaboration=collaboration
    )
    may_change = _may_change(request)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_change:
            raise PermissionDenied
    default_day = item.key.reference_date or selectors.newest_figure_day(collaboration)
    data = request.POST if request.method == "POST" else request.GET
    form = AllocationForm(
        data if "reference_date" in data else None, initial={"reference_date": default_day}
    )
    day: datetime.date | None = default_day
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["reference_date"] or default_day
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocation_create(item, reference_date=day, by=request.user)
        except ValidationError as error:
            _errors_add(form, error)
        else:
            messages.success(request, "Fördelningen är sparad.")
            return redirect(allocation)
    preview, preview_error = None, ""
    try:
        preview = selectors.allocation_compute(item.key, item.amount, day)
    except rules.AllocationError as error:
        preview_error = str(error)
    return render(
        request,
        "costs/cost_item.html",
        {
            "item": item,
            "form": form,
            "day": day,
            "preview": preview,
            "preview_total": sum(s.amount for s in preview) if preview else 0,
            "preview_error": preview_error,
            "allocations": item.allocations.order_by("-created_at", "-pk"),
            "may_change": may_change,
        },
    )


def _allocation(request: HttpRequest, pk: int) -> Allocation:
    return get_object_or_404(Allocation, pk=pk, collaboration=_collaboration(request))


def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = _allocation(request, pk)
    lines = selectors.allocation_lines(allocation)
    newer = (
        Allocation.objects.filter(cost_item_id=allocation.cost_item_id, pk__gt=allocation.pk)
        .order_by("pk")
        .first()
    )
    return render(
        request,
        "costs/allocation.html",
        {
            "allocation": allocation,
            "lines": lines,
            "lines_total": sum(line.amount for line in lines),
            "newer": newer,
        },
    )


def _file_name(allocation: Allocation, extension: str) -> str:
    return f"kostnadsfordelning-{slugify(allocation.item_name)}-{allocation.year}.{extension}"


def allocation_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = _allocation(request, pk)
    data = exports.allocation_xlsx(allocation, selectors.allocation_lines(allocation))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(allocation, "xlsx")}"'
    return response


def allocation_csv(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = _allocation(request, pk)
    data = exports.allocation_csv(allocation, selectors.allocation_lines(allocation))
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(allocation, "csv")}"'
    return response
