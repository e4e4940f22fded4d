from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join

from samverkan.accounts.permissions import is_administrator

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only, and only for administrators: the log is evidence, not a work surface."""

    list_display = ("occurred_at", "actor_label", "source", "action", "content_type", "object_repr")
    list_filter = ("action", "source", "content_type")
    search_fields = ("object_repr", "actor_label", "object_id")
    date_hierarchy = "occurred_at"
    readonly_fields = (
        "occurred_at",
        "actor",
        "actor_label",
        "source",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes",
        "prev_hash",
        "hash",
    )
    exclude = ("before", "after")

    @admin.display(description="Ändringar (före → efter)")
    def changes(self, obj: AuditEntry) -> str:
        rows = obj.changed_fields()
        if not rows:
            return "–"
        return format_html_join(
            "", "<div><strong>{}</strong>: {} → {}</div>", ((k, b, a) for k, b, a in rows)
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
