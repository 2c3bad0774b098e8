"""Strategic issues and development stages in the admin (kept apart from admin.py, which holds the
plan, its indicators and the workbook tools)."""

from django.contrib import admin

from core.history import HistoryAdmin

from .models import DevelopmentStage, StrategicIssue
from .permissions import ClosedToOperatorsAdmin


@admin.register(StrategicIssue)
class StrategicIssueAdmin(ClosedToOperatorsAdmin, HistoryAdmin):
    list_display = ["text", "kind", "year", "plan", "provenance"]
    list_filter = ["plan", "kind", "year", "provenance"]
    search_fields = ["text", "note"]
    autocomplete_fields = ["objectives", "programs", "indicators"]


@admin.register(DevelopmentStage)
class DevelopmentStageAdmin(ClosedToOperatorsAdmin, HistoryAdmin):
    list_display = ["year", "rkpd_theme", "plan", "provenance"]
    list_filter = ["plan", "provenance"]
    search_fields = ["rkpd_theme", "priorities"]
