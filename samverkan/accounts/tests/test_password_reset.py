"""Password reset by e-mail: ask on the login page, follow the link, choose, log in."""

import re

import pytest
from django.core import mail

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_the_whole_reset_flow(client):
    user_create(
        username="anna", password="gammalt-Lösen-1", roles=[Role.MEMBER], email="anna@example.se"
    )
    login_page = client.get("/konto/logga-in/").content.decode()
    assert "Glömt lösenordet?" in login_page
    assert 'href="/konto/glomt-losenord/"' in login_page

    form = client.get("/konto/glomt-losenord/")
    assert "Glömt lösenordet" in form.content.decode()
    sent = client.post("/konto/glomt-losenord/", {"email": "ANNA@example.se"}, follow=True)
    assert "Kolla din e-post" in sent.content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.se"]
    assert message.subject == "Nytt lösenord till Samverkan"
    assert "Ditt användarnamn är anna." in message.body
    link = re.search(r"http://testserver(/konto/nytt-losenord/\S+/)", message.body)
    assert link, message.body

    # Django swaps the token in the link for one in the session and redirects.
    choose = client.get(link.group(1), follow=True)
    assert "Välj ett nytt lösenord" in choose.content.decode()
    form_url = choose.redirect_chain[-1][0]
    done = client.post(
        form_url,
        {"new_password1": "nytt-Lösen-2025", "new_password2": "nytt-Lösen-2025"},
        follow=True,
    )
    assert "Lösenordet är bytt" in done.content.decode()

    assert (
        client.post(
            "/konto/logga-in/", {"username": "anna", "password": "gammalt-Lösen-1"}
        ).status_code
        == 200
    )
    assert (
        client.post(
            "/konto/logga-in/", {"username": "anna", "password": "nytt-Lösen-2025"}
        ).status_code
        == 302
    )

    # The link works once.
    again = client.get(link.group(1), follow=True).content.decode()
    assert "Länken fungerar inte längre" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post("/konto/glomt-losenord/", {"email": "okand@example.se"}, follow=True)
    assert "Kolla din e-post" in response.content.decode()
    assert mail.outbox == []


def test_a_weak_new_password_is_refused_in_swedish(client):
    user_create(username="anna", password="gammalt-Lösen-1", roles=[], email="anna@example.se")
    client.post("/konto/glomt-losenord/", {"email": "anna@example.se"})
    link = re.search(r"http://testserver(/konto/nytt-losenord/\S+/)", mail.outbox[0].body)
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    html = client.post(
        form_url, {"new_password1": "12345678", "new_password2": "12345678"}
    ).content.decode()
    assert "Lösenordet är bytt" not in html
    assert "för vanligt" in html or "för kort" in html
