"""Writes to the structure. Every rule of the structure is one function here, named for
what it guards; every write runs inside a transaction and saves nothing on a broken rule.
Errors are ValidationError with Swedish messages, keyed by field where one is to blame."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from .models import (
    Body,
    Collaboration,
    Membership,
    Participation,
    Party,
    Person,
    ReportingLine,
    SupportFunction,
    Term,
)
from .periods import format_period, period_within, periods_intersect, periods_overlap

# --- Collaborations --------------------------------------------------------------------


@transaction.atomic
def collaboration_save(collaboration: Collaboration) -> Collaboration:
    collaboration.full_clean()
    collaboration.save()
    return collaboration


def collaboration_create(
    *, name: str, short_name: str, slug: str, **fields: object
) -> Collaboration:
    return collaboration_save(Collaboration(name=name, short_name=short_name, slug=slug, **fields))


def same_collaboration_validate(anchor: object, **joined: object) -> None:
    """What a row joins belongs to one collaboration: a body never takes a party, a term
    or a reporting line from another collaboration."""
    home = getattr(anchor, "collaboration_id", None)
    for field, other in joined.items():
        if other is not None and getattr(other, "collaboration_id", home) != home:
            raise ValidationError({field: f"{other} hör till en annan samverkan."})


# --- Parties ---------------------------------------------------------------------------


def org_number_validate(value: str) -> None:
    """A Swedish organisation number: ten digits as NNNNNN-NNNN, the last a Luhn check
    digit (Skatteverket SKV 709); the third digit is 2 or more for legal persons."""
    if not value:
        return
    digits = value.replace("-", "")
    if len(value) != 11 or value[6] != "-" or not digits.isdigit():
        raise ValidationError(
            {"org_number": "Organisationsnumret ska skrivas NNNNNN-NNNN, t.ex. 212000-0000."}
        )
    if int(digits[2]) < 2:
        raise ValidationError(
            {"org_number": "Ett organisationsnummer har 2 eller högre som tredje siffra."}
        )
    total = 0
    for i, ch in enumerate(digits[:9]):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    if (10 - total % 10) % 10 != int(digits[9]):
        raise ValidationError({"org_number": "Organisationsnumrets kontrollsiffra stämmer inte."})


@transaction.atomic
def party_save(party: Party) -> Party:
    org_number_validate(party.org_number)
    party.full_clean()
    party.save()
    return party


@transaction.atomic
def party_registry_address_set(party: Party, *, email: str) -> Party:
    """The party's registry address (registratur), where extracts and recommendations
    are sent; empty when the party has none."""
    party = Party.objects.select_for_update().get(pk=party.pk)
    party.email = email.strip()
    return party_save(party)


# --- Bodies ----------------------------------------------------------------------------


def body_lifetime_validate(body: Body) -> None:
    """A body cannot be dissolved before it was founded."""
    if body.founded_on and body.dissolved_on and body.dissolved_on < body.founded_on:
        raise ValidationError(
            {
                "dissolved_on": (
                    f"Ett organ kan inte avvecklas före det inrättades "
                    f"(inrättat {body.founded_on:%Y-%m-%d})."
                )
            }
        )


def body_contents_within_lifetime_validate(body: Body) -> None:
    """A changed lifetime must not leave memberships starting outside it."""
    if body.pk is None:
        return
    outside = sorted(
        {
            m.person.name
            for m in body.memberships.select_related("person", "term")
            if m.effective_start
            and (
                (body.founded_on and m.effective_start < body.founded_on)
                or (body.dissolved_on and m.effective_start > body.dissolved_on)
            )
        }
    )
    if outside:
        raise ValidationError(
            {"founded_on": f"Uppdrag börjar utanför organets livstid: {', '.join(outside)}."}
        )


def _body_close_contents(body: Body, on: datetime.date) -> None:
    """What is still in force when a body ceases ends with it."""
    for membership in body.memberships.select_related("term"):
        if membership.effective_end is None or membership.effective_end > on:
            membership.end = on
            membership.save()
    still_open = Q(end__isnull=True) | Q(end__gt=on)
    for queryset in (
        body.participations.filter(still_open),
        body.reporting_lines_out.filter(still_open),
        body.reporting_lines_in.filter(still_open),
        body.support_functions.filter(still_open),
    ):
        for related in queryset:
            related.end = on
            related.save()


def body_validate(body: Body) -> None:
    same_collaboration_validate(body, owner_party=body.owner_party)
    body_lifetime_validate(body)
    body_contents_within_lifetime_validate(body)


@transaction.atomic
def body_save(body: Body) -> Body:
    body_validate(body)
    body.full_clean()
    body.save()
    if body.dissolved_on:
        _body_close_contents(body, body.dissolved_on)
    return body


@transaction.atomic
def body_dissolve(body: Body, *, on: datetime.date, decision: str) -> Body:
    """Dissolve a body by decision: it ceases after `on`, and so does everything of it
    still in force then."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    if body.dissolved_on is not None:
        raise ValidationError(
            f"{body.short_name} är redan avvecklat ({body.dissolved_on:%Y-%m-%d})."
        )
    body.dissolved_on = on
    body.dissolved_precision = "day"
    body.dissolved_by = decision
    return body_save(body)


@transaction.atomic
def body_found(body: Body, *, on: datetime.date, decision: str) -> Body:
    """Found a body by decision: it exists from `on`. A body founded by an earlier
    decision is not founded again (its founding stays in the structure's history)."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    if body.founded_by:
        raise ValidationError(
            f"{body.short_name} är redan inrättat genom beslut ({body.founded_by})."
        )
    body.founded_on = on
    body.founded_precision = "day"
    body.founded_by = decision
    return body_save(body)


# --- Terms and persons -----------------------------------------------------------------


def term_validate(term: Term) -> None:
    if term.start and term.end and term.end < term.start:
        raise ValidationError({"end": "Mandatperioden kan inte sluta innan den börjar."})


@transaction.atomic
def term_save(term: Term) -> Term:
    term_validate(term)
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def person_save(person: Person) -> Person:
    person.full_clean()
    person.save()
    return person


# --- Memberships -----------------------------------------------------------------------


def membership_period_validate(m: Membership) -> None:
    start, end = m.effective_start, m.effective_end
    if start and end and end < start:
        raise ValidationError({"end": "Uppdraget kan inte sluta innan det börjar."})


def membership_within_body_lifetime_validate(m: Membership) -> None:
    """A membership must lie inside the lifetime of its body."""
    body = m.body
    if not period_within(m.effective_start, m.effective_end, body.founded_on, body.dissolved_on):
        raise ValidationError(
            {
                "start": (
                    f"Uppdraget ({format_period(m.effective_start, m.effective_end)}) "
                    f"ligger utanför organets livstid "
                    f"({format_period(body.founded_on, body.dissolved_on)})."
                )
            }
        )


def _overlapping(m: Membership, others: list[Membership]) -> list[Membership]:
    return [
        o
        for o in others
        if o.pk != m.pk
        and periods_overlap(m.effective_start, m.effective_end, o.effective_start, o.effective_end)
    ]


def membership_single_holder_validate(m: Membership) -> None:
    """A body has at most one chair (and one vice chair) at a time."""
    if m.role not in Membership.SINGLE_HOLDER_ROLES:
        return
    holders = list(
        Membership.objects.filter(body_id=m.body_id, role=m.role).select_related("person", "term")
    )
    clash = _overlapping(m, holders)
    if clash:
        other = clash[0]
        raise ValidationError(
            {
                "role": (
                    f"{m.body.short_name} har redan en {m.get_role_display().lower()} under "
                    f"perioden: {other.person.name} "
                    f"({format_period(other.effective_start, other.effective_end)})."
                )
            }
        )


def membership_one_seat_validate(m: Membership) -> None:
    """A person holds at most one seat (member or substitute) in a body at a time."""
    if m.role not in Membership.SEAT_ROLES:
        return
    seats = list(
        Membership.objects.filter(
            body_id=m.body_id, person_id=m.person_id, role__in=Membership.SEAT_ROLES
        ).select_related("term")
    )
    clash = _overlapping(m, seats)
    if clash:
        raise ValidationError(
            {
                "person": (
                    f"{m.person.name} är redan {clash[0].get_role_display().lower()} i "
                    f"{m.body.short_name} under perioden."
                )
            }
        )


def membership_party_participates_validate(m: Membership) -> None:
    """A member represents a party that takes part in the body."""
    if m.party_id is None:
        return
    participations = list(m.body.participations.all())
    if participations and not any(p.party_id == m.party_id for p in participations):
        raise ValidationError({"party": f"{m.party} deltar inte i {m.body.short_name}."})


def membership_substitute_order_validate(m: Membership) -> None:
    if m.substitute_order is not None and m.role != Membership.Role.SUBSTITUTE:
        raise ValidationError({"substitute_order": "Ersättarordning anges bara för ersättare."})


MEMBERSHIP_RULES = (
    membership_period_validate,
    membership_within_body_lifetime_validate,
    membership_single_holder_validate,
    membership_one_seat_validate,
    membership_party_participates_validate,
    membership_substitute_order_validate,
)


def membership_validate(m: Membership) -> None:
    same_collaboration_validate(m.body, party=m.party, term=m.term)
    for rule in MEMBERSHIP_RULES:
        rule(m)


@transaction.atomic
def membership_save(m: Membership) -> Membership:
    # Lock the body so two secretaries cannot appoint two chairs at the same moment.
    Body.objects.select_for_update().filter(pk=m.body_id).first()
    membership_validate(m)
    m.full_clean()
    m.save()
    return m


@transaction.atomic
def membership_end(m: Membership, *, on: datetime.date) -> Membership:
    m.end = on
    return membership_save(m)


# --- Participation, reporting lines, support functions ---------------------------------


def participation_validate(p: Participation) -> None:
    same_collaboration_validate(p.body, party=p.party)
    if p.start and p.end and p.end < p.start:
        raise ValidationError({"end": "Deltagandet kan inte sluta innan det börjar."})
    others = Participation.objects.filter(body_id=p.body_id, party_id=p.party_id).exclude(pk=p.pk)
    if any(periods_overlap(p.start, p.end, o.start, o.end) for o in others):
        raise ValidationError({"party": f"{p.party} deltar redan i organet under perioden."})


@transaction.atomic
def participation_save(p: Participation) -> Participation:
    participation_validate(p)
    p.full_clean()
    p.save()
    return p


def reporting_line_validate(line: ReportingLine) -> None:
    """A line joins two different bodies and runs only while both exist."""
    same_collaboration_validate(line.from_body, to_body=line.to_body)
    if line.from_body_id == line.to_body_id:
        raise ValidationError({"to_body": "Ett organ kan inte rapportera till sig självt."})
    if line.start and line.end and line.end < line.start:
        raise ValidationError({"end": "Rapporteringsvägen kan inte sluta innan den börjar."})
    a, b = line.from_body, line.to_body
    if not periods_intersect(
        (line.start, line.end), (a.founded_on, a.dissolved_on), (b.founded_on, b.dissolved_on)
    ):
        raise ValidationError(
            {
                "start": (
                    f"{a.short_name} och {b.short_name} finns inte samtidigt under "
                    f"rapporteringsvägens period ({format_period(line.start, line.end)})."
                )
            }
        )


@transaction.atomic
def reporting_line_save(line: ReportingLine) -> ReportingLine:
    reporting_line_validate(line)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def support_function_save(fn: SupportFunction) -> SupportFunction:
    if fn.start and fn.end and fn.end < fn.start:
        raise ValidationError({"end": "Stödfunktionen kan inte upphöra innan den börjar."})
    fn.full_clean()
    fn.save()
    return fn


# --- The secretariat of some bodies ----------------------------------------------------
# A secretary keeps the bodies they are secretary of, and nothing beyond them. A person's
# name and e-mail address decide where the notices of every body the person sits in go,
# so a person is changed by the secretariat only when all the person's memberships (ever)
# are in bodies it keeps; the access policy (`may_change_person`) reads the same rule.

OUTSIDE_BODIES = (
    "{name} har uppdrag i organ du inte är sekreterare för och kan bara ändras av en administratör."
)


def person_within_bodies(person_id: int | None, body_ids: Iterable[int]) -> bool:
    """Whether every membership the person has ever had is in one of the bodies (a person
    with no membership yet is within any)."""
    if person_id is None:
        return True
    return not (
        Membership.objects.filter(person_id=person_id).exclude(body_id__in=list(body_ids)).exists()
    )


def persons_within_bodies(body_ids: Iterable[int]) -> QuerySet[Person]:
    """The persons all of whose memberships are in the bodies (and those with none)."""
    outside = Membership.objects.exclude(body_id__in=list(body_ids)).values("person_id")
    return Person.objects.exclude(pk__in=outside)


def person_scope_validate(person: Person, body_ids: Iterable[int]) -> None:
    if not person_within_bodies(person.pk, body_ids):
        raise ValidationError(OUTSIDE_BODIES.format(name=person.name))


def membership_scope_validate(m: Membership, body_ids: Iterable[int]) -> None:
    """A secretary appoints in the bodies they keep, and only persons they may change."""
    ids = set(body_ids)
    if m.body_id not in ids:
        raise ValidationError({"body": "Du är inte sekreterare för det organet."})
    old = (
        Membership.objects.filter(pk=m.pk).values("body_id", "person_id").first() if m.pk else None
    )
    if old is not None and old["body_id"] not in ids:
        raise ValidationError({"body": "Uppdraget hör till ett organ du inte är sekreterare för."})
    if m.person_id is None or (old is not None and old["person_id"] == m.person_id):
        return
    if not person_within_bodies(m.person_id, ids):
        raise ValidationError({"person": OUTSIDE_BODIES.format(name=m.person.name)})


@transaction.atomic
def person_save_within(
    person: Person, *, body_ids: Iterable[int], by_person_id: int | None = None
) -> Person:
    """Save a person on behalf of the secretariat of the bodies."""
    if person.pk is not None:
        Person.objects.select_for_update().filter(pk=person.pk).first()
    person_scope_validate(person, body_ids)
    return person_save(person)


@transaction.atomic
def membership_save_within(
    m: Membership, *, body_ids: Iterable[int], by_person_id: int | None = None
) -> Membership:
    """Save a membership on behalf of the secretariat of the bodies. A secretary does not
    appoint themselves: a seat grants reading and signing, so it comes from someone else."""
    if by_person_id is not None and m.person_id == by_person_id:
        raise ValidationError({"person": "Du kan inte ändra dina egna uppdrag."})
    if m.person_id is not None:
        # The person is locked so that no other secretariat adds them elsewhere meanwhile.
        Person.objects.select_for_update().filter(pk=m.person_id).first()
    membership_scope_validate(m, body_ids)
    return membership_save(m)


# --- Removals --------------------------------------------------------------------------


@transaction.atomic
def membership_delete(m: Membership) -> None:
    m.delete()


def participation_delete_validate(p: Participation) -> None:
    """A party whose members still sit in the body keeps taking part."""
    sitting = [
        m
        for m in Membership.objects.filter(body_id=p.body_id, party_id=p.party_id).select_related(
            "term"
        )
        if periods_overlap(p.start, p.end, m.effective_start, m.effective_end)
    ]
    if sitting:
        raise ValidationError(
            f"{p.party} har ledamöter i organet under perioden och kan inte tas bort som "
            "deltagare; avsluta deltagandet med ett slutdatum i stället."
        )


@transaction.atomic
def participation_delete(p: Participation) -> None:
    participation_delete_validate(p)
    p.delete()


@transaction.atomic
def support_function_delete(fn: SupportFunction) -> None:
    fn.delete()


@transaction.atomic
def reporting_line_delete(line: ReportingLine) -> None:
    line.delete()
