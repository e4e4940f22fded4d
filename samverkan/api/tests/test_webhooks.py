"""Change notifications: the changes feed as a token may read it, and webhooks, signed,
delivered to a receiver on loopback, retried with back-off and switched off after
repeated failure."""

import datetime
import http.server
import json
import threading
from collections.abc import Iterator

import pytest
from django.utils import timezone

from samverkan.accounts.models import User
from samverkan.api import events, services
from samverkan.api.models import WebhookDelivery, WebhookSubscriber
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db


class Receiver(http.server.BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []
    status = 200

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(Receiver.status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.received = []
    Receiver.status = 200
    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/notis"
    server.shutdown()
    server.server_close()


def _seal(meeting: Meeting) -> None:
    """The sealing as the log sees it: sealed_at set on the meeting (through save, so
    the change is logged)."""
    meeting.sealed_at = timezone.now()
    meeting.save()


def test_the_minutes_attested_event_reaches_the_receiver_signed(receiver):
    sub = services.webhook_subscriber_create(
        name="Östersunds system", url=receiver, events=["minutes.attested"], secret="hemligt"
    )
    meeting = Meeting.objects.create(
        body=f.body(), date=datetime.date(2026, 11, 2), start_time=datetime.time(13)
    )
    _seal(meeting)
    made, delivered, failed = services.webhooks_run()
    assert (made, delivered, failed) == (1, 1, 0)
    headers, body = Receiver.received[0]
    assert headers["X-Samverkan-Event"] == "minutes.attested"
    now = int(timezone.now().timestamp())
    assert events.signature_valid("hemligt", headers["X-Samverkan-Signature"], body, now)
    assert not events.signature_valid("fel", headers["X-Samverkan-Signature"], body, now)
    payload = json.loads(body)
    assert payload["object"] == {
        "type": "meeting",
        "id": meeting.pk,
        "url": payload["object"]["url"],
        "body": meeting.body_id,
        "date": "2026-11-02",
    }
    assert services.webhooks_run() == (0, 0, 0)  # once
    assert WebhookDelivery.objects.get().delivered_at is not None
    sub.refresh_from_db()
    assert sub.consecutive_failures == 0


def test_failures_are_retried_with_back_off_and_the_receiver_is_switched_off(receiver):
    Receiver.status = 500
    sub = services.webhook_subscriber_create(
        name="Trasig", url=receiver, events=["minutes.attested"]
    )
    body = f.body()
    now = timezone.now()
    for day in range(1, 4):
        _seal(
            Meeting.objects.create(
                body=body, date=datetime.date(2026, 11, day), start_time=datetime.time(9)
            )
        )
    services.webhooks_run(now)
    first = WebhookDelivery.objects.order_by("pk").first()
    assert first.attempts == 1 and first.last_status == 500
    assert first.next_attempt_at == now + datetime.timedelta(seconds=events.BACKOFF[0])
    assert services.webhooks_run(now) == (0, 0, 0)  # not due yet
    t = now
    for _ in range(6):
        t += datetime.timedelta(days=1)
        services.webhooks_run(t)
    sub.refresh_from_db()
    assert not sub.active and "misslyckade försök i rad" in sub.disabled_reason
    assert sub.consecutive_failures >= events.DISABLE_AFTER
    services.webhook_subscriber_set_active(sub, True)
    sub.refresh_from_db()
    assert sub.active and sub.consecutive_failures == 0


def test_an_unreachable_receiver_is_a_failed_attempt_not_an_error():
    services.webhook_subscriber_create(
        name="Borta", url="http://127.0.0.1:9/", events=["notice.sent"]
    )
    meeting = Meeting.objects.create(
        body=f.body(), date=datetime.date(2026, 11, 2), start_time=datetime.time(13)
    )
    meeting.notice_sent_at = timezone.now()
    meeting.save()
    assert services.webhooks_run() == (1, 0, 1)
    assert WebhookDelivery.objects.get().last_error


def test_the_events_are_read_off_the_change_log():
    assert (
        events.event_of("meeting", "update", {"sealed_at": None}, {"sealed_at": "x"})
        == "minutes.attested"
    )
    assert (
        events.event_of("meeting", "update", {"notice_sent_at": None}, {"notice_sent_at": "x"})
        == "notice.sent"
    )
    assert events.event_of("meeting", "update", {"sealed_at": "x"}, {"sealed_at": "x"}) == ""
    assert (
        events.event_of("recommendation", "create", None, {"issued_on": "2026-01-01"})
        == "recommendation.issued"
    )
    assert (
        events.event_of("partyresponse", "update", {"status": "not_handled"}, {"status": "adopted"})
        == "response.registered"
    )
    assert (
        events.event_of("partyresponse", "update", {"status": "adopted"}, {"status": "adopted"})
        == ""
    )


def test_the_changes_feed_leaves_out_what_the_token_may_not_read(client):
    admin = User.objects.create_superuser("wh-admin", password="x")
    _, raw = services.token_create(name="Admin", user=admin, party=None, by=admin)
    outsider = User.objects.create_user("wh-utomstaende", password="x")
    _, other = services.token_create(name="Utomstående", user=outsider, party=None, by=admin)
    meeting = Meeting.objects.create(
        body=f.body(), date=datetime.date(2026, 11, 2), start_time=datetime.time(13)
    )
    closed = AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        title="Stängd",
        is_public=False,
        confidentiality_ground="OSL 21 kap. 1 §",
    )

    def walk(token: str) -> list[tuple[str, int]]:
        seen, url = [], "/api/v1/changes/?limit=2"
        while url:
            page = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json()
            seen += [(c["type"], c["id"]) for c in page["results"]]
            url = page["next"]
        return seen

    assert ("agendaitem", closed.pk) in walk(raw)
    assert ("agendaitem", closed.pk) not in walk(other) and ("meeting", meeting.pk) in walk(other)
    since = client.get("/api/v1/changes/?limit=200", HTTP_AUTHORIZATION=f"Bearer {other}").json()[
        "since"
    ]
    meeting.place = "Sal B"
    meeting.save()
    later = client.get(
        f"/api/v1/changes/?since={since}", HTTP_AUTHORIZATION=f"Bearer {other}"
    ).json()
    assert [(c["type"], c["action"]) for c in later["results"]] == [("meeting", "update")]


def test_a_receiver_address_must_be_a_web_address():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.webhook_subscriber_create(name="X", url="ftp://exempel", events=["notice.sent"])
    with pytest.raises(ValidationError):
        services.webhook_subscriber_create(name="X", url="https://exempel.se", events=["annat"])
    assert not WebhookSubscriber.objects.exists()
