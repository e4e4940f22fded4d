"""The meeting law on the pages: quorum per item, notices of absence and the next
substitute, the body's rules and warnings. Reads through selectors and the access
policy only; every write goes through a view to a service."""

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from samverkan.access.policy import audience_for, may_manage_body
from samverkan.structure.models import Body

from .. import rules, selectors
from ..forms import AbsenceReportForm
from ..models import AbsenceNotice, AgendaItem, Meeting, Section

register = template.Library()


def _manager(context: Any, body_id: int) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and may_manage_body(audience_for(user), body_id))


@register.inclusion_tag("meetings/includes/law_meeting_panel.html", takes_context=True)
def meeting_law_panel(context: Any, meeting: Meeting) -> dict[str, Any]:
    """On the meeting page: a called member reports absence; the secretary sees the day
    warning and the notices of absence."""
    request = context.get("request")
    person = selectors.person_for_user(getattr(request, "user", None))
    called = person is not None and person.pk in selectors.called_person_ids(meeting)
    upcoming = selectors.meeting_is_upcoming(meeting) and not meeting.sealed_at
    own = AbsenceNotice.objects.filter(meeting=meeting, person=person).first() if called else None
    manager = _manager(context, meeting.body_id)
    return {
        "meeting": meeting,
        "may_report": called and upcoming and own is None,
        "own_notice": own,
        "form": AbsenceReportForm(auto_id="id_forhinder_%s"),
        "manager": manager,
        "day_warning": rules.meeting_day_warning(meeting.date) if manager else "",
        "notices": list(
            AbsenceNotice.objects.filter(meeting=meeting).select_related("person", "substitute")
        )
        if manager
        else [],
    }


@register.inclusion_tag("meetings/includes/law_absence_notices.html", takes_context=True)
def absence_notices(context: Any, meeting: Meeting) -> dict[str, Any]:
    """On the attendance page: the notices of absence, each with the next substitute in
    order and one button to call them."""
    rows = []
    for notice in AbsenceNotice.objects.filter(meeting=meeting).select_related(
        "person", "substitute"
    ):
        is_member = notice.person_id in selectors.voting_person_ids(meeting)
        following = (
            selectors.substitute_next(meeting, notice.person)
            if is_member and not notice.substitute_id
            else None
        )
        rows.append({"notice": notice, "is_member": is_member, "next": following})
    return {
        "meeting": meeting,
        "rows": rows,
        "upcoming": selectors.meeting_is_upcoming(meeting) and not meeting.sealed_at,
    }


@register.inclusion_tag("meetings/includes/law_quorum_items.html")
def quorum_items(meeting: Meeting) -> dict[str, Any]:
    """Quorum at each item (its § when made), from arrival, leaving and conflicts; shown
    once someone is recorded present (before that every item would read "not quorate")."""
    if not meeting.attendance.filter(present=True).exists():
        return {"meeting": meeting, "rows": []}
    return {"meeting": meeting, "rows": selectors.quorum_by_item(meeting)}


@register.inclusion_tag("meetings/includes/quorum.html")
def section_quorum(section: Section) -> dict[str, Any]:
    return {"quorum": selectors.quorum_at(section)}


@register.inclusion_tag("meetings/includes/law_body_rules.html", takes_context=True)
def body_rules_panel(context: Any, body: Body, year: int) -> dict[str, Any]:
    """On the body's meetings page, for its secretary: the link to the meeting rules and
    the planned meetings that fall on a weekend or holiday."""
    manager = _manager(context, body.pk)
    warnings = []
    if manager:
        today = timezone.localdate()
        for meeting in selectors.meetings_for_body(body, year).filter(date__gte=today):
            warning = rules.meeting_day_warning(meeting.date)
            if warning:
                warnings.append((meeting, warning))
    return {"body": body, "manager": manager, "warnings": warnings}


@register.inclusion_tag("meetings/includes/law_posted_sections.html")
def posted_sections() -> dict[str, Any]:
    """Immediately attested §§ on the notice board while their appeal period runs."""
    return {"sections": selectors.posted_sections()}


@register.filter
def item_reference(item: AgendaItem) -> str:
    """Arrival and leaving in the minutes name the item by its §, as the minutes number
    them; an item without a § (yet) by its place on the agenda."""
    section = getattr(item, "section", None)
    if section is not None:
        return f"§ {section.number}"
    return gettext("punkt %(position)s") % {"position": item.position}


@register.filter
def is_upcoming(meeting: Meeting) -> bool:
    """Not held yet (absence is reported before the meeting)."""
    return selectors.meeting_is_upcoming(meeting) and not meeting.sealed_at
