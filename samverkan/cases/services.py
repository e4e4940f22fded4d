"""Writes for cases. Each rule is one function; every write is one transaction."""

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from samverkan.documents.models import Document
from samverkan.documents.services import legal_ground_validate
from samverkan.meetings.models import AgendaItem, Section
from samverkan.structure import services as structure_services
from samverkan.structure.models import Body, Collaboration, Party, Person

from .models import (
    Case,
    CaseNumberCounter,
    CaseSeries,
    CaseType,
    Decision,
    FlowStep,
    Handling,
    PartyResponse,
    Recommendation,
    RegistryEntry,
)

CASE_NUMBER = re.compile(r"^\s*([A-ZÅÄÖ]{1,12})\s*/\s*(\d{1,7})\s*/\s*(\d{4})\s*$", re.IGNORECASE)


def case_number_parse(text: str) -> tuple[str, int, int]:
    """SERIES/running number/YEAR, as in RS/418/2025."""
    match = CASE_NUMBER.match(text or "")
    if not match:
        raise ValidationError("Diarienumret ska skrivas SERIE/nummer/år, t.ex. RS/418/2025.")
    return match[1].upper(), int(match[2]), int(match[3])


def case_number_next(series: CaseSeries, year: int) -> int:
    """The next free number of the series and year: no gaps, no duplicates. The counter
    row is locked, so concurrent registrations queue up instead of colliding."""
    try:
        with transaction.atomic():
            CaseNumberCounter.objects.get_or_create(series=series, year=year)
    except IntegrityError:
        pass  # created by a concurrent registration a moment ago
    counter = CaseNumberCounter.objects.select_for_update().get(series=series, year=year)
    taken = set(Case.objects.filter(series=series, year=year).values_list("number", flat=True))
    number = counter.last_number + 1
    while number in taken:  # numbers registered as they were, from before
        number += 1
    counter.last_number = number
    counter.save(update_fields=["last_number"])
    return number


CASE_SERIES_CODE = re.compile(r"^[A-ZÅÄÖ]{1,12}$")


@transaction.atomic
def case_series_create(
    *,
    collaboration: Collaboration,
    code: str,
    name: str = "",
    organisation: Party | None = None,
    source: str = "",
) -> CaseSeries:
    """A new number series. Without a registering organisation (an import names only the
    series) a placeholder party stands in, named so that an administrator sees it is
    to be corrected; it is reused for the same code."""
    code = (code or "").strip().upper()
    if not CASE_SERIES_CODE.match(code):
        raise ValidationError({"code": "Diarieserien skrivs med 1–12 versaler, t.ex. RS eller KS."})
    if CaseSeries.objects.filter(collaboration=collaboration, code=code).exists():
        raise ValidationError({"code": f"Diarieserien {code} finns redan."})
    if organisation is None:
        slug = f"diarieserie-{slugify(code)}"
        organisation = Party.objects.filter(collaboration=collaboration, slug=slug).first()
        if organisation is None:
            organisation = structure_services.party_save(
                Party(
                    collaboration=collaboration,
                    name=f"Registrerande organisation för {code} (okänd)",
                    short_name=code,
                    slug=slug,
                    kind=Party.Kind.REGION,
                    source=(source or "Skapad för en diarieserie; rätta namn och typ.")[:300],
                )
            )
    elif organisation.collaboration_id != collaboration.pk:
        raise ValidationError(
            {"organisation": "Den registrerande organisationen hör till en annan samverkan."}
        )
    series = CaseSeries(
        collaboration=collaboration,
        code=code,
        name=(name or f"Diarieserie {code}")[:200],
        organisation=organisation,
    )
    series.full_clean()
    series.save()
    return series


@transaction.atomic
def case_register(
    *,
    series: CaseSeries,
    title: str,
    registered_on: datetime.date | None,
    existing_number: str | None = None,
    case_type: CaseType | None = None,
    case_officer: Person | None = None,
    description: str = "",
    is_demo: bool = False,
    source: str = "",
) -> Case:
    """Register a case: a new number from the series, or an existing number as it is."""
    if not title.strip():
        raise ValidationError({"title": "Ärendet måste ha en ärendemening."})
    case_type_in_series_validate(case_type, series)
    case_officer_validate(case_officer)
    if existing_number:
        code, number, year = case_number_parse(existing_number)
        if code != series.code:
            raise ValidationError(
                f"Diarienumret {existing_number} hör inte till serien {series.code}."
            )
        if Case.objects.filter(series=series, number=number, year=year).exists():
            raise ValidationError(f"Diarienumret {code}/{number}/{year} finns redan.")
    else:
        if registered_on is None:
            raise ValidationError({"registered_on": "Ange registreringsdatum."})
        year = registered_on.year
        number = case_number_next(series, year)
    case = Case(
        series=series,
        number=number,
        year=year,
        title=title,
        description=description,
        case_type=case_type,
        case_officer=case_officer,
        registered_on=registered_on,
        is_demo=is_demo,
        source=source,
    )
    case.full_clean()
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:
        raise ValidationError(f"Diarienumret {case.case_number} finns redan.") from exc
    return case


def case_type_in_series_validate(case_type: CaseType | None, series: CaseSeries) -> None:
    """A case takes a type of its own series or a shared one: the series' registrars keep
    the flows of its types."""
    if case_type is not None and case_type.series_id not in (None, series.pk):
        raise ValidationError(
            {"case_type": f"Ärendetypen {case_type.name} hör till en annan diarieserie."}
        )


def case_officer_validate(person: Person | None) -> None:
    """A case officer (handläggare) logs in: the case is on their list of cases."""
    if person is None:
        return
    user = getattr(person, "user", None)
    if user is None or not user.is_active:
        raise ValidationError(
            {
                "case_officer": f"{person.name} har inget aktivt användarkonto och kan inte vara handläggare."
            }
        )


# case_update leaves the closing day as it is unless it is given.
UNCHANGED = object()


def case_closed_on_validate(
    case: Case, closed_on: datetime.date | None, today: datetime.date
) -> None:
    """A case is closed on a day after it was registered and not in the future."""
    if closed_on is None:
        return
    if closed_on > today:
        raise ValidationError({"closed_on": "Ett ärende kan inte avslutas en dag i framtiden."})
    if case.registered_on and closed_on < case.registered_on:
        raise ValidationError(
            {
                "closed_on": f"Ärendet registrerades {case.registered_on:%Y-%m-%d} och kan "
                "inte avslutas före det."
            }
        )


@transaction.atomic
def case_update(
    case: Case,
    *,
    title: str,
    description: str = "",
    case_type: CaseType | None = None,
    case_officer: Person | None = None,
    closed_on: datetime.date | object | None = UNCHANGED,
    today: datetime.date | None = None,
) -> Case:
    """Change what a case is about, its type (and so its planned flow), its officer and
    the day it was closed (avslutat; empty reopens it); its number never changes."""
    case = Case.objects.select_for_update().select_related("series").get(pk=case.pk)
    if not title.strip():
        raise ValidationError({"title": "Ärendet måste ha en ärendemening."})
    case_type_in_series_validate(case_type, case.series)
    case_officer_validate(case_officer)
    if closed_on is not UNCHANGED:
        assert closed_on is None or isinstance(closed_on, datetime.date)
        case_closed_on_validate(case, closed_on, today or timezone.localdate())
        case.closed_on = closed_on
    case.title = title.strip()
    case.description = description
    case.case_type = case_type
    case.case_officer = case_officer
    case.full_clean()
    case.save()
    return case


# --- Case types and their flows ---------------------------------------------------------


@transaction.atomic
def case_type_save(case_type: CaseType) -> CaseType:
    case_type.name = case_type.name.strip()
    if not case_type.name:
        raise ValidationError({"name": "Ärendetypen måste ha ett namn."})
    same = CaseType.objects.filter(name__iexact=case_type.name, series=case_type.series)
    if same.exclude(pk=case_type.pk).exists():
        raise ValidationError({"name": f"Ärendetypen {case_type.name} finns redan i serien."})
    case_type.full_clean(validate_constraints=False)
    case_type.save()
    return case_type


def flow_validate(steps: list[tuple[Body, str]], on: datetime.date) -> None:
    """A flow passes bodies in force (not dissolved) and never the same body twice in a
    row (a handling in one body is one step)."""
    for i, (body, _purpose) in enumerate(steps):
        if body.dissolved_on is not None and body.dissolved_on < on:
            raise ValidationError(
                f"{body.short_name} är avvecklat ({body.dissolved_on:%Y-%m-%d}) och kan inte ingå i en ärendegång."
            )
        if i and steps[i - 1][0].pk == body.pk:
            raise ValidationError(f"{body.short_name} står två gånger i följd i ärendegången.")


@transaction.atomic
def case_type_flow_set(case_type: CaseType, steps: list[tuple[Body, str]]) -> list[FlowStep]:
    """The type's flow, whole and in order: the bodies its cases pass and why."""
    case_type = CaseType.objects.select_for_update().get(pk=case_type.pk)
    flow_validate(steps, timezone.localdate())
    for old in list(case_type.steps.all()):
        old.delete()
    created = []
    for position, (body, purpose) in enumerate(steps, start=1):
        step = FlowStep(case_type=case_type, body=body, position=position, purpose=purpose.strip())
        step.full_clean()
        step.save()
        created.append(step)
    return created


def registry_entry_validate(entry: RegistryEntry) -> None:
    if not entry.description.strip():
        raise ValidationError({"description": "Diarieföringen behöver en kort beskrivning."})
    if entry.counterpart_protected or entry.description_protected or entry.confidentiality_ground:
        legal_ground_validate(entry.confidentiality_ground)


@transaction.atomic
def registry_entry_add(
    case: Case,
    *,
    date: datetime.date,
    direction: str,
    description: str,
    counterpart: str = "",
    document: Document | None = None,
    counterpart_protected: bool = False,
    description_protected: bool = False,
    confidentiality_ground: str = "",
    date_precision: str = "day",
    by: object = None,
    is_demo: bool = False,
) -> RegistryEntry:
    entry = RegistryEntry(
        case=case,
        date=date,
        date_precision=date_precision,
        direction=direction,
        description=description,
        counterpart=counterpart,
        document=document,
        counterpart_protected=counterpart_protected,
        description_protected=description_protected,
        confidentiality_ground=confidentiality_ground.strip(),
        is_demo=is_demo,
    )
    registry_entry_validate(entry)
    if entry.confidentiality_ground:
        entry.marked_at = timezone.now()
        entry.marked_by = by if getattr(by, "pk", None) else None  # type: ignore[assignment]
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def handling_add(
    case: Case,
    *,
    body: Body,
    kind: str,
    date: datetime.date | None,
    summary: str = "",
    agenda_item: AgendaItem | None = None,
    section: Section | None = None,
    date_precision: str = "day",
    is_demo: bool = False,
    demo_note: str = "",
) -> Handling:
    if agenda_item is not None and agenda_item.meeting.body_id != body.pk:
        raise ValidationError("Punkten hör till ett annat organs sammanträde.")
    handling = Handling(
        case=case,
        body=body,
        kind=kind,
        date=date or (agenda_item.meeting.date if agenda_item else None),
        summary=summary,
        agenda_item=agenda_item,
        section=section or getattr(agenda_item, "section", None),
        date_precision=date_precision,
        is_demo=is_demo,
        demo_note=demo_note,
    )
    handling.full_clean()
    handling.save()
    if agenda_item is not None and agenda_item.case_id is None:
        from samverkan.meetings.services import agenda_item_case_set

        agenda_item_case_set(agenda_item, case)  # the item refers to its case
    return handling


@transaction.atomic
def decision_record(
    case: Case,
    *,
    body: Body,
    date: datetime.date,
    text: str,
    handling: Handling | None = None,
    section: Section | None = None,
    founds_body: Body | None = None,
    dissolves_body: Body | None = None,
    effective_on: datetime.date | None = None,
    date_precision: str = "day",
    is_demo: bool = False,
) -> Decision:
    """Record a decision. A decision that founds or dissolves a body changes the
    structure as of its date (or the later day it takes effect), through the structure's
    services, with the deciding body, the date and the case number as its reference."""
    if not text.strip():
        raise ValidationError({"text": "Beslutet saknar text."})
    decision_structure_change_validate(
        date=date, founds_body=founds_body, dissolves_body=dissolves_body, effective_on=effective_on
    )
    decision = Decision.objects.create(
        case=case,
        body=body,
        date=date,
        text=text,
        handling=handling,
        section=section,
        founds_body=founds_body,
        dissolves_body=dissolves_body,
        date_precision=date_precision,
        is_demo=is_demo,
    )
    reference = f"{body.short_name} {date:%Y-%m-%d}, {case.case_number}"
    day = effective_on or date
    if founds_body is not None:
        try:
            structure_services.body_found(founds_body, on=day, decision=reference)
        except ValidationError as error:
            raise ValidationError({"founds_body": error.messages}) from error
    if dissolves_body is not None:
        try:
            structure_services.body_dissolve(dissolves_body, on=day, decision=reference)
        except ValidationError as error:
            raise ValidationError({"dissolves_body": error.messages}) from error
    return decision


def decision_structure_change_validate(
    *,
    date: datetime.date,
    founds_body: Body | None,
    dissolves_body: Body | None,
    effective_on: datetime.date | None,
) -> None:
    """A decision founds or dissolves a body from its own day or later, never the same
    body both at once."""
    if (
        founds_body is not None
        and dissolves_body is not None
        and founds_body.pk == dissolves_body.pk
    ):
        raise ValidationError(
            {"dissolves_body": "Ett beslut kan inte både inrätta och avveckla samma organ."}
        )
    if effective_on is not None and effective_on < date:
        raise ValidationError(
            {"effective_on": "Ändringen i strukturen kan inte gälla före beslutsdagen."}
        )


@transaction.atomic
def recommendation_issue(
    case: Case,
    *,
    title: str,
    text: str,
    parties: Iterable[Party],
    decision: Decision | None = None,
    proposed_by: str = "",
    issued_on: datetime.date | None = None,
    answer_by: datetime.date | None = None,
    is_demo: bool = False,
    demo_note: str = "",
    notify: bool = False,
) -> Recommendation:
    """Recommend parties to do something; every party's answer starts as not handled.
    With `notify`, each party's registry address gets the recommendation by e-mail once
    it is saved."""
    parties = list(parties)
    if not parties:
        raise ValidationError({"parties": "En rekommendation riktas till minst en part."})
    if not title.strip():
        raise ValidationError({"title": "Rekommendationen saknar rubrik."})
    if decision is not None and decision.case_id != case.pk:
        raise ValidationError("Beslutet hör till ett annat ärende.")
    if not text.strip():
        raise ValidationError({"text": "Rekommendationen saknar text."})
    if issued_on and answer_by and answer_by < issued_on:
        raise ValidationError({"answer_by": "Svarsdagen kan inte ligga före rekommendationen."})
    recommendation = Recommendation.objects.create(
        case=case,
        decision=decision,
        title=title,
        text=text,
        proposed_by=proposed_by,
        issued_on=issued_on,
        answer_by=answer_by,
        is_demo=is_demo,
        demo_note=demo_note,
    )
    for party in parties:
        PartyResponse.objects.create(recommendation=recommendation, party=party)
    if notify:
        transaction.on_commit(lambda: recommendation_mail_send(recommendation))
    return recommendation


def recommendation_mail_send(recommendation: Recommendation) -> list[str]:
    """The recommendation to each party's registry address; parties without one are
    left out (the page says which)."""
    from django.conf import settings
    from django.core.mail import send_mail

    from samverkan.mail import site_url

    rec = Recommendation.objects.select_related("case__series").get(pk=recommendation.pk)
    link = site_url(rec.get_absolute_url())
    answer = f"Svar önskas senast {rec.answer_by:%Y-%m-%d}.\n" if rec.answer_by else ""
    sent = []
    for response in rec.responses.select_related("party"):
        party = response.party
        if not party.email:
            continue
        send_mail(
            f"Rekommendation: {rec.title} ({rec.case.case_number})",
            f"Till {party.name}\n\n{rec.title}\n\n{rec.text}\n\n{answer}"
            f"Ärende {rec.case.case_number}. Partens beslut registreras på {link}\n",
            settings.DEFAULT_FROM_EMAIL,
            [party.email],
        )
        sent.append(party.email)
    return sent


def party_response_validate(response: PartyResponse) -> None:
    """A party's decision carries its own reference and date."""
    if response.status == PartyResponse.Status.NOT_HANDLED:
        return
    if not response.decided_on:
        raise ValidationError({"decided_on": "Ange datum för partens beslut."})
    if not response.decision_reference.strip():
        raise ValidationError(
            {"decision_reference": "Ange partens beslutsreferens (t.ex. § och diarienummer)."}
        )


@transaction.atomic
def party_response_record(
    response: PartyResponse,
    *,
    status: str,
    decision_reference: str = "",
    decided_on: datetime.date | None = None,
    document: Document | None = None,
    note: str = "",
) -> PartyResponse:
    response = PartyResponse.objects.select_for_update().get(pk=response.pk)
    response.status = status
    response.decision_reference = decision_reference
    response.decided_on = decided_on
    response.document = document or response.document
    response.note = note
    party_response_validate(response)
    response.full_clean()
    response.save()
    return response


def reminder_due(response: PartyResponse, today: datetime.date, days_before: int) -> bool:
    """Remind a party that has not answered when the answer date is near or passed,
    at most once a week."""
    rec = response.recommendation
    if response.status != PartyResponse.Status.NOT_HANDLED or rec.answer_by is None:
        return False
    if (rec.answer_by - today).days > days_before:
        return False
    return not (
        response.reminded_at and (today - timezone.localdate(response.reminded_at)).days < 7
    )


def reminders_send(
    today: datetime.date | None = None, days_before: int = 14
) -> list[PartyResponse]:
    from django.conf import settings
    from django.core.mail import send_mail

    today = today or timezone.localdate()
    sent = []
    responses = PartyResponse.objects.select_related(
        "recommendation__case__series", "party"
    ).filter(status=PartyResponse.Status.NOT_HANDLED, recommendation__answer_by__isnull=False)
    for response in responses:
        if not reminder_due(response, today, days_before) or not response.party.email:
            continue
        rec = response.recommendation
        send_mail(
            f"Påminnelse: {rec.title} ({rec.case.case_number})",
            f"{response.party.name} har ännu inte besvarat rekommendationen ”{rec.title}”.\n\n"
            f"{rec.text}\n\nSvar önskas senast {rec.answer_by:%Y-%m-%d}.\n",
            settings.DEFAULT_FROM_EMAIL,
            [response.party.email],
        )
        with transaction.atomic():
            response.reminded_at = timezone.now()
            response.save(update_fields=["reminded_at"])
        sent.append(response)
    return sent


@transaction.atomic
def decisions_record_from_sections(sections: list[Section]) -> list[Decision]:
    """Decisions in final §§ reach their case: a § whose agenda item refers to a case
    gives the case its decision, linked to the § and the handling (once)."""
    recorded = []
    for section in sections:
        item = section.agenda_item
        case = item.case if item is not None else None
        if case is None or Decision.objects.filter(section=section).exists():
            continue
        meeting = section.meeting
        handling = Handling.objects.filter(case=case, agenda_item=item).first()
        if handling is None:
            handling = Handling.objects.create(
                case=case,
                body=meeting.body,
                kind=Handling.Kind.DECISION,
                date=meeting.date,
                agenda_item=item,
                section=section,
            )
        elif handling.section_id is None:
            handling.section = section
            handling.save()
        recorded.append(
            Decision.objects.create(
                case=case,
                handling=handling,
                body=meeting.body,
                section=section,
                date=meeting.date,
                text=section.decision or f"§ {section.number} {section.title}",
            )
        )
    return recorded
