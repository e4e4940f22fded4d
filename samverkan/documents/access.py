"""Who may see confidential content: administrators and secretaries (the registry's
staff). Everyone else, and the public, sees only what is public."""

from samverkan.accounts.models import Role
from samverkan.accounts.permissions import has_role, is_administrator


def may_see_confidential(user: object) -> bool:
    return bool(
        user is not None and (is_administrator(user) or has_role(user, Role.SECRETARY))  # type: ignore[arg-type]
    )
