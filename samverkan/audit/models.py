from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _

from . import chain


class AuditedModel(models.Model):
    """Every create, update and delete of a subclass lands in the audit log."""

    class Meta:
        abstract = True


class AuditLogIsAppendOnly(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: object) -> int:
        raise AuditLogIsAppendOnly("Ändringsloggen kan inte ändras.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("Ändringsloggen kan inte raderas.")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list["AuditEntry"]:
        """Entries in bulk join the hash chain in the order given."""
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise AuditLogIsAppendOnly("Ändringsloggen skriver bara nya poster.")
        entries = list(objs)
        with transaction.atomic(using=self.db):
            chain.entries_link(entries, self.db)
            return super().bulk_create(entries, *args, **kwargs)

    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Skapad")
        UPDATE = "update", _("Ändrad")
        DELETE = "delete", _("Raderad")

    # Set when the entry joins the hash chain (audit/chain.py), from timezone.now() at
    # that moment (the generator's simulated clock included).
    occurred_at = models.DateTimeField(_("tidpunkt"), editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utförd av"),
        null=True,
        blank=True,
        # An account that has changed anything is deactivated, never deleted: the log
        # keeps pointing at it.
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too: the log must still say who, should the account go.
    actor_label = models.CharField(_("utförd av (namn)"), max_length=200)
    source = models.CharField(_("källa"), max_length=40)
    action = models.CharField(_("händelse"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("objekttyp"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("objekt-id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("objekt"), max_length=300)
    before = models.JSONField(_("före"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("efter"), null=True, blank=True, encoder=DjangoJSONEncoder)
    # The hash chain (audit/chain.py): the hash of the entry before, and this entry's own.
    prev_hash = models.CharField(_("föregående posts hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("loggpost")
        verbose_name_plural = _("ändringslogg")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AuditLogIsAppendOnly("Ändringsloggen kan inte ändras.")
        using = str(kwargs.get("using") or router.db_for_write(type(self), instance=self))
        with transaction.atomic(using=using):
            chain.entries_link([self], using)
            super().save(*args, **kwargs)  # type: ignore[arg-type,unused-ignore]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("Ändringsloggen kan inte raderas.")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
