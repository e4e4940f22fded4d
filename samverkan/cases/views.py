"""Case pages: thin; confidentiality is applied by the selectors."""

import functools
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from samverkan.access.policy import audience_for, may_change_party_address
from samverkan.documents.services import document_create
from samverkan.pagination import paginate
from samverkan.structure.forms import is_pk
from samverkan.structure.models import Party
from samverkan.structure.scoping import current_collaboration
from samverkan.structure.services import party_registry_address_set

from . import selectors, services
from .forms import (
    CaseEditForm,
    CaseListFilterForm,
    CaseRegisterForm,
    CaseTypeForm,
    DecisionForm,
    EntryForm,
    FlowSteps,
    HandlingForm,
    PartyAddressForm,
    PartyResponseForm,
    RecommendationIssueForm,
    RegistryFilterForm,
    ResponseChoiceForm,
)
from .models import Case, CaseSeries, CaseType


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
                form_errors_add(form, error)
            else:
                messages.success(request, f"Ärendet är registrerat som {case.case_number}.")
                return redirect(case)
    mine = request.GET.get("mina") == "1"  # "Mina ärenden": the user's cases as officer
    filters = CaseListFilterForm(request.GET, auto_id="filter-%s")
    page = paginate(
        request,
        selectors.cases_ordered(
            selectors.cases_list(
                officer=request.user if mine else None,
                collaboration=current_collaboration(request),
            ),
            **filters.filters(),
        ),
    )
    return render(
        request,
        "cases/case_list.html",
        {
            "rows": [(c, selectors.case_status(c)) for c in page.items],
            "page": page,
            "filters": filters,
            "form": form,
            "may_record": may_record,
            "mine": mine,
        },
    )


def _entry_register(request: HttpRequest, case: Case, form: EntryForm) -> bool:
    """A refused file is told beside the file field, and the form comes back as typed."""
    d = form.cleaned_data
    file_field = "file"
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
            file_field = ""
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
        form_errors_add(form, error, file_field=file_field)
        return False
    return True


def case_detail(request: HttpRequest, code: str, number: int, year: int) -> HttpResponse:
    try:
        case = selectors.case_by_number(code, number, year, current_collaboration(request))
    except (Case.DoesNotExist, Case.MultipleObjectsReturned) as exc:
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
            "flow": selectors.case_flow(case),
            "decisions": selectors.decisions_for_case(case) if may_record else [],
        },
    )


def registry(request: HttpRequest) -> HttpResponse:
    form = RegistryFilterForm(request.GET)
    q, year = form.filters()
    page = paginate(
        request,
        selectors.registry_entries_for(
            request.user, year=year, query=q, collaboration=current_collaboration(request)
        ),
        # Matches of a text are counted up to a cap (a common word is in every other entry).
        cap=selectors.REGISTRY_TEXT_CAP if q else 0,
    )
    return render(
        request,
        "cases/registry.html",
        {
            "entries": selectors.registry_entries_shown(request.user, page.items, q),
            "page": page,
            "form": form,
            "q": q,
            "year": year,
        },
    )


def recommendation_matrix(request: HttpRequest) -> HttpResponse:
    collaboration = current_collaboration(request)
    # A row per recommendation and a column per party: 25 rows keep the table readable.
    page = paginate(request, selectors.recommendations_newest_first(collaboration), per_page=25)
    return render(
        request,
        "cases/recommendation_matrix.html",
        {"matrix": selectors.recommendation_matrix(page.items, collaboration), "page": page},
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
                # The document store's refusals name no field: they are the file's.
                form_errors_add(form, error, file_field="document")
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


# --- The registrar's pages: a case's type, officer, handlings, decisions and
# recommendations; the flows of the series' case types; the parties' registry addresses.


def form_errors_add(form: forms.Form, error: ValidationError, file_field: str = "") -> None:
    """A service's refusal on the form: beside the field it names, else above the form;
    `file_field` takes what an upload's checks say (the document store's messages name
    no field)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for e in errors:
                form.add_error(target, e.messages)
        return
    form.add_error(file_field or None, error.messages)


def _registrar_case(request: HttpRequest, code: str, number: int, year: int) -> Case:
    """The case, for a registrar of its series (or an administrator); 404 for a case that
    does not exist, refusal for everyone else."""
    try:
        case = selectors.case_by_number(code, number, year, current_collaboration(request))
    except (Case.DoesNotExist, Case.MultipleObjectsReturned) as exc:
        raise Http404 from exc
    if not selectors.series_for_registrar(request.user).filter(pk=case.series_id).exists():
        raise PermissionDenied
    return case


def _registrar_only(view: Any) -> Any:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


@_registrar_only
def case_edit(request: HttpRequest, code: str, number: int, year: int) -> HttpResponse:
    case = _registrar_case(request, code, number, year)
    form = CaseEditForm(
        request.POST or None,
        initial={
            "title": case.title,
            "description": case.description,
            "case_type": case.case_type_id,
            "case_officer": case.case_officer_id,
            "closed_on": case.closed_on,
        },
        case_types=selectors.case_types_for_series(case.series),
        officers=selectors.case_officer_candidates(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(case, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, f"{case.case_number} är ändrat.")
            return redirect(case)
    return render(
        request, "cases/case_edit.html", {"case": case, "form": form, "heading": "Ändra ärendet"}
    )


@_registrar_only
def handling_add(request: HttpRequest, code: str, number: int, year: int) -> HttpResponse:
    case = _registrar_case(request, code, number, year)
    today = timezone.localdate()
    form = HandlingForm(
        request.POST or None,
        initial={"date": today},
        bodies=selectors.bodies_for_flows(today, case.series),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.handling_add(case, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, "Behandlingen är tillagd.")
            return redirect(case)
    return render(
        request,
        "cases/case_edit.html",
        {"case": case, "form": form, "heading": "Lägg till behandling", "submit": "Lägg till"},
    )


@_registrar_only
def decision_add(request: HttpRequest, code: str, number: int, year: int) -> HttpResponse:
    case = _registrar_case(request, code, number, year)
    today = timezone.localdate()
    form = DecisionForm(
        request.POST or None,
        initial={"date": today},
        bodies=selectors.bodies_for_flows(today, case.series),
        to_found=selectors.bodies_to_found(case.series),
        to_dissolve=selectors.bodies_to_dissolve(case.series),
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(case, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            changed = [b.short_name for b in (decision.founds_body, decision.dissolves_body) if b]
            note = f" Strukturen är ändrad: {', '.join(changed)}." if changed else ""
            messages.success(request, f"Beslutet är registrerat.{note}")
            return redirect(case)
    return render(
        request,
        "cases/case_edit.html",
        {"case": case, "form": form, "heading": "Registrera beslut", "submit": "Registrera"},
    )


@_registrar_only
def recommendation_issue(
    request: HttpRequest, code: str, number: int, year: int, decision: int
) -> HttpResponse:
    case = _registrar_case(request, code, number, year)
    if not is_pk(decision):
        raise Http404
    found = get_object_or_404(case.decisions.select_related("body"), pk=decision)
    parties = selectors.parties_for_recommendation(case.series)
    # The recommendation goes out to the parties: the decision's text is prefilled only
    # when it is public (a closed or unattested § keeps it, even from those who read it).
    public = case.decisions.visible_to(None).filter(pk=found.pk).exists()
    form = RecommendationIssueForm(
        request.POST or None,
        initial={
            "title": case.title,
            "text": found.text if public else "",
            "proposed_by": found.body.name,
            "issued_on": timezone.localdate(),
            "parties": list(selectors.parties_participating(found.body, found.date)),
        },
        parties=parties,
    )
    if request.method == "POST" and form.is_valid():
        try:
            rec = services.recommendation_issue(
                case, decision=found, notify=True, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            without = [p.short_name for p in form.cleaned_data["parties"] if not p.email]
            note = (
                f" Utan registraturadress (inget e-brev): {', '.join(without)}." if without else ""
            )
            messages.success(request, f"Rekommendationen är utfärdad och skickad.{note}")
            return redirect(rec)
    return render(
        request,
        "cases/case_edit.html",
        {
            "case": case,
            "form": form,
            "heading": f"Rekommendation till parterna från beslutet i {found.body.short_name} {found.date_display}",
            "submit": "Utfärda och skicka",
            "decision": found,
        },
    )


@_registrar_only
def flows(request: HttpRequest) -> HttpResponse:
    """The case types the user keeps, and a new type."""
    audience = audience_for(request.user)
    series = selectors.series_for_registrar(request.user)
    if not audience.is_admin and not series.exists():
        raise PermissionDenied
    form = CaseTypeForm(request.POST or None, series=series, shared_allowed=audience.is_admin)
    if request.method == "POST" and form.is_valid():
        try:
            case_type = services.case_type_save(CaseType(**form.cleaned_data))
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request, f"Ärendetypen {case_type.name} är skapad; ange dess ärendegång."
            )
            return redirect("cases:flow", case_type.pk)
    types = selectors.case_types_editable_by(request.user).prefetch_related("steps__body")
    return render(request, "cases/flows.html", {"types": types, "form": form})


@_registrar_only
def flow_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_pk(pk):
        raise Http404
    case_type = get_object_or_404(CaseType.objects.select_related("series"), pk=pk)
    if not selectors.case_types_editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    bodies = selectors.bodies_for_flows(timezone.localdate(), case_type.series)
    name_form = CaseTypeForm(
        request.POST or None,
        initial={"name": case_type.name, "series": case_type.series_id},
        series=CaseSeries.objects.filter(pk=case_type.series_id or 0),
        shared_allowed=case_type.series_id is None,
    )
    steps = FlowSteps(
        request.POST or None,
        initial=[
            {"body": s.body_id, "purpose": s.purpose, "ORDER": s.position}
            for s in case_type.steps.all()
        ],
        form_kwargs={"bodies": bodies},
        prefix="steg",
    )
    if request.method == "POST" and name_form.is_valid() and steps.is_valid():
        try:
            with transaction.atomic():
                case_type.name = name_form.cleaned_data["name"]
                services.case_type_save(case_type)
                services.case_type_flow_set(case_type, steps.steps())  # type: ignore[attr-defined]
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form_errors_add(name_form, error)
            else:
                steps._non_form_errors = steps.error_class(error.messages)  # type: ignore[attr-defined]
        else:
            messages.success(request, f"Ärendegången för {case_type.name} är sparad.")
            return redirect("cases:flow", case_type.pk)
    return render(
        request,
        "cases/flow_edit.html",
        {"case_type": case_type, "name_form": name_form, "steps": steps},
    )


@_registrar_only
def party_addresses(request: HttpRequest) -> HttpResponse:
    if not may_change_party_address(audience_for(request.user)):
        raise PermissionDenied
    parties = Party.objects.order_by("sort_order", "name")
    collaboration = current_collaboration(request)
    if collaboration is not None:
        parties = parties.filter(collaboration=collaboration)
    return render(request, "cases/party_addresses.html", {"parties": parties})


@_registrar_only
def party_address(request: HttpRequest, slug: str) -> HttpResponse:
    if not may_change_party_address(audience_for(request.user)):
        raise PermissionDenied
    party = get_object_or_404(Party, slug=slug)
    form = PartyAddressForm(request.POST or None, initial={"email": party.email})
    if request.method == "POST" and form.is_valid():
        try:
            party_registry_address_set(party, email=form.cleaned_data["email"])
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, f"{party.name}s registraturadress är sparad.")
            return redirect("cases:party_addresses")
    return render(request, "cases/party_address.html", {"party": party, "form": form})
