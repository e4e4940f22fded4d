"""The seeds' demo: PaHSU follows up the introduction of the new structure (RS/418/2025's
recommendation), marked demo data; a new user opens PaHSU's dashboard and gives an
assignment from the case's decision."""

import datetime

import pytest
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.cases.models import Decision
from samverkan.followup.demo import demo_followup_load
from samverkan.followup.models import Assignment, ProgressReport
from samverkan.structure.models import Body

pytestmark = pytest.mark.django_db


def test_the_demo_assignments_are_marked_and_load_once(demo):
    counts = demo_followup_load(today=datetime.date(2026, 11, 26))
    assert counts["beslutade uppdrag (nya)"] == 3
    assert demo_followup_load()["uppdrag (fanns redan)"] == 1
    assert Assignment.objects.count() == 3
    assert all(a.is_demo and "påhittade" in a.demo_note for a in Assignment.objects.all())
    assert ProgressReport.objects.filter(is_demo=True).count() == 3
    main = Assignment.objects.get(parent__isnull=True)
    assert main.recommendation.case.case_number == "RS/418/2025"
    assert main.body.short_name == "PaHSU"


def test_pahsu_dashboard_and_a_new_assignment_from_rs_418(demo, client):
    demo_followup_load(today=datetime.date(2026, 11, 26))
    pahsu = Body.objects.get(short_name="PaHSU")
    page = client.get(
        reverse("followup:dashboard", args=[pahsu.slug]), {"ar": 2026}
    ).content.decode()
    assert "Godkänna överenskommelsen" in page or "RS/418/2025" in page
    assert "Införa den nya samverkansstrukturen" in page
    admin = User.objects.create_superuser("admin-uppfoljning", password="x")
    client.force_login(admin)
    case = client.get("/arenden/RS/418/2025/").content.decode()
    decision = Decision.objects.filter(case__number=418, date=datetime.date(2025, 5, 5)).get()
    create = reverse("followup:assignment_create", args=["beslut", decision.pk])
    assert create in case
    response = client.post(
        create,
        {
            "title": "Ta fram förslag till överenskommelse",
            "owner_body": pahsu.pk,
            "decided_on": "2025-05-05",
            "deadline": "2025-12-31",
        },
    )
    assert response.status_code == 302
    made = Assignment.objects.get(title="Ta fram förslag till överenskommelse")
    assert made.decision == decision and made.body.short_name == "RSR"
