"""Pages of disposal, for the archivist and administrators (policy.may_archive): the
information management plan, disposal runs (propose, review, confirm or cancel) and a
document's class. A confidential document's title is shown only to those who may read
it; others see its case, checksum and ground."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from samverkan.access.policy import audience_for, may_archive
from samverkan.cases.views import form_errors_add
from samverkan.documents.models import Document
from samverkan.structure.models import Collaboration
from samverkan.structure.scoping import current_collaboration

from . import selectors, services
from .forms import ClassifyForm, DecisionForm, ProposeForm, RetentionRuleForm
from .models import DisposalRun, DocumentClassification, RetentionRule


def _archivists_only(view: Any) -> Any:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_archive(audience_for(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _collaboration(request: HttpRequest) -> Collaboration:
    collaboration = current_collaboration(request)
    if collaboration is None:
        raise Http404
    return collaboration


def _readable(request: HttpRequest, document_ids: list[int]) -> set[int]:
    return set(
        Document.objects.visible_to(audience_for(request.user))
        .filter(pk__in=document_ids)
        .values_list("pk", flat=True)
    )


@_archivists_only
def overview(request: HttpRequest) -> HttpResponse:
    collaboration = _collaboration(request)
    form = ProposeForm(initial={"as_of": timezone.localdate()})
    if request.method == "POST":
        form = ProposeForm(request.POST)
        if form.is_valid():
            try:
                run = services.disposal_run_propose(
                    collaboration=collaboration,
                    as_of=form.cleaned_data["as_of"],
                    user=request.user,
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request,
                    f"Förslaget listar {run.lines.count()} handlingar. Inget är borttaget ännu.",
                )
                return redirect(run)
    return render(
        request,
        "retention/overview.html",
        {
            "plan": selectors.plan_for(collaboration.pk),
            "runs": selectors.runs_for(collaboration.pk),
            "form": form,
            "classified": DocumentClassification.objects.filter(
                rule__collaboration=collaboration
            ).count(),
        },
    )


@_archivists_only
def rule_new(request: HttpRequest) -> HttpResponse:
    collaboration = _collaboration(request)
    form = RetentionRuleForm()
    if request.method == "POST":
        form = RetentionRuleForm(request.POST)
        if form.is_valid():
            try:
                services.retention_rule_create(
                    collaboration=collaboration, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form_errors_add(form, error)  # type: ignore[arg-type]
            else:
                messages.success(request, "Regeln är sparad i planen.")
                return redirect("retention:overview")
    return render(request, "retention/rule_new.html", {"form": form})


@_archivists_only
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = _collaboration(request)
    run = get_object_or_404(DisposalRun.objects.filter(collaboration=collaboration), pk=pk)
    form = DecisionForm()
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            decide = (
                services.disposal_run_confirm
                if form.cleaned_data["decision"] == "confirm"
                else services.disposal_run_cancel
            )
            try:
                run = decide(run, user=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request,
                    "Handlingarna är gallrade; körningen bevaras."
                    if run.status == DisposalRun.Status.CONFIRMED
                    else "Förslaget är avbrutet; inget togs bort.",
                )
                return redirect(run)
    lines = list(run.lines.order_by("document_id")[:2000])
    readable = _readable(request, [line.document_id for line in lines])
    return render(
        request,
        "retention/run.html",
        {
            "run": run,
            "lines": lines,
            "readable": readable,
            "total_size": sum(line.size for line in lines),
            "form": form,
        },
    )


@_archivists_only
def classify(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = _collaboration(request)
    document = get_object_or_404(Document, pk=pk)
    if collaboration.pk not in selectors.document_collaboration_ids(document):
        raise Http404  # another collaboration's document
    rules = RetentionRule.objects.filter(collaboration=collaboration).order_by("code")
    current = DocumentClassification.objects.filter(document=document).first()
    form = ClassifyForm(rules=rules, initial={"rule": current.rule_id if current else None})
    if request.method == "POST":
        form = ClassifyForm(request.POST, rules=rules)
        if form.is_valid():
            try:
                services.document_classify(document, form.cleaned_data["rule"], user=request.user)
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, "Handlingens klass är sparad.")
                return redirect("retention:classify", pk=document.pk)
    info = selectors.disposal_info([document]).get(document.pk)
    return render(
        request,
        "retention/classify.html",
        {
            "document": document,
            "may_read": bool(_readable(request, [document.pk])),
            "info": info,
            "form": form,
        },
    )
