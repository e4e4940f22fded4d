"""Writes of preparation (beredning). Each step is one transaction, checks its rule in the
access policy, changes the status and writes a row in the item's history; the models are
audited like every other.

The life of an item: utkast (draft) → inskickad (submitted) → godkänd (approved) or
återsänd (returned, with a comment; edited and submitted again) → planerad (placed on a
meeting's agenda by the body's secretariat)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from samverkan.access.policy import (
    audience_for,
    case_linkable_q,
    may_edit_preparation,
    may_manage_body,
    may_prepare_for,
    may_review_preparation,
)
from samverkan.meetings import services as meetings
from samverkan.meetings.models import AgendaItem, Meeting, SupportingDocument
from samverkan.structure.models import Body, Person

from .models import Preparation, PreparationDocument, PreparationEvent, Reviewer

Status = Preparation.Status
Kind = PreparationEvent.Kind

# What the template of a tjänsteskrivelse holds; the rest of the item's fields are
# its case, publicity and legal ground.
CONTENT_FIELDS = (
    "title",
    "background",
    "assessment",
    "proposed_decision",
    "dispatch_to",
    "consequences_children",
    "consequences_parties",
    "contact",
)
FIELDS = (*CONTENT_FIELDS, "case", "is_public", "confidentiality_ground")


def _label(user: object) -> str:
    person = getattr(user, "person", None)
    if person is not None:
        return str(person.name)
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or getattr(user, "username", ""))


def _event(preparation: Preparation, kind: str, by: object, comment: str = "") -> PreparationEvent:
    return PreparationEvent.objects.create(
        preparation=preparation,
        kind=kind,
        by=by if getattr(by, "pk", None) else None,  # type: ignore[misc]
        by_label=_label(by)[:200] if by is not None else "",
        comment=comment,
    )


def _locked(preparation: Preparation) -> Preparation:
    return Preparation.objects.select_for_update().select_related("body").get(pk=preparation.pk)


# --- Rules, one function each -----------------------------------------------------------


def preparation_ground_validate(preparation: Preparation) -> None:
    """A closed item carries its legal ground (the same rule as for an agenda item)."""
    if not preparation.is_public and not preparation.confidentiality_ground.strip():
        raise ValidationError(
            {"confidentiality_ground": "Ange lagrum (sekretessgrund) för en stängd punkt."}
        )
    if preparation.is_public:
        preparation.confidentiality_ground = ""


def preparation_case_validate(preparation: Preparation, by: object) -> None:
    """The item refers only to a case that passes its body (case_linkable_q)."""
    if preparation.case_id is None:
        return
    Case = Preparation._meta.get_field("case").related_model
    linkable = Case.objects.filter(  # type: ignore[union-attr]
        case_linkable_q(audience_for(by), preparation.body_id)
    )
    if not linkable.filter(pk=preparation.case_id).exists():
        raise ValidationError(
            {"case": "Ärendet går inte genom det här organet. Be registratorn lägga ärendet hit."}
        )


def preparation_validate(preparation: Preparation, by: object) -> None:
    if not (preparation.title or "").strip():
        raise ValidationError({"title": "Ärendet måste ha en rubrik."})
    preparation_ground_validate(preparation)
    preparation_case_validate(preparation, by)


def preparation_complete_validate(preparation: Preparation) -> None:
    """What a reviewer needs before it is sent: the background and a proposed decision."""
    errors = {}
    if not preparation.background.strip():
        errors["background"] = "Skriv en bakgrund innan ärendet skickas för granskning."
    if not preparation.proposed_decision.strip():
        errors["proposed_decision"] = "Skriv ett förslag till beslut innan ärendet skickas."
    if errors:
        raise ValidationError(errors)


def _editable(preparation: Preparation, by: object) -> None:
    if not may_edit_preparation(audience_for(by), preparation.body_id, preparation.author_id):
        raise ValidationError("Bara författaren och organets beredare ändrar ärendet.")
    if not preparation.is_editable:
        raise ValidationError(
            f"Ärendet är {preparation.get_status_display().lower()} och kan inte ändras nu."
        )


def _reviewable(preparation: Preparation, by: object) -> None:
    reviewer_ids = set(preparation.body.reviewers.values_list("person_id", flat=True))
    if not may_review_preparation(audience_for(by), preparation.author_id, reviewer_ids):
        if preparation.author_id == getattr(by, "pk", None):
            raise ValidationError("Den som skrivit ärendet granskar det inte själv.")
        raise ValidationError("Bara organets utsedda granskare godkänner eller återsänder.")
    if preparation.status != Status.SUBMITTED:
        raise ValidationError("Ärendet väntar inte på granskning.")


def meeting_placeable_validate(preparation: Preparation, meeting: Meeting) -> None:
    """An approved item goes on a coming meeting of its own body whose minutes are not
    sealed."""
    if meeting.body_id != preparation.body_id:
        raise ValidationError({"meeting": "Sammanträdet hör till ett annat organ."})
    if meeting.sealed_at is not None:
        raise ValidationError({"meeting": "Sammanträdets protokoll är justerat."})
    if meeting.date < timezone.localdate():
        raise ValidationError({"meeting": "Sammanträdet är redan hållet."})


# --- Steps ------------------------------------------------------------------------------


@transaction.atomic
def preparation_create(*, body: Body, author: object, **fields: Any) -> Preparation:
    """A new draft for the body, by an official or the secretariat who prepares for it."""
    if not may_prepare_for(audience_for(author), body.pk):
        raise ValidationError(f"Du bereder inte ärenden för {body.short_name}.")
    unknown = set(fields) - {*FIELDS, "is_demo"}
    if unknown:
        raise TypeError(f"Okända fält: {sorted(unknown)}")
    preparation = Preparation(body=body, author=author, **fields)  # type: ignore[misc]
    preparation_validate(preparation, author)
    preparation.full_clean()
    preparation.save()
    _event(preparation, Kind.CREATED, author)
    return preparation


@transaction.atomic
def preparation_update(preparation: Preparation, *, by: object, **fields: Any) -> Preparation:
    preparation = _locked(preparation)
    _editable(preparation, by)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Okända fält: {sorted(unknown)}")
    changed = [k for k, v in fields.items() if getattr(preparation, k) != v]
    for key, value in fields.items():
        setattr(preparation, key, value)
    preparation_validate(preparation, by)
    preparation.full_clean()
    preparation.save()
    if changed:
        names = ", ".join(
            str(getattr(Preparation._meta.get_field(k), "verbose_name", k)) for k in changed
        )
        _event(preparation, Kind.EDITED, by, f"Ändrat: {names}.")
    return preparation


@transaction.atomic
def preparation_document_add(
    preparation: Preparation,
    *,
    title: str,
    by: object,
    data: bytes | None = None,
    filename: str = "",
    confidentiality_ground: str = "",
) -> PreparationDocument:
    """The document goes into the one document store; while the item is in preparation
    only those who read the item read it (Document.objects.visible_to)."""
    from samverkan.documents.services import document_create

    preparation = _locked(preparation)
    _editable(preparation, by)
    document = document_create(
        title=title,
        data=data,
        filename=filename,
        by=by,
        confidentiality_ground=confidentiality_ground,
        is_demo=preparation.is_demo,
    )
    position = (preparation.documents.aggregate(n=Max("position"))["n"] or 0) + 1
    link = PreparationDocument.objects.create(
        preparation=preparation, document=document, position=position
    )
    _event(preparation, Kind.DOCUMENT_ADDED, by, title)
    return link


@transaction.atomic
def preparation_submit(preparation: Preparation, *, by: object) -> Preparation:
    """Send the item to the body's reviewers."""
    preparation = _locked(preparation)
    _editable(preparation, by)
    preparation_complete_validate(preparation)
    reviewers = list(preparation.body.reviewers.select_related("person"))
    if not reviewers:
        raise ValidationError(
            f"{preparation.body.short_name} har inga granskare. Be sekreteraren utse granskare."
        )
    preparation.status = Status.SUBMITTED
    preparation.save()
    _event(preparation, Kind.SUBMITTED, by)
    _notify(
        preparation,
        [r.person.email for r in reviewers if r.person.email],
        f"Att granska: {_subject(preparation)}",
        f"{_label(by)} har skickat ett ärende till {preparation.body.name} för granskning.",
    )
    return preparation


@transaction.atomic
def preparation_approve(preparation: Preparation, *, by: object, comment: str = "") -> Preparation:
    """A named reviewer approves the item for the agenda."""
    preparation = _locked(preparation)
    _reviewable(preparation, by)
    preparation.status = Status.APPROVED
    preparation.save()
    _event(preparation, Kind.APPROVED, by, comment.strip())
    _notify(
        preparation,
        _author_addresses(preparation),
        f"Godkänt: {_subject(preparation)}",
        f"{_label(by)} har godkänt ärendet för dagordningen. Sekreteraren planerar in det "
        "på ett sammanträde.",
    )
    return preparation


@transaction.atomic
def preparation_return(preparation: Preparation, *, by: object, comment: str) -> Preparation:
    """A named reviewer sends the item back to its author, saying why."""
    if not comment.strip():
        raise ValidationError({"comment": "Skriv varför ärendet återsänds."})
    preparation = _locked(preparation)
    _reviewable(preparation, by)
    preparation.status = Status.RETURNED
    preparation.save()
    _event(preparation, Kind.RETURNED, by, comment.strip())
    _notify(
        preparation,
        _author_addresses(preparation),
        f"Återsänt: {_subject(preparation)}",
        f"{_label(by)} har återsänt ärendet med en kommentar. Läs den, ändra ärendet och "
        "skicka det igen.",
    )
    return preparation


@transaction.atomic
def preparation_place(preparation: Preparation, meeting: Meeting, *, by: object) -> AgendaItem:
    """The secretariat places an approved item on a coming meeting of its body: the agenda
    item is made from the tjänsteskrivelse, the attached documents become its supporting
    documents (the same documents, not copies), and the item keeps the link."""
    preparation = _locked(preparation)
    if not may_manage_body(audience_for(by), preparation.body_id):
        raise ValidationError("Bara organets sekreterare placerar ärenden på dagordningen.")
    if not preparation.is_placeable:
        raise ValidationError("Bara ett godkänt ärende placeras på ett sammanträde.")
    meeting_placeable_validate(preparation, meeting)
    item = meetings.agenda_item_add(
        meeting,
        title=preparation.title,
        description=agenda_description(preparation),
        proposed_decision=preparation.proposed_decision,
        dispatch_to=preparation.dispatch_to,
        presenters=preparation.contact,
        case=preparation.case,
        is_public=preparation.is_public,
        confidentiality_ground=preparation.confidentiality_ground,
    )
    for position, link in enumerate(preparation.documents.all(), start=1):
        # The meetings app links a new upload only; an existing document of the store is
        # linked here, inside agenda_item_add's check that the meeting is not sealed.
        SupportingDocument.objects.create(
            agenda_item=item, document_id=link.document_id, position=position
        )
    preparation.agenda_item = item
    preparation.status = Status.PLACED
    preparation.save()
    _event(preparation, Kind.PLACED, by, f"{meeting.body.short_name} {meeting.date:%Y-%m-%d}")
    return item


def agenda_description(preparation: Preparation) -> str:
    """The item's description (ärendebeskrivning) from the tjänsteskrivelse's sections."""
    parts = [preparation.background.strip()]
    for label, text in (
        ("Bedömning", preparation.assessment),
        ("Konsekvenser för barn", preparation.consequences_children),
        ("Konsekvenser för parterna", preparation.consequences_parties),
    ):
        if text.strip():
            parts.append(f"{label}: {text.strip()}")
    return "\n\n".join(p for p in parts if p)


# --- Reviewers --------------------------------------------------------------------------


@transaction.atomic
def reviewer_add(body: Body, person: Person, *, by: object, role_label: str = "") -> Reviewer:
    if not may_manage_body(audience_for(by), body.pk):
        raise ValidationError("Bara organets sekreterare utser granskare.")
    if Reviewer.objects.filter(body=body, person=person).exists():
        raise ValidationError({"person": f"{person.name} är redan granskare."})
    reviewer = Reviewer(body=body, person=person, role_label=role_label.strip())
    reviewer.full_clean()
    reviewer.save()
    return reviewer


@transaction.atomic
def reviewer_remove(reviewer: Reviewer, *, by: object) -> None:
    if not may_manage_body(audience_for(by), reviewer.body_id):
        raise ValidationError("Bara organets sekreterare ändrar granskarna.")
    reviewer.delete()


# --- Mail -------------------------------------------------------------------------------


def _subject(preparation: Preparation) -> str:
    # A closed item's title stays out of mail (it passes servers outside the policy).
    if not preparation.is_public:
        return f"stängt ärende för {preparation.body.short_name}"
    return f"{preparation.title} ({preparation.body.short_name})"


def _author_addresses(preparation: Preparation) -> list[str]:
    author = preparation.author
    person = getattr(author, "person", None)
    address = (person.email if person is not None else "") or author.email
    return [address] if address else []


def _link(preparation: Preparation) -> str:
    from samverkan.mail import site_url

    return site_url(preparation.get_absolute_url())


def _notify(preparation: Preparation, to: list[str], subject: str, text: str) -> None:
    from django.conf import settings
    from django.core.mail import EmailMessage

    body = f"{text}\n\nÄrendet: {_link(preparation)}\n"
    for address in sorted(set(to)):
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
