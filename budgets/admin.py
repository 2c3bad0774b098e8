"""Revenue, funding and the calendar in the admin, for planning staff (staff users with rights)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.formats import format_number
from core.forms import MoneyField, NumberFieldsAdmin
from core.history import HistoryAdmin
from indicators.permissions import ClosedToOperatorsAdmin

from .models import FundingScheme, PlanningStage, ProgramFunding, RevenueAccount, RevenueValue


@admin.register(RevenueAccount)
class RevenueAccountAdmin(ClosedToOperatorsAdmin, HistoryAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    ordering = ["code"]


class MoneyAdmin(ClosedToOperatorsAdmin, NumberFieldsAdmin, HistoryAdmin):
    """Amounts of rupiah typed and shown the Indonesian way (Rp 1.500.000, 1.234,56)."""

    number_field = MoneyField

    @admin.display(description=_("realisation (Rp)"), ordering="realization")
    def realization_shown(self, obj):
        return format_number(obj.realization)


@admin.register(RevenueValue)
class RevenueValueAdmin(MoneyAdmin):
    list_display = ["account", "year", "stage", "target_shown", "realization_shown", "provenance"]
    list_filter = ["year", "stage", "provenance"]
    search_fields = ["account__code", "account__name", "note"]
    autocomplete_fields = ["account"]
    list_select_related = ["account"]

    @admin.display(description=_("target (Rp)"), ordering="target")
    def target_shown(self, obj):
        return format_number(obj.target)


@admin.register(FundingScheme)
class FundingSchemeAdmin(ClosedToOperatorsAdmin, HistoryAdmin):
    list_display = ["code", "name", "order", "in_apbd"]
    list_filter = ["in_apbd"]
    search_fields = ["code", "name"]


@admin.register(ProgramFunding)
class ProgramFundingAdmin(MoneyAdmin):
    list_display = ["program", "year", "scheme", "pagu_shown", "realization_shown", "provenance"]
    list_filter = ["year", "scheme", "provenance", "program__perangkat_daerah"]
    search_fields = ["program__code", "program__name"]
    autocomplete_fields = ["program"]
    list_select_related = ["program", "scheme"]

    @admin.display(description=_("allocation (pagu, Rp)"), ordering="pagu")
    def pagu_shown(self, obj):
        return format_number(obj.pagu)


@admin.register(PlanningStage)
class PlanningStageAdmin(ClosedToOperatorsAdmin, HistoryAdmin):
    list_display = ["year", "order", "name", "planned_start", "planned_end", "actual_end", "status"]
    list_filter = ["plan", "year", "status"]
    search_fields = ["name"]
    ordering = ["plan", "-year", "order"]
    fieldsets = [
        (None, {"fields": ["plan", "year", "order", "name", "status"]}),
        (_("Dates"), {"fields": ["planned_start", "planned_end", "actual_start", "actual_end"]}),
        (_("Source"), {"fields": ["provenance", "source_url", "note"]}),
    ]
