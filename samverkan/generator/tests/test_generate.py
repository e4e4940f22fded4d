"""What the demo holds: a golden count of every feature, all of it marked as demo data,
no real person, no deliverable address; and a second run changes nothing."""

import pytest

from samverkan.generator.names import seed_person_names
from samverkan.generator.selectors import demo_counts, demo_snapshot
from samverkan.generator.services import generate
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Body, Collaboration, Membership, Party, Person

from .conftest import ARGS

pytestmark = pytest.mark.django_db


def _collab() -> Collaboration:
    return Collaboration.objects.get(slug="exempellanet")


def test_the_demo_year_holds_every_feature(generated):
    assert demo_counts(_collab()) == {
        "meetings": 18,
        "held": 15,
        "sealed": 14,
        "draft": 1,
        "planned": 3,
        "notices": 16,
        "serving_substitutes": 11,
        "sections": 73,
        "votes": 2,
        "dissents": 2,
        "conflicts": 1,
        "closed_items": 2,
        "extracts": 9,
        "cases": 7,
        "confidential_documents": 7,
        "recommendations": 2,
        "answered": 5,
        # The preparation queue stops where the story stops: one item in each state.
        "preparation_draft": 1,
        "preparation_submitted": 1,
        "preparation_returned": 1,
        "preparation_approved": 1,
        "preparation_placed": 1,
    }


def test_a_recommendation_has_some_parties_answered_and_some_not(generated):
    from samverkan.cases.models import PartyResponse, Recommendation

    for rec in Recommendation.objects.filter(case__series__collaboration=_collab()):
        statuses = [r.status for r in rec.responses.all()]
        assert len(statuses) == 7
        assert PartyResponse.Status.NOT_HANDLED in statuses
        assert any(s != PartyResponse.Status.NOT_HANDLED for s in statuses)


def test_minutes_are_attested_by_the_signatories_own_accounts_after_the_meeting(generated):
    for meeting in Meeting.objects.filter(
        body__collaboration=_collab(), sealed_at__isnull=False
    ).prefetch_related("attestations__person"):
        signed = list(meeting.attestations.all())
        assert len(signed) >= 2
        assert all(a.user_id == a.person.user_id for a in signed)
        assert all(a.attested_at.date() > meeting.date for a in signed)
        assert meeting.posted_on == meeting.sealed_at.date()


def test_the_collaboration_and_everything_in_it_is_marked_as_demo_data(generated):
    collab = _collab()
    assert collab.is_demo
    assert all(p.is_demo for p in Party.objects.filter(collaboration=collab))
    bodies = Body.objects.filter(collaboration=collab)
    assert all(b.is_demo for b in bodies)
    assert all(m.is_demo for m in Membership.objects.filter(body__in=bodies))
    assert all(m.is_demo for m in Meeting.objects.filter(body__in=bodies))


def test_no_person_of_the_seeds_is_invented_and_no_address_reaches_anyone(generated):
    persons = Person.objects.filter(memberships__body__collaboration=_collab()).distinct()
    names = set(persons.values_list("name", flat=True))
    assert names and not names & seed_person_names()
    emails = [p.email for p in persons] + [
        p.email for p in Party.objects.filter(collaboration=_collab())
    ]
    assert all(e.endswith(".invalid") for e in emails)


def test_a_second_run_with_the_same_arguments_leaves_the_data_as_it_was(generated):
    before = demo_snapshot(_collab())
    again = generate(**ARGS)
    assert again.made == []
    assert again.existing == ["Exempellänet 2026"]
    assert demo_snapshot(_collab()) == before


def test_the_command_says_what_exists_and_prints_the_accounts(printed):
    out = printed
    assert "Exempellänet 2026: finns redan" in out
    assert "exempel-sekreterare" in out
    assert "x-Exempel-2026" in out


def test_the_accounts_include_the_called_substitute_and_an_attester_whose_minutes_wait(
    generated,
):
    from samverkan.meetings.models import AbsenceNotice

    shows = {a.username: a.shows for a in generated.accounts}
    called = [u for u, s in shows.items() if s.startswith("kallad att tjänstgöra PSA")]
    waiting = [u for u, s in shows.items() if s.startswith("ska justera protokollet PSA")]
    assert called and waiting
    substitute = Person.objects.get(user__username=called[0])
    assert AbsenceNotice.objects.filter(substitute=substitute).exists()
    meeting = Meeting.objects.get(
        body__collaboration=_collab(), body__slug="psa", date=shows[waiting[0]].split()[-1]
    )
    assert meeting.sealed_at is None
    assert meeting.attesters.filter(person__user__username__in=waiting).exists()


def test_the_command_prints_what_an_account_can_be_tried_for(printed):
    out = printed
    assert "(kallad att tjänstgöra PSA " in out
    assert "(ska justera protokollet PSA " in out
