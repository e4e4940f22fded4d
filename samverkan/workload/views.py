"""The meeting load pages, the structure comparison and the fee basis with its files.
Each view reads the audience through the access policy and the figures through the
selectors; none holds a rule."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from samverkan.access.policy import audience_for, may_read_fee_basis
from samverkan.pagination import page_check, page_number, page_of, paginate
from samverkan.structure.scoping import current_collaboration
from samverkan.structure.selectors import structure_change_dates

from . import exports, rules, selectors
from .forms import ComparisonForm, FeeBasisForm, LoadYearForm

FEE_ROWS_PER_PAGE = 50


def load(request: HttpRequest) -> HttpResponse:
    """Per party and per body for a year: public (sealed minutes only)."""
    form = LoadYearForm(request.GET or None)
    year = form.year()
    collaboration = current_collaboration(request)
    return render(
        request,
        "workload/load.html",
        {
            "form": form,
            "year": year,
            "load": selectors.meeting_load(collaboration, year),
            "may_read_persons": may_read_fee_basis(audience_for(request.user)),
            "default_hours": rules.hours_display(rules.DEFAULT_MEETING_HOURS),
        },
    )


@login_required
def persons(request: HttpRequest) -> HttpResponse:
    """Per person: seats, meetings attended and hours (the secretariat's bodies)."""
    audience = audience_for(request.user)
    if not may_read_fee_basis(audience):
        raise PermissionDenied
    form = LoadYearForm(request.GET or None)
    year = form.year()
    collaboration = current_collaboration(request)
    page = paginate(request, selectors.persons_with_load(collaboration, year, audience))
    return render(
        request,
        "workload/persons.html",
        {
            "form": form,
            "year": year,
            "page": page,
            "loads": selectors.person_loads(collaboration, year, audience, page.items),
        },
    )


def comparison(request: HttpRequest) -> HttpResponse:
    """The structure on two days side by side (public: the structure is public)."""
    collaboration = current_collaboration(request)
    defaults = rules.comparison_default_days(
        structure_change_dates(collaboration), timezone.localdate()
    )
    form = ComparisonForm(request.GET or None)
    day_a, day_b = form.days(defaults)
    compared = selectors.structure_comparison(collaboration, day_a, day_b)
    return render(
        request,
        "workload/comparison.html",
        {
            "form": form,
            "day_a": day_a,
            "day_b": day_b,
            "defaults": defaults,
            "comparison": compared,
            "default_hours": rules.hours_display(rules.DEFAULT_MEETING_HOURS),
        },
    )


def _fee_basis(request: HttpRequest) -> tuple[FeeBasisForm, selectors.FeeBasis]:
    audience = audience_for(request.user)
    if not may_read_fee_basis(audience):
        raise PermissionDenied
    collaboration = current_collaboration(request)
    form = FeeBasisForm(request.GET or None, collaboration=collaboration)
    basis = selectors.fee_basis(collaboration, form.year(), audience, form.party())
    return form, basis


@login_required
def fee_basis(request: HttpRequest) -> HttpResponse:
    form, basis = _fee_basis(request)
    number = page_number(request)
    page_check(number, len(basis.rows), FEE_ROWS_PER_PAGE)
    start = (number - 1) * FEE_ROWS_PER_PAGE
    page = page_of(
        request,
        basis.rows[start : start + FEE_ROWS_PER_PAGE],
        number=number,
        count=len(basis.rows),
        capped=basis.capped,
        per_page=FEE_ROWS_PER_PAGE,
    )
    # The files get the figures shown: the year and party in force, not what was typed.
    query = QueryDict(mutable=True)
    query["ar"] = str(basis.year)
    if basis.party is not None:
        query["part"] = basis.party.slug
    elif form.party() == selectors.NO_PARTY:
        query["part"] = selectors.NO_PARTY
    return render(
        request,
        "workload/fee_basis.html",
        {
            "form": form,
            "basis": basis,
            "page": page,
            "file_query": query.urlencode(),
        },
    )


def _file_name(basis: selectors.FeeBasis, suffix: str) -> str:
    party = basis.party.slug if basis.party else "alla-parter"
    return f"arvodesunderlag-{basis.year}-{party}.{suffix}"


def _attachment(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def fee_basis_xlsx(request: HttpRequest) -> HttpResponse:
    _, basis = _fee_basis(request)
    return _attachment(
        exports.fee_basis_xlsx(basis),
        _file_name(basis, "xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def fee_basis_csv(request: HttpRequest) -> HttpResponse:
    _, basis = _fee_basis(request)
    return _attachment(
        exports.fee_basis_csv(basis).encode("utf-8-sig"),
        _file_name(basis, "csv"),
        "text/csv; charset=utf-8",
    )
