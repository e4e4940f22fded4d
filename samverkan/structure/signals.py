from typing import Any

from samverkan.accounts.models import Role
from samverkan.accounts.services import role_grant_permissions

SECRETARY_MODELS = ["membership", "person", "reportingline", "supportfunction", "participation"]


def grant_secretary_permissions(sender: Any, **kwargs: Any) -> None:
    """Secretaries keep their bodies' members and lines up to date through the admin."""
    codenames = [f"{verb}_{m}" for m in SECRETARY_MODELS for verb in ("view", "add", "change")]
    codenames += ["view_body", "change_body", "view_party", "view_term"]
    role_grant_permissions(Role.SECRETARY, "structure", codenames)
