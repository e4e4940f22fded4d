"""Each rule of the meeting load and the fee basis, as the secretariat would check it
against the minutes."""

import datetime

from samverkan.workload import rules
from samverkan.workload.rules import HeldSeat, ItemTime, SeatCount

T = datetime.time


def test_a_meeting_lasts_from_its_start_to_its_end():
    figure = rules.meeting_hours(T(13), T(16), None)
    assert figure.value == 3.0
    assert figure.rule == "Mötet 13.00–16.00 enligt protokollet"


def test_a_meeting_without_end_time_counts_the_bodys_usual_length_and_says_so():
    figure = rules.meeting_hours(T(9), None, 2.5)
    assert figure.value == 2.5
    assert "organets vanliga möteslängd 2,5 tim" in figure.rule
    assert "09.00–11.30" in figure.rule


def test_a_meeting_without_end_time_or_history_counts_the_default_two_hours():
    figure = rules.meeting_hours(T(10), None, None)
    assert figure.value == rules.DEFAULT_MEETING_HOURS == 2.0
    assert "antagna 2 tim" in figure.rule


def test_the_usual_length_is_the_median_of_recorded_meetings():
    assert rules.typical_meeting_hours([2.0, 3.0, 8.0]) == 3.0
    assert rules.typical_meeting_hours([]) is None


def test_present_the_whole_meeting():
    figure = rules.attended_hours(T(13), T(16), None, None, None, None)
    assert figure.value == 3.0
    assert figure.rule == "Närvaro hela mötet 13.00–16.00 enligt protokollet"


def test_arrival_counts_from_the_arrival_items_planned_start():
    figure = rules.attended_hours(T(13), T(16), None, ItemTime(5, T(14, 10)), None, None)
    assert figure.value == round(110 / 60, 2)
    assert figure.rule == "Anlände vid punkt 5 (planerad 14.10)"


def test_arrival_at_an_item_without_planned_time_counts_from_the_start():
    figure = rules.attended_hours(T(13), T(16), None, ItemTime(5, None), None, None)
    assert figure.value == 3.0
    assert "planerad tid saknas, räknat från mötets start 13.00" in figure.rule


def test_leaving_counts_until_the_next_items_planned_start():
    figure = rules.attended_hours(T(13), T(16), None, None, ItemTime(4, T(14)), ItemTime(5, T(15)))
    assert figure.value == 2.0
    assert figure.rule == "Lämnade efter punkt 4 (punkt 5 planerad 15.00)"


def test_leaving_after_the_last_item_or_an_untimed_one_counts_until_the_end():
    figure = rules.attended_hours(T(13), T(16), None, None, ItemTime(9, None), None)
    assert figure.value == 3.0
    assert "nästa punkts tid saknas, räknat till mötets slut 16.00" in figure.rule


def test_arrival_and_leaving_together_and_a_missing_end():
    figure = rules.attended_hours(
        T(13), None, None, ItemTime(2, T(13, 30)), ItemTime(3, None), ItemTime(4, T(14, 30))
    )
    assert figure.value == 1.0
    assert figure.rule.startswith("Anlände vid punkt 2 (planerad 13.30); Lämnade efter punkt 3")
    assert "Sluttid saknas: räknat med antagna 2 tim" in figure.rule


def test_planned_times_outside_the_meeting_never_stretch_it():
    figure = rules.attended_hours(T(13), T(14), None, ItemTime(2, T(12)), None, None)
    assert figure.value == 1.0


def test_the_party_of_the_membership_held_that_day_pays():
    party_id, name, rule = rules.paying_party("Ledamot", [HeldSeat("member", 7, "Berg")])
    assert (party_id, name) == (7, "Berg")
    assert "betalas av Berg" in rule


def test_a_membership_without_party_says_the_payer_is_unknown():
    party_id, _, rule = rules.paying_party("Ledamot", [HeldSeat("member", None, "")])
    assert party_id is None
    assert "anger ingen part" in rule


def test_no_membership_that_day_means_no_payer():
    party_id, _, rule = rules.paying_party("Tjänstgörande ersättare", [])
    assert party_id is None
    assert "inget uppdrag i organet mötesdagen" in rule


def test_a_partys_seats_come_from_its_participation_else_the_member_list():
    assert rules.body_party_seats(3, 0).value == 3
    assert rules.body_party_seats(None, 2) == SeatCount(2, "räknat ur förteckningen över ledamöter")
    assert rules.body_party_seats(None, 0).value is None


def test_a_bodys_seats_are_summed_only_when_every_party_is_known():
    known = [SeatCount(3, ""), SeatCount(1, "")]
    assert rules.body_seats(known, 0).value == 4
    assert rules.body_seats([*known, SeatCount(None, "")], 0).value is None
    assert rules.body_seats([*known, SeatCount(None, "")], 11).value == 11


def test_planned_person_hours_need_seats_and_meetings():
    assert rules.person_hours_per_year(11, 8, 2.0) == 176.0
    assert rules.person_hours_per_year(None, 8, 2.0) is None
    assert rules.person_hours_per_year(11, None, 2.0) is None


def test_the_comparison_opens_on_the_latest_change_and_the_day_before():
    days = [datetime.date(2014, 1, 1), datetime.date(2026, 1, 1), datetime.date(2030, 1, 1)]
    today = datetime.date(2026, 11, 26)
    assert rules.comparison_default_days(days, today) == (
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 1),
    )


def test_without_changes_the_comparison_opens_a_year_ago_and_today():
    assert rules.comparison_default_days([], datetime.date(2024, 2, 29)) == (
        datetime.date(2023, 2, 28),
        datetime.date(2024, 2, 29),
    )


def test_hours_are_written_with_a_decimal_comma():
    assert rules.hours_display(2.5) == "2,5"
    assert rules.hours_display(3.0) == "3"
    assert rules.hours_display(None) == "uppgift saknas"


def test_a_structure_founded_once_opens_a_year_ago_and_today():
    today = datetime.date(2026, 11, 26)
    assert rules.comparison_default_days([datetime.date(2023, 1, 1)], today) == (
        datetime.date(2025, 11, 26),
        today,
    )
