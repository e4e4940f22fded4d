"""A request's collaboration, for views: lists and addresses are scoped by it the way
they are scoped by access."""

from django.http import Http404, HttpRequest

from .models import Body, Collaboration


def current_collaboration(request: HttpRequest) -> Collaboration | None:
    """The request's collaboration, set by CollaborationMiddleware (None where none
    exists yet, or for a request that did not pass the middleware)."""
    return getattr(request, "collaboration", None)


def body_or_404(request: HttpRequest, slug: str) -> Body:
    """The body with this address in the collaboration in view (slugs are unique only
    within a collaboration)."""
    body = (
        Body.objects.in_collaboration(current_collaboration(request))
        .select_related("owner_party")
        .filter(slug=slug)
        .first()
    )
    if body is None:
        raise Http404
    return body
