"""Revenue, funding and the calendar in the admin, for planning staff (staff users with rights)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import FundingScheme, PlanningStage, ProgramFunding, RevenueAccount, RevenueValue


@admin.register(RevenueAccount)
class RevenueAccountAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    ordering = ["code"]


@admin.register(RevenueValue)
class RevenueValueAdmin(SimpleHistoryAdmin):
    list_display = ["account", "year", "stage", "target", "realization", "provenance"]
    list_filter = ["year", "stage", "provenance"]
    search_fields = ["account__code", "account__name", "note"]
    autocomplete_fields = ["account"]
    list_select_related = ["account"]


@admin.register(FundingScheme)
class FundingSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "order", "in_apbd"]
    list_filter = ["in_apbd"]
    search_fields = ["code", "name"]


@admin.register(ProgramFunding)
class ProgramFundingAdmin(SimpleHistoryAdmin):
    list_display = ["program", "year", "scheme", "pagu", "realization", "provenance"]
    list_filter = ["year", "scheme", "provenance", "program__perangkat_daerah"]
    search_fields = ["program__code", "program__name"]
    autocomplete_fields = ["program"]
    list_select_related = ["program", "scheme"]


@admin.register(PlanningStage)
class PlanningStageAdmin(SimpleHistoryAdmin):
    list_display = ["year", "order", "name", "planned_start", "planned_end", "actual_end", "status"]
    list_filter = ["plan", "year", "status"]
    search_fields = ["name"]
    ordering = ["plan", "-year", "order"]
    fieldsets = [
        (None, {"fields": ["plan", "year", "order", "name", "status"]}),
        (_("Dates"), {"fields": ["planned_start", "planned_end", "actual_start", "actual_end"]}),
        (_("Source"), {"fields": ["provenance", "source_url", "note"]}),
    ]
