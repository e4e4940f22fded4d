"""The secretariat's maintenance of the structure. The admin holds no rules: its forms
ask the service rules for errors, and every save goes through a service."""

import copy
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms.models import construct_instance
from django.http import HttpRequest
from django.utils import timezone

from samverkan.accounts.permissions import is_administrator

from . import services
from .models import (
    Body,
    Membership,
    Participation,
    Party,
    Person,
    ReportingLine,
    SupportFunction,
    Term,
)
from .selectors import bodies_where_secretary


def _by_field(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {k: [m for e in v for m in e.messages] for k, v in error.error_dict.items()}
    return {"__all__": error.messages}


def ruled_form(rule: Callable[[Any], None]) -> type[forms.ModelForm]:
    """A ModelForm that shows the service rule's Swedish errors beside the fields."""

    class RuledForm(forms.ModelForm):
        def clean(self) -> dict[str, Any] | None:
            cleaned = super().clean()
            if self.errors:
                return cleaned
            # Try the rule on a copy holding the submitted values; the real instance is
            # filled in by the form afterwards as usual.
            candidate = construct_instance(self, copy.copy(self.instance))
            try:
                rule(candidate)
            except ValidationError as error:
                for field, messages in _by_field(error).items():
                    self.add_error(field if field in self.fields else None, messages)
            return cleaned

    return RuledForm


# Every admin save goes through the entity's service, with its rules and transaction.
SAVERS: dict[type[Model], Callable[[Any], Any]] = {
    Party: services.party_save,
    Body: services.body_save,
    Term: services.term_save,
    Person: services.person_save,
    Membership: services.membership_save,
    Participation: services.participation_save,
    ReportingLine: services.reporting_line_save,
    SupportFunction: services.support_function_save,
}


class ServiceSaveMixin:
    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        SAVERS[type(obj)](obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            SAVERS[type(obj)](obj)
        formset.save_m2m()


class SecretaryScopedMixin:
    """Secretaries see and edit only the bodies they are secretary of."""

    body_path = "body"

    def _bodies(self, request: HttpRequest) -> QuerySet[Body]:
        return bodies_where_secretary(request.user, timezone.localdate())

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)  # type: ignore[misc]
        if is_administrator(request.user):
            return qs
        return qs.filter(**{f"{self.body_path}__in": self._bodies(request)})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in ("body", "from_body") and not is_administrator(request.user):
            kwargs["queryset"] = self._bodies(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Party)
class PartyAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = ruled_form(lambda p: services.org_number_validate(p.org_number))
    list_display = ("name", "kind", "org_number", "sort_order")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "org_number")
    prepopulated_fields = {"slug": ("short_name",)}


class ParticipationInline(admin.TabularInline):
    model = Participation
    form = ruled_form(services.participation_validate)
    extra = 0
    fields = ("party", "seats", "appointed_by", "start", "end", "is_demo")


class SupportFunctionInline(admin.TabularInline):
    model = SupportFunction
    extra = 0
    fields = ("kind", "name", "description", "start", "end", "is_demo")


@admin.register(Body)
class BodyAdmin(ServiceSaveMixin, SecretaryScopedMixin, admin.ModelAdmin):
    form = ruled_form(services.body_validate)
    body_path = "pk"
    list_display = (
        "short_name",
        "name",
        "kind",
        "decision_power",
        "founded_on",
        "dissolved_on",
        "is_demo",
    )
    list_filter = ("kind", "decision_power", "is_demo")
    search_fields = ("name", "short_name", "mandate")
    prepopulated_fields = {"slug": ("short_name",)}
    inlines = [ParticipationInline, SupportFunctionInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "short_name",
                    "slug",
                    "kind",
                    "decision_power",
                    "owner_party",
                    "sort_order",
                )
            },
        ),
        (
            "Mandat och arbetssätt",
            {
                "fields": (
                    "mandate",
                    "composition",
                    "secretariat",
                    "meetings_per_year",
                    "meeting_rhythm",
                )
            },
        ),
        (
            "Livstid",
            {
                "fields": (
                    ("founded_on", "founded_precision"),
                    "founded_by",
                    ("dissolved_on", "dissolved_precision"),
                    "dissolved_by",
                )
            },
        ),
        ("Källa och demodata", {"fields": ("source", "is_demo", "demo_note")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Bodies are history: they are dissolved by decision, never deleted.
        return False


@admin.register(Term)
class TermAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = ruled_form(services.term_validate)
    list_display = ("name", "start", "end")


@admin.register(Person)
class PersonAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("name", "title", "user", "is_demo")
    search_fields = ("name", "title")
    prepopulated_fields = {"slug": ("name",)}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Linking a person to a log-in decides who may attest and whose bodies a
        # secretary keeps: only administrators do that.
        return () if is_administrator(request.user) else ("user",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        qs = super().get_queryset(request)
        if is_administrator(request.user):
            return qs
        bodies = bodies_where_secretary(request.user, timezone.localdate())
        return qs.filter(Q(memberships__body__in=bodies) | Q(memberships__isnull=True)).distinct()


@admin.register(Membership)
class MembershipAdmin(ServiceSaveMixin, SecretaryScopedMixin, admin.ModelAdmin):
    form = ruled_form(services.membership_validate)
    list_display = (
        "person",
        "body",
        "role",
        "party",
        "party_letters",
        "term",
        "start",
        "end",
        "is_demo",
    )
    list_filter = ("body", "role", "party", "term", "is_demo")
    search_fields = ("person__name", "body__name", "body__short_name")
    autocomplete_fields = ("person",)
    list_select_related = ("person", "body", "party", "term")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "person",
                    "body",
                    "role",
                    "party",
                    "party_letters",
                    "substitute_order",
                    "position",
                )
            },
        ),
        ("Period", {"fields": ("term", "start", "end")}),
        ("Källa och demodata", {"fields": ("source", "is_demo", "demo_note")}),
    )


@admin.register(ReportingLine)
class ReportingLineAdmin(ServiceSaveMixin, SecretaryScopedMixin, admin.ModelAdmin):
    form = ruled_form(services.reporting_line_validate)
    body_path = "from_body"
    list_display = ("from_body", "to_body", "subject", "frequency", "start", "end", "is_demo")
    list_filter = ("from_body", "to_body")
    list_select_related = ("from_body", "to_body")
