"""Case pages: thin; confidentiality is applied by the selectors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from samverkan.documents.services import document_create

from . import selectors, services
from .forms import (
    CaseRegisterForm,
    EntryForm,
    PartyResponseForm,
    RegistryFilterForm,
    ResponseChoiceForm,
)
from .models import Case


def case_list(request: HttpRequest) -> HttpResponse:
    series = selectors.series_for_registrar(request.user)
    may_record = series.exists()
    form = CaseRegisterForm(request.POST or None, series=series)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                case = services.case_register(**form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, f"Ärendet är registrerat som {case.case_number}.")
                return redirect(case)
    cases = list(selectors.cases_list())
    return render(
        request,
        "cases/case_list.html",
        {
            "rows": [(c, selectors.case_status(c)) for c in cases],
            "form": form,
            "may_record": may_record,
        },
    )


def _entry_register(request: HttpRequest, case: Case, form: EntryForm) -> bool:
    d = form.cleaned_data
    try:
        with transaction.atomic():
            document = None
            if d["file"]:
                document = document_create(
                    # A protected description must not reappear as the document's title.
                    title=(
                        f"Handling i {case.case_number}"
                        if d["description_protected"]
                        else d["description"]
                    ),
                    data=d["file"].read(),
                    filename=d["file"].name,
                    by=request.user,
                    confidentiality_ground=d["confidentiality_ground"]
                    if d["document_confidential"]
                    else "",
                )
            services.registry_entry_add(
                case,
                date=d["date"],
                direction=d["direction"],
                description=d["description"],
                counterpart=d["counterpart"],
                document=document,
                counterpart_protected=d["counterpart_protected"],
                description_protected=d["description_protected"],
                confidentiality_ground=d["confidentiality_ground"],
                by=request.user,
            )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    return True


def case_detail(request: HttpRequest, code: str, number: int, year: int) -> HttpResponse:
    try:
        case = selectors.case_by_number(code, number, year)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    may_record = selectors.series_for_registrar(request.user).filter(pk=case.series_id).exists()
    form = EntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid() and _entry_register(request, case, form):
            messages.success(request, "Handlingen är diarieförd.")
            return redirect(case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "form": form,
            "may_record": may_record,
            "status": selectors.case_status(case),
            "timeline": selectors.case_timeline(case, request.user),
            "recommendations": case.recommendations.all(),
            "steps": case.case_type.steps.select_related("body") if case.case_type else [],
        },
    )


def registry(request: HttpRequest) -> HttpResponse:
    form = RegistryFilterForm(request.GET)
    q, year = form.filters()
    return render(
        request,
        "cases/registry.html",
        {
            "entries": selectors.registry_entries(request.user, year=year, query=q),
            "form": form,
            "q": q,
            "year": year,
        },
    )


def recommendation_matrix(request: HttpRequest) -> HttpResponse:
    return render(
        request, "cases/recommendation_matrix.html", {"matrix": selectors.recommendation_matrix()}
    )


def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = get_object_or_404(selectors.recommendations_with_responses(), pk=pk)
    may_record = selectors.series_for_registrar(request.user).filter(pk=rec.case.series_id).exists()
    forms_ = {}
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        choice = ResponseChoiceForm(request.POST, responses=rec.responses.all())
        if not choice.is_valid():
            for message in choice.errors["response"]:
                messages.error(request, str(message))
            return redirect(rec)
        response = choice.cleaned_data["response"]
        form = PartyResponseForm(request.POST, request.FILES, prefix=f"r{response.pk}")
        forms_[response.pk] = form
        if form.is_valid():
            d = form.cleaned_data
            try:
                with transaction.atomic():
                    document = None
                    if d["document"]:
                        document = document_create(
                            title=f"{response.party.name}: beslut om {rec.title}",
                            data=d["document"].read(),
                            filename=d["document"].name,
                            by=request.user,
                        )
                    services.party_response_record(
                        response,
                        status=d["status"],
                        decision_reference=d["decision_reference"],
                        decided_on=d["decided_on"],
                        document=document,
                        note=d["note"],
                    )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, f"{response.party.name}s svar är registrerat.")
                return redirect(rec)
    rows = []
    for r in rec.responses.all():
        form = forms_.get(r.pk) or PartyResponseForm(
            prefix=f"r{r.pk}",
            initial={
                "status": r.status,
                "decision_reference": r.decision_reference,
                "decided_on": r.decided_on,
                "note": r.note,
            },
        )
        rows.append((r, form))
    return render(
        request,
        "cases/recommendation_detail.html",
        {
            "rec": rec,
            "rows": rows,
            "state": selectors.recommendation_state(rec),
            "may_record": may_record,
        },
    )
