import datetime

import pytest

from samverkan.meetings import rules

D = datetime.date


def test_easter_is_computed_for_known_years():
    assert rules.easter_sunday(2025) == D(2025, 4, 20)
    assert rules.easter_sunday(2026) == D(2026, 4, 5)
    assert rules.easter_sunday(2024) == D(2024, 3, 31)


def test_swedish_holidays_include_the_movable_ones_and_the_eves():
    h = rules.swedish_holidays(2025)
    assert {D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 29), D(2025, 6, 20), D(2025, 12, 24)} <= h
    assert D(2025, 6, 19) not in h


def test_appeal_period_is_three_weeks_from_posting():
    assert rules.appeal_period_last_day(D(2025, 5, 7), 21) == D(2025, 5, 28)


def test_appeal_period_ending_on_a_weekend_or_holiday_runs_to_the_next_working_day():
    assert rules.appeal_period_last_day(D(2025, 5, 3), 21) == D(2025, 5, 26)  # Saturday → Monday
    assert rules.appeal_period_last_day(D(2025, 5, 8), 21) == D(2025, 5, 30)  # Ascension Thursday
    assert rules.appeal_period_last_day(D(2025, 12, 3), 21) == D(2025, 12, 29)  # Christmas Eve


def test_deadlines_are_counted_back_and_forward_from_the_meeting():
    meeting = D(2025, 5, 5)
    assert rules.cases_ready_deadline(meeting, 21) == D(2025, 4, 14)
    assert rules.notice_deadline(meeting, 7) == D(2025, 4, 28)
    assert rules.attestation_deadline(meeting, 14) == D(2025, 5, 19)
    assert rules.posting_deadline(D(2025, 5, 12), 2) == D(2025, 5, 14)


@pytest.mark.parametrize(
    ("serving", "seats", "met"),
    [(6, 11, True), (5, 11, False), (6, 12, False), (7, 12, True), (5, 10, False), (0, 0, False)],
)
def test_quorum_needs_more_than_half_of_the_members(serving, seats, met):
    assert rules.quorum_met(serving, seats) is met


def test_an_item_placed_after_the_day_for_cases_is_late():
    meeting_day = datetime.date(2026, 12, 10)  # cases ready 21 days before: 2026-11-19
    assert rules.late_placing_warning(meeting_day, 21, datetime.date(2026, 11, 19)) == ""
    late = rules.late_placing_warning(meeting_day, 21, datetime.date(2026, 11, 20))
    assert "2026-11-19" in late and "för sen" in late
