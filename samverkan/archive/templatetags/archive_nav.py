"""The link to the e-archive page in the site navigation, for those who may archive."""

from typing import Any

from django import template

from samverkan.access.policy import audience_for, may_archive

register = template.Library()


@register.simple_tag(takes_context=True)
def may_archive_here(context: Any) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and may_archive(audience_for(user)))
