"""Preparation pages. Thin: they read through selectors, write through services, and turn
a broken rule into a Swedish message on the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from samverkan.access.policy import (
    audience_for,
    may_edit_preparation,
    may_manage_body,
    may_read_preparation,
    may_review_preparation,
    preparing_bodies_q,
)
from samverkan.meetings.selectors import late_placing_warning
from samverkan.structure.models import Body, Person
from samverkan.structure.scoping import body_or_404
from samverkan.structure.selectors import memberships_in_force

from . import selectors, services
from .forms import (
    BodyPrefillForm,
    DocumentForm,
    PlaceForm,
    PreparationForm,
    ReviewerForm,
    ReviewerRemoveForm,
    ReviewForm,
)
from .models import Preparation, Reviewer

# The document form's ids on the item page, where other forms have a "title" too.
DOC_FORM_ID = "id_handling_%s"
REVIEW_FORM_ID = "id_granskning_%s"
PLACE_FORM_ID = "id_placera_%s"


def _preparation(request: HttpRequest, pk: int) -> Preparation:
    try:
        return selectors.preparation_for(audience_for(request.user), pk)
    except Preparation.DoesNotExist as exc:
        raise Http404 from exc


def _to_form(form: Any, error: ValidationError) -> None:
    """A service's message on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            field = "case_number" if key == "case" else key
            for e in errors:
                form.add_error(field if field in form.fields else None, e.messages)
    else:
        form.add_error(None, error.messages)


def _form_errors(request: HttpRequest, form: Any) -> None:
    """A form's Swedish messages, for a form whose page is elsewhere (after a redirect)."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))


def _attempt(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    audience = audience_for(request.user)
    return render(
        request,
        "preparation/overview.html",
        {
            "overview": selectors.preparations_overview(audience),
            "bodies": Body.objects.filter(preparing_bodies_q(audience)).order_by("short_name"),
            "reviewer_bodies": Body.objects.filter(
                reviewers__person_id=audience.person_id or 0
            ).order_by("short_name"),
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    audience = audience_for(request.user)
    bodies = Body.objects.filter(preparing_bodies_q(audience)).order_by("short_name")
    if not bodies.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {}
    prefill = BodyPrefillForm(request.GET)
    if prefill.is_valid() and prefill.cleaned_data["organ"]:
        initial["body"] = bodies.filter(slug=prefill.cleaned_data["organ"]).first()
    form = PreparationForm(request.POST or None, audience=audience, bodies=bodies, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            preparation = services.preparation_create(
                body=form.cleaned_data["body"], author=request.user, **form.content()
            )
        except ValidationError as error:
            _to_form(form, error)
        else:
            messages.success(request, "Utkastet är sparat. Bifoga handlingar och skicka det.")
            return redirect(preparation)
    return render(request, "preparation/form.html", {"form": form, "preparation": None})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = _preparation(request, pk)
    audience = audience_for(request.user)
    if not may_edit_preparation(audience, preparation.body_id, preparation.author_id):
        raise PermissionDenied
    if not preparation.is_editable:
        messages.error(
            request, "Ärendet kan inte ändras medan det granskas eller när det är planerat."
        )
        return redirect(preparation)
    form = PreparationForm(
        request.POST or None, audience=audience, instance=Preparation.objects.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preparation_update(preparation, by=request.user, **form.content())
        except ValidationError as error:
            _to_form(form, error)
        else:
            messages.success(request, "Ärendet är sparat.")
            return redirect(preparation)
    return render(request, "preparation/form.html", {"form": form, "preparation": preparation})


def _may(request: HttpRequest, preparation: Preparation) -> dict[str, bool]:
    audience = audience_for(request.user)
    reviewer_ids = {r.person_id for r in preparation.body.reviewers.all()}
    return {
        "edit": preparation.is_editable
        and may_edit_preparation(audience, preparation.body_id, preparation.author_id),
        "review": preparation.status == Preparation.Status.SUBMITTED
        and may_review_preparation(audience, preparation.author_id, reviewer_ids),
        "place": preparation.is_placeable and may_manage_body(audience, preparation.body_id),
        "manage": may_manage_body(audience, preparation.body_id),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = _preparation(request, pk)
    may = _may(request, preparation)
    return render(
        request,
        "preparation/detail.html",
        {
            "preparation": preparation,
            "may": may,
            "doc_form": DocumentForm(auto_id=DOC_FORM_ID),
            "review_form": ReviewForm(auto_id=REVIEW_FORM_ID),
            "place_form": PlaceForm(
                auto_id=PLACE_FORM_ID, meetings=selectors.coming_meetings(preparation.body)
            )
            if may["place"]
            else None,
        },
    )


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = _preparation(request, pk)
    if not may_edit_preparation(
        audience_for(request.user), preparation.body_id, preparation.author_id
    ):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES, auto_id=DOC_FORM_ID)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        _attempt(
            request,
            lambda: services.preparation_document_add(
                preparation,
                title=form.cleaned_data["title"],
                data=upload.read(),
                filename=upload.name or "handling",
                confidentiality_ground=form.cleaned_data["confidentiality_ground"],
                by=request.user,
            ),
            "Handlingen är bifogad.",
        )
    else:
        _form_errors(request, form)
    return redirect(preparation)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = _preparation(request, pk)
    if not may_edit_preparation(
        audience_for(request.user), preparation.body_id, preparation.author_id
    ):
        raise PermissionDenied
    _attempt(
        request,
        lambda: services.preparation_submit(preparation, by=request.user),
        "Ärendet är skickat till granskarna.",
    )
    return redirect(preparation)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = _preparation(request, pk)
    reviewer_ids = {r.person_id for r in preparation.body.reviewers.all()}
    audience = audience_for(request.user)
    if audience.person_id not in reviewer_ids:
        raise PermissionDenied
    form = ReviewForm(request.POST, auto_id=REVIEW_FORM_ID)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        if form.cleaned_data["action"] == "approve":
            _attempt(
                request,
                lambda: services.preparation_approve(preparation, by=request.user, comment=comment),
                "Ärendet är godkänt för dagordningen.",
            )
        else:
            _attempt(
                request,
                lambda: services.preparation_return(preparation, by=request.user, comment=comment),
                "Ärendet är återsänt till författaren.",
            )
    else:
        _form_errors(request, form)
    return redirect(preparation)


@login_required
@require_POST
def place(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = _preparation(request, pk)
    if not may_manage_body(audience_for(request.user), preparation.body_id):
        raise PermissionDenied
    form = PlaceForm(
        request.POST, auto_id=PLACE_FORM_ID, meetings=selectors.coming_meetings(preparation.body)
    )
    if form.is_valid():
        meeting = form.cleaned_data["meeting"]
        if _attempt(
            request,
            lambda: services.preparation_place(preparation, meeting, by=request.user),
            f"Ärendet är placerat på dagordningen för {meeting}.",
        ):
            if late := late_placing_warning(meeting):
                messages.warning(request, late)
            return redirect("meetings:agenda", pk=meeting.pk)
    else:
        _form_errors(request, form)
    return redirect(preparation)


@login_required
def body_queues(request: HttpRequest, slug: str) -> HttpResponse:
    """A body's review queue and its queue of approved items to place."""
    body = body_or_404(request, slug)
    audience = audience_for(request.user)
    reviewer_ids = selectors.reviewer_person_ids(body)
    if not may_read_preparation(audience, body.pk, None, reviewer_ids):
        raise PermissionDenied
    manager = may_manage_body(audience, body.pk)
    approved = selectors.body_queue(audience, body, Preparation.Status.APPROVED)
    meetings = selectors.coming_meetings(body)
    return render(
        request,
        "preparation/body.html",
        {
            "body": body,
            "manager": manager,
            "submitted": selectors.body_queue(audience, body, Preparation.Status.SUBMITTED),
            "approved": [
                (p, PlaceForm(auto_id=f"id_p{p.pk}_%s", meetings=meetings) if manager else None)
                for p in approved
            ],
            "reviewers": selectors.reviewers_of(body),
            "may_prepare": bool(Body.objects.filter(preparing_bodies_q(audience), pk=body.pk)),
        },
    )


def _reviewer_candidates(body: Body) -> Any:
    """Those who hold a place in the body today and can log in."""
    ids = memberships_in_force(timezone.localdate()).filter(body=body).values("person_id")
    return Person.objects.filter(pk__in=ids, user__isnull=False).order_by("name")


@login_required
def reviewers(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_or_404(request, slug)
    if not may_manage_body(audience_for(request.user), body.pk):
        raise PermissionDenied
    form = ReviewerForm(persons=_reviewer_candidates(body))
    if request.method == "POST" and "remove" in request.POST:
        remove_form = ReviewerRemoveForm(request.POST, reviewers=Reviewer.objects.filter(body=body))
        if remove_form.is_valid():
            reviewer = remove_form.cleaned_data["remove"]
            if _attempt(
                request,
                lambda: services.reviewer_remove(reviewer, by=request.user),
                f"{reviewer.person.name} är inte längre granskare.",
            ):
                return redirect("preparation:reviewers", slug=slug)
        else:
            messages.error(request, "Granskaren finns inte.")
    elif request.method == "POST":
        form = ReviewerForm(request.POST, persons=_reviewer_candidates(body))
        if form.is_valid():
            try:
                services.reviewer_add(
                    body,
                    form.cleaned_data["person"],
                    role_label=form.cleaned_data["role_label"],
                    by=request.user,
                )
            except ValidationError as error:
                _to_form(form, error)
            else:
                messages.success(request, f"{form.cleaned_data['person'].name} är granskare.")
                return redirect("preparation:reviewers", slug=slug)
    return render(
        request,
        "preparation/reviewers.html",
        {"body": body, "form": form, "reviewers": selectors.reviewers_of(body)},
    )
