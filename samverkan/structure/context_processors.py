from django.http import HttpRequest

from .scoping import current_collaboration
from .selectors import collaborations_all


def collaboration(request: HttpRequest) -> dict[str, object]:
    """The collaboration in view, and the others to switch to (lazily: one query only on
    pages that show the switcher)."""
    return {
        "collaboration": current_collaboration(request),
        "collaborations": collaborations_all,
        "site_root": getattr(request, "site_root", "/"),
    }
