"""Follow-up pages: thin. Access comes from the policy, figures from the selectors."""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from samverkan.access.policy import (
    audience_for,
    may_manage_assignments,
    may_report_progress,
)
from samverkan.cases.models import Decision, Recommendation
from samverkan.meetings.models import Section
from samverkan.pagination import paginate
from samverkan.structure.models import Body, Collaboration, Party, Person
from samverkan.structure.scoping import body_or_404, current_collaboration

from . import charts, rules, selectors, services
from . import render as documents
from .forms import (
    AssignmentCreateForm,
    AssignmentEditForm,
    AssignmentFilterForm,
    ProgressReportForm,
    ReportYearForm,
)
from .models import Assignment

# --- Helpers -------------------------------------------------------------------------------


def _errors_on(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for e in errors:
                form.add_error(target, e.messages)
    else:
        form.add_error(None, error.messages)


def _year(request: HttpRequest, today: datetime.date) -> tuple[ReportYearForm, int]:
    form = ReportYearForm(request.GET or None)
    if request.GET.get("ar") and form.is_valid():
        return form, form.cleaned_data["ar"]
    return form, today.year


def _collaboration(request: HttpRequest) -> Collaboration:
    collaboration = current_collaboration(request)
    if collaboration is None:
        raise Http404
    return collaboration


def _owner_choices(collaboration: Collaboration | None) -> dict[str, QuerySet[Any]]:
    bodies = Body.objects.in_collaboration(collaboration).order_by("sort_order", "name")
    return {
        "persons": Person.objects.filter(memberships__body__in=bodies).distinct().order_by("name"),
        "parties": Party.objects.in_collaboration(collaboration).order_by("sort_order", "name"),
        "bodies": bodies,
    }


def _file(data: bytes, name: str, content_type: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


# --- Dashboard ---------------------------------------------------------------------------


def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_or_404(request, slug)
    audience = audience_for(request.user)
    today = timezone.localdate()
    year_form, year = _year(request, today)
    # Up to five years back, from the body's first year; a year outside the body's
    # life shows its last one.
    known = selectors.report_years(body, today)
    if year not in known:
        if request.GET.get("ar") and year_form.is_valid():
            messages.info(
                request, f"{body.short_name} har ingen uppföljning för {year}; visar {known[0]}."
            )
        year = known[0]
    years = sorted(y for y in known if year - 4 <= y <= year)
    # Main assignments: a sub-assignment's progress rolls up into its parent's.
    assignments = selectors.assignments_visible(audience).filter(body=body, parent__isnull=True)
    states = selectors.state_counts(assignments, today)
    plan = selectors.meetings_against_plan(body, years, today)
    lead = selectors.lead_times(body, audience, years)
    attendance = selectors.attendance_year(body, year, today)
    share = selectors.decision_share(body, audience, year, today)
    matrix = selectors.body_recommendation_matrix(body, year)
    context = {
        "body": body,
        "year": year,
        "year_form": year_form,
        "years": selectors.report_years(body, today),
        "states": states,
        "states_chart": None
        if not any(s.count for s in states)
        else charts.bar_chart(
            "chart-states",
            f"Uppdrag som {body.short_name} följer upp, efter status",
            [charts.Bar(s.label, s.count, str(s.count)) for s in states],
        ),
        "upcoming": selectors.upcoming_deadlines(body, audience, today),
        "plan": plan,
        "plan_chart": None
        if not any(p.scheduled or p.rhythm for p in plan)
        else charts.grouped_bars(
            "chart-plan",
            f"Sammanträden {years[0]}–{years[-1]}: enligt mötesrytmen, planerade och hållna",
            [str(p.year) for p in plan],
            [
                charts.Series("Enligt mötesrytm", [p.rhythm for p in plan]),
                charts.Series("Planerade", [p.scheduled for p in plan]),
                charts.Series("Hållna", [p.held for p in plan]),
            ],
        ),
        "lead": lead,
        "lead_chart": charts.box_plot(
            "chart-lead",
            "Ledtid från första behandling till beslut, per år",
            [(str(row.year), row.spread) for row in lead],
        )
        if any(row.spread for row in lead)
        else None,
        "attendance": attendance,
        "attendance_chart": charts.bar_chart(
            "chart-attendance",
            f"Besatta platser per part {year}",
            [
                charts.Bar(p.name, p.share or 0, rules.percent_display(p.share))
                for p in attendance.by_party
            ],
            maximum=100,
        ),
        "share": share,
        "matrix": matrix,
        "may_manage": may_manage_assignments(audience, body.pk),
        "today": today,
    }
    return render(request, "followup/dashboard.html", context)


def overview(request: HttpRequest) -> HttpResponse:
    """The collaboration's follow-up: every body's dashboard and the yearly reports."""
    collaboration = _collaboration(request)
    audience = audience_for(request.user)
    today = timezone.localdate()
    bodies = list(selectors.bodies_of_year(collaboration, today.year))
    late = list(
        selectors.assignments_visible(audience)
        .filter(body__collaboration=collaboration, status__in=rules.OPEN, deadline__lt=today)
        .order_by("deadline", "id")[:50]
    )
    return render(
        request,
        "followup/overview.html",
        {
            "collaboration": collaboration,
            "bodies": bodies,
            "late": selectors.progress_attach(late, today),
            "years": list(range(today.year, today.year - 5, -1)),
        },
    )


# --- Assignments ---------------------------------------------------------------------------


def body_assignments(request: HttpRequest, slug: str, overdue: bool = False) -> HttpResponse:
    body = body_or_404(request, slug)
    audience = audience_for(request.user)
    today = timezone.localdate()
    form = AssignmentFilterForm(request.GET or None)
    state = rules.LATE if overdue else (form.cleaned_data["status"] if form.is_valid() else "")
    page = paginate(request, selectors.assignments_of_body(body, audience, today, state))
    page.items = selectors.progress_attach(page.items, today)
    return render(
        request,
        "followup/assignment_list.html",
        {
            "body": body,
            "form": form,
            "page": page,
            "overdue": overdue,
            "state": state,
            "today": today,
        },
    )


def body_overdue(request: HttpRequest, slug: str) -> HttpResponse:
    return body_assignments(request, slug, overdue=True)


def _visible_assignment(request: HttpRequest, pk: int) -> Assignment:
    assignment = selectors.assignment_for(pk, audience_for(request.user))
    collaboration = current_collaboration(request)
    if collaboration is not None and assignment.body.collaboration_id != collaboration.pk:
        raise Http404
    return assignment


def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible_assignment(request, pk)
    audience = audience_for(request.user)
    today = timezone.localdate()
    selectors.progress_attach([assignment], today)
    children = selectors.progress_attach(
        list(selectors.sub_assignments(assignment, audience)), today
    )
    may_report = may_report_progress(audience, assignment.body_id, assignment.owner_person_id)
    return render(
        request,
        "followup/assignment_detail.html",
        {
            "assignment": assignment,
            "children": children,
            "reports": selectors.progress_reports(assignment)[:100],
            "may_manage": may_manage_assignments(audience, assignment.body_id),
            "may_report": may_report and assignment.status in rules.OPEN,
            "report_form": ProgressReportForm(today=today),
            "today": today,
        },
    )


@require_POST
def progress_report(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible_assignment(request, pk)
    audience = audience_for(request.user)
    if not may_report_progress(audience, assignment.body_id, assignment.owner_person_id):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    today = timezone.localdate()
    form = ProgressReportForm(request.POST, today=today)
    if form.is_valid():
        try:
            services.progress_report_add(
                assignment, by=request.user, today=today, **form.cleaned_data
            )
        except ValidationError as error:
            _errors_on(form, error)
        else:
            messages.success(request, "Lägesrapporten är sparad.")
            return redirect(assignment)
    selectors.progress_attach([assignment], today)
    return render(
        request,
        "followup/assignment_detail.html",
        {
            "assignment": assignment,
            "children": selectors.progress_attach(
                list(selectors.sub_assignments(assignment, audience)), today
            ),
            "reports": selectors.progress_reports(assignment)[:100],
            "may_manage": may_manage_assignments(audience, assignment.body_id),
            "may_report": assignment.status in rules.OPEN,
            "report_form": form,
            "today": today,
        },
    )


def _require_manager(request: HttpRequest, body_id: int) -> HttpResponse | None:
    if may_manage_assignments(audience_for(request.user), body_id):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible_assignment(request, pk)
    refusal = _require_manager(request, assignment.body_id)
    if refusal:
        return refusal
    collaboration = assignment.body.collaboration
    initial = {
        "title": assignment.title,
        "description": assignment.description,
        "owner_person": assignment.owner_person_id,
        "owner_party": assignment.owner_party_id,
        "owner_body": assignment.owner_body_id,
        "decided_on": assignment.decided_on,
        "deadline": assignment.deadline,
        "review_on": assignment.review_on,
        "status": assignment.status,
    }
    form = AssignmentEditForm(
        request.POST or None, initial=initial, **_owner_choices(collaboration)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_update(assignment, **form.cleaned_data)
        except ValidationError as error:
            _errors_on(form, error)
        else:
            messages.success(request, "Uppdraget är ändrat.")
            return redirect(assignment)
    return render(
        request,
        "followup/assignment_form.html",
        {"form": form, "assignment": assignment, "heading": "Ändra uppdrag", "source": None},
    )


def _source_of(
    kind: str, pk: int, request: HttpRequest
) -> tuple[Any, Body | None, datetime.date | None]:
    """The source object, its body (if it has one) and its decision day, as the reader
    sees it: a § must be visible to the reader."""
    audience = audience_for(request.user)
    collaboration = current_collaboration(request)
    if kind == "paragraf":
        section = get_object_or_404(
            Section.objects.visible_to(audience).select_related("meeting", "body"), pk=pk
        )
        body, day = section.body, section.meeting.date
        source: Any = section
    elif kind == "beslut":
        decision = get_object_or_404(
            Decision.objects.visible_to(audience).select_related("body", "case__series"), pk=pk
        )
        body, day, source = decision.body, decision.date, decision
    elif kind == "rekommendation":
        rec = get_object_or_404(
            Recommendation.objects.select_related("decision__body", "case__series"), pk=pk
        )
        body = rec.decision.body if rec.decision else None
        day = rec.issued_on or (rec.decision.date if rec.decision else None)
        source = rec
        if collaboration is not None and rec.case.series.collaboration_id != collaboration.pk:
            raise Http404
    else:
        raise Http404
    if body is not None and collaboration is not None and body.collaboration_id != collaboration.pk:
        raise Http404
    return source, body, day


def assignment_create(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    source, body, day = _source_of(kind, pk, request)
    audience = audience_for(request.user)
    collaboration = current_collaboration(request)
    if body is not None:
        refusal = _require_manager(request, body.pk)
        if refusal:
            return refusal
        follow_up = None
    else:
        follow_up = Body.objects.in_collaboration(collaboration).filter(
            pk__in=[
                b.pk
                for b in Body.objects.in_collaboration(collaboration)
                if may_manage_assignments(audience, b.pk)
            ]
        )
        if not follow_up.exists():
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
    form = AssignmentCreateForm(
        request.POST or None,
        initial={"decided_on": day, "title": getattr(source, "title", "")},
        follow_up_bodies=follow_up,
        **_owner_choices(collaboration),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = data.pop("body", None) or body
        assert target is not None  # the form asks for it when the source has none
        try:
            assignment = services.assignment_create(source=source, body=target, **data)
        except ValidationError as error:
            _errors_on(form, error)
        else:
            messages.success(request, "Uppdraget är skapat.")
            return redirect(assignment)
    return render(
        request,
        "followup/assignment_form.html",
        {
            "form": form,
            "assignment": None,
            "heading": "Nytt uppdrag",
            "source": source,
            "kind": kind,
        },
    )


def sub_assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _visible_assignment(request, pk)
    if parent.parent_id is not None:
        raise Http404  # sub-assignments are one level deep
    refusal = _require_manager(request, parent.body_id)
    if refusal:
        return refusal
    form = AssignmentCreateForm(
        request.POST or None,
        initial={"decided_on": parent.decided_on},
        **_owner_choices(parent.body.collaboration),
    )
    if request.method == "POST" and form.is_valid():
        try:
            child = services.assignment_create(parent=parent, body=parent.body, **form.cleaned_data)
        except ValidationError as error:
            _errors_on(form, error)
        else:
            messages.success(request, "Deluppdraget är skapat.")
            return redirect(child)
    return render(
        request,
        "followup/assignment_form.html",
        {
            "form": form,
            "assignment": None,
            "parent": parent,
            "heading": "Nytt deluppdrag",
            "source": None,
        },
    )


# --- Yearly reports ------------------------------------------------------------------------


def _report_year(year: int, today: datetime.date) -> None:
    if not 2000 <= year <= today.year:
        raise Http404


def body_report(request: HttpRequest, slug: str, year: int, fmt: str = "html") -> HttpResponse:
    body = body_or_404(request, slug)
    today = timezone.localdate()
    _report_year(year, today)
    report = selectors.body_year(body, year, audience_for(request.user), today)
    name = f"arsrapport-{body.slug}-{year}"
    if fmt == "pdf":
        return _file(documents.body_report_pdf(report, today), f"{name}.pdf", "application/pdf")
    if fmt == "docx":
        return _file(
            documents.body_report_docx(report, today),
            f"{name}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            inline=False,
        )
    return render(
        request,
        "followup/report_page.html",
        {
            "report": report,
            "body": body,
            "year": year,
            "today": today,
            "charts": documents.report_charts(report),
        },
    )


def structure_report(request: HttpRequest, year: int, fmt: str = "html") -> HttpResponse:
    collaboration = _collaboration(request)
    today = timezone.localdate()
    _report_year(year, today)
    report = selectors.structure_year(collaboration, year, audience_for(request.user), today)
    name = f"arsrapport-{collaboration.slug}-{year}"
    if fmt == "pdf":
        return _file(
            documents.structure_report_pdf(report, today), f"{name}.pdf", "application/pdf"
        )
    if fmt == "docx":
        return _file(
            documents.structure_report_docx(report, today),
            f"{name}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            inline=False,
        )
    return render(
        request,
        "followup/structure_report_page.html",
        {"report": report, "collaboration": collaboration, "year": year, "today": today},
    )
