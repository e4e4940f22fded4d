"""The admin's way of writing an audited setting that has no page of its own yet: the
object is validated whole and saved in one transaction (AuditedModel logs it), and
deletions go one by one so each is logged and guarded."""

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest


@transaction.atomic
def save_whole(obj: Model) -> None:
    obj.full_clean()
    obj.save()


class SavedWholeAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        save_whole(obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                obj.delete()
            for obj in instances:
                save_whole(obj)
            formset.save_m2m()

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        obj.delete()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
