"""Staff sign-in through the organisation's identity provider by OpenID Connect
(mozilla-django-oidc), configured from the environment (see settings: SAMVERKAN_OIDC_*).

The provider's claims make and update the account: its address, name and roles (the
claim named by SAMVERKAN_OIDC_ROLES_CLAIM, mapped by SAMVERKAN_OIDC_ROLE_MAP), and the
person in the structure with the same e-mail address is linked to the account, so the
person's seats and secretariats give their rights as for a local login. Local passwords
stay for the demo and small installations."""

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from samverkan.accounts.models import Role, User
from samverkan.accounts.services import user_sync_from_claims
from samverkan.structure import services as structure_services
from samverkan.structure.models import Person

logger = logging.getLogger(__name__)


def roles_from_claims(claims: dict[str, Any]) -> list[Role] | None:
    """The platform roles the provider gives (None: the provider sends no roles claim,
    and the roles set here stay)."""
    raw = claims.get(settings.SAMVERKAN_OIDC_ROLES_CLAIM)
    if raw is None:
        return None
    names = raw if isinstance(raw, list) else str(raw).replace(",", " ").split()
    mapping: dict[str, str] = settings.SAMVERKAN_OIDC_ROLE_MAP
    known = {r.value for r in Role}
    roles = {mapping.get(str(n), str(n)) for n in names}
    return [Role(r) for r in sorted(roles & known)]


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        """A refused or broken answer from the provider signs no one in (and is no
        server error): the callback then sends the visitor back to the login page."""
        if not settings.SAMVERKAN_OIDC_ENABLED:
            return None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except (
            requests.RequestException,
            SuspiciousOperation,
            jwt.PyJWTError,
            ValueError,
            KeyError,
        ):
            logger.warning("Inloggning via identitetstjänsten misslyckades", exc_info=True)
            return None
        return user

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # An address the provider has not verified could be anyone's: it neither signs
        # in to an account with that address nor links a person.
        return bool(claims.get("email")) and claims.get("email_verified") in (True, "true")

    def _sync(self, user: User | None, claims: dict[str, Any]) -> User:
        email = claims["email"].strip()
        with transaction.atomic():
            user = user_sync_from_claims(
                user,
                username=(claims.get("preferred_username") or email.split("@")[0]).strip(),
                email=email,
                first_name=claims.get("given_name", ""),
                last_name=claims.get("family_name", ""),
                roles=roles_from_claims(claims),
            )
            person = Person.objects.filter(email__iexact=email, user__isnull=True).first()
            if person is not None and not hasattr(user, "person"):
                person.user = user
                structure_services.person_save(person)
        return user

    def create_user(self, claims: dict[str, Any]) -> User:
        return self._sync(None, claims)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return self._sync(user, claims)


def _enabled() -> None:
    if not settings.SAMVERKAN_OIDC_ENABLED:
        raise Http404("Inloggning via organisationens identitetstjänst är inte påslagen.")


class SignIn(OIDCAuthenticationRequestView):
    def get(self, request: HttpRequest) -> HttpResponse:
        _enabled()
        return super().get(request)


class Callback(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        _enabled()
        return super().get(request)
