"""Numbers as Swedish readers write them, and a case's assignments on its page."""

from typing import Any

from django import template
from django.utils import timezone

from samverkan.access.policy import audience_for, may_manage_assignments

from .. import rules, selectors

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return rules.percent_display(value)


@register.filter
def number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


@register.inclusion_tag("followup/_case_assignments.html", takes_context=True)
def case_assignments(context: dict[str, Any], case: Any) -> dict[str, Any]:
    """A case's assignments, and for the keepers of a deciding body the links that give
    new ones from its decisions and recommendations."""
    request = context["request"]
    audience = audience_for(request.user)
    today = timezone.localdate()
    assignments = selectors.progress_attach(
        list(selectors.assignments_for_case(case, audience)[:50]), today
    )
    sources = []
    if audience.is_staff_anywhere:
        for d in selectors.case_decisions(case, audience):
            if may_manage_assignments(audience, d.body_id):
                sources.append(("beslut", d.pk, f"beslutet i {d.body.short_name} {d.date_display}"))
        for r in selectors.case_recommendations(case):
            body_id = r.decision.body_id if r.decision else None
            if body_id is None or may_manage_assignments(audience, body_id):
                sources.append(("rekommendation", r.pk, f"rekommendationen ”{r.title}”"))
    return {"assignments": assignments, "sources": sources, "case": case}
