"""Generate fictional collaborations with their years of meetings and cases.

`generate` is deterministic: the same arguments give the same content in an empty
database (the random source of each collaboration and year is seeded from `seed`, the
collaboration's number and the year; dates come from the years and `as_of`, never from
the day the command runs). It is idempotent: a collaboration year that exists is
skipped ("finns redan"), so a second run writes nothing. Each collaboration's structure
and each of its years is one transaction: a failure leaves no half year behind."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from samverkan.accounts.models import Role, User
from samverkan.audit.context import acting_as
from samverkan.costs.demo import generated_costs_ensure
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Collaboration

from .assignments import generated_assignments_ensure
from .clock import Clock, simulated_clock
from .disposal import generated_disposal_ensure
from .names import seed_person_names, seeded
from .room import room_today_ensure
from .selectors import account_hints, demo_counts
from .world import (
    PSA,
    Names,
    called_substitute_account,
    substitute_to_call_account,
    world_ensure,
    world_load,
)
from .year import Year, last_psa_meeting_before

# How much of the progress bar a collaboration's structure and each of its years take.
UNITS_STRUCTURE = 10
UNITS_YEAR = 100


@dataclass
class Account:
    username: str
    name: str
    roles: str
    places: str
    shows: str = ""  # what to try with the account (called as substitute, minutes to attest)


@dataclass
class Result:
    made: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    events: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[Account] = field(default_factory=list)
    password: str = ""


class Progress:
    """What the command shows: `total` units, `advance(n, label)` as work is done."""

    def advance(self, units: float, label: str) -> None:  # pragma: no cover - interface
        pass


@contextmanager
def _quiet_mail() -> Iterator[None]:
    """Notices, extracts and recommendations go to the fictional parties' `.invalid`
    addresses: they are kept in memory, never sent."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield


def total_units(collaborations: int, years: int) -> int:
    return collaborations * (UNITS_STRUCTURE + years * UNITS_YEAR)


def _year_exists(names: Names, year: int) -> bool:
    return Meeting.objects.filter(
        body__collaboration__slug=names.slug, body__slug=names.slug_of(PSA), date__year=year
    ).exists()


def generate(
    *,
    collaborations: int,
    years: int,
    seed: int,
    start_year: int,
    as_of: datetime.date,
    password: str | None = None,
    progress: Progress | None = None,
) -> Result:
    if collaborations < 1 or years < 1:
        raise ValidationError("Ange minst en samverkan och ett år.")
    result = Result(password=password or secrets.token_urlsafe(12))
    progress = progress or Progress()
    excluded = seed_person_names()
    year_list = list(range(start_year, start_year + years))
    before: set[str] = set()
    awaiting = last_psa_meeting_before(year_list, as_of)
    with _quiet_mail(), simulated_clock() as clock:
        for index in range(1, collaborations + 1):
            names = Names(index)
            clock.set(datetime.date(start_year - 1, 10, 1))
            if index == 1:
                before = set(
                    User.objects.filter(username__startswith=f"{names.key}-").values_list(
                        "username", flat=True
                    )
                )
            with acting_as(None, "generator"):
                world_ensure(
                    names,
                    seed=seed,
                    years=year_list,
                    password=result.password,
                    excluded=excluded,
                )
                generated_costs_ensure(Collaboration.objects.get(slug=names.slug), year_list)
            progress.advance(UNITS_STRUCTURE, f"{names.name}: struktur")
            for year in year_list:
                label = f"{names.name} {year}"
                if _year_exists(names, year):
                    result.existing.append(label)
                    progress.advance(UNITS_YEAR, f"{label} finns redan")
                    continue
                result.events += _year_generate(
                    names, year, seed, clock, as_of, progress, awaiting=awaiting
                )
                result.made.append(label)
            with acting_as(None, "generator"), transaction.atomic():
                generated_assignments_ensure(names, as_of, seed)
                generated_disposal_ensure(names, as_of, start_year, result.password, seed)
    with acting_as(None, "generator"), transaction.atomic():
        called_substitute_account(Names(1), result.password)
        to_call = substitute_to_call_account(Names(1), result.password, as_of)
        if as_of == timezone.localdate():
            room_today_ensure(Names(1), as_of)
        from .reading import reading_demo_ensure

        reading_demo_ensure(Names(1), as_of)
    more = {to_call[0].pk: to_call[1]} if to_call else {}
    result.accounts = accounts_reset(Names(1), result.password, as_of, keep=before, more=more)
    result.counts = demo_counts(Collaboration.objects.get(slug=Names(1).slug))
    return result


@transaction.atomic
def _year_generate(
    names: Names,
    year: int,
    seed: int,
    clock: Clock,
    as_of: datetime.date,
    progress: Progress,
    *,
    awaiting: datetime.date | None = None,
) -> int:
    world = world_load(names, datetime.date(year, 6, 30))
    rng = seeded(seed, names.index, year)
    script = Year(world, year, rng, clock, as_of, awaiting)
    events = script.timeline()
    due = [e for e in events if e.at.date() < as_of]
    step = UNITS_YEAR / max(len(due), 1)
    ran = script.run(events, lambda label: progress.advance(step, f"{names.name}: {label}"))
    if not due:
        progress.advance(UNITS_YEAR, f"{names.name} {year}: inget före {as_of:%Y-%m-%d}")
    return ran


def _places(user: User, on: datetime.date) -> str:
    from samverkan.structure.selectors import memberships_in_force

    person = getattr(user, "person", None)
    if person is None:
        return ""
    held = memberships_in_force(on).filter(person=person).select_related("body")
    return ", ".join(f"{m.get_role_display()} {m.body.short_name}" for m in held)


@transaction.atomic
def accounts_reset(
    names: Names,
    password: str,
    on: datetime.date,
    *,
    keep: set[str],
    more: dict[int, str] | None = None,
) -> list[Account]:
    """The log-in accounts of the collaboration, all given the run's password (a new one
    each run unless one is given, as demo_accounts does), for the table a new user
    reads. Accounts made by this run have it already (`keep` holds the older ones).
    `more` adds what to try with an account, by person."""
    accounts = []
    hints = account_hints(Collaboration.objects.get(slug=names.slug))
    for person_id, hint in (more or {}).items():
        hints[person_id] = f"{hints[person_id]}; {hint}" if person_id in hints else hint
    for user in User.objects.filter(username__startswith=f"{names.key}-").order_by("username"):
        places = _places(user, on)
        if not places and user.groups.filter(name=Role.ARCHIVIST.value).exists():
            places = "Arkivet (e-arkiv och gallring)"
        if not places:
            continue  # a seat of another term
        if user.username in keep:
            user.set_password(password)
            user.save(update_fields=["password"])
        accounts.append(
            Account(
                username=user.username,
                name=user.get_full_name(),
                roles=", ".join(str(g.name) for g in user.groups.all()),
                places=places,
                shows=hints.get(getattr(getattr(user, "person", None), "pk", 0), ""),
            )
        )
    return accounts
