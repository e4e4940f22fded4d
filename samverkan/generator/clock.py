"""The generator acts out its years. Each service runs at the moment it would have run in
the fictional collaboration (the notice a week before the meeting, the attestation some
days after it), so what the services date themselves — notice sent, attested, posted,
appeal period, the audit log — follows the story, and the same arguments give the same
data whatever day the command runs.

Nothing is written around a service: only the answer of `django.utils.timezone.now()` is
set while the generator runs (the services, model fields and `timezone.localdate()` all
ask it). Each call moves the clock on by a millisecond so events keep their order."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

TICK = datetime.timedelta(milliseconds=1)


class Clock:
    def __init__(self) -> None:
        self._now = timezone.make_aware(datetime.datetime(2000, 1, 1, 8, 0))

    def set(self, day: datetime.date, at: datetime.time = datetime.time(9, 0)) -> None:
        """Move to the day and time (local time of the installation)."""
        self._now = timezone.make_aware(datetime.datetime.combine(day, at))

    def now(self) -> datetime.datetime:
        self._now += TICK
        return self._now

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self._now)


@contextmanager
def simulated_clock() -> Iterator[Clock]:
    clock = Clock()
    with mock.patch.object(timezone, "now", clock.now):
        yield clock
