"""Writes for accounts: users and their roles."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Role, User


def roles_ensure() -> dict[Role, Group]:
    """Create the group of every role (idempotent); run after every migrate."""
    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}


def role_grant_permissions(role: Role, app_label: str, codenames: list[str]) -> None:
    group = Group.objects.get_or_create(name=role.value)[0]
    perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.add(*perms)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    roles: list[Role],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"Användarnamnet ”{username}” är redan upptaget.")
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    # Administrators and secretaries work in the admin; the rest only in the site.
    user.is_staff = bool({Role.ADMINISTRATOR, Role.SECRETARY} & set(roles))
    user.is_superuser = Role.ADMINISTRATOR in roles
    user.set_password(password)
    user.save()
    groups = roles_ensure()
    user.groups.set([groups[r] for r in roles])
    return user


@transaction.atomic
def user_sync_from_claims(
    user: User | None,
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    roles: list[Role] | None,
) -> User:
    """A staff member signed in through the organisation's identity provider: the
    account is made on first sign-in (no usable local password) and its name, address
    and, when the provider sends them, its roles follow the provider's claims."""
    if user is None:
        base = username or email.split("@")[0] or "oidc"
        candidate, n = base[:140], 1
        while User.objects.filter(username__iexact=candidate).exists():
            n += 1
            candidate = f"{base[:136]}-{n}"
        user = User(username=candidate)
        user.set_unusable_password()
    user.email = email
    user.first_name = first_name[:150]
    user.last_name = last_name[:150]
    if roles is not None:
        user.is_staff = bool({Role.ADMINISTRATOR, Role.SECRETARY} & set(roles))
        user.is_superuser = Role.ADMINISTRATOR in roles
    user.save()
    if roles is not None:
        groups = roles_ensure()
        user.groups.set([groups[r] for r in roles])
    return user
