"""Admin for meetings. Meetings, agenda items, §§, attestations and dispatches have their
pages in the site, where every write goes through the services and their rules (no
overlapping meetings, an item closed only with its legal ground, nothing after sealing);
here they are read-only, and a secretary sees only the bodies they keep (the access
policy). Only what has no page yet is written here: a body's meeting rules and the
others called to a meeting, each saved whole, validated and audited in one transaction."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from samverkan.access.policy import audience_for, managed_bodies_q
from samverkan.audit.admin_base import SavedWholeAdmin
from samverkan.structure.models import Body

from .models import AgendaItem, Attestation, Dispatch, Guest, Meeting, MeetingRules, Section
from .selectors import with_minutes_state


def _scope(request: HttpRequest, qs: QuerySet[Any], body_path: str) -> QuerySet[Any]:
    """Only the rows of bodies the user keeps (everything for administrators)."""
    return qs.filter(managed_bodies_q(audience_for(request.user), body_path))


def _managed_bodies(request: HttpRequest) -> QuerySet[Body]:
    return _scope(request, Body.objects.all(), "pk").order_by("short_name")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written: the pages in the site and their services write these."""

    body_path = "body"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return _scope(request, super().get_queryset(request), self.body_path)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ScopedSettingAdmin(SavedWholeAdmin):
    """Written here, within the bodies the user keeps, saved whole."""

    body_path = "body"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return _scope(request, super().get_queryset(request), self.body_path)


@admin.register(MeetingRules)
class MeetingRulesAdmin(ScopedSettingAdmin):
    list_display = (
        "body",
        "cases_ready_days",
        "notice_days",
        "attestation_days",
        "posting_days",
        "appeal_days",
    )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "body":
            kwargs["queryset"] = _managed_bodies(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Guest)
class GuestAdmin(ScopedSettingAdmin):
    """Others called (presenters, officials): they get the public notice."""

    body_path = "meeting__body"
    list_display = ("name", "role", "meeting")
    list_select_related = ("meeting__body",)
    search_fields = ("name", "role")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "meeting":
            kwargs["queryset"] = _scope(
                request, Meeting.objects.filter(sealed_at__isnull=True), "body"
            ).select_related("body")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj and obj.meeting.sealed_at) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj and obj.meeting.sealed_at) and super().has_delete_permission(request, obj)


class AgendaItemInline(ReadOnlyInline):
    """The agenda as it stands; items are added, moved, closed and opened on the
    meeting's page (closing needs its legal ground and updates the public minutes)."""

    model = AgendaItem
    fields = ("position", "title", "case_number", "is_public", "confidentiality_ground")
    readonly_fields = fields


class GuestInline(ReadOnlyInline):
    model = Guest
    fields = ("name", "email", "role")
    readonly_fields = fields


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("body", "date", "start_time", "place", "status_label", "posted_on")
    list_filter = (("body", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("body",)
    date_hierarchy = "date"
    inlines = [AgendaItemInline, GuestInline]
    exclude = ("sealed_content",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # The status column reads the minutes' state in the list's own query.
        return with_minutes_state(super().get_queryset(request))


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "body", "year", "meeting", "attested_at")
    list_filter = (("body", admin.RelatedOnlyFieldListFilter), "year")
    list_select_related = ("body", "meeting__body")
    search_fields = ("title", "decision")


@admin.register(Attestation)
class AttestationAdmin(ReadOnlyAdmin):
    body_path = "meeting__body"
    list_display = ("meeting", "section", "person", "attested_at", "voided_at")
    list_select_related = ("meeting__body", "section", "person")


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    body_path = "meeting__body"
    list_display = ("meeting", "kind", "sections", "sent_at", "sent_by")
    list_select_related = ("meeting__body", "sent_by")
