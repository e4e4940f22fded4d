"""Pages of the meeting law: a called member reports absence, the secretary calls the
next substitute with one action, and the body's secretary keeps the body's meeting rules.
Thin like views.py: reads through selectors, writes through services, a broken rule is
a Swedish message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samverkan.access.policy import audience_for, may_manage_body
from samverkan.structure.scoping import body_or_404

from . import selectors, services
from .forms import NOTICE_ERROR, AbsenceReportForm, MeetingRulesForm, SubstituteCallForm
from .models import AbsenceNotice, Meeting


def _require_manager(request: HttpRequest, body_id: int) -> None:
    if not may_manage_body(audience_for(request.user), body_id):
        raise PermissionDenied


def _messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def absence_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Anmäl förhinder: only a person called to the meeting, for themself."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    person = selectors.person_for_user(request.user)
    if person is None or person.pk not in selectors.called_person_ids(meeting):
        raise PermissionDenied
    form = AbsenceReportForm(request.POST, auto_id="id_forhinder_%s")
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(meeting)
    try:
        services.absence_report(meeting, person, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        _messages(request, error)
    else:
        messages.success(
            request, "Ditt förhinder är anmält. Sekretariatet kallar en ersättare i ditt ställe."
        )
    return redirect(meeting)


@login_required
@require_POST
def substitute_call(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary calls the next substitute in order for a member's notice."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _require_manager(request, meeting.body_id)
    form = SubstituteCallForm(request.POST)
    notice = (
        AbsenceNotice.objects.filter(meeting=meeting, pk=form.cleaned_data["notice"]).first()
        if form.is_valid()
        else None
    )
    if notice is None:
        messages.error(request, NOTICE_ERROR)
        return redirect("meetings:attendance", pk=pk)
    try:
        notice = services.substitute_call(notice, by=request.user)
    except ValidationError as error:
        _messages(request, error)
    else:
        substitute = notice.substitute
        how = (
            "och har fått ett e-postmeddelande"
            if substitute is not None and substitute.email
            else "men har ingen e-postadress och behöver kallas på annat sätt"
        )
        messages.success(
            request, f"{substitute} är kallad att tjänstgöra i {notice.person}s ställe {how}."
        )
    return redirect("meetings:attendance", pk=pk)


@login_required
def meeting_rules_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Mötesregler: the body's secretary keeps its quorum and periods."""
    body = body_or_404(request, slug)  # slugs are unique within a collaboration
    _require_manager(request, body.pk)
    # The body's own rules, or (unsaved) the defaults it follows until it has its own.
    form = MeetingRulesForm(request.POST or None, instance=selectors.meeting_rules_for(body))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_rules_save(body, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Mötesreglerna är sparade.")
            return redirect("meetings:meeting_rules", slug=slug)
    return render(
        request,
        "meetings/meeting_rules.html",
        {
            "body": body,
            "form": form,
            "seats": selectors.seats_on(body),
        },
    )
