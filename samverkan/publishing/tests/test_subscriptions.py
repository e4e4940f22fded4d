"""Public subscriptions: double opt-in, one-click unsubscribe (RFC 8058) without CSRF,
nothing told about who subscribes, and `send_subscriptions` idempotent and public-only."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.cases import services as cases
from samverkan.cases.models import CaseSeries
from samverkan.publishing import selectors, services
from samverkan.publishing.models import Subscription, SubscriptionDelivery
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

CLOSED = "kanariezq999x"
ADDRESS = "anna@exempel.invalid"


def link(message, name: str) -> str:
    """The path of the first link in the mail to the named view."""
    prefix = reverse(name, args=["X"]).rsplit("X", 1)[0]
    found = re.search(re.escape(prefix) + r"[^/\s]+/", message.body)
    assert found, message.body
    return found.group(0)


def subscribe(client, body, address=ADDRESS):
    return client.post(
        reverse("publishing:subscribe"), {"kind": "body", "target": body.slug, "email": address}
    )


def confirmed(body, address=ADDRESS) -> Subscription:
    requested = services.subscription_request(
        collaboration=body.collaboration, email=address, kind="body", body=body
    )
    assert requested is not None
    return services.subscription_confirm(requested.subscription)


def test_the_subscription_starts_only_after_the_click_in_the_mail(client, sealed_meeting):
    response = subscribe(client, sealed_meeting.body)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert services.subscriptions_send() == {}  # nothing before the confirmation
    path = link(mail.outbox[0], "publishing:confirm")
    # Following the link (a mail scanner does) confirms nothing; the button does.
    assert "Bekräfta prenumerationen" in client.get(path).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    client.post(path)
    subscription.refresh_from_db()
    assert subscription.is_active


def test_the_form_tells_nothing_about_who_subscribes_and_mails_once_a_day(client, sealed_meeting):
    confirmed(sealed_meeting.body)
    mail.outbox.clear()
    first = subscribe(client, sealed_meeting.body).content.decode()
    other = subscribe(client, sealed_meeting.body, "ny@exempel.invalid").content.decode()
    assert first.replace(ADDRESS, "X") == other.replace("ny@exempel.invalid", "X")
    assert [m.to for m in mail.outbox] == [["ny@exempel.invalid"]]
    subscribe(client, sealed_meeting.body, "ny@exempel.invalid")
    assert len(mail.outbox) == 1  # one pending confirmation per address and target
    assert Subscription.objects.filter(email="ny@exempel.invalid").count() == 1


def test_a_bad_address_gets_the_form_again_with_its_message(client, sealed_meeting):
    response = client.post(
        reverse("publishing:subscribe"), {"kind": "body", "target": "rsr", "email": "inte"}
    )
    assert response.status_code == 200
    assert "giltig e-postadress" in response.content.decode()
    assert not Subscription.objects.exists()


def test_minutes_mail_lists_the_public_sections_only_and_is_sent_once(sealed_meeting):
    subscription = confirmed(sealed_meeting.body)
    mail.outbox.clear()
    call_command("send_subscriptions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Justerat protokoll: Regionens samverkansråd 2026-10-05" in message.body
    assert "Öppen fråga om vägar" in message.body
    assert "Kallelse:" in message.body
    assert CLOSED not in message.body and CLOSED not in message.subject
    assert reverse("meetings:minutes_pdf", args=[sealed_meeting.pk]) in message.body
    keys = set(SubscriptionDelivery.objects.values_list("key", flat=True))
    assert keys == {f"minutes:{sealed_meeting.pk}", f"notice:{sealed_meeting.pk}"}
    call_command("send_subscriptions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1, "sent twice"
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None


def test_every_mail_carries_one_click_unsubscribe_that_works_without_csrf(sealed_meeting):
    subscription = confirmed(sealed_meeting.body)
    services.subscriptions_send()
    message = mail.outbox[-1]
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link(message, "publishing:unsubscribe")
    assert header[1:-1].endswith(path)
    strict = Client(enforce_csrf_checks=True)
    assert "Avsluta prenumerationen" in strict.get(path).content.decode()
    assert strict.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert services.subscriptions_send() == {}


def test_the_confirmation_post_needs_csrf(sealed_meeting):
    requested = services.subscription_request(
        collaboration=sealed_meeting.body.collaboration,
        email=ADDRESS,
        kind="body",
        body=sealed_meeting.body,
    )
    path = reverse("publishing:confirm", args=[requested.confirm_token])
    assert Client(enforce_csrf_checks=True).post(path).status_code == 403


def test_a_wrong_token_is_not_found(client):
    assert client.get(reverse("publishing:confirm", args=["fel"])).status_code == 404
    assert client.post(reverse("publishing:unsubscribe", args=["1-fel"])).status_code == 404


def test_tokens_are_not_stored_as_they_are(sealed_meeting):
    requested = services.subscription_request(
        collaboration=sealed_meeting.body.collaboration,
        email=ADDRESS,
        kind="body",
        body=sealed_meeting.body,
    )
    row = Subscription.objects.filter(pk=requested.subscription.pk).values().get()
    for token in (requested.confirm_token, requested.unsubscribe_token):
        assert token not in str(row)
    assert selectors.subscription_by_confirm_token(requested.confirm_token) is not None


def test_a_case_mail_keeps_masked_registry_entries_masked(sealed_meeting):
    party = f.party()
    series = CaseSeries.objects.create(code="RS", name="Regionstyrelsen", organisation=party)
    today = timezone.localdate()
    case = cases.case_register(series=series, title="Vägar i länet", registered_on=today)
    cases.registry_entry_add(
        case,
        date=today,
        direction="received",
        description=f"Om en enskild {CLOSED}",
        counterpart="Någon",
        description_protected=True,
        confidentiality_ground="OSL 26 kap. 1 §",
    )
    cases.registry_entry_add(
        case,
        date=today,
        direction="received",
        description="Skrivelse om vägar",
        counterpart="Kommun",
    )
    requested = services.subscription_request(
        collaboration=series.collaboration, email=ADDRESS, kind="case", case=case
    )
    services.subscription_confirm(requested.subscription)
    mail.outbox.clear()
    services.subscriptions_send()
    assert len(mail.outbox) == 1
    assert "Skrivelse om vägar" in mail.outbox[0].body
    assert CLOSED not in mail.outbox[0].body
    services.subscriptions_send()
    assert len(mail.outbox) == 1


def test_a_search_phrase_mail_holds_public_hits_only(sealed_meeting):
    requested = services.subscription_request(
        collaboration=sealed_meeting.body.collaboration,
        email=ADDRESS,
        kind="search",
        phrase="vägar",
    )
    services.subscription_confirm(requested.subscription)
    mail.outbox.clear()
    sent = services.subscriptions_send()
    assert CLOSED not in "".join(m.body for m in mail.outbox)
    assert sent, "the open § (indexed on save) was not mailed"
    assert "Öppen fråga om vägar" in mail.outbox[0].body
    services.subscriptions_send()
    assert len(mail.outbox) == len(sent)


def test_history_older_than_the_lookback_is_not_mailed(sealed_meeting):
    subscription = confirmed(sealed_meeting.body)
    later = timezone.now() + datetime.timedelta(days=selectors.LOOKBACK_DAYS + 1)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=later)
    assert services.subscriptions_send() == {}


def test_links_stay_inside_another_collaborations_address(client):
    """A subscription made on /<samverkan>/… gets links under that address, both in the
    confirmation (sent in the request) and in the cron mail (sent outside any request)."""
    f.home_collaboration()
    other = f.collaboration(name="Exempellänet", short_name="Exempel", slug="exempellanet")
    body = f.body(collaboration=other, slug="rad", name="Rådet")
    client.post("/exempellanet/prenumerera/", {"kind": "body", "target": "rad", "email": ADDRESS})
    assert "/exempellanet/prenumerera/bekrafta/" in mail.outbox[0].body
    services.subscription_confirm(Subscription.objects.get())
    from samverkan.meetings import services as meetings
    from samverkan.meetings.models import Meeting

    meeting = meetings.meeting_create(
        body=body, date=datetime.date(2026, 10, 5), start_time=datetime.time(10)
    )
    Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=timezone.now())
    services.subscriptions_send()
    message = mail.outbox[-1]
    assert f"/exempellanet/sammantraden/{meeting.pk}/" in message.body
    assert "/exempellanet/prenumerera/avsluta/" in message.extra_headers["List-Unsubscribe"]


def test_one_address_gets_a_bounded_number_of_confirmations_a_day(sealed_meeting):
    collaboration = sealed_meeting.body.collaboration
    for n in range(services.MAX_CONFIRMATIONS_PER_ADDRESS + 3):
        services.subscription_request(
            collaboration=collaboration, email=ADDRESS, kind="search", phrase=f"fras {n}"
        )
    assert len(mail.outbox) == services.MAX_CONFIRMATIONS_PER_ADDRESS
    later = timezone.now() + services.RESEND_AFTER
    assert services.subscription_request(
        collaboration=collaboration, email=ADDRESS, kind="search", phrase="fras 0", now=later
    )
    assert len(mail.outbox) == services.MAX_CONFIRMATIONS_PER_ADDRESS + 1


def test_the_body_case_and_search_pages_offer_the_form(client, sealed_meeting):
    party = f.party()
    series = CaseSeries.objects.create(code="RS", name="Regionstyrelsen", organisation=party)
    case = cases.case_register(series=series, title="Vägar", registered_on=timezone.localdate())
    action = f'action="{reverse("publishing:subscribe")}"'
    for path, kind, target in (
        (reverse("structure:body", args=["rsr"]), "body", "rsr"),
        (case.get_absolute_url(), "case", str(case.pk)),
        (reverse("search:search") + "?q=vägar", "search", "vägar"),
    ):
        page = client.get(path).content.decode()
        assert action in page, path
        assert f'name="kind" value="{kind}"' in page and f'value="{target}"' in page, path


def test_digits_that_are_not_ascii_are_no_server_error(client):
    assert client.get("/prenumerera/avsluta/%C2%B2-abc/").status_code == 404
