"""Assignments: the rules, the services' refusals (nothing saved), the pages for the
secretariat and the owner, visibility by the source's, and the reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.access.policy import PUBLIC
from samverkan.accounts.models import User
from samverkan.conftest import assert_mail_well_formed
from samverkan.followup import rules, selectors, services
from samverkan.followup.models import Assignment, ProgressReport
from samverkan.structure.models import Membership

from .year import TODAY, build

D = datetime.date


# --- Rules -----------------------------------------------------------------------------


def test_a_deadline_before_the_decision_is_refused():
    with pytest.raises(ValidationError) as e:
        rules.dates_validate(D(2025, 5, 5), D(2025, 5, 4), None)
    assert "ligger före beslutet 2025-05-05" in str(e.value.message_dict["deadline"])
    with pytest.raises(ValidationError):
        rules.dates_validate(D(2025, 5, 5), D(2025, 9, 1), D(2025, 9, 2))  # review after deadline
    rules.dates_validate(D(2025, 5, 5), D(2025, 5, 5), None)


def test_exactly_one_owner():
    with pytest.raises(ValidationError):
        rules.owner_validate(None, None, None)
    with pytest.raises(ValidationError):
        rules.owner_validate(object(), object(), None)
    rules.owner_validate(None, object(), None)


def test_late_is_derived_and_progress_rolls_up():
    assert rules.state("ongoing", D(2025, 1, 1), D(2025, 1, 2)) == "late"
    assert rules.state("ongoing", D(2025, 1, 2), D(2025, 1, 2)) == "ongoing"
    assert rules.state("done", D(2025, 1, 1), D(2025, 6, 1)) == "done"
    assert (
        rules.rolled_up_progress("ongoing", 10, [("done", 100), ("ongoing", 50), ("cancelled", 0)])
        == 75
    )
    assert rules.rolled_up_progress("ongoing", 10, []) == 10
    assert rules.rolled_up_progress("done", 10, [("ongoing", 0)]) == 100


def test_reminder_due_once_within_the_window():
    today = D(2025, 6, 1)
    assert rules.reminder_due(D(2025, 6, 10), None, "ongoing", today, 14)
    assert not rules.reminder_due(D(2025, 6, 10), today, "ongoing", today, 14)
    assert not rules.reminder_due(D(2025, 7, 10), None, "ongoing", today, 14)
    assert not rules.reminder_due(D(2025, 6, 10), None, "done", today, 14)


def test_spread_uses_inclusive_quartiles():
    s = rules.spread([10, 20, 30, 40, 50])
    assert s is not None and (s.minimum, s.q1, s.median, s.q3, s.maximum) == (10, 20, 30, 40, 50)
    assert rules.spread([]) is None


# --- Services and pages ----------------------------------------------------------------


@pytest.fixture
def year(db):
    return build()


@pytest.fixture
def secretary(year):
    user = User.objects.create_user("sekr", password="x")
    person = year.persons["r2"]
    Membership.objects.create(
        person=person, body=year.body, role=Membership.Role.SECRETARY, start=D(2024, 1, 1)
    )
    person.user = user
    person.save()
    return user


def test_sub_assignment_rules_and_nothing_saved_on_refusal(year):
    parent = year.assignments["a3"]
    before = Assignment.objects.count()
    with pytest.raises(ValidationError):
        services.assignment_create(
            parent=parent,
            body=year.body,
            title="Del",
            owner_party=year.parties["K2"],
            decided_on=parent.decided_on,
            deadline=parent.deadline + datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.assignment_create(
            source=year.sections["A"],
            body=year.body,
            title="Fel",
            owner_party=year.parties["K2"],
            decided_on=D(2025, 3, 10),
            deadline=D(2025, 3, 9),
        )
    assert Assignment.objects.count() == before
    child = services.assignment_create(
        parent=parent,
        body=year.body,
        title="Del",
        owner_party=year.parties["K2"],
        decided_on=None,
        deadline=parent.deadline,
        today=TODAY,
    )
    assert (
        child.recommendation_id == parent.recommendation_id
        and child.decided_on == parent.decided_on
    )


def test_create_from_a_decision_in_the_browser_form(year, secretary, client):
    client.force_login(secretary)
    url = reverse("followup:assignment_create", args=["beslut", year.decisions["C"].pk])
    page = client.get(url)
    assert page.status_code == 200 and "Nytt uppdrag" in page.content.decode()
    before = Assignment.objects.count()
    bad = client.post(
        url,
        {
            "title": "Genomför C",
            "owner_party": year.parties["K1"].pk,
            "decided_on": "2025-06-10",
            "deadline": "2025-06-01",
        },
    )
    assert bad.status_code == 200
    assert "ligger före beslutet 2025-06-10" in bad.content.decode()
    none = client.post(
        url, {"title": "Genomför C", "decided_on": "2025-06-10", "deadline": "2025-12-01"}
    )
    assert none.status_code == 200 and "exakt en av dem" in none.content.decode()
    assert Assignment.objects.count() == before
    ok = client.post(
        url,
        {
            "title": "Genomför C",
            "owner_party": year.parties["K1"].pk,
            "decided_on": "2025-06-10",
            "deadline": "2026-12-01",
            "review_on": "2026-12-01",
        },
    )
    assert ok.status_code == 302
    made = Assignment.objects.latest("pk")
    assert made.decision == year.decisions["C"] and made.body == year.body
    report = client.post(
        reverse("followup:progress_report", args=[made.pk]),
        {"date": "2026-11-20", "text": "Påbörjat.", "percent": "30"},
    )
    assert report.status_code == 302
    made.refresh_from_db()
    assert made.status == "ongoing"
    bad_report = client.post(
        reverse("followup:progress_report", args=[made.pk]),
        {"date": "2026-11-20", "text": "x", "percent": "130"},
    )
    assert bad_report.status_code == 200 and "0–100" in bad_report.content.decode()
    assert ProgressReport.objects.filter(assignment=made).count() == 1


def test_others_may_not_create_or_report(year, client):
    url = reverse("followup:assignment_create", args=["beslut", year.decisions["C"].pk])
    assert client.get(url).status_code == 302  # to the login page
    stranger = User.objects.create_user("utomstaende", password="x")
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    a1 = year.assignments["a1"]
    assert (
        client.post(
            reverse("followup:progress_report", args=[a1.pk]), {"date": "2025-05-01", "text": "x"}
        ).status_code
        == 403
    )


def test_the_owner_person_reports_progress(year, client):
    owner = User.objects.create_user("agare", password="x")
    person = year.persons["k1"]
    person.user = owner
    person.save()
    a = services.assignment_create(
        source=year.sections["A"],
        body=year.body,
        title="K1:s uppdrag",
        owner_person=person,
        decided_on=D(2025, 3, 10),
        deadline=D(2027, 1, 1),
        today=TODAY,
    )
    client.force_login(owner)
    response = client.post(
        reverse("followup:progress_report", args=[a.pk]),
        {"date": TODAY.isoformat(), "text": "Halvvägs.", "percent": "50"},
    )
    assert response.status_code == 302


def test_an_assignment_from_a_closed_section_is_not_public(year, client):
    a4 = year.assignments["a4"]
    assert not Assignment.objects.visible_to(PUBLIC).filter(pk=a4.pk).exists()
    assert client.get(reverse("followup:assignment", args=[a4.pk])).status_code == 404
    listing = client.get(
        reverse("followup:body_assignments", args=[year.body.slug])
    ).content.decode()
    assert "Uppdrag a1" in listing and "Uppdrag a4" not in listing
    overdue = client.get(reverse("followup:overdue", args=[year.body.slug])).content.decode()
    assert "Uppdrag a3" in overdue and "Uppdrag a1" not in overdue


def test_reminders_go_once_and_do_not_name_a_closed_source(year, settings):
    k1 = year.parties["K1"]
    k1.email = "registrator@k1.invalid"
    k1.save()
    today = D(2026, 6, 20)
    sent = services.assignment_reminders_send(today=today, days_before=14)
    assert [(a.title, kind) for a, kind in sent] == [("Uppdrag a4", "slutdatum")]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["registrator@k1.invalid"]
    assert_mail_well_formed(message)
    assert (
        "Uppdrag a4" not in message.subject + message.body and "inte är offentligt" in message.body
    )
    assert services.assignment_reminders_send(today=today, days_before=14) == []


def test_progress_attach_rolls_up_sub_assignments(year):
    parent = year.assignments["a3"]
    child = services.assignment_create(
        parent=parent,
        body=year.body,
        title="Del 1",
        owner_party=year.parties["K2"],
        decided_on=None,
        deadline=parent.deadline,
        today=TODAY,
    )
    services.progress_report_add(
        child, date=D(2025, 6, 1), text="Halvvägs", percent=60, today=TODAY
    )
    [p] = selectors.progress_attach([Assignment.objects.get(pk=parent.pk)], TODAY)
    assert p.progress == 60 and p.child_count == 1 and p.state == "late"


# --- What the review found ------------------------------------------------------------


def test_a_title_is_kept_on_one_line(year):
    a = services.assignment_create(
        source=year.sections["A"],
        body=year.body,
        title="Två\nrader",
        owner_party=year.parties["K1"],
        decided_on=D(2025, 3, 10),
        deadline=D(2027, 1, 1),
        today=TODAY,
    )
    assert a.title == "Två rader"


def test_one_mail_that_cannot_go_does_not_stop_the_other_reminders(year, monkeypatch):
    import smtplib

    from samverkan.followup import services as s

    k1 = year.parties["K1"]
    k1.email = "registrator@k1.invalid"
    k1.save()
    services.assignment_create(
        source=year.sections["A"],
        body=year.body,
        title="Andra",
        owner_party=k1,
        decided_on=D(2025, 3, 10),
        deadline=D(2026, 6, 25),
        today=TODAY,
    )
    real = s.send_mail
    calls = []

    def flaky(subject, *args, **kwargs):
        calls.append(subject)
        if len(calls) == 1:
            raise smtplib.SMTPException("nere")
        return real(subject, *args, **kwargs)

    monkeypatch.setattr(s, "send_mail", flaky)
    sent = services.assignment_reminders_send(today=D(2026, 6, 20), days_before=14)
    assert len(calls) == 2 and len(sent) == 1 and len(mail.outbox) == 1


def test_a_past_yearly_report_keeps_the_state_the_year_ended_with(year):
    from samverkan.followup import selectors as sel

    a3 = year.assignments["a3"]  # late at the end of 2025
    a3.refresh_from_db()
    services.assignment_update(
        a3,
        title=a3.title,
        description="",
        owner_person=None,
        owner_party=a3.owner_party,
        owner_body=None,
        decided_on=a3.decided_on,
        deadline=a3.deadline,
        review_on=None,
        status="cancelled",
        today=D(2026, 2, 1),
    )
    r = sel.body_year(year.body, 2025, PUBLIC, TODAY)
    assert {s.state: s.count for s in r.assignment_states}["late"] == 1
    assert [a.title for a in r.late_assignments] == ["Uppdrag a3"]
    r2026 = sel.body_year(year.body, 2026, PUBLIC, TODAY)
    assert {s.state: s.count for s in r2026.assignment_states}["cancelled"] == 1


def test_progress_keeps_the_last_share_given(year):
    a1 = year.assignments["a3"]
    services.progress_report_add(a1, date=D(2025, 11, 1), text="Utan andel.", today=TODAY)
    [a] = selectors.progress_attach([Assignment.objects.get(pk=a1.pk)], TODAY)
    assert a.progress == 40 and a.latest.text == "Utan andel."


def test_odd_addresses_and_dates_are_refused_without_a_server_error(year, secretary, client):
    client.force_login(secretary)
    assert client.get(f"/uppdrag/ny/okand/{year.decisions['C'].pk}/").status_code == 404
    child = services.assignment_create(
        parent=year.assignments["a3"],
        body=year.body,
        title="Del",
        owner_party=year.parties["K2"],
        decided_on=None,
        deadline=D(2025, 11, 1),
        today=TODAY,
    )
    assert client.get(reverse("followup:sub_assignment", args=[child.pk])).status_code == 404
    url = reverse("followup:assignment_create", args=["beslut", year.decisions["C"].pk])
    old = client.post(
        url,
        {
            "title": "X",
            "owner_party": year.parties["K1"].pk,
            "decided_on": "0001-01-01",
            "deadline": "2025-12-01",
        },
    )
    assert old.status_code == 200 and "mellan 2000-01-01 och 2100-12-31" in old.content.decode()
    huge = client.post(
        url,
        {
            "title": "X",
            "owner_party": "99999999999999999999",
            "decided_on": "2025-06-10",
            "deadline": "2025-12-01",
        },
    )
    assert huge.status_code == 200
    page = client.get(reverse("followup:dashboard", args=[year.body.slug]), {"ar": "1900"})
    assert page.status_code == 200 and "ingen uppföljning för 1900" in page.content.decode()


def test_no_sub_assignment_under_a_closed_parent(year):
    with pytest.raises(ValidationError):
        services.assignment_create(
            parent=year.assignments["a1"],
            body=year.body,
            title="Sent",
            owner_party=year.parties["K2"],
            decided_on=None,
            deadline=D(2025, 6, 1),
            today=TODAY,
        )
