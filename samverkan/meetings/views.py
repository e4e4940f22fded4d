"""Meeting pages. Thin: they read through selectors, write through services, and turn a
broken rule into a Swedish message on the page."""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST

from samverkan.access import policy
from samverkan.access.policy import Audience, audience_for, may_manage_body, may_read_closed
from samverkan.pagination import paginate
from samverkan.structure.forms import YearForm
from samverkan.structure.models import Body, Membership, Person
from samverkan.structure.scoping import body_or_404, current_collaboration

from . import render as documents
from . import rules, selectors, services
from .forms import (
    ActionForm,
    AgendaItemForm,
    AttendanceForm,
    AttestersForm,
    AttestForm,
    ConflictForm,
    CorrectionAttestForm,
    CorrectionForm,
    DissentForm,
    ExtractForm,
    GuestForm,
    MeetingCancelForm,
    MeetingForm,
    MeetingMoveForm,
    MeetingSeriesForm,
    MotionForm,
    MoveForm,
    NoticeConfirmForm,
    NoticeGroupForm,
    OthersPresentForm,
    SectionAttestForm,
    SectionDecisionForm,
    StatementForm,
    SupportingDocumentForm,
    VoteForm,
)
from .models import (
    AgendaItem,
    Attendance,
    Meeting,
    MinutesCorrection,
    Section,
    SupportingDocument,
)


def _meeting(pk: int) -> Meeting:
    try:
        return selectors.meeting_with_agenda(pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def _require_manager(request: HttpRequest, body: Body) -> None:
    if not may_manage_body(audience_for(request.user), body.pk):
        raise PermissionDenied


def _insider(audience: Audience, meeting: Meeting) -> bool:
    return may_read_closed(audience, meeting.body_id, meeting.date)


def _form_errors(request: HttpRequest, form: Any) -> None:
    """A form's Swedish messages, for a form whose page is elsewhere (after a redirect)."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def _attempt(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def _attempt_in_form(
    request: HttpRequest, form: Any, action: Callable[[], Any], success: str
) -> bool:
    """As _attempt, with a refusal shown on the form itself: the page comes back with
    what was typed and the Swedish message above it."""
    try:
        action()
    except ValidationError as error:
        form.add_error(None, error.messages)
        return False
    messages.success(request, success)
    return True


def _file(data: bytes, name: str, content_type: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


# --- Public pages -----------------------------------------------------------------------


def body_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_or_404(request, slug)
    year_form = YearForm(request.GET)
    year = year_form.year() or timezone.localdate().year
    manager = may_manage_body(audience_for(request.user), body.pk)
    form = MeetingForm(
        request.POST or None, initial={"place": selectors.meeting_rules_for(body).default_place}
    )
    if request.method == "POST":
        _require_manager(request, body)
        if form.is_valid():
            done = _attempt(
                request,
                lambda: services.meeting_create(body=body, **form.cleaned_data),
                "Sammanträdet är inlagt i sammanträdesplanen.",
            )
            if done:
                # A meeting on a weekend or holiday is allowed, with a word of warning.
                day_warning = rules.meeting_day_warning(form.cleaned_data["date"])
                if day_warning:
                    messages.warning(request, day_warning)
                # So is one too soon for the notice period, said at once.
                if late := selectors.notice_late_warning(body, form.cleaned_data["date"]):
                    messages.warning(request, late)
                url = reverse("meetings:body_meetings", args=[slug])
                return redirect(f"{url}?ar={form.cleaned_data['date'].year}")
    years = sorted(
        {d.year for d in Meeting.objects.filter(body=body).dates("date", "year")} | {year}
    )
    return render(
        request,
        "meetings/body_meetings.html",
        {
            "body": body,
            "year": year,
            "years": years,
            "plan": selectors.meeting_plan(body, year),
            "manager": manager,
            "form": form,
            "rules": selectors.meeting_rules_for(body),
            "year_form": year_form,
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    audience = audience_for(request.user)
    manager = may_manage_body(audience, meeting.body_id)
    person = selectors.person_for_user(request.user)
    readable = selectors.meeting_items_for(meeting, audience)
    sections = selectors.meeting_sections_for(meeting, audience)
    signatories = services.signatories(meeting)
    signed = {
        a.person_id
        for a in meeting.attestations.all()
        if a.section_id is None and a.voided_at is None
    }
    draft_reader = selectors.may_read_draft(audience, meeting)
    # Attendance and attestation are the public's from the sealed minutes only.
    record_reader = selectors.may_read_record(audience, meeting)
    all_items = list(meeting.items.all())
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": readable,
            "hidden_items": len(all_items) - len(readable),
            "insider": _insider(audience, meeting),
            "called": selectors.called_to(meeting),
            "attendance": selectors.meeting_attendance(meeting) if record_reader else [],
            "quorum": selectors.quorum_status(meeting)
            if record_reader and meeting.attendance.exists()
            else None,
            "sections": sections,
            "show_minutes": bool(meeting.sealed_at) or draft_reader,
            "draft_reader": draft_reader,
            "manager": manager,
            "signatories": [(p, p.pk in signed) for p in signatories] if record_reader else [],
            "can_attest": bool(
                person
                and person in signatories
                and person.pk not in signed
                and not meeting.sealed_at
                and meeting.attesters.exists()
            ),
            "attestation_warning": services.attestation_warning(meeting),
            "deadlines": selectors.meeting_deadlines(meeting),
            "dispatches": meeting.dispatches.visible_to(audience),
            "corrections": selectors.corrections_for(meeting, audience)
            if meeting.sealed_at
            else [],
            "present_guests": [g for g in meeting.guests.all() if g.present]
            if record_reader
            else [],
        },
    )


def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    return _file(
        documents.notice_pdf(meeting, audience_for(request.user)),
        f"kallelse-{meeting.body.slug}-{meeting.date}.pdf",
        "application/pdf",
    )


def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    return _file(
        documents.notice_docx(meeting, audience_for(request.user)),
        f"kallelse-{meeting.body.slug}-{meeting.date}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        inline=False,
    )


def bundle_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    audience = audience_for(request.user)
    if any(not i.is_public for i in meeting.items.all()) and not _insider(audience, meeting):
        raise PermissionDenied  # closed items' documents are for those called, not the public
    return _file(
        documents.bundle_pdf(meeting, audience),
        f"handlingar-{meeting.body.slug}-{meeting.date}.pdf",
        "application/pdf",
    )


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    doc = get_object_or_404(
        SupportingDocument.objects.visible_to(audience_for(request.user)).select_related(
            "document"
        ),
        pk=pk,
    )
    version = doc.current
    if version is None:
        raise Http404
    return FileResponse(
        version.file.open("rb"),
        content_type=version.content_type,
        filename=version.original_name or f"{doc.title}.pdf",
    )


def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    meeting = _meeting(pk)
    audience = audience_for(request.user)
    name = f"protokoll-{meeting.body.slug}-{meeting.date}.pdf"
    if not meeting.sealed_at:
        if not selectors.may_read_draft(audience, meeting):
            raise Http404("Protokollet är inte justerat.")
        # The signatories read the draft they are to attest.
        return _file(
            documents.minutes_pdf(meeting, draft=True),
            f"protokoll-utkast-{meeting.body.slug}-{meeting.date}.pdf",
            "application/pdf",
        )
    stored = (
        # The sealed original holds closed §§; the public gets the version cut from it.
        meeting.public_minutes_pdf
        if meeting.public_minutes_pdf and not _insider(audience, meeting)
        else meeting.minutes_pdf
    )
    # Served byte for byte as sealed, so its SHA-256 is the one the page shows; attested
    # corrections are documents of their own (correction_pdf), linked from the page.
    return FileResponse(stored.open("rb"), content_type="application/pdf", filename=name)


def correction_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """An attested correction of sealed minutes as its own PDF, to those who may read the
    § it corrects."""
    correction = get_object_or_404(MinutesCorrection.objects.select_related("meeting"), pk=pk)
    meeting = _meeting(correction.meeting_id)
    audience = audience_for(request.user)
    readable = selectors.corrections_for(meeting, audience) if meeting.sealed_at else []
    if correction.pk not in {c.pk for c in readable}:
        raise Http404("Rättelsen finns inte.")
    shown = (
        meeting.public_minutes_sha256
        if meeting.public_minutes_sha256 and not _insider(audience, meeting)
        else meeting.minutes_sha256
    )
    return _file(
        documents.correction_pdf(meeting, correction, minutes_sha256=shown),
        f"rattelse-{meeting.body.slug}-{meeting.date}-{correction.pk}.pdf",
        "application/pdf",
    )


def extract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = ExtractForm(request.GET)
    if not form.is_valid():
        raise Http404("Välj justerade paragrafer.")
    try:
        cut = selectors.sealed_sections(meeting, form.numbers())
    except ValidationError as exc:
        raise Http404("Välj justerade paragrafer.") from exc
    readable = {i.pk for i in selectors.meeting_items_for(meeting, audience_for(request.user))}
    if any(s["agenda_item"] is not None and s["agenda_item"] not in readable for s in cut.sections):
        raise Http404("Välj justerade paragrafer.")
    return _file(
        documents.extract_pdf(meeting, cut.sections, certified_sha256=cut.certified_sha256),
        f"protokollsutdrag-{meeting.body.slug}-{meeting.date}.pdf",
        "application/pdf",
    )


def _ics(meetings: object, name: str, request: HttpRequest) -> HttpResponse:
    data = documents.calendar_ics(
        meetings,  # type: ignore[arg-type]
        name=name,
        url_for=lambda m: request.build_absolute_uri(m.get_absolute_url()),
    )
    return _file(data, "kalender.ics", "text/calendar; charset=utf-8")


# The feeds hold a window of months (selectors.calendar_window) in a constant number of
# queries, however many meetings the body or the person has had.
def body_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_or_404(request, slug)
    meetings = selectors.calendar_meetings(selectors.meetings_for_body(body))
    return _ics(meetings, f"{body.name}: sammanträden", request)


def person_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    meetings = selectors.calendar_meetings(selectors.meetings_for_person(person))
    return _ics(meetings, f"{person.name}: sammanträden", request)


def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    meetings = selectors.calendar_meetings(Meeting.objects.filter(pk=pk), window=False)
    if not meetings:
        raise Http404
    return _ics(meetings, "Sammanträde", request)


def notice_board(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.notice_board(collaboration=current_collaboration(request)))
    return render(
        request,
        "meetings/notice_board.html",
        {"postings": page.items, "page": page, "today": timezone.localdate()},
    )


class NoticeBoardFeed(Feed):
    title = "Anslagstavla – justerade protokoll"
    description = "Tillkännagivanden om justerade protokoll från samverkansstrukturens organ."

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> object:
        # The collaboration in view: its board only.
        return current_collaboration(request)

    def link(self) -> str:
        return reverse("meetings:notice_board")

    # RFC 4287 §4.1.1: a feed without its own author needs one in every entry; both here.
    author_name = "Samverkansstrukturen"
    language = "sv"

    def items(self, collaboration: object) -> object:
        # The latest postings only, in one query, however long the board's history.
        return selectors.recent_postings(settings.SAMVERKAN_FEED_ITEMS, collaboration)

    def item_title(self, item: Meeting) -> str:
        return f"Protokoll {item.body.name} {item.date:%Y-%m-%d}"

    def item_description(self, item: Meeting) -> str:
        return (
            f"Protokollet justerades och anslogs {item.posted_on:%Y-%m-%d}. Det förvaras hos "
            f"{item.minutes_kept_at or 'sekretariatet'}. Sista dag att överklaga: "
            f"{item.appeal_last_day:%Y-%m-%d}."
        )

    def item_link(self, item: Meeting) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Meeting) -> datetime.datetime:
        return _posted_at(item)

    def item_updateddate(self, item: Meeting) -> datetime.datetime:
        # atom:updated is required in every entry (RFC 4287 §4.1.2): the posting is
        # changed last when the minutes are sealed and posted.
        return _posted_at(item)

    def item_author_name(self, item: Meeting) -> str:
        return item.body.name


def _posted_at(meeting: Meeting) -> datetime.datetime:
    """When the posting went up: the sealing, or the posting day's start when the day is
    all that is known."""
    day = meeting.posted_on or meeting.date
    posted = datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())
    return max(meeting.sealed_at, posted) if meeting.sealed_at else posted


class NoticeBoardAtomFeed(NoticeBoardFeed):
    feed_type = Atom1Feed
    subtitle = NoticeBoardFeed.description


# --- Mina sammanträden ----------------------------------------------------------------------

MY_MEETINGS_LIMIT = 20


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    """The meetings the user's person is called to or keeps, the next and the last ones
    held, and the minutes waiting for the person's attestation."""
    audience = audience_for(request.user)
    if audience.person_id is None:
        return render(request, "meetings/my_meetings.html", {"no_person": True})
    mine = selectors.my_meetings(audience, MY_MEETINGS_LIMIT)
    return render(
        request,
        "meetings/my_meetings.html",
        {
            "upcoming": mine.upcoming,
            "recent": mine.held,
            "awaiting_attestation": mine.awaiting_attestation,
            "today": mine.today,
            "limit": MY_MEETINGS_LIMIT,
        },
    )


# --- The secretariat's work -------------------------------------------------------------


@login_required
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_manager(request, meeting.body)
    form = AgendaItemForm(
        request.POST or None, audience=audience_for(request.user), body_id=meeting.body_id
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.agenda_item_add(meeting, **form.cleaned_data),
            "Punkten är tillagd.",
        )
    ):
        if late := selectors.late_placing_warning(meeting):
            messages.warning(request, late)
        return redirect("meetings:agenda", pk=pk)
    return render(
        request,
        "meetings/agenda_edit.html",
        {"meeting": meeting, "form": form, "items": meeting.items.all()},
    )


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=pk)
    _require_manager(request, item.meeting.body)
    form = MoveForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.agenda_item_move(item, item.position + form.step()),
            f"Punkten ”{item.title}” är flyttad.",
        )
    else:
        _form_errors(request, form)
    meeting = _meeting(item.meeting_id)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "meetings/includes/agenda_rows.html",
            {"meeting": meeting, "items": meeting.items.all(), "partial": True},
        )
    return redirect("meetings:agenda", pk=item.meeting_id)


# The supporting-document form's ids on the item page, where the item form beside it has
# a "title" field too.
DOC_FORM_ID = "id_underlag_%s"


@login_required
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=pk)
    _require_manager(request, item.meeting.body)
    form = AgendaItemForm(
        request.POST or None,
        instance=AgendaItem.objects.get(pk=pk),
        audience=audience_for(request.user),
        body_id=item.meeting.body_id,
    )
    doc_form = SupportingDocumentForm(auto_id=DOC_FORM_ID)
    if request.method == "POST" and "remove" in request.POST:
        if _attempt(request, lambda: services.agenda_item_remove(item), "Punkten är borttagen."):
            return redirect("meetings:agenda", pk=item.meeting_id)
    elif request.method == "POST" and "document" in request.POST:
        doc_form = SupportingDocumentForm(request.POST, request.FILES, auto_id=DOC_FORM_ID)
        if doc_form.is_valid():

            def add() -> None:
                services.supporting_document_add(
                    item,
                    title=doc_form.cleaned_data["title"],
                    upload=doc_form.cleaned_data["file"],
                    by=request.user,
                )

            if _attempt(request, add, "Beslutsunderlaget är tillagt."):
                return redirect("meetings:item", pk=pk)
    elif (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.agenda_item_update(item, **form.cleaned_data),
            "Punkten är sparad.",
        )
    ):
        return redirect("meetings:agenda", pk=item.meeting_id)
    return render(
        request,
        "meetings/agenda_item_edit.html",
        {"item": item, "meeting": item.meeting, "form": form, "doc_form": doc_form},
    )


@login_required
@require_POST
def notice_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_manager(request, meeting.body)
    confirm = NoticeConfirmForm(request.POST)
    if not confirm.is_valid():
        _form_errors(request, confirm)
        return redirect("meetings:notice_preview", pk=pk)
    resent = meeting.notice_sent_at is not None
    _attempt(
        request,
        lambda: services.notice_send(meeting, by=request.user),
        "Den ändrade kallelsen är skickad till de kallade."
        if resent
        else "Kallelsen är skickad till de kallade.",
    )
    return redirect(meeting)


@login_required
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_manager(request, meeting.body)
    called = selectors.called_to(meeting)
    members = ([called.chair] if called.chair else []) + called.members
    items = list(meeting.items.all())
    # What is recorded, else the notices of absence and the substitutes called.
    recorded = selectors.meeting_attendance_prefill(meeting)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        members=members,
        substitutes=called.substitutes,
        items=items,
        recorded=recorded,
    )
    if request.method == "POST" and form.is_valid():
        by_id = {i.pk: i for i in items}
        persons = {m.person.pk: m.person for m in members}

        def save_all() -> None:
            with transaction.atomic():  # all or nothing
                for r in form.records():
                    m = r["membership"]
                    is_member = m.role in Membership.VOTING_ROLES
                    services.attendance_record(
                        meeting,
                        m.person,
                        capacity=Attendance.Capacity.MEMBER
                        if is_member
                        else Attendance.Capacity.SUBSTITUTE,
                        present=r["present"],
                        replaces=persons.get(r["replaces"] or 0)
                        if not is_member and r["present"]
                        else None,
                        arrived_at_item=by_id.get(r["arrived"] or 0),
                        left_after_item=by_id.get(r["left"] or 0),
                    )
                services.attendance_substitute_order_validate(meeting)

        if _attempt_in_form(request, form, save_all, "Närvaron är sparad."):
            return redirect("meetings:attendance", pk=pk)
    if request.method == "POST" and form.errors:
        messages.error(request, "Närvaron är inte sparad: rätta uppgifterna nedan.")
    return render(
        request,
        "meetings/attendance_edit.html",
        {
            "meeting": meeting,
            "form": form,
            "rows": form.rows(members),
            "substitute_rows": form.rows(called.substitutes),
            "others_form": _others_form(meeting),
            "guest_form": GuestForm(prefix="guest"),
            "quorum": selectors.quorum_status(meeting),
        },
    )


@login_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_manager(request, meeting.body)
    # The attesters are chosen among the members and substitutes who took part (the
    # officials and the secretary present do not attest).
    present = Person.objects.filter(
        attendance__meeting=meeting,
        attendance__present=True,
        attendance__capacity__in=[Attendance.Capacity.MEMBER, Attendance.Capacity.SUBSTITUTE],
    ).order_by("name")
    attesters_form = AttestersForm(
        present=present,
        initial={
            "attesters": [a.person for a in meeting.attesters.all()],
            "place": meeting.attestation_place,
            "date": meeting.attestation_date,
        },
    )
    if request.method == "POST":
        action = ActionForm(request.POST, actions=("create_sections", "attesters"))
        if not action.is_valid():
            _form_errors(request, action)
        elif action.chosen() == "create_sections":
            _attempt(
                request,
                lambda: services.sections_create_from_agenda(meeting),
                "Paragrafer är skapade för dagordningens punkter.",
            )
        else:
            attesters_form = AttestersForm(request.POST, present=present)
            if attesters_form.is_valid():
                d = attesters_form.cleaned_data
                if _attempt(
                    request,
                    lambda: services.attesters_choose(
                        meeting, d["attesters"], place=d["place"], date=d["date"]
                    ),
                    "Justerare är valda.",
                ):
                    return redirect("meetings:minutes", pk=pk)
            # The form again with its Swedish messages; nothing is saved.
            return _minutes_page(request, meeting, attesters_form)
        return redirect("meetings:minutes", pk=pk)
    return _minutes_page(request, meeting, attesters_form)


def _minutes_page(request: HttpRequest, meeting: Meeting, attesters_form: Any) -> HttpResponse:
    return render(
        request,
        "meetings/minutes_edit.html",
        {
            "meeting": meeting,
            "sections": selectors.meeting_sections(meeting),
            "attesters_form": attesters_form,
            "quorum": selectors.quorum_status(meeting),
            "attestation_warning": services.attestation_warning(meeting),
        },
    )


@login_required
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(
        Section.objects.select_related("meeting__body", "meeting__chair"), pk=pk
    )
    meeting = section.meeting
    _require_manager(request, meeting.body)
    serving_ids = selectors.serving_persons(meeting, section)
    serving = Person.objects.filter(pk__in=serving_ids).order_by("name")
    present = Person.objects.filter(pk__in=selectors.present_persons(meeting, section)).order_by(
        "name"
    )
    substitutes = (
        Person.objects.filter(
            memberships__body=meeting.body, memberships__role=Membership.Role.SUBSTITUTE
        )
        .exclude(pk__in=serving_ids)
        .distinct()
        .order_by("name")
    )
    forms_ = {
        "motion": MotionForm(persons=serving, prefix="motion"),
        "vote": VoteForm(voters=list(serving), prefix="vote"),
        "dissent": DissentForm(persons=serving, prefix="dissent"),
        "statement": StatementForm(persons=present, prefix="statement"),
        "conflict": ConflictForm(persons=serving, substitutes=substitutes, prefix="conflict"),
    }
    # Without quorum there is nothing to decide: the proposal is not offered as the
    # decision (it would only be refused on saving).
    quorate = bool(section.decision) or selectors.quorum_at(section).met
    draft = selectors.decision_draft(section) if quorate else ""
    decision_form = SectionDecisionForm(initial={"title": section.title, "decision": draft})
    if request.method == "POST":
        action_form = ActionForm(request.POST, actions=("decision", "attest_now", *forms_))
        action = action_form.chosen()
        if not action:
            _form_errors(request, action_form)
        elif action == "decision":
            decision_form = SectionDecisionForm(request.POST)
            if decision_form.is_valid():
                # A refused decision comes back in the form, as typed.
                _attempt_in_form(
                    request,
                    decision_form,
                    lambda: services.section_update(
                        section,
                        title=decision_form.cleaned_data["title"],
                        decision=decision_form.cleaned_data["decision"],
                    ),
                    "Paragrafen är sparad.",
                )
        elif action in forms_:
            kwargs: dict[str, Any] = {"prefix": action}
            if action == "vote":
                form: Any = VoteForm(request.POST, voters=list(serving), **kwargs)
            elif action == "conflict":
                form = ConflictForm(
                    request.POST, persons=serving, substitutes=substitutes, **kwargs
                )
            else:
                form_class: Any = type(forms_[action])
                form = form_class(
                    request.POST, persons=present if action == "statement" else serving, **kwargs
                )
            forms_[action] = form
            if form.is_valid():
                d = form.cleaned_data
                run = {
                    "motion": lambda: services.motion_add(section, d["person"], d["text"]),
                    "vote": lambda: services.vote_record(
                        section,
                        question=d["question"],
                        ballots=form.ballots(),
                        yes_means=d["yes_means"],
                        no_means=d["no_means"],
                    ),
                    "dissent": lambda: services.dissent_add(section, d["person"], d["motivation"]),
                    "statement": lambda: services.statement_add(section, d["person"], d["text"]),
                    "conflict": lambda: services.conflict_record(
                        section, d["person"], d["substitute"]
                    ),
                }[action]
                if _attempt(request, run, "Sparat."):
                    return redirect("meetings:section", pk=pk)
        elif action == "attest_now":
            attest_form = SectionAttestForm(request.POST)
            if not attest_form.is_valid():
                _form_errors(request, attest_form)
            else:
                _attempt(
                    request,
                    lambda: services.section_attest_immediately(
                        section,
                        request.user,
                        content_sha256=attest_form.cleaned_data["content_sha256"],
                    ),
                    "Din justering av paragrafen är registrerad.",
                )
        if action not in forms_ and not decision_form.errors:
            return redirect("meetings:section", pk=pk)
        # A form with errors: the page again, with the form's Swedish messages.
    all_sections = selectors.meeting_sections(meeting)
    index = [s.pk for s in all_sections].index(section.pk)
    section = all_sections[index]
    return render(
        request,
        "meetings/section_edit.html",
        {
            "section": section,
            "previous_section": all_sections[index - 1] if index > 0 else None,
            "next_section": all_sections[index + 1] if index + 1 < len(all_sections) else None,
            "proposal_prefilled": not section.decision and bool(draft),
            "not_quorate": not quorate,
            "meeting": meeting,
            "forms": forms_,
            "decision_form": decision_form,
            "section_sha256": services.section_content_sha256(section),
        },
    )


@login_required
def minutes_attest(request: HttpRequest, pk: int) -> HttpResponse:
    """The signatory reads the draft here and attests exactly that text."""
    meeting = _meeting(pk)
    audience = audience_for(request.user)
    if meeting.sealed_at:
        return redirect(meeting)
    if not selectors.may_read_draft(audience, meeting):
        raise PermissionDenied
    if request.method == "POST":
        form = AttestForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
        elif _attempt(
            request,
            lambda: services.minutes_attest(
                meeting, request.user, content_sha256=form.cleaned_data["content_sha256"]
            ),
            "Din justering är registrerad.",
        ):
            return redirect(meeting)
    content = documents.minutes_content(meeting)
    person = selectors.person_for_user(request.user)
    signed = set(
        meeting.attestations.filter(section__isnull=True, voided_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    return render(
        request,
        "meetings/attest.html",
        {
            "meeting": meeting,
            "content": content,
            "sections": content["sections"],
            "content_sha256": documents.content_sha256(content),
            "can_attest": bool(
                person
                and person in services.signatories(meeting)
                and person.pk not in signed
                and meeting.attesters.exists()
            ),
        },
    )


@login_required
def extract_send(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary chooses attested §§, sees per § who will receive the extract (a §
    without a dispatch list: nobody) and confirms; only the confirmation sends."""
    meeting = _meeting(pk)
    _require_manager(request, meeting.body)
    data = request.POST if request.method == "POST" else request.GET
    form = ExtractForm(data if "p" in data else None)
    plan = None
    if form.is_bound and form.is_valid():
        numbers = form.numbers()
        if (
            request.method == "POST"
            and data.get("confirm") == "1"
            and _attempt(
                request,
                lambda: services.extract_send(meeting, numbers, by=request.user),
                "Protokollsutdraget är expedierat.",
            )
        ):
            return redirect(meeting)
        try:
            plan = selectors.extract_recipients(meeting, numbers)
        except ValidationError as error:
            form.add_error("p", error)
    return render(
        request,
        "meetings/extract_send.html",
        {
            "meeting": meeting,
            "form": form,
            "plan": plan,
            "anything_to_send": bool(plan and any(s.recipients for s in plan)),
            "attested": selectors.extract_recipients(meeting) if plan is None else [],
        },
    )


# --- The secretary's plan: series, moving, cancelling, the plan as PDF ------------------


@login_required
def meeting_series(request: HttpRequest, slug: str) -> HttpResponse:
    """A series of meetings from a rule, previewed (with a warning for a holiday or a
    weekend) before anything is created."""
    body = body_or_404(request, slug)
    _require_manager(request, body)
    rules_ = selectors.meeting_rules_for(body)
    data = request.POST if request.method == "POST" else None
    form = MeetingSeriesForm(
        data,
        initial={
            "year": timezone.localdate().year + 1,
            "ordinal": 2,
            "weekday": 0,
            "months_excluded": [7],
            "start_time": "13:00",
            "end_time": "16:00",
            "place": rules_.default_place,
        },
    )
    preview = None
    if request.method == "POST":
        action = ActionForm(request.POST, actions=("preview", "create"))
        if not action.is_valid():
            _form_errors(request, action)
        elif form.is_valid():
            days = form.days()
            if action.chosen() == "create":
                d = form.cleaned_data
                if _attempt(
                    request,
                    lambda: services.meeting_series_create(
                        body=body,
                        days=days,
                        start_time=d["start_time"],
                        end_time=d["end_time"],
                        place=d["place"],
                    ),
                    f"{len(days)} sammanträden är inlagda i sammanträdesplanen.",
                ):
                    url = reverse("meetings:body_meetings", args=[slug])
                    return redirect(f"{url}?ar={d['year']}")
            preview = selectors.meeting_series_preview(body, days)
    return render(
        request,
        "meetings/meeting_series.html",
        {
            "body": body,
            "form": form,
            "preview": preview,
            "description": form.description() if preview is not None else "",
            "warnings": sum(1 for p in preview or [] if p.warnings),
        },
    )


def plan_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_or_404(request, slug)
    year = YearForm(request.GET).year() or timezone.localdate().year
    return _file(
        documents.meeting_plan_pdf(
            body, year, selectors.meeting_plan(body, year), selectors.meeting_rules_for(body)
        ),
        f"sammantradesplan-{body.slug}-{year}.pdf",
        "application/pdf",
    )


@login_required
def meeting_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a meeting (new day, time or place) or cancel it; those who got the notice are
    told."""
    meeting = _meeting(pk)
    _require_manager(request, meeting.body)
    move_form = MeetingMoveForm(
        initial={
            "date": meeting.date,
            "start_time": meeting.start_time,
            "end_time": meeting.end_time,
            "place": meeting.place,
        },
        prefix="move",
    )
    cancel_form = MeetingCancelForm(prefix="cancel")
    move_warning = ""
    if request.method == "POST":
        action = ActionForm(request.POST, actions=("move", "cancel"))
        if not action.is_valid():
            _form_errors(request, action)
        elif action.chosen() == "move":
            move_form = MeetingMoveForm(request.POST, prefix="move")
            if move_form.is_valid():
                d = dict(move_form.cleaned_data)
                confirmed = d.pop("confirmed")
                move_warning = selectors.meeting_move_warning(meeting, d["date"])
                told = " De kallade har fått en ändrad kallelse." if meeting.notice_sent_at else ""
                if move_warning and not confirmed:
                    # Warned, not refused: the same form again, confirmed by its button.
                    move_form = MeetingMoveForm(
                        {**request.POST.dict(), "move-confirmed": "1"}, prefix="move"
                    )
                elif _attempt(
                    request,
                    lambda: services.meeting_move(meeting, **d, by=request.user),
                    f"Sammanträdet är flyttat till {d['date']:%Y-%m-%d}.{told}",
                ):
                    return redirect(meeting)  # its page warns of a holiday or weekend
        else:
            cancel_form = MeetingCancelForm(request.POST, prefix="cancel")
            if cancel_form.is_valid():
                told = " De kallade har fått besked." if meeting.notice_sent_at else ""
                if _attempt(
                    request,
                    lambda: services.meeting_cancel(
                        meeting, reason=cancel_form.cleaned_data["reason"], by=request.user
                    ),
                    f"Sammanträdet är inställt.{told}",
                ):
                    return redirect(meeting)
    return render(
        request,
        "meetings/meeting_change.html",
        {
            "meeting": meeting,
            "move_form": move_form,
            "cancel_form": cancel_form,
            "day_warning": rules.meeting_day_warning(meeting.date),
            "move_warning": move_warning,
        },
    )


@login_required
def notice_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What each group of recipients gets with the notice, before the secretary confirms
    the sending (the form posts to notice_send)."""
    meeting = _meeting(pk)
    _require_manager(request, meeting.body)
    return render(
        request,
        "meetings/notice_preview.html",
        {
            "meeting": meeting,
            "groups": selectors.notice_preview(meeting),
            "form": NoticeConfirmForm(),
            "resend": meeting.notice_sent_at is not None,
            "late": ""
            if meeting.notice_sent_at
            else selectors.notice_late_warning(meeting.body, meeting.date),
        },
    )


@login_required
def notice_preview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice PDF exactly as one group gets it: `?grupp=kallade` (members and
    substitutes, the closed items in full) or `?grupp=gaster` (the public version)."""
    meeting = _meeting(pk)
    _require_manager(request, meeting.body)
    form = NoticeGroupForm(request.GET)
    if not form.is_valid():
        raise Http404("Välj grupp.")
    audience = policy.member_of(meeting.body_id) if form.insider() else policy.PUBLIC
    return _file(
        documents.notice_pdf(meeting, audience),
        f"kallelse-{form.cleaned_data['grupp']}-{meeting.body.slug}-{meeting.date}.pdf",
        "application/pdf",
    )


@login_required
@require_POST
def others_present(request: HttpRequest, pk: int) -> HttpResponse:
    """Övriga närvarande from the attendance page: who of the body's secretariat and
    officials were there, which guests were, and a new guest."""
    meeting = _meeting(pk)
    _require_manager(request, meeting.body)
    action = ActionForm(request.POST, actions=("others", "guest"))
    if not action.is_valid():
        _form_errors(request, action)
    elif action.chosen() == "guest":
        guest_form = GuestForm(request.POST, prefix="guest")
        if guest_form.is_valid():
            _attempt(
                request,
                lambda: services.guest_add(meeting, **guest_form.cleaned_data),
                "Gästen är tillagd bland övriga närvarande.",
            )
        else:
            _form_errors(request, guest_form)
    else:
        form = _others_form(meeting, request.POST)
        if form.is_valid():
            _attempt(
                request,
                lambda: services.others_present_record(
                    meeting, persons=form.persons(), guests_present=form.guests_present()
                ),
                "Övriga närvarande är sparade.",
            )
        else:
            _form_errors(request, form)
    return redirect("meetings:attendance", pk=pk)


def _others_form(meeting: Meeting, data: Any = None) -> OthersPresentForm:
    recorded = {
        a.person_id: a.note
        for a in meeting.attendance.filter(capacity=Attendance.Capacity.OTHER, present=True)
    }
    return OthersPresentForm(
        data,
        candidates=selectors.others_present_candidates(meeting),
        guests=list(meeting.guests.all()),
        recorded=recorded,
        prefix="others",
    )


# --- Minutes in Word, corrections after attestation -------------------------------------


def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as DOCX: the sealed content (the public version for those outside
    the meeting), or the draft for its readers."""
    meeting = _meeting(pk)
    audience = audience_for(request.user)
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if not meeting.sealed_at:
        if not selectors.may_read_draft(audience, meeting):
            raise Http404("Protokollet är inte justerat.")
        return _file(
            documents.minutes_docx(
                meeting,
                content=documents.minutes_content(meeting),
                readable_items=None,
                draft=True,
            ),
            f"protokoll-utkast-{meeting.body.slug}-{meeting.date}.docx",
            content_type,
            inline=False,
        )
    content = meeting.sealed_content or {}
    if not content.get("sections"):
        raise Http404("Protokollet finns som PDF.")
    readable: set[int] | None = (
        None
        if _insider(audience, meeting)
        else {i.pk for i in selectors.meeting_items_for(meeting, audience)}
    )
    if readable is not None and all(
        s["agenda_item"] is None or s["agenda_item"] in readable for s in content["sections"]
    ):
        readable = None  # no closed § to cut: the minutes as attested
    return _file(
        documents.minutes_docx(
            meeting,
            content=content,
            readable_items=readable,
            corrections=selectors.corrections_for(meeting, audience),
        ),
        f"protokoll-{meeting.body.slug}-{meeting.date}.docx",
        content_type,
        inline=False,
    )


@login_required
def corrections(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary proposes a correction of an obvious error in sealed minutes; the
    chair and the attesters attest it."""
    meeting = _meeting(pk)
    _require_manager(request, meeting.body)
    sections = (meeting.sealed_content or {}).get("sections", [])
    form = CorrectionForm(request.POST if request.method == "POST" else None, sections=sections)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.minutes_correction_propose(
                meeting, **form.cleaned_data, by=request.user
            ),
            "Rättelsen är föreslagen. Ordföranden och justerarna justerar den.",
        )
    ):
        return redirect("meetings:corrections", pk=pk)
    return render(
        request,
        "meetings/corrections.html",
        {
            "meeting": meeting,
            "form": form,
            "sealed": bool(meeting.sealed_at),
            "corrections": MinutesCorrection.objects.filter(meeting=meeting)
            .prefetch_related("signatures__person")
            .order_by("-proposed_at"),
        },
    )


@login_required
def correction_attest(request: HttpRequest, pk: int) -> HttpResponse:
    """A signatory of the minutes reads the correction here and attests exactly it."""
    correction = get_object_or_404(
        MinutesCorrection.objects.select_related("meeting__body", "meeting__chair"), pk=pk
    )
    meeting = correction.meeting
    audience = audience_for(request.user)
    signatories = services.signatories(meeting)
    person = selectors.person_for_user(request.user)
    if not (may_manage_body(audience, meeting.body_id) or person in signatories):
        raise PermissionDenied
    if request.method == "POST":
        form = CorrectionAttestForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
        elif _attempt(
            request,
            lambda: services.minutes_correction_attest(
                correction, request.user, content_sha256=form.cleaned_data["content_sha256"]
            ),
            "Din justering av rättelsen är registrerad.",
        ):
            return redirect("meetings:correction_attest", pk=pk)
    signed = {s.person_id for s in correction.signatures.all()}
    return render(
        request,
        "meetings/correction_attest.html",
        {
            "meeting": meeting,
            "correction": correction,
            "signatories": [(p, p.pk in signed) for p in signatories],
            "content_sha256": services.correction_content_sha256(correction),
            "can_attest": bool(
                person
                and person in signatories
                and person.pk not in signed
                and correction.attested_at is None
            ),
        },
    )
