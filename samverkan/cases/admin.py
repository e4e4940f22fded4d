"""Admin for the registry's settings: the number series (and who registers in each) and
the case types with their flow. Cases, registry entries, handlings, decisions and
documents have their pages in the site, where every write goes through the services;
they are not in the admin. What is set here is validated whole and saved in one
transaction; the audit log records it (AuditedModel), the registrars of a series too."""

from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed
from django.http import HttpRequest

from samverkan.audit.admin_base import SavedWholeAdmin
from samverkan.audit.context import current_actor
from samverkan.audit.models import AuditEntry

from .models import CaseSeries, CaseType, FlowStep


class SettingAdmin(SavedWholeAdmin):
    """Registry settings: saved whole, deleted one by one, audited."""


def _registrar_names(series: CaseSeries) -> list[str]:
    return sorted(str(user) for user in series.registrars.all())


def _audit_registrars(series: CaseSeries, before: list[str], after: list[str]) -> None:
    """Who registers in a series decides who reads its confidential documents: a change is
    logged like a change of the series, unless the audit app already logs this relation."""
    if before == after or m2m_changed.has_listeners(CaseSeries.registrars.through):
        return
    actor = current_actor()
    user = actor.user if actor else None
    AuditEntry.objects.create(
        actor=user,
        actor_label=str(user) if user else "system",
        source=actor.source if actor else "system",
        action=AuditEntry.Action.UPDATE,
        content_type=ContentType.objects.get_for_model(CaseSeries),
        object_id=str(series.pk),
        object_repr=str(series)[:300],
        before={"registrars": before},
        after={"registrars": after},
    )


@admin.register(CaseSeries)
class CaseSeriesAdmin(SettingAdmin):
    list_display = ("code", "name", "organisation")

    @transaction.atomic
    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        series = form.instance
        before = _registrar_names(series) if change else []
        super().save_related(request, form, formsets, change)
        _audit_registrars(series, before, _registrar_names(series))


class FlowStepInline(admin.TabularInline):
    model = FlowStep
    extra = 1


@admin.register(CaseType)
class CaseTypeAdmin(SettingAdmin):
    """The flow of each case type (e.g. working group → TaHSU → PaHSU) is set here."""

    inlines = [FlowStepInline]
