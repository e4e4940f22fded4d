import datetime

import pytest

from samverkan.cases import services
from samverkan.cases.models import Case
from samverkan.cases.selectors import case_status, case_timeline
from samverkan.structure.models import Body
from samverkan.structure.selectors import structure_as_of
from samverkan.structure.tests import factories as f

D = datetime.date


def test_the_timeline_of_rs_418_2025_runs_from_2023_to_the_agreement(demo):
    case = Case.objects.get(number=418, year=2025)
    events = case_timeline(case, None)
    kinds = [e.kind for e in events]
    assert (
        events[0].title == "Förslag i Sociala vård- och omsorgsgruppen"
        and events[0].date_display == "odaterat"
    )
    assert any(e.date_display == "december 2023" and e.kind == "decision" for e in events)
    assert [e.date_display for e in events if e.kind == "entry" and "Rapport" in e.title] == [
        "2025-02-21"
    ]
    rsr_may = next(e for e in events if e.kind == "handling" and e.date_display == "2025-05-05")
    assert rsr_may.title == "Beslut i Regionens samverkansråd, punkt 5" and rsr_may.url.startswith(
        "/sammantraden/"
    )
    assert kinds[-1] == "recommendation"
    assert any(d.title.startswith("Överenskommelse") for e in events for d in e.documents)
    assert case_status(case) == "Rekommendation till parterna: ingen av 9 parter har svarat"
    assert [s.body.short_name for s in case.case_type.steps.all()] == ["TaHSU", "PaHSU"]


def test_rs_2797_2017_is_the_regional_boards_follow_up(demo):
    case = Case.objects.get(number=2797, year=2017)
    decision = case.decisions.get()
    assert decision.body.short_name == "RS" and "Regiondirektören får i uppdrag" in decision.text
    assert case_status(case) == "Uppföljning i RS"


def test_a_decision_can_found_and_dissolve_bodies_as_of_its_date(series):
    old = f.body(short_name="GAMMAL", founded_on=D(2010, 1, 1))
    new = f.body(short_name="NY", founded_on=None)
    decider = f.body(short_name="BESLUT", founded_on=D(2000, 1, 1))
    case = services.case_register(series=series, title="Ny struktur", registered_on=D(2026, 1, 1))
    services.decision_record(
        case, body=decider, date=D(2026, 2, 1), text="Ny arena inrättas.", founds_body=new
    )
    services.decision_record(
        case, body=decider, date=D(2026, 1, 31), text="Gammal arena avvecklas.", dissolves_body=old
    )
    new.refresh_from_db()
    assert new.founded_on == D(2026, 2, 1) and case.case_number in new.founded_by
    assert {"GAMMAL"} <= {b.short_name for b in structure_as_of(D(2026, 1, 31)).bodies}
    after = {b.short_name for b in structure_as_of(D(2026, 2, 1)).bodies}
    assert "NY" in after and "GAMMAL" not in after
    assert Body.objects.get(pk=old.pk).dissolved_by.startswith("BESLUT 2026-01-31")


def test_a_handling_links_to_its_agenda_item_only_in_the_same_body(demo, series):
    from django.core.exceptions import ValidationError

    from samverkan.meetings.models import AgendaItem

    case = services.case_register(series=series, title="Test", registered_on=D(2025, 1, 1))
    item = AgendaItem.objects.get(meeting__body__slug="rsr", position=5)
    with pytest.raises(ValidationError, match="annat organs"):
        services.handling_add(
            case,
            body=Body.objects.get(slug="svom"),
            kind="preparation",
            date=None,
            agenda_item=item,
        )


def test_a_decision_in_attested_minutes_reaches_its_case(demo):
    from samverkan.accounts.models import Role
    from samverkan.accounts.services import user_create
    from samverkan.meetings import services as meetings
    from samverkan.meetings.models import Attendance, Meeting
    from samverkan.structure.models import Membership

    meeting = Meeting.objects.get(body__slug="rsr")
    people = {m.person.name: m.person for m in Membership.objects.filter(body=meeting.body)}
    for name in (
        "Jonas Andersson",
        "Therese Kärngard",
        "Richard Nilsson",
        "Maria Jacobsson",
        "Anton Waara",
        "Susanne Hansson",
    ):
        meetings.attendance_record(meeting, people[name], capacity=Attendance.Capacity.MEMBER)
    sections = meetings.sections_create_from_agenda(meeting)
    meetings.section_update(sections[4], decision="Rapporten godkänns och inriktningen antas.")
    meetings.attesters_choose(meeting, [people["Therese Kärngard"]])
    case = Case.objects.get(number=418, year=2025)
    assert not case.decisions.filter(section__isnull=False).exists()
    for name, username in (("Jonas Andersson", "jonas"), ("Therese Kärngard", "therese")):
        user = user_create(username=username, password="x-Lösen-123", roles=[Role.MEMBER])
        people[name].user = user
        people[name].save()
        meetings.minutes_attest(
            meeting, user, content_sha256=meetings.minutes_content_sha256(meeting)
        )
    decision = case.decisions.get(section__isnull=False)
    assert (
        decision.section.number == 5
        and decision.text == "Rapporten godkänns och inriktningen antas."
    )
    assert (
        decision.handling.agenda_item.position == 5
        and decision.handling.section == decision.section
    )
    titles = [e.title for e in case_timeline(case, None)]
    assert "Beslut i Regionens samverkansråd, § 5" in titles
