"""Admin for meetings. Body rules are set here; meetings and their content are read-only
once sealed (the seal guard refuses such writes on every path anyway)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AgendaItem, Dispatch, Guest, Meeting, MeetingRules, Section


@admin.register(MeetingRules)
class MeetingRulesAdmin(admin.ModelAdmin):
    list_display = (
        "body",
        "cases_ready_days",
        "notice_days",
        "attestation_days",
        "posting_days",
        "appeal_days",
    )


class SealedAwareInline(admin.StackedInline):
    """An inline that turns read-only once the meeting is sealed."""

    extra = 0

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj and obj.sealed_at) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj and obj.sealed_at) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj and obj.sealed_at) and super().has_delete_permission(request, obj)


class AgendaItemInline(SealedAwareInline):
    model = AgendaItem
    fields = ("position", "title", "presenters", "planned_start", "case_number", "is_public")


class GuestInline(SealedAwareInline):
    """Others called: presenters, officials."""

    model = Guest
    fields = ("name", "email", "role")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("body", "date", "start_time", "place", "status_label", "posted_on")
    list_filter = ("body",)
    date_hierarchy = "date"
    inlines = [AgendaItemInline, GuestInline]
    readonly_fields = (
        "notice_sent_at",
        "sealed_at",
        "minutes_pdf",
        "minutes_sha256",
        "posted_on",
        "posting_ends_on",
        "appeal_last_day",
    )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj and obj.sealed_at) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Meetings are records; a planned one is cancelled in the UI, never deleted here.
        return False


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "body", "year", "meeting", "attested_at")
    list_filter = ("body", "year")
    search_fields = ("title", "decision", "case_number")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # § numbers are given by the minutes service

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = ("meeting", "kind", "sections", "sent_at", "sent_by")
    readonly_fields = ("meeting", "kind", "sections", "recipients", "sent_at", "sent_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
