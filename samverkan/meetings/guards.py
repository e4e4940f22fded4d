"""Attested minutes never change. Whatever path a write takes through the ORM (a view,
the admin, a service, an API, loaddata), these signals refuse it once the meeting is
sealed or the § is immediately attested, including moving a row out of it. (Bulk QuerySet.update bypasses signals; no code of the
project updates these tables in bulk after sealing.)"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.db.models.signals import pre_delete, pre_save

from . import models as m

SEALED = "Protokollet är justerat och kan inte ändras."
SECTION_ATTESTED = "Paragrafen är omedelbart justerad och kan inte ändras."
# What may still change on a sealed meeting: its notice-board posting.
POSTING_FIELDS = {"posted_on", "posting_ends_on", "appeal_last_day", "minutes_kept_at"}
# The public version of the minutes is cut again when an item's publicity changes.
PUBLIC_VERSION_FIELDS = {"public_minutes_pdf", "public_minutes_sha256"}
# Publicity is a secrecy assessment, made anew when asked; it is not minutes content.
ITEM_PUBLICITY_FIELDS = {"is_public", "confidentiality_ground"}


def _meeting_sealed(meeting_id: int | None) -> bool:
    if meeting_id is None:
        return False
    return m.Meeting.objects.filter(pk=meeting_id, sealed_at__isnull=False).exists()


def _section_locked(section_id: int | None) -> str | None:
    if section_id is None:
        return None
    row = (
        m.Section.objects.filter(pk=section_id).values("attested_at", "meeting__sealed_at").first()
    )
    if not row:
        return None
    if row["meeting__sealed_at"]:
        return SEALED
    if row["attested_at"]:
        return SECTION_ATTESTED
    return None


def _guard_meeting(instance: m.Meeting, deleting: bool) -> None:
    if instance.pk is None:
        return
    old = m.Meeting.objects.filter(pk=instance.pk).first()
    if old is None or old.sealed_at is None:
        return
    if deleting:
        raise ValidationError(SEALED)
    changed = {
        f.attname
        for f in m.Meeting._meta.concrete_fields
        if getattr(old, f.attname) != getattr(instance, f.attname)
    }
    if changed - POSTING_FIELDS - PUBLIC_VERSION_FIELDS:
        raise ValidationError(SEALED)


def _only_publicity_changes(instance: m.AgendaItem, deleting: bool) -> bool:
    if deleting or instance.pk is None:
        return False
    old = m.AgendaItem.objects.filter(pk=instance.pk).first()
    if old is None or old.meeting_id != instance.meeting_id:
        return False
    changed = {
        f.attname
        for f in m.AgendaItem._meta.concrete_fields
        if getattr(old, f.attname) != getattr(instance, f.attname)
    }
    return changed <= ITEM_PUBLICITY_FIELDS


MEETING_CHILDREN = (
    m.AgendaItem,
    m.Guest,
    m.Attendance,
    m.Attester,
    m.Attestation,
    m.AbsenceNotice,
)
SECTION_CHILDREN = (m.Motion, m.Vote, m.Dissent, m.Statement, m.ConflictOfInterest)


def _old(sender: type[Model], instance: Any, field: str) -> Any:
    """The parent the row has in the database now (a move must not free it)."""
    if instance.pk is None:
        return None
    return sender._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first()


def _guard(sender: type[Model], instance: Any, deleting: bool) -> None:
    if sender is m.Meeting:
        _guard_meeting(instance, deleting)
    elif sender is m.AgendaItem and _only_publicity_changes(instance, deleting):
        return
    elif sender in MEETING_CHILDREN:
        for meeting_id in {instance.meeting_id, _old(sender, instance, "meeting_id")}:
            if _meeting_sealed(meeting_id):
                raise ValidationError(SEALED)
    elif sender is m.SupportingDocument:
        for item_id in {instance.agenda_item_id, _old(sender, instance, "agenda_item_id")}:
            item = m.AgendaItem.objects.filter(pk=item_id).values("meeting_id").first()
            if item and _meeting_sealed(item["meeting_id"]):
                raise ValidationError(SEALED)
    elif sender is m.Section:
        for meeting_id in {instance.meeting_id, _old(sender, instance, "meeting_id")}:
            if _meeting_sealed(meeting_id):
                raise ValidationError(SEALED)
        if (
            instance.pk
            and m.Section.objects.filter(pk=instance.pk, attested_at__isnull=False).exists()
        ):
            raise ValidationError(SECTION_ATTESTED)
    elif sender in SECTION_CHILDREN:
        for section_id in {instance.section_id, _old(sender, instance, "section_id")}:
            message = _section_locked(section_id)
            if message:
                raise ValidationError(message)
    elif sender is m.Ballot:
        for vote_id in {instance.vote_id, _old(sender, instance, "vote_id")}:
            vote = m.Vote.objects.filter(pk=vote_id).values("section_id").first()
            message = _section_locked(vote["section_id"]) if vote else None
            if message:
                raise ValidationError(message)


def _pre_save(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    # Raw saves (loaddata) are guarded too: a fixture must not rewrite sealed minutes.
    _guard(sender, instance, deleting=False)


def _pre_delete(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    _guard(sender, instance, deleting=True)


GUARDED = (
    m.Meeting,
    m.SupportingDocument,
    m.Section,
    m.Ballot,
    *MEETING_CHILDREN,
    *SECTION_CHILDREN,
)


def connect() -> None:
    for model in GUARDED:
        pre_save.connect(_pre_save, sender=model, dispatch_uid=f"sealed:{model._meta.label}")
        pre_delete.connect(_pre_delete, sender=model, dispatch_uid=f"sealed:{model._meta.label}")
