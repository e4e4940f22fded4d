"""The date and count rules of meetings, one function each."""

import datetime

DAY = datetime.timedelta(days=1)


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def swedish_holidays(year: int) -> set[datetime.date]:
    """Public holidays (lag 1989:253) and the eves that lag (1930:173) counts as such:
    midsummer eve, Christmas eve and New Year's eve."""
    easter = easter_sunday(year)
    midsummer_eve = next(
        datetime.date(year, 6, d) for d in range(19, 26) if datetime.date(year, 6, d).weekday() == 4
    )
    return {
        datetime.date(year, 1, 1),
        datetime.date(year, 1, 6),
        easter - 2 * DAY,
        easter,
        easter + DAY,
        datetime.date(year, 5, 1),
        easter + 39 * DAY,
        datetime.date(year, 6, 6),
        midsummer_eve,
        datetime.date(year, 12, 24),
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
        datetime.date(year, 12, 31),
    }


def next_working_day(day: datetime.date) -> datetime.date:
    """A period whose last day falls on a Saturday, Sunday or holiday runs on to the
    next working day (lag 1930:173 om beräkning av lagstadgad tid, 2 §)."""
    while day.weekday() >= 5 or day in swedish_holidays(day.year):
        day += DAY
    return day


def cases_ready_deadline(meeting_day: datetime.date, days_before: int) -> datetime.date:
    return meeting_day - days_before * DAY


def notice_deadline(meeting_day: datetime.date, days_before: int) -> datetime.date:
    return meeting_day - days_before * DAY


def attestation_deadline(meeting_day: datetime.date, days_after: int) -> datetime.date:
    return meeting_day + days_after * DAY


def posting_deadline(attested_on: datetime.date, days_after: int) -> datetime.date:
    return attested_on + days_after * DAY


def appeal_period_last_day(posted_on: datetime.date, appeal_days: int) -> datetime.date:
    """Three weeks from the day of posting (kommunallagen 13 kap. 5 §), moved past a
    weekend or holiday."""
    return next_working_day(posted_on + appeal_days * DAY)


def quorum_met(serving: int, seats: int) -> bool:
    """A body may decide when more than half of its members serve (kommunallagen
    6 kap. 27 § for committees; used here as the default rule)."""
    return seats > 0 and serving * 2 > seats
