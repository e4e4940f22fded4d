"""Issue 9's "Done when", whole, through the pages of a second collaboration (under its
path prefix /exempellanet/…), without the admin: a new official drafts an item that the
chair approves, the secretary places it on a meeting's agenda, previews and sends the
notice, a member reports absence and the next substitute is called, the meeting is held
with a member leaving so that one § lacks quorum (its decision is refused and nothing is
saved), the chair and the attester read and attest the minutes, which are sealed and
posted, and the secretary sends an extract to the party's registry address.

Only the starting data is built with factories and services: the collaboration, its
party, the body with its seats, the accounts, the named reviewer, the meeting rules and
the coming meeting. Every step after that is a POST as the user who does it.

The meeting is today (late in the evening) so that absence can still be reported before
it starts and the minutes can be attested the same day; no clock is frozen."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AbsenceNotice, AgendaItem, Attendance, Meeting, Section
from samverkan.preparation import services as preparation
from samverkan.preparation.models import Preparation
from samverkan.structure.models import Membership
from samverkan.structure.tests import factories as f

pytestmark = pytest.mark.django_db

PASSWORD = "x-Lösen-123"
START = datetime.date(2024, 1, 1)
PREFIX = "/exempellanet"
REGISTRY = "registrator@norrby.exempel.invalid"
CLOSED = "Stöd till en enskild elev"
PREPARED = "Gemensam plan för barns hälsa"


def url(name: str, *args: object) -> str:
    """A page's address inside the fictional collaboration."""
    return PREFIX + reverse(name, args=args)


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def attachment_pdf(message: Any) -> bytes:
    content = next(a[1] for a in message.attachments if a[0].endswith(".pdf"))
    return content if isinstance(content, bytes) else content.encode()


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def form_data(form: Any) -> dict[str, Any]:
    """What the browser posts back for a form as rendered (checkboxes only when on)."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data


def build() -> dict[str, Any]:
    """Exempellänet: Norrby kommun with a registry address; Samverkansrådet with chair
    Anna (S), members Bo (S), Cilla (M), Dan (M), Eva (C), substitutes Mia (M, 1) and
    Sven (S, 2), secretary Sara, official Tove (samverkansledare); the chair reviews
    preparations; quorum three of five; a meeting today at 23:59."""
    f.home_collaboration()  # the installation's own one
    other = f.collaboration(name="Exempellänet", short_name="Exempellänet", slug="exempellanet")
    party = f.party(collaboration=other, name="Norrby kommun", short_name="Norrby", email=REGISTRY)
    body = f.body(
        collaboration=other,
        owner_party=party,
        name="Samverkansrådet",
        short_name="SR",
        slug="samverkansradet",
    )
    people: dict[str, Any] = {}
    users: dict[str, Any] = {}
    seats = [
        ("Anna", "S", Membership.Role.CHAIR, None, Role.MEMBER),
        ("Bo", "S", Membership.Role.MEMBER, None, Role.MEMBER),
        ("Cilla", "M", Membership.Role.MEMBER, None, Role.MEMBER),
        ("Dan", "M", Membership.Role.MEMBER, None, None),
        ("Eva", "C", Membership.Role.MEMBER, None, None),
        ("Mia", "M", Membership.Role.SUBSTITUTE, 1, Role.MEMBER),
        ("Sven", "S", Membership.Role.SUBSTITUTE, 2, None),
        ("Sara", "", Membership.Role.SECRETARY, None, Role.SECRETARY),
        ("Tove", "", Membership.Role.COLLABORATION_LEAD, None, Role.OFFICIAL),
    ]
    for position, (name, letters, role, order, account) in enumerate(seats):
        slug = name.lower()
        user = user_create(username=slug, password=PASSWORD, roles=[account]) if account else None
        person = f.person(name=name, slug=slug, email=f"{slug}@exempel.invalid", user=user)
        f.membership(
            person=person,
            body=body,
            role=role,
            party_letters=letters,
            substitute_order=order,
            position=position,
            start=START,
        )
        people[name], users[name] = person, user
    preparation.reviewer_add(body, people["Anna"], role_label="ordförande", by=users["Sara"])
    meetings.meeting_rules_save(body, quorum_minimum=3)
    meeting = meetings.meeting_create(
        body=body, date=timezone.localdate(), start_time=datetime.time(23, 59), place="Rådhuset"
    )
    return {"body": body, "people": people, "users": users, "meeting": meeting}


def signed_in(username: str) -> Client:
    """A client of one's own, logged in as the account (force_login: django-axes wants
    a request to authenticate a password)."""
    from samverkan.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_a_day_of_work_from_preparation_to_extract_without_the_admin(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if timezone.localtime().time() >= datetime.time(23, 58):
        pytest.skip("The meeting starts at 23:59 today; absence must be reported before.")
    world = build()
    body, people, meeting = world["body"], world["people"], world["meeting"]
    official, chair, secretary = signed_in("tove"), signed_in("anna"), signed_in("sara")

    # 1. The official drafts the item and submits it.
    response = official.post(
        url("preparation:create"),
        {
            "body": body.pk,
            "title": PREPARED,
            "background": "Parterna har sett behov av en gemensam plan.",
            "assessment": "En plan ger tydligare ansvar.",
            "proposed_decision": "Rådet godkänner planen.",
            "consequences_children": "Barnen får en samlad hälsovård.",
            "contact": "Tove, samverkansledare",
            "is_public": "on",
        },
    )
    draft = Preparation.objects.get(title=PREPARED)
    assert response.status_code == 302 and response["Location"].startswith(PREFIX)
    official.post(url("preparation:submit", draft.pk))
    draft.refresh_from_db()
    assert draft.status == Preparation.Status.SUBMITTED

    # 2. The chair, the named reviewer, approves it.
    assert PREPARED in page(chair.get(url("preparation:overview")))
    chair.post(url("preparation:review", draft.pk), {"action": "approve", "comment": ""})
    draft.refresh_from_db()
    assert draft.status == Preparation.Status.APPROVED

    # 3. The secretary places it from the body's queue, adds the registry to its dispatch
    #    list, and adds a closed item and a guest.
    queue = page(secretary.get(url("preparation:body", body.slug)))
    assert PREPARED in queue and "Placera på sammanträde" in queue
    response = secretary.post(url("preparation:place", draft.pk), {"meeting": meeting.pk})
    assert response["Location"] == url("meetings:agenda", meeting.pk)
    item = AgendaItem.objects.get(meeting=meeting, title=PREPARED)
    edit = secretary.get(url("meetings:item", item.pk))
    data = {**form_data(edit.context["form"]), "dispatch_to": "Norrby kommun"}
    assert secretary.post(url("meetings:item", item.pk), data).status_code == 302
    secretary.post(
        url("meetings:agenda", meeting.pk),
        {
            "title": CLOSED,
            "proposed_decision": "Eleven får stöd enligt förslaget.",
            "confidentiality_ground": "OSL 23 kap. 1 §",
        },
    )
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles[2:] == [PREPARED, CLOSED, "Övriga frågor"]
    items = {i.title: i for i in meeting.items.all()}
    secretary.post(
        url("meetings:others_present", meeting.pk),
        {
            "action": "guest",
            "guest-name": "Gustav Gäst",
            "guest-role": "Föredragande",
            "guest-email": "gustav@exempel.invalid",
        },
    )
    assert meeting.guests.filter(name="Gustav Gäst").exists()

    # 4. The notice: a preview per group, then sent only after the confirmation.
    preview = page(secretary.get(url("meetings:notice_preview", meeting.pk)))
    members_part, _substitutes_part, guests_part = preview.split("<section")[1:4]
    assert "Anna (S)" in members_part and CLOSED in members_part
    assert "Gustav Gäst" in guests_part and CLOSED not in guests_part
    # The preparation told the reviewer, then the author.
    assert [(m.to, m.subject.split(":")[0]) for m in mail.outbox] == [
        (["anna@exempel.invalid"], "Att granska"),
        (["tove@exempel.invalid"], "Godkänt"),
    ]
    mail.outbox.clear()
    secretary.post(url("meetings:notice_send", meeting.pk), {})
    assert mail.outbox == []
    secretary.post(url("meetings:notice_send", meeting.pk), {"confirm": "on"})
    notices = {m.to[0]: m for m in mail.outbox}
    called = {f"{n.lower()}@exempel.invalid" for n in ("Anna", "Bo", "Cilla", "Dan", "Eva")}
    called |= {"mia@exempel.invalid", "sven@exempel.invalid", "gustav@exempel.invalid"}
    assert set(notices) == called and len(mail.outbox) == len(called)
    assert all(m.subject == f"Kallelse: SR {meeting.date:%Y-%m-%d}" for m in mail.outbox)
    assert CLOSED in pdf_text(attachment_pdf(notices["bo@exempel.invalid"]))
    guest_mail = notices["gustav@exempel.invalid"]
    assert CLOSED not in guest_mail.body and CLOSED not in pdf_text(attachment_pdf(guest_mail))

    # 5. Cilla reports absence from the meeting page; the secretary calls the next
    #    substitute in order (Mia, her own party's), who gets a mail and serves.
    cilla = signed_in("cilla")
    assert "Anmäl förhinder" in page(cilla.get(url("meetings:meeting", meeting.pk)))
    cilla.post(url("meetings:absence_report", meeting.pk), {"note": "Sjuk"})
    notice = AbsenceNotice.objects.get(meeting=meeting, person=people["Cilla"])
    assert "Kalla Mia (M)" in page(secretary.get(url("meetings:attendance", meeting.pk)))
    mail.outbox.clear()
    secretary.post(url("meetings:substitute_call", meeting.pk), {"notice": notice.pk})
    notice.refresh_from_db()
    assert notice.substitute == people["Mia"]
    assert [m.to for m in mail.outbox] == [["mia@exempel.invalid"]]
    assert "Cilla har anmält förhinder" in mail.outbox[0].body
    mia = Attendance.objects.get(meeting=meeting, person=people["Mia"])
    assert (mia.present, mia.replaces) == (True, people["Cilla"])

    # 6. The meeting is held: Bo leaves after the prepared item, Dan is away, Eva comes
    #    during the closed item and serves from Övriga frågor. At the closed item only Anna and Mia serve: 2 of 5, 3 needed.
    p = {name: person.pk for name, person in people.items()}
    attendance = {
        f"status_{p['Anna']}": "present",
        f"status_{p['Bo']}": "present",
        f"left_{p['Bo']}": items[PREPARED].pk,
        f"status_{p['Cilla']}": "absent",
        f"status_{p['Dan']}": "absent",
        f"status_{p['Eva']}": "present",
        f"arrived_{p['Eva']}": items[CLOSED].pk,  # serves from the next item
        f"status_{p['Mia']}": "present",
        f"replaces_{p['Mia']}": p["Cilla"],
        f"status_{p['Sven']}": "absent",
    }
    saved = page(secretary.post(url("meetings:attendance", meeting.pk), attendance, follow=True))
    assert "Närvaron är sparad." in saved
    secretary.post(url("meetings:minutes", meeting.pk), {"action": "create_sections"})
    sections = {s.title: s for s in Section.objects.filter(meeting=meeting)}
    assert len(sections) == 5
    closed = sections[CLOSED]
    refused = page(
        secretary.post(
            url("meetings:section", closed.pk),
            {"action": "decision", "title": CLOSED, "decision": "Eleven får stöd."},
            follow=True,
        )
    )
    assert (
        f"Organet är inte beslutfört vid § {closed.number}: 2 av 5 ledamöter tjänstgör, "
        "minst 3 krävs."
    ) in refused
    closed.refresh_from_db()
    assert closed.decision == ""
    decisions = {
        "Val av justerare": "Bo väljs att jämte ordföranden justera protokollet.",
        "Fastställande av dagordningen": "Dagordningen fastställs.",
        PREPARED: "Rådet godkänner planen.",
        "Övriga frågor": "Inga övriga frågor.",
    }
    for title, section in sections.items():
        if title == CLOSED:
            continue
        decision = decisions.get(title, "Noteras.")
        answer = page(
            secretary.post(
                url("meetings:section", section.pk),
                {"action": "decision", "title": title, "decision": decision},
                follow=True,
            )
        )
        assert "Paragrafen är sparad." in answer, title
        section.refresh_from_db()
        assert section.decision == decision
    chosen = page(
        secretary.post(
            url("meetings:minutes", meeting.pk),
            {
                "action": "attesters",
                "attesters": [p["Bo"]],
                "place": "Rådhuset",
                "date": timezone.localdate().isoformat(),
            },
            follow=True,
        )
    )
    assert "Justerare är valda." in chosen

    # 7. The chair and the attester open the minutes and attest what they read.
    for name in ("anna", "bo"):
        signer = chair if name == "anna" else signed_in("bo")
        reading = signer.get(url("meetings:attest", meeting.pk))
        assert "Rådet godkänner planen." in page(reading)
        response = signer.post(
            url("meetings:attest", meeting.pk),
            {"content_sha256": reading.context["content_sha256"], "confirm": "1"},
        )
        assert response.status_code == 302
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.sealed_at is not None and meeting.posted_on == timezone.localdate()

    # 8. Posted: the collaboration's notice board shows the minutes, the public minutes
    #    page the decisions but not the closed item; the other collaboration shows neither.
    visitor = Client()
    posted = f"Protokoll Samverkansrådet {meeting.date:%Y-%m-%d}"
    assert posted in page(visitor.get(url("meetings:notice_board")))
    assert posted not in page(visitor.get(reverse("meetings:notice_board")))
    public = page(visitor.get(url("meetings:meeting", meeting.pk)))
    assert "Rådet godkänner planen." in public and CLOSED not in public

    # 9. The secretary sends the extract of the prepared item's §; the party's registry
    #    address gets it.
    mail.outbox.clear()
    number = sections[PREPARED].number
    preview = page(secretary.get(url("meetings:extract_send", meeting.pk), {"p": str(number)}))
    assert REGISTRY in preview and not mail.outbox  # who gets it, before anything is sent
    sent = page(
        secretary.post(
            url("meetings:extract_send", meeting.pk),
            {"p": str(number), "confirm": "1"},
            follow=True,
        )
    )
    assert "Protokollsutdraget är expedierat." in sent
    assert [m.to for m in mail.outbox] == [[REGISTRY]]
    extract = mail.outbox[0]
    assert extract.subject == f"Protokollsutdrag SR {meeting.date:%Y-%m-%d} § {number}"
    assert "Rådet godkänner planen." in pdf_text(attachment_pdf(extract))
