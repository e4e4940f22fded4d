"""Reads of the structure, all valid-time: each answers "as of a day"."""

import copy
import datetime
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from samverkan.audit.selectors import KeptWhileUnchanged

from .models import (
    Body,
    Collaboration,
    Membership,
    Participation,
    Party,
    Person,
    ReportingLine,
    SupportFunction,
    reserved_slugs,
)
from .periods import in_force_on

ROLE_RANK = {role: i for i, role in enumerate(Membership.Role)}


# Which collaboration a host and a path's first segment name, kept in each worker while
# nothing is logged (a collaboration's slug, host name or order changes by a logged save).
_NAMED: KeptWhileUnchanged[tuple[str, str], tuple[Collaboration | None, str]] = KeptWhileUnchanged(
    size=1000
)


def collaboration_for(host: str, path_info: str) -> tuple[Collaboration | None, str]:
    """The collaboration a request is about and the path segment that named it ("" when
    it came from the host or is the default): a path's first segment that is a
    collaboration's slug wins, then a collaboration's own host name, then the default.
    The request gets a copy of its own."""
    segment = path_info.lstrip("/").split("/", 1)[0]
    named = segment if segment and segment not in reserved_slugs() else ""
    found = _NAMED.get((host, named), lambda: _collaboration_named(host, named))
    assert found is not None
    collaboration, by_segment = found
    return (copy.copy(collaboration) if collaboration is not None else None), by_segment


def _collaboration_named(host: str, named: str) -> tuple[Collaboration | None, str]:
    candidates = Collaboration.objects.none()
    if named or host:
        condition = Q(pk__isnull=True)
        if named:
            condition |= Q(slug=named)
        if host:
            condition |= Q(hostname=host)
        candidates = Collaboration.objects.filter(condition)
    found = {c.slug: c for c in candidates}
    if named in found:
        return found[named], named
    by_host = next((c for c in found.values() if c.hostname == host), None)
    return (by_host or Collaboration.objects.default()), ""


def collaborations_all() -> QuerySet[Collaboration]:
    return Collaboration.objects.order_by("sort_order", "name")


def bodies_in_force(
    on: datetime.date, collaboration: Collaboration | None = None
) -> QuerySet[Body]:
    return (
        Body.objects.in_collaboration(collaboration)
        .filter(in_force_on(on, "founded_on", "dissolved_on"))
        .select_related("owner_party")
    )


def memberships_with_effective_period() -> QuerySet[Membership]:
    """Memberships with the period they really run: their own dates, else their term's."""
    return Membership.objects.select_related("person", "party", "body", "term").annotate(
        effective_start_on=Coalesce("start", "term__start"),
        effective_end_on=Coalesce("end", "term__end"),
        role_rank=Case(
            *[When(role=r.value, then=Value(i)) for r, i in ROLE_RANK.items()],
            output_field=IntegerField(),
        ),
    )


def memberships_in_force(on: datetime.date) -> QuerySet[Membership]:
    return memberships_with_effective_period().filter(
        in_force_on(on, "effective_start_on", "effective_end_on")
    )


def reporting_lines_in_force(
    on: datetime.date, collaboration: Collaboration | None = None
) -> QuerySet[ReportingLine]:
    lines = ReportingLine.objects.all()
    if collaboration is not None:
        lines = lines.filter(from_body__collaboration=collaboration)
    return (
        lines.filter(in_force_on(on))
        .filter(in_force_on(on, "from_body__founded_on", "from_body__dissolved_on"))
        .filter(in_force_on(on, "to_body__founded_on", "to_body__dissolved_on"))
        .select_related("from_body", "to_body")
    )


@dataclass
class KindGroup:
    kind: str
    label: str
    bodies: list[Body]


@dataclass
class StructureSnapshot:
    on: datetime.date
    bodies: list[Body]
    reporting_lines: list[ReportingLine]
    groups: list[KindGroup] = field(default_factory=list)


def structure_as_of(
    on: datetime.date, collaboration: Collaboration | None = None
) -> StructureSnapshot:
    bodies = list(bodies_in_force(on, collaboration))
    lines = list(reporting_lines_in_force(on, collaboration))
    groups = []
    for kind, label in Body.Kind.choices:
        members = [b for b in bodies if b.kind == kind]
        if members:
            groups.append(KindGroup(kind=kind, label=str(label), bodies=members))
    return StructureSnapshot(on=on, bodies=bodies, reporting_lines=lines, groups=groups)


def structure_change_dates(collaboration: Collaboration | None = None) -> list[datetime.date]:
    """The days on which the structure changed: useful stops for the date picker."""
    days: set[datetime.date] = set()
    bodies = Body.objects.in_collaboration(collaboration)
    for founded, dissolved in bodies.values_list("founded_on", "dissolved_on"):
        days.update(d for d in (founded, dissolved) if d)
    return sorted(days)


@dataclass
class PartyGroup:
    party: Party | None
    memberships: list[Membership]


@dataclass
class BodyView:
    body: Body
    on: datetime.date
    in_force: bool
    seat_groups: list[PartyGroup]
    voting_count: int
    substitute_count: int
    other_roles: list[Membership]
    participations: list[Participation]
    lines_out: list[ReportingLine]
    lines_in: list[ReportingLine]
    support_functions: list[SupportFunction]
    history: list[Membership]
    letters_summary: list[tuple[str, int, int]] = field(default_factory=list)


def _group_by_party(memberships: list[Membership]) -> list[PartyGroup]:
    groups: dict[int | None, PartyGroup] = {}
    for m in memberships:
        groups.setdefault(m.party_id, PartyGroup(party=m.party, memberships=[])).memberships.append(
            m
        )
    known = sorted(
        (g for k, g in groups.items() if k is not None),
        key=lambda g: (g.party.sort_order, g.party.name),  # type: ignore[union-attr]
    )
    return known + ([groups[None]] if None in groups else [])


def body_view(body: Body, on: datetime.date) -> BodyView:
    current = list(
        memberships_in_force(on).filter(body=body).order_by("role_rank", "position", "person__name")
    )
    seats = [m for m in current if m.role in Membership.SEAT_ROLES]
    in_force = (body.founded_on is None or body.founded_on <= on) and (
        body.dissolved_on is None or body.dissolved_on >= on
    )
    letters: dict[str, list[int]] = {}
    for m in seats:
        counts = letters.setdefault(m.party_letters or "–", [0, 0])
        counts[0 if m.role in Membership.VOTING_ROLES else 1] += 1
    return BodyView(
        letters_summary=[
            (k, v[0], v[1]) for k, v in sorted(letters.items(), key=lambda kv: -kv[1][0])
        ],
        body=body,
        on=on,
        in_force=in_force,
        seat_groups=_group_by_party(seats),
        voting_count=sum(1 for m in seats if m.role in Membership.VOTING_ROLES),
        substitute_count=sum(1 for m in seats if m.role == Membership.Role.SUBSTITUTE),
        other_roles=[m for m in current if m.role not in Membership.SEAT_ROLES],
        participations=list(
            body.participations.filter(in_force_on(on))
            .select_related("party")
            .order_by("party__sort_order", "party__name")
        ),
        lines_out=list(
            reporting_lines_in_force(on).filter(from_body=body).order_by("to_body__sort_order")
        ),
        lines_in=list(
            reporting_lines_in_force(on).filter(to_body=body).order_by("from_body__sort_order")
        ),
        support_functions=list(body.support_functions.filter(in_force_on(on))),
        history=list(
            memberships_with_effective_period()
            .filter(body=body)
            .order_by("-effective_start_on", "role_rank", "position", "person__name")
        ),
    )


def person_memberships(person: Person) -> list[Membership]:
    return list(
        memberships_with_effective_period()
        .filter(person=person)
        .order_by("-effective_start_on", "body__sort_order", "role_rank")
    )


@dataclass
class PartySeats:
    party: Party
    on: datetime.date
    participations: list[Participation]
    memberships: list[Membership]
    own_bodies: list[Body]


def party_seats(party: Party, on: datetime.date) -> PartySeats:
    return PartySeats(
        party=party,
        on=on,
        participations=list(
            party.participations.filter(in_force_on(on))
            .filter(in_force_on(on, "body__founded_on", "body__dissolved_on"))
            .select_related("body")
            .order_by("body__sort_order")
        ),
        memberships=list(
            memberships_in_force(on)
            .filter(party=party)
            .order_by("body__sort_order", "role_rank", "position")
        ),
        own_bodies=list(party.own_bodies.all()),
    )


def parties_all(collaboration: Collaboration | None = None) -> QuerySet[Party]:
    return Party.objects.in_collaboration(collaboration)


def bodies_where_secretary(user: object, on: datetime.date) -> QuerySet[Body]:
    """The bodies a user keeps as secretary: those the secretary role scopes to."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return Body.objects.none()
    body_ids = (
        memberships_in_force(on)
        .filter(person=person, role=Membership.Role.SECRETARY)
        .values("body_id")
    )
    return Body.objects.filter(pk__in=body_ids)
