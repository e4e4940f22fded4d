"""Write an audit entry for every create, update and delete of an AuditedModel."""

import hashlib
import json
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from .context import current_actor
from .models import AuditedModel, AuditEntry

# Never written to the log: secrets, and what changes on every login.
EXCLUDED_FIELDS = {"password", "last_login"}

# A model names in `audit_redacted_fields` the fields whose values the log must not hold
# (a member's working notes): the log records that they changed, not what they say.
REDACTED = "(dold)"
REDACTED_CHANGED = "(dold, ändrad)"


def _redacted_fields(instance: models.Model) -> tuple[str, ...]:
    return tuple(getattr(type(instance), "audit_redacted_fields", ()))


def snapshot(instance: models.Model, *, redact: bool = True) -> dict[str, Any]:
    """The concrete field values, JSON-safe, keyed by field name; redacted fields as
    REDACTED unless `redact` is False (for comparing before and after only)."""
    data: dict[str, Any] = {}
    hidden = _redacted_fields(instance) if redact else ()
    for field in instance._meta.concrete_fields:
        if field.attname in EXCLUDED_FIELDS:
            continue
        if field.attname in hidden or field.name in hidden:
            data[field.attname] = REDACTED
            continue
        value = field.value_from_object(instance)
        data[field.attname] = value.name if isinstance(value, FieldFile) else value
    # Round-trip through the encoder so dates and decimals compare as stored.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return {key: _bounded(value) for key, value in result.items()}


def _redact(
    instance: models.Model, before: dict[str, Any] | None, after: dict[str, Any]
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Before and after as logged: each redacted field hidden, marked as changed in
    `after` when its value changed."""
    hidden = _redacted_fields(instance)
    if not hidden:
        return before, after
    logged_before = dict(before) if before is not None else None
    logged_after = dict(after)
    for field in instance._meta.concrete_fields:
        if field.attname not in after or (field.attname not in hidden and field.name not in hidden):
            continue
        changed = before is not None and before.get(field.attname) != after[field.attname]
        logged_after[field.attname] = REDACTED_CHANGED if changed else REDACTED
        if logged_before is not None:
            logged_before[field.attname] = REDACTED
    return logged_before, logged_after


# A long value (a document's extracted text, a sealed copy of minutes) is logged by its
# length and SHA-256: the log proves what it was without holding it a second time.
MAX_LOGGED_CHARS = 4000


def _bounded(value: Any) -> Any:
    text = value if isinstance(value, str) else None
    if text is None and isinstance(value, dict | list):
        text = json.dumps(value, sort_keys=True, ensure_ascii=False)
        if len(text) <= MAX_LOGGED_CHARS:
            return value
    if text is None or len(text) <= MAX_LOGGED_CHARS:
        return value
    digest = hashlib.sha256(text.encode()).hexdigest()
    return {"längd": len(text), "sha256": digest}


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
        before = snapshot(old, redact=False) if old is not None else None
    instance._audit_before = before  # type: ignore[attr-defined]


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None  # type: ignore[attr-defined]  # held no longer than needed
    after = snapshot(instance, redact=False)
    if not created and before == after:
        return  # a save that changed nothing is no change
    logged_before, logged_after = _redact(instance, before, after)
    _write(
        instance, "create" if created or before is None else "update", logged_before, logged_after
    )


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    _write(instance, "delete", snapshot(instance), None)


def _label(obj: models.Model) -> str:
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    return str(obj)


def _related_names(field: Any, owner_pk: Any) -> list[str]:
    """What the owner (the model declaring the field) is linked to now, by name."""
    through = field.remote_field.through
    ids = through._default_manager.filter(**{field.m2m_field_name(): owner_pk}).values_list(
        field.m2m_reverse_field_name(), flat=True
    )
    related = field.remote_field.model._default_manager.filter(pk__in=list(ids))
    if related.model is Permission:
        related = related.select_related("content_type")
    return sorted(_label(o) for o in related)


def _m2m_owners(field: Any, instance: models.Model, reverse: bool, pk_set: Any) -> list[Any]:
    if not reverse:
        return [instance.pk]
    if pk_set is not None:
        return sorted(pk_set)
    through = field.remote_field.through
    return list(
        through._default_manager.filter(**{field.m2m_reverse_field_name(): instance.pk})
        .values_list(field.m2m_field_name(), flat=True)
        .distinct()
    )


def _m2m_changed(
    sender: Any,
    instance: models.Model,
    action: str,
    reverse: bool,
    model: Any,
    pk_set: Any = None,
    **kwargs: Any,
) -> None:
    """Role and permission changes (a user's groups and permissions, a group's
    permissions) and an audited record's links. Logged as an update of the side that declares the field (the user, the
    group) with the names before and after, from either side of the relation."""
    if action not in {
        "pre_add",
        "pre_remove",
        "pre_clear",
        "post_add",
        "post_remove",
        "post_clear",
    }:
        return
    owner_model = model if reverse else type(instance)
    field = next(f for f in owner_model._meta.many_to_many if f.remote_field.through is sender)
    key = f"_audit_m2m_{field.name}"
    if action.startswith("pre_"):
        owners = _m2m_owners(field, instance, reverse, pk_set)
        setattr(instance, key, {pk: _related_names(field, pk) for pk in owners})
        return
    before_by_owner: dict[Any, list[str]] = getattr(instance, key, None) or {}
    changed = owner_model._default_manager.filter(pk__in=list(before_by_owner))
    for owner in changed.order_by("pk"):
        before = before_by_owner[owner.pk]
        after = _related_names(field, owner.pk)
        if before != after:
            _write(owner, "update", {field.name: before}, {field.name: after})


def _group_pre_delete(sender: Any, instance: Group, **kwargs: Any) -> None:
    """Deleting a group removes it from its users and drops its permissions without an
    m2m signal: keep what it held for the log."""
    user_field = get_user_model()._meta.get_field("groups")
    users = list(instance.user_set.values_list("pk", flat=True))
    instance._audit_users_before = {pk: _related_names(user_field, pk) for pk in users}  # type: ignore[attr-defined]
    instance._audit_permissions = _related_names(Group._meta.get_field("permissions"), instance.pk)  # type: ignore[attr-defined]
    instance._audit_user_names = sorted(  # type: ignore[attr-defined]
        str(u) for u in get_user_model()._default_manager.filter(pk__in=users)
    )


def _group_post_delete(sender: Any, instance: Group, **kwargs: Any) -> None:
    before = snapshot(instance)
    before["permissions"] = getattr(instance, "_audit_permissions", [])
    before["users"] = getattr(instance, "_audit_user_names", [])
    _write(instance, "delete", before, None)
    user_field = get_user_model()._meta.get_field("groups")
    users_before: dict[Any, list[str]] = getattr(instance, "_audit_users_before", {})
    for user in get_user_model()._default_manager.filter(pk__in=list(users_before)).order_by("pk"):
        after = _related_names(user_field, user.pk)
        if users_before[user.pk] != after:
            _write(user, "update", {"groups": users_before[user.pk]}, {"groups": after})


def connect_audited_models() -> None:
    user_model = get_user_model()
    m2m_fields = [*user_model._meta.many_to_many, Group._meta.get_field("permissions")]
    # And the links an audited record declares through Django's own table (a
    # collaboration's administrators, a series' registrars): they change who may do what
    # without saving the record. A link table of its own is audited as a model.
    m2m_fields += [
        m2m
        for model in apps.get_models()
        if issubclass(model, AuditedModel)
        for m2m in model._meta.many_to_many
        if m2m.remote_field.through._meta.auto_created  # type: ignore[union-attr]
    ]
    for m2m in m2m_fields:
        m2m_changed.connect(
            _m2m_changed,
            sender=m2m.remote_field.through,
            dispatch_uid=f"audit:{m2m.model._meta.label}:{m2m.name}",
        )
    for model in apps.get_models():
        if issubclass(model, AuditedModel) or model in (user_model, Group):
            uid = f"audit:{model._meta.label}"
            pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + ":pre")
            post_save.connect(_post_save, sender=model, dispatch_uid=uid + ":post")
            if model is Group:
                pre_delete.connect(_group_pre_delete, sender=model, dispatch_uid=uid + ":predel")
                post_delete.connect(_group_post_delete, sender=model, dispatch_uid=uid + ":del")
            else:
                post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + ":del")
