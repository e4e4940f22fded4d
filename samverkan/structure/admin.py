"""The secretariat's maintenance of the structure. The admin holds no rules: its forms
ask the service rules for errors, and every save and removal goes through a service.

A secretary (not an administrator) works only within the bodies they are secretary of:
every list, every related field and every save is scoped to them, and a person is
changed only when all the person's memberships are in those bodies (the rule the access
policy's `may_change_person` reads: a person's e-mail address decides where every body's
notices go)."""

import copy
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms.models import construct_instance
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.permissions import is_administrator

from . import services
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


def _is_admin(request: HttpRequest) -> bool:
    return is_administrator(request.user)


def _managed_ids(request: HttpRequest) -> frozenset[int]:
    """The bodies the user keeps as secretary today (cached for the request)."""
    cached = getattr(request, "_samverkan_managed_ids", None)
    if cached is None:
        bodies = bodies_where_secretary(request.user, timezone.localdate())
        cached = frozenset(bodies.values_list("pk", flat=True))
        request._samverkan_managed_ids = cached  # type: ignore[attr-defined]
    return cached


# Every admin save goes through the entity's service, with its rules and transaction.
SAVERS: dict[type[Model], Callable[[Any], Any]] = {
    Collaboration: services.collaboration_save,
    Party: services.party_save,
    Body: services.body_save,
    Term: services.term_save,
    Person: services.person_save,
    Membership: services.membership_save,
    Participation: services.participation_save,
    ReportingLine: services.reporting_line_save,
    SupportFunction: services.support_function_save,
}

# A secretary's saves of persons and memberships go through the scoped services.
SCOPED_SAVERS: dict[type[Model], Callable[..., Any]] = {
    Person: services.person_save_within,
    Membership: services.membership_save_within,
}

# Removals: bodies are never deleted (they are dissolved); parties, terms and persons are
# protected by what refers to them.
DELETERS: dict[type[Model], Callable[[Any], None]] = {
    Membership: services.membership_delete,
    Participation: services.participation_delete,
    ReportingLine: services.reporting_line_delete,
    SupportFunction: services.support_function_delete,
}


def _acting_person_id(request: HttpRequest) -> int | None:
    person = getattr(request.user, "person", None)
    return person.pk if person is not None else None


def _save(request: HttpRequest, obj: Model) -> None:
    if not _is_admin(request) and type(obj) in SCOPED_SAVERS:
        SCOPED_SAVERS[type(obj)](
            obj, body_ids=_managed_ids(request), by_person_id=_acting_person_id(request)
        )
    else:
        SAVERS[type(obj)](obj)


def _delete(obj: Model) -> None:
    deleter = DELETERS.get(type(obj))
    if deleter is None:
        obj.delete()  # PROTECT keeps what is referred to; the admin shows what blocks it
    else:
        deleter(obj)


class ServiceSaveMixin:
    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        _save(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            _delete(obj)
        for obj in instances:
            _save(request, obj)
        formset.save_m2m()

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        _delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            try:
                _delete(obj)
            except ValidationError as error:
                messages.error(request, f"{obj}: {' '.join(error.messages)}")


class RemovalRuledFormSet(forms.BaseInlineFormSet):
    """An inline formset that asks the removal rule before a row is deleted."""

    removal_rule: Callable[[Any], None] | None = None

    def clean(self) -> None:
        super().clean()
        rule = type(self).removal_rule
        if rule is None:
            return
        for form in self.deleted_forms:
            if form.instance.pk is None:
                continue
            try:
                rule(form.instance)
            except ValidationError as error:
                raise ValidationError(error.messages) from error


class SecretaryScopedMixin:
    """Secretaries see and edit only the bodies they are secretary of."""

    body_path = "body"
    scoped_body_fields: tuple[str, ...] = ("body", "from_body")

    def _bodies(self, request: HttpRequest) -> QuerySet[Body]:
        return Body.objects.filter(pk__in=_managed_ids(request))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)  # type: ignore[misc]
        if _is_admin(request):
            return qs
        return qs.filter(**{f"{self.body_path}__in": self._bodies(request)})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in self.scoped_body_fields and not _is_admin(request):
            kwargs["queryset"] = self._bodies(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Collaboration)
class CollaborationAdmin(ServiceSaveMixin, admin.ModelAdmin):
    """Installation-level: an administrator serves several collaborations from one site."""

    list_display = ("name", "slug", "hostname", "is_demo", "sort_order")
    search_fields = ("name", "short_name", "slug", "hostname")
    prepopulated_fields = {"slug": ("short_name",)}
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "hostname", "sort_order")}),
        (
            _("Presentation och kontakt"),
            {
                "fields": (
                    "description",
                    "logo",
                    "contact_email",
                    "contact_phone",
                    "contact_address",
                )
            },
        ),
        (
            _("Förvalda mötesregler för nya organ"),
            {
                "fields": (
                    "cases_ready_days",
                    "notice_days",
                    "attestation_days",
                    "posting_days",
                    "appeal_days",
                )
            },
        ),
        (_("Roller"), {"fields": ("administrators",)}),
        (_("Demodata"), {"fields": ("is_demo", "demo_note")}),
    )


@admin.register(Party)
class PartyAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = ruled_form(lambda p: services.org_number_validate(p.org_number))
    list_display = ("name", "collaboration", "kind", "org_number", "sort_order")
    list_filter = ("collaboration", "kind")
    search_fields = ("name", "short_name", "org_number")
    prepopulated_fields = {"slug": ("short_name",)}


class ParticipationFormSet(RemovalRuledFormSet):
    removal_rule = staticmethod(services.participation_delete_validate)


class ParticipationInline(admin.TabularInline):
    model = Participation
    form = ruled_form(services.participation_validate)
    formset = ParticipationFormSet
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

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # A body's owner and lifetime are set by decisions, not by its secretariat.
        if _is_admin(request):
            return ()
        return (
            "owner_party",
            "founded_on",
            "founded_precision",
            "founded_by",
            "dissolved_on",
            "dissolved_precision",
            "dissolved_by",
        )


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
        return () if _is_admin(request) else ("user",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        qs = super().get_queryset(request)
        if _is_admin(request):
            return qs
        return qs.filter(
            Q(memberships__body__in=list(_managed_ids(request))) | Q(memberships__isnull=True)
        ).distinct()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or _is_admin(request):
            return True
        # Someone who also sits in a body the secretary does not keep is read-only.
        return services.person_within_bodies(obj.pk, _managed_ids(request))


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
    list_filter = (("body", admin.RelatedOnlyFieldListFilter), "role", "party", "term", "is_demo")
    search_fields = ("person__name", "body__name", "body__short_name")
    autocomplete_fields = ("person",)
    list_select_related = ("person", "body", "party", "term")

    def get_autocomplete_fields(self, request: HttpRequest) -> tuple[str, ...]:
        # A secretary chooses among the few persons they may change, in a plain list.
        return tuple(self.autocomplete_fields) if _is_admin(request) else ()

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if not _is_admin(request):
            ids = _managed_ids(request)

            def rule(m: Membership) -> None:
                services.membership_scope_validate(m, ids)
                services.membership_validate(m)

            kwargs["form"] = ruled_form(rule)
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The person of someone else's membership stays as it is.
        if (
            obj is not None
            and not _is_admin(request)
            and not services.person_within_bodies(obj.person_id, _managed_ids(request))
        ):
            return ("person",)
        return ()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "person" and not _is_admin(request):
            kwargs["queryset"] = services.persons_within_bodies(_managed_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
    list_filter = (
        ("from_body", admin.RelatedOnlyFieldListFilter),
        ("to_body", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("from_body", "to_body")
