"""policy.may_import_meeting and may_use_import: the keepers of a body import into it;
only administrators make a new body by import."""

from samverkan.access.policy import PUBLIC, Audience, may_import_meeting, may_use_import


def test_the_secretariat_imports_into_the_bodies_it_keeps_only() -> None:
    secretary = Audience(user_id=1, managed_body_ids=frozenset({7}))
    assert may_import_meeting(secretary, 7)
    assert not may_import_meeting(secretary, 8)
    assert not may_import_meeting(secretary, None)  # a new body
    assert may_use_import(secretary)


def test_administrators_import_anywhere_and_make_new_bodies() -> None:
    admin = Audience(user_id=1, is_admin=True)
    assert may_import_meeting(admin, 8) and may_import_meeting(admin, None)


def test_members_and_the_public_do_not_import() -> None:
    member = Audience(user_id=2, insider_periods=((7, None, None),))
    assert not may_import_meeting(member, 7)
    assert not may_use_import(member) and not may_use_import(PUBLIC)
