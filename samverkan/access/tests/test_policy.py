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
