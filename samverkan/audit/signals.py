"""Write an audit entry for every create, update and delete of an AuditedModel."""

import json
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .context import current_actor
from .models import AuditedModel, AuditEntry

# Never written to the log: secrets, and what changes on every login.
EXCLUDED_FIELDS = {"password", "last_login"}


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values, JSON-safe, keyed by field name."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.attname not in EXCLUDED_FIELDS:
            value = field.value_from_object(instance)
            data[field.attname] = value.name if isinstance(value, FieldFile) else value
    # Round-trip through the encoder so dates and decimals compare as stored.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def _write(instance: models.Model, action: str, before: Any, after: Any) -> None:
    actor = current_actor()
    user = actor.user if actor else None
    AuditEntry.objects.create(
        actor=user,
        actor_label=(str(user) if user else "system"),
        source=actor.source if actor else "system",
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        before=before,
        after=after,
    )


def _pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    before = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        before = snapshot(old) if old is not None else None
    instance._audit_before = before  # type: ignore[attr-defined]


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if not created and before == after:
        return  # a save that changed nothing is no change
    _write(instance, "create" if created or before is None else "update", before, after)


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    _write(instance, "delete", snapshot(instance), None)


def _m2m_changed(
    sender: Any, instance: models.Model, action: str, reverse: bool, model: Any, **kwargs: Any
) -> None:
    """Role (group) changes of a user: logged as the user's update with the group names."""
    if reverse or action not in {
        "pre_add",
        "pre_remove",
        "pre_clear",
        "post_add",
        "post_remove",
        "post_clear",
    }:
        return
    field = next(f for f in type(instance)._meta.many_to_many if f.remote_field.through is sender)
    names = sorted(str(o) for o in getattr(instance, field.name).all())
    if action.startswith("pre_"):
        instance._audit_m2m_before = names  # type: ignore[attr-defined]
        return
    before = getattr(instance, "_audit_m2m_before", None)
    if before != names:
        _write(instance, "update", {field.name: before}, {field.name: names})


def connect_audited_models() -> None:
    user_model = get_user_model()
    for m2m in user_model._meta.many_to_many:
        m2m_changed.connect(
            _m2m_changed, sender=m2m.remote_field.through, dispatch_uid=f"audit:user:{m2m.name}"
        )
    for model in apps.get_models():
        if issubclass(model, AuditedModel) or model is user_model:
            uid = f"audit:{model._meta.label}"
            pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + ":pre")
            post_save.connect(_post_save, sender=model, dispatch_uid=uid + ":post")
            post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + ":del")
