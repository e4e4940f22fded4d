from typing import Any

from .services import roles_ensure


def ensure_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    roles_ensure()
