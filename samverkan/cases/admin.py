from django.contrib import admin

from .models import CaseSeries, CaseType, FlowStep


@admin.register(CaseSeries)
class CaseSeriesAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "organisation")


class FlowStepInline(admin.TabularInline):
    model = FlowStep
    extra = 1


@admin.register(CaseType)
class CaseTypeAdmin(admin.ModelAdmin):
    """The flow of each case type (e.g. working group → TaHSU → PaHSU) is set here."""

    inlines = [FlowStepInline]
