import pytest
from django.core.exceptions import ValidationError

from samverkan.accounts.models import Role, User
from samverkan.accounts.permissions import has_role, is_administrator, roles_of
from samverkan.accounts.services import user_create

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2():
    user = user_create(username="anna", password="x-Lösen-123", roles=[Role.MEMBER])
    assert user.password.startswith("argon2")


def test_login_and_logout(client):
    user_create(username="anna", password="x-Lösen-123", roles=[Role.MEMBER], first_name="Anna")
    response = client.post("/konto/logga-in/", {"username": "anna", "password": "x-Lösen-123"})
    assert response.status_code == 302
    assert "Logga ut Anna" in client.get("/").content.decode()
    client.post("/konto/logga-ut/")
    assert "Logga in" in client.get("/").content.decode()


def test_a_wrong_password_gets_a_swedish_message(client):
    user_create(username="anna", password="x-Lösen-123", roles=[Role.MEMBER])
    html = client.post("/konto/logga-in/", {"username": "anna", "password": "fel"}).content.decode()
    assert "korrekt användarnamn och lösenord" in html


def test_roles_are_groups_and_administrators_hold_every_role():
    member = user_create(username="m", password="x-Lösen-123", roles=[Role.MEMBER])
    admin = user_create(username="a", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    assert roles_of(member) == [Role.MEMBER]
    assert not is_administrator(member)
    assert is_administrator(admin) and has_role(admin, Role.SECRETARY)
    assert not member.is_staff and admin.is_staff


def test_usernames_are_unique_regardless_of_case():
    user_create(username="anna", password="x-Lösen-123", roles=[])
    with pytest.raises(ValidationError, match="redan upptaget"):
        user_create(username="Anna", password="x-Lösen-123", roles=[])
    assert User.objects.count() == 1
