import datetime

from samverkan.structure.periods import period_within, periods_intersect, periods_overlap

D = datetime.date


def test_periods_that_share_a_day_overlap_because_end_days_are_included():
    assert periods_overlap(D(2020, 1, 1), D(2020, 6, 30), D(2020, 6, 30), None)


def test_periods_one_day_apart_do_not_overlap():
    assert not periods_overlap(D(2020, 1, 1), D(2020, 6, 29), D(2020, 6, 30), None)


def test_open_periods_overlap_everything_after_their_start():
    assert periods_overlap(None, None, D(1999, 1, 1), D(1999, 1, 2))
    assert not periods_overlap(D(2021, 1, 1), None, None, D(2020, 12, 31))


def test_a_membership_within_the_lifetime_of_a_body():
    assert period_within(D(2021, 1, 1), D(2022, 1, 1), D(2020, 1, 1), None)
    assert not period_within(D(2019, 1, 1), D(2022, 1, 1), D(2020, 1, 1), None)
    assert not period_within(D(2021, 1, 1), None, D(2020, 1, 1), D(2023, 1, 1))
    assert period_within(None, D(2004, 1, 1), None, D(2005, 1, 1))


def test_periods_intersect_only_when_all_share_a_day():
    assert periods_intersect((None, None), (D(2020, 1, 1), None), (None, D(2020, 1, 1)))
    assert not periods_intersect(
        (None, None), (D(2000, 1, 1), D(2004, 12, 31)), (D(2020, 1, 1), None)
    )
