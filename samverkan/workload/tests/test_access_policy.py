"""Who reads the meeting load and the fee basis (samverkan/access/policy.py)."""

from samverkan.access.policy import (
    PUBLIC,
    Audience,
    fee_basis_q,
    may_read_fee_basis,
    public_attendance_q,
)


def test_the_fee_basis_is_payroll_data_for_administrators_and_the_secretariat():
    assert may_read_fee_basis(Audience(user_id=1, is_admin=True))
    assert may_read_fee_basis(Audience(user_id=2, managed_body_ids=frozenset({5})))
    assert not may_read_fee_basis(Audience(user_id=3, insider_periods=((5, None, None),)))
    assert not may_read_fee_basis(PUBLIC)


def test_the_secretariat_reads_the_fee_basis_of_its_own_bodies_only():
    q = fee_basis_q(Audience(user_id=2, managed_body_ids=frozenset({5})))
    assert ("meeting__body_id__in", [5]) in q.children


def test_public_figures_count_only_sealed_minutes():
    assert public_attendance_q().children == [("meeting__sealed_at__isnull", False)]
