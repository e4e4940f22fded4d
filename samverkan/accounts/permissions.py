"""Who may do what: the role checks every app builds on."""

from django.contrib.auth.models import AnonymousUser

from .models import Role, User


def has_role(user: User | AnonymousUser, role: Role) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Group names are the role values; prefetch-friendly through the cached groups.
    return any(g.name == role.value for g in user.groups.all())


def is_administrator(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def roles_of(user: User | AnonymousUser) -> list[Role]:
    return [role for role in Role if has_role(user, role)]
