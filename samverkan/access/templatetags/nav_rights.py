"""What the site navigation shows the user: the links to the tools the policy lets them
use (the e-archive and disposal; the import of existing documents; the reading view
for those called to meetings)."""

from typing import Any

from django import template

from samverkan.access.policy import (
    audience_for,
    may_archive,
    may_use_import,
    may_use_reading_view,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_rights(context: Any) -> dict[str, bool]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"archive": False, "import": False, "reading": False}
    audience = audience_for(user)
    return {
        "archive": may_archive(audience),
        "import": may_use_import(audience),
        "reading": may_use_reading_view(audience),
    }
