"""Staff sign-in by OpenID Connect against a provider run on loopback by the test: the
authorization code flow with RS256 id tokens from its JWKS, the claims making the
account and its roles, and the person with the same address linked to it."""

import http.server
import json
import secrets
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from jwt.algorithms import RSAAlgorithm

from samverkan.accounts.models import User
from samverkan.accounts.permissions import roles_of
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

CLIENT_ID, CLIENT_SECRET = "samverkan", "hemligt-klientlosen"


class Provider:
    """A minimal OpenID provider: authorize (redirects with a code), token (an RS256 id
    token with the nonce), userinfo and jwks."""

    def __init__(self, claims: dict[str, Any]) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims = claims
        self.codes: dict[str, str] = {}  # code -> nonce
        self.token_requests: list[dict[str, list[str]]] = []
        provider = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _json(self, data: Any, status: int = 200) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                if url.path == "/authorize":
                    code = secrets.token_urlsafe(8)
                    provider.codes[code] = query["nonce"][0]
                    target = f"{query['redirect_uri'][0]}?code={code}&state={query['state'][0]}"
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                elif url.path == "/userinfo":
                    ok = self.headers.get("Authorization") == "Bearer atkn"
                    self._json(
                        provider.claims if ok else {"error": "invalid_token"}, 200 if ok else 401
                    )
                elif url.path == "/jwks":
                    jwk = json.loads(RSAAlgorithm.to_jwk(provider.key.public_key()))
                    self._json({"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]})
                else:
                    self._json({}, 404)

            def do_POST(self) -> None:
                form = urllib.parse.parse_qs(
                    self.rfile.read(int(self.headers["Content-Length"])).decode()
                )
                provider.token_requests.append(form)
                nonce = provider.codes.pop(form.get("code", [""])[0], None)
                if nonce is None or form.get("client_secret") != [CLIENT_SECRET]:
                    self._json({"error": "invalid_grant"}, 400)
                    return
                now = int(time.time())
                id_token = jwt.encode(
                    {
                        "iss": provider.base,
                        "aud": CLIENT_ID,
                        "sub": provider.claims["sub"],
                        "nonce": nonce,
                        "iat": now,
                        "exp": now + 300,
                    },
                    provider.key,
                    algorithm="RS256",
                    headers={"kid": "k1"},
                )
                self._json(
                    {
                        "access_token": "atkn",
                        "token_type": "Bearer",
                        "id_token": id_token,
                        "expires_in": 300,
                    }
                )

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings) -> Iterator[Provider]:
    p = Provider(
        {
            "sub": "abc-123",
            "email": "anna.sekreterare@region.invalid",
            "email_verified": True,
            "given_name": "Anna",
            "family_name": "Sekreterare",
            "preferred_username": "anna.s",
            "groups": ["samverkan-sekretariat", "annat"],
        }
    )
    settings.SAMVERKAN_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{p.base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{p.base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{p.base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{p.base}/jwks"
    settings.SAMVERKAN_OIDC_ROLES_CLAIM = "groups"
    settings.SAMVERKAN_OIDC_ROLE_MAP = {"samverkan-sekretariat": "secretary"}
    yield p
    p.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _sign_in(client: Any) -> Any:
    start = client.get(reverse("oidc_authentication_init"), {"next": "/uppfoljning/"})
    assert start.status_code == 302
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(start["Location"])
        raise AssertionError("the provider did not redirect")
    except urllib.error.HTTPError as redirect:
        back = urllib.parse.urlsplit(redirect.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_a_staff_member_signs_in_through_the_provider(client, provider):
    person = f.person(name="Anna Sekreterare", email="anna.sekreterare@region.invalid")
    done = _sign_in(client)
    assert done.status_code == 302 and done["Location"] == "/uppfoljning/"
    user = User.objects.get(email="anna.sekreterare@region.invalid")
    assert (user.username, user.first_name, user.last_name) == ("anna.s", "Anna", "Sekreterare")
    assert not user.has_usable_password()
    assert [r.value for r in roles_of(user)] == ["secretary"]
    person.refresh_from_db()
    assert person.user == user  # the person's seats and secretariats give the rights
    assert client.get(reverse("meetings:my_meetings")).status_code == 200
    assert provider.token_requests[0]["client_id"] == [CLIENT_ID]


def test_the_second_sign_in_updates_the_same_account(client, provider):
    _sign_in(client)
    client.logout()
    provider.claims = {**provider.claims, "family_name": "Nyberg", "groups": []}
    _sign_in(client)
    user = User.objects.get(email="anna.sekreterare@region.invalid")
    assert User.objects.count() == 1 and user.last_name == "Nyberg" and roles_of(user) == []


def test_a_forged_or_replayed_answer_signs_no_one_in(client, provider):
    start = client.get(reverse("oidc_authentication_init"))
    state = urllib.parse.parse_qs(urllib.parse.urlsplit(start["Location"]).query)["state"][0]
    forged = client.get(reverse("oidc_authentication_callback"), {"code": "fel", "state": state})
    assert forged.status_code == 302 and "/oidc/" not in forged["Location"]
    assert not User.objects.exists()
    assert client.get(
        reverse("oidc_authentication_callback"), {"code": "x", "state": "fel"}
    ).status_code in (302, 400)
    assert not User.objects.exists()


def test_sign_in_is_off_without_configuration(client, settings):
    settings.SAMVERKAN_OIDC_ENABLED = False
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert "organisationens konto" not in client.get(reverse("accounts:login")).content.decode()


def test_an_unverified_address_signs_no_one_in(client, provider):
    existing = User.objects.create_user(
        "anna", email="anna.sekreterare@region.invalid", password="x"
    )
    for verified in (False, "false", None):
        provider.claims = {**provider.claims, "email_verified": verified}
        if verified is None:
            provider.claims.pop("email_verified")
        client.logout()
        _sign_in(client)
        assert "_auth_user_id" not in client.session
    assert User.objects.get() == existing
