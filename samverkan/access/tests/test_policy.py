"""The policy's own rules, one by one (the matrix and the canary test them on pages)."""

import datetime

from django.db.models import Q

from samverkan.access.policy import (
    PUBLIC,
    Audience,
    may_manage_body,
    may_read_closed,
    may_read_draft_minutes,
    meeting_insider_q,
    member_of,
)

MAY_1 = datetime.date(2025, 5, 1)


def test_an_administrator_reads_everything_even_when_or_ed_with_another_rule():
    # An empty Q() vanishes in an OR: "everything" must be a real condition.
    admin = Audience(user_id=1, is_admin=True)
    condition = Q(is_public=True) | meeting_insider_q(admin, "meeting__")
    assert "pk__isnull" in str(condition)


def test_a_seat_counts_only_on_days_it_was_held():
    member = Audience(user_id=2, person_id=2, insider_periods=((7, MAY_1, MAY_1.replace(day=31)),))
    assert may_read_closed(member, 7, datetime.date(2025, 5, 5))
    assert not may_read_closed(member, 7, datetime.date(2025, 6, 5))
    assert not may_read_closed(member, 8, datetime.date(2025, 5, 5))


def test_the_secretariat_keeps_its_bodies_only():
    secretary = Audience(user_id=3, person_id=3, managed_body_ids=frozenset({7}))
    assert may_manage_body(secretary, 7) and not may_manage_body(secretary, 8)
    assert may_read_closed(secretary, 7, datetime.date(2001, 1, 1))
    assert not may_manage_body(PUBLIC, 7)


def test_the_draft_is_for_the_secretariat_and_the_signatories():
    chair = Audience(user_id=4, person_id=40)
    assert may_read_draft_minutes(chair, 7, chair_id=40, attester_ids=set())
    assert may_read_draft_minutes(Audience(user_id=5, person_id=50), 7, 40, {50})
    assert not may_read_draft_minutes(Audience(user_id=6, person_id=60), 7, 40, {50})
    assert not may_read_draft_minutes(PUBLIC, 7, None, set())


def test_those_called_by_mail_read_their_bodys_meetings():
    called = member_of(7)
    assert may_read_closed(called, 7, MAY_1) and not may_read_closed(called, 8, MAY_1)
    assert called.is_anonymous  # no account: it changes nothing


def test_the_notice_mailed_to_those_called_lists_a_closed_items_documents(db, settings, tmp_path):
    from samverkan.meetings import services
    from samverkan.meetings.render import _items
    from samverkan.structure.tests import factories as f

    settings.MEDIA_ROOT = tmp_path
    body = f.body()
    meeting = services.meeting_create(
        body=body, date=MAY_1, start_time=datetime.time(13), standard_items=False
    )
    item = services.agenda_item_add(
        meeting, title="Stängd", is_public=False, confidentiality_ground="OSL 21 kap. 1 §"
    )
    services.supporting_document_add(item, title="Underlag till stängd punkt")
    called = [d.title for i in _items(meeting, member_of(body.pk)) for d in i.readable_documents]
    public = [d.title for i in _items(meeting, PUBLIC) for d in i.readable_documents]
    assert called == ["Underlag till stängd punkt"] and public == []


# --- Preparation (beredning) --------------------------------------------------------------


def test_officials_with_a_place_and_the_secretariat_prepare_for_a_body():
    from samverkan.access.policy import may_prepare_for

    official = Audience(user_id=7, person_id=70, official_body_ids=frozenset({7}))
    secretary = Audience(user_id=3, person_id=3, managed_body_ids=frozenset({8}))
    member = Audience(user_id=2, person_id=2, insider_periods=((7, None, None),))
    assert may_prepare_for(official, 7) and not may_prepare_for(official, 8)
    assert may_prepare_for(secretary, 8) and not may_prepare_for(secretary, 7)
    assert not may_prepare_for(member, 7) and not may_prepare_for(PUBLIC, 7)
    assert may_prepare_for(Audience(user_id=1, is_admin=True), 9)


def test_an_item_in_preparation_is_never_read_by_the_public():
    from samverkan.access.policy import may_read_preparation, preparation_reader_q

    assert str(preparation_reader_q(PUBLIC)) == str(Q(pk__in=[]))
    assert not may_read_preparation(PUBLIC, 7, None, set())
    # A member of the body is no reader; its author, officials and reviewers are.
    member = Audience(user_id=2, person_id=2, insider_periods=((7, None, None),))
    assert not may_read_preparation(member, 7, author_id=9, reviewer_ids={40})
    assert may_read_preparation(Audience(user_id=9, person_id=90), 7, 9, set())
    assert may_read_preparation(Audience(user_id=4, person_id=40), 7, 9, {40})
    assert may_read_preparation(Audience(user_id=5, official_body_ids=frozenset({7})), 7, 9, set())


def test_only_named_reviewers_review_and_never_their_own_item():
    from samverkan.access.policy import may_review_preparation

    chair = Audience(user_id=4, person_id=40)
    assert may_review_preparation(chair, author_id=9, reviewer_ids={40})
    assert not may_review_preparation(chair, author_id=4, reviewer_ids={40})
    assert not may_review_preparation(Audience(user_id=1, is_admin=True), 9, {40})
    assert not may_review_preparation(PUBLIC, 9, {40})


def test_the_author_and_the_bodys_preparers_edit():
    from samverkan.access.policy import may_edit_preparation

    assert may_edit_preparation(Audience(user_id=9), 7, author_id=9)
    assert may_edit_preparation(Audience(user_id=3, managed_body_ids=frozenset({7})), 7, 9)
    assert not may_edit_preparation(Audience(user_id=4, person_id=40), 7, 9)
    assert not may_edit_preparation(PUBLIC, 7, None)


def test_an_official_prepares_only_while_holding_the_place(db):
    from samverkan.access.policy import audience_for
    from samverkan.accounts.models import Role
    from samverkan.accounts.services import user_create
    from samverkan.structure.models import Membership
    from samverkan.structure.tests import factories as f

    body = f.body()
    user = user_create(username="tjp-utanfor", password="x-Lösen-123", roles=[Role.OFFICIAL])
    person = f.person(user=user)
    f.membership(
        person=person,
        body=body,
        role=Membership.Role.COLLABORATION_LEAD,
        start=MAY_1,
        end=MAY_1.replace(day=31),
    )
    assert audience_for(user, today=datetime.date(2025, 5, 5)).official_body_ids == {body.pk}
    assert audience_for(user, today=datetime.date(2025, 6, 5)).official_body_ids == frozenset()
