"""The admin in which planning staff keep the plan: every model, searchable, filterable, with history."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from core.formats import format_capaian, format_number
from core.forms import NumberFieldsAdmin
from core.history import HistoryAdmin

from . import achievement, plans, roles, services, verification
from .models import (
    Goal,
    ImportBatch,
    Indicator,
    Mission,
    Objective,
    PerangkatDaerah,
    Plan,
    Program,
    QuarterlyRealization,
    Realization,
    ReminderSent,
    ReportingDeadline,
    Target,
    YearLock,
)
from .permissions import ClosedToOperatorsAdmin
from .resources import ExportForm, PerangkatDaerahResource, RealizationResource, TargetResource

STATUS_LABELS = {
    achievement.Status.ACHIEVED: _("achieved"),
    achievement.Status.NOT_ACHIEVED: _("not achieved"),
    achievement.Status.NO_DATA: _("no data"),
}
STATUS_ICONS = {
    achievement.Status.ACHIEVED: "✔",
    achievement.Status.NOT_ACHIEVED: "✘",
    achievement.Status.NO_DATA: "–",
}


def status_html(result):
    return format_html(
        '<span class="status {}">{} {}</span>',
        result.status.value.replace("_", "-"),
        STATUS_ICONS[result.status],
        STATUS_LABELS[result.status],
    )


class PlanForm(forms.ModelForm):
    """A new plan's period: START is the baseline year (tahun 0), 3 to 8 years to its end."""

    class Meta:
        model = Plan
        fields = "__all__"  # noqa: DJ007  (the admin's fieldsets choose)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if self.instance.pk is None and start and end:
            try:
                plans.check_period(start, end)
            except ValidationError as exc:
                self.add_error("end_year", exc)
        return cleaned


@admin.register(Plan)
class PlanAdmin(ClosedToOperatorsAdmin, NumberFieldsAdmin, HistoryAdmin):
    form = PlanForm
    list_display = ["name", "code", "start_year", "end_year", "revision_label", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "perda_reference"]
    fieldsets = [
        (None, {"fields": ["code", "name", "start_year", "end_year", "is_active"]}),
        (
            _("Legal basis and revision"),
            {"fields": ["perda_reference", "revision_number", "revision_label"]},
        ),
        (_("Vision"), {"fields": ["visi"]}),
        (
            _("Achievement rules"),
            {
                "fields": [
                    "lower_formula",
                    "achievement_threshold",
                    "reporting_year",
                    "count_verified_only",
                ]
            },
        ),
    ]


@admin.register(PerangkatDaerah)
class PerangkatDaerahAdmin(ClosedToOperatorsAdmin, ExportMixin, HistoryAdmin):
    filter_horizontal = ["operators"]
    resource_classes = [PerangkatDaerahResource]
    export_form_class = ExportForm
    list_display = ["code", "name", "abbreviation", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "abbreviation"]


class PlanScopedAdmin(ClosedToOperatorsAdmin, HistoryAdmin):
    list_filter = ["plan", "provenance"]
    search_fields = ["code", "text"]
    list_select_related = True


@admin.register(Mission)
class MissionAdmin(PlanScopedAdmin):
    list_display = ["code", "number", "text", "plan"]
    fields = ["plan", "code", "number", "text", "provenance", "source_url"]


@admin.register(Goal)
class GoalAdmin(PlanScopedAdmin):
    list_display = ["code", "text", "mission"]
    list_filter = ["plan", "mission", "provenance"]
    autocomplete_fields = ["mission"]
    fields = ["mission", "code", "text", "provenance", "source_url"]


@admin.register(Objective)
class ObjectiveAdmin(PlanScopedAdmin):
    list_display = ["code", "text", "goal"]
    list_filter = ["plan", "goal__mission", "provenance"]
    autocomplete_fields = ["goal"]
    fields = ["goal", "code", "text", "provenance", "source_url"]


@admin.register(Program)
class ProgramAdmin(PlanScopedAdmin):
    list_display = ["code", "name", "perangkat_daerah", "kind", "objective"]
    list_filter = ["plan", "kind", "perangkat_daerah", "provenance"]
    search_fields = ["code", "name", "nomenclature_code"]
    autocomplete_fields = ["objective", "perangkat_daerah"]
    fields = [
        "objective",
        "code",
        "nomenclature_code",
        "name",
        "perangkat_daerah",
        "kind",
        "provenance",
        "source_url",
    ]


class YearlyValueFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is not None:
                services.check_may_delete(form.instance)


class YearlyValueInline(NumberFieldsAdmin, admin.TabularInline):
    extra = 0
    formset = YearlyValueFormSet
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 36})}
    }

    def get_formset(self, request, obj=None, **kwargs):
        self.parent_indicator = obj
        return super().get_formset(request, obj, **kwargs)


class TargetInline(YearlyValueInline):
    model = Target
    fields = ["year", "value", "low", "high"]


class RealizationInline(YearlyValueInline):
    model = Realization
    fields = ["year", "value", "source", "triwulan_roll_up", "note", "capaian", "status", "band"]
    readonly_fields = ["triwulan_roll_up", "capaian", "status", "band"]

    @admin.display(description=_("triwulan roll-up"))
    def triwulan_roll_up(self, obj):
        """The roll-up of the year's triwulan values, beside a year value entered directly."""
        if obj is None or obj.pk is None:
            return "–"
        rolled = services.quarterly_roll_up_value(obj.indicator, obj.year)
        if rolled is None:
            return "–"
        if obj.source == Realization.Source.DIRECT and rolled != obj.value:
            return format_html(
                '{} <span class="help">({})</span>',
                format_number(rolled),
                _("the year value entered directly wins"),
            )
        return format_number(rolled)

    def get_queryset(self, request):
        targets = Target.objects.filter(indicator=OuterRef("indicator"), year=OuterRef("year"))
        return (
            super()
            .get_queryset(request)
            .select_related("indicator__plan")
            .annotate(
                target_value=Subquery(targets.values("value")[:1]),
                target_low=Subquery(targets.values("low")[:1]),
                target_high=Subquery(targets.values("high")[:1]),
            )
        )

    def _result(self, obj):
        if obj is None or obj.pk is None or not hasattr(obj, "target_value"):
            return achievement.NO_DATA
        plan = obj.indicator.plan
        target = achievement.Target(
            value=obj.target_value, low=obj.target_low, high=obj.target_high
        )
        return achievement.evaluate(
            obj.indicator.direction,
            target,
            obj.value,
            lower_formula=plan.lower_formula,
            threshold=plan.achievement_threshold,
        )

    @admin.display(description=_("capaian"))
    def capaian(self, obj):
        return format_capaian(self._result(obj))

    @admin.display(description=_("status"))
    def status(self, obj):
        return status_html(self._result(obj))

    @admin.display(description=_("band"))
    def band(self, obj):
        result = self._result(obj)
        return result.band.value if result.band else "–"


class QuarterlyRealizationInline(YearlyValueInline):
    model = QuarterlyRealization
    fields = ["year", "quarter", "value", "note", "status"]
    readonly_fields = ["status"]
    verbose_name_plural = _(
        "triwulan realisations (the year value rolls up from them by the calculation type, "
        "unless a year value is entered directly)"
    )


class AchievementYearFilter(admin.SimpleListFilter):
    """Which year the list's target, realisation and status columns (and the status filter) show."""

    title = _("achievement year")
    parameter_name = "tahun"

    def __init__(self, request, params, model, model_admin):
        self.request = request
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        plan = Plan.objects.active()
        return [(str(year), str(year)) for year in plan.years] if plan else []

    def queryset(self, request, queryset):
        return queryset  # chooses the year shown; filtering is the status filter's job

    def choices(self, changelist):
        # No "all" choice: one year is always shown, by default the latest with realisations.
        _plan, shown = IndicatorAdmin.plan_and_year(self.request)
        for value, label in self.lookup_choices:
            yield {
                "selected": value == str(shown),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class AchievementStatusFilter(admin.SimpleListFilter):
    title = _("achievement status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status.value, label) for status, label in STATUS_LABELS.items()]

    def queryset(self, request, queryset):
        if self.value() not in {status.value for status in achievement.Status}:
            return queryset
        plan, year = IndicatorAdmin.plan_and_year(request)
        if plan is None:
            return queryset.none()
        # Judged by the database in the list's own query (the year's joins are the list's).
        return (
            queryset.filter(plan=plan)
            .with_achievement(plan, prefix="filter_")
            .filter(filter_status=self.value())
        )


@admin.register(Indicator)
class IndicatorAdmin(ClosedToOperatorsAdmin, NumberFieldsAdmin, HistoryAdmin):
    list_display = [
        "code",
        "name",
        "perangkat_daerah",
        "year_target",
        "year_realization",
        "year_capaian",
        "year_status",
    ]
    list_display_links = ["code", "name"]
    list_filter = [
        AchievementYearFilter,
        AchievementStatusFilter,
        "level",
        "direction",
        "perangkat_daerah",
        ("program", admin.RelatedOnlyFieldListFilter),
        "provenance",
        "plan",
    ]
    search_fields = ["code", "name", "program__code", "program__name"]
    autocomplete_fields = ["goal", "objective", "program", "perangkat_daerah"]
    list_select_related = ["perangkat_daerah", "plan"]
    list_per_page = 50
    readonly_fields = ["five_years"]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 60})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})},
    }
    fieldsets = [
        (None, {"fields": ["code", "name", "unit", "level", "program", "objective", "goal"]}),
        (
            _("Measurement"),
            {
                "fields": [
                    "direction",
                    "calculation_type",
                    "baseline",
                    "final_target",
                    ("final_target_low", "final_target_high"),
                ]
            },
        ),
        (
            _("Responsibility and sources"),
            {
                "fields": [
                    "perangkat_daerah",
                    "definition",
                    "data_source",
                    "provenance",
                    "source_url",
                ]
            },
        ),
        (_("Targets, realisations and achievement per year"), {"fields": ["five_years"]}),
    ]
    inlines = [TargetInline, RealizationInline, QuarterlyRealizationInline]

    @staticmethod
    def plan_and_year(request):
        plan = Plan.objects.active()
        if plan is None:
            return None, None
        return plan, plan.year_or_default(request.GET.get("tahun"))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            _plan, year = self.plan_and_year(request)
            if year is not None:
                queryset = queryset.with_year(year).annotate(
                    target_value=F("year_target__value"),
                    target_low=F("year_target__low"),
                    target_high=F("year_target__high"),
                    target_id=F("year_target__id"),
                    realization_value=F("year_realization__value"),
                )
        return queryset

    def _year_result(self, obj):
        if not hasattr(obj, "realization_value"):
            return achievement.NO_DATA
        target = None
        if obj.target_id is not None:
            target = achievement.Target(
                value=obj.target_value, low=obj.target_low, high=obj.target_high
            )
        return achievement.evaluate(
            obj.direction,
            target,
            obj.realization_value,
            lower_formula=obj.plan.lower_formula,
            threshold=obj.plan.achievement_threshold,
        )

    @admin.display(description=_("target"))
    def year_target(self, obj):
        if getattr(obj, "target_id", None) is None:
            return "–"
        if obj.target_value is None:
            return f"{format_number(obj.target_low)} – {format_number(obj.target_high)}"
        return format_number(obj.target_value)

    @admin.display(description=_("realisation"))
    def year_realization(self, obj):
        return format_number(getattr(obj, "realization_value", None))

    @admin.display(description=_("capaian"))
    def year_capaian(self, obj):
        return format_capaian(self._year_result(obj))

    @admin.display(description=_("status"))
    def year_status(self, obj):
        return status_html(self._year_result(obj))

    @admin.display(description=_("five years"))
    def five_years(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        plan = obj.plan
        targets = {t.year: t for t in obj.targets.all()}
        realizations = {r.year: r for r in obj.realizations.all()}
        rows = []
        for year in plan.years:
            target = targets.get(year)
            realization = realizations.get(year)
            result = achievement.evaluate(
                obj.direction,
                target.as_rule_target() if target else None,
                realization.value if realization else None,
                lower_formula=plan.lower_formula,
                threshold=plan.achievement_threshold,
            )
            history = "–"
            if realization is not None:
                url = reverse("admin:indicators_realization_history", args=[realization.pk])
                history = format_html('<a href="{}">{}</a>', url, _("history"))
            rows.append(
                (
                    year,
                    target.display_localized if target else "–",
                    format_number(realization.value) if realization else "–",
                    format_capaian(result),
                    status_html(result),
                    result.band.value if result.band else "–",
                    history,
                )
            )
        header = format_html_join(
            "",
            "<th>{}</th>",
            [
                (label,)
                for label in (
                    _("year"),
                    _("target"),
                    _("realisation"),
                    _("capaian"),
                    _("status"),
                    _("band"),
                    _("history"),
                )
            ],
        )
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            rows,
        )
        formula = plan.get_lower_formula_display()
        note = _(
            "Formula for 'lower' indicators in this plan: %(formula)s; achieved at capaian ≥ %(threshold)s%%."
        ) % {
            "formula": formula,
            "threshold": format_number(plan.achievement_threshold),
        }
        return format_html(
            '<table class="five-years"><thead><tr>{}</tr></thead><tbody>{}</tbody></table><p class="help">{}</p>',
            header,
            body,
            note,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is QuarterlyRealization:
            return self.save_quarters(request, formset)
        if formset.model not in (Target, Realization):
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.yearly_value_delete(obj, by=request.user)
        for instance in instances:
            if services.save_yearly_value(instance, by=request.user):
                warn_back_to_draft(request, instance)
        formset.save_m2m()

    def save_quarters(self, request, formset):
        """Triwulan values through their service: each saved one rolls the year up again."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.quarterly_realization_delete(obj, by=request.user)
        for instance in instances:
            stored = instance.stored()
            if stored is not None and (stored.year, stored.quarter) != (
                instance.year,
                instance.quarter,
            ):
                services.quarterly_realization_delete(stored, by=request.user)
            saved = services.quarterly_realization_record(
                indicator=instance.indicator,
                year=instance.year,
                quarter=instance.quarter,
                value=instance.value,
                note=instance.note,
                by=request.user,
                door=services.DOOR_ADMIN,
            )
            if saved.back_to_draft:
                warn_back_to_draft(request, saved)


def delete_unless_locked(modeladmin, request, queryset):
    """Django's "delete selected", refused whole when a selected value's year is locked."""
    refusals = []
    for value in queryset.select_related("indicator"):
        try:
            services.check_may_delete(value)
        except ValidationError as error:
            refusals.append(f"{value.indicator.code}: {' '.join(error.messages)}")
    if refusals:
        for line in refusals:
            modeladmin.message_user(request, line, messages.ERROR)
        return None
    return delete_selected(modeladmin, request, queryset)


delete_unless_locked.allowed_permissions = delete_selected.allowed_permissions
delete_unless_locked.short_description = delete_selected.short_description


class YearlyValueAdmin(NumberFieldsAdmin, HistoryAdmin):
    list_filter = ["year", "indicator__level", "indicator__perangkat_daerah", "indicator__plan"]
    search_fields = ["indicator__code", "indicator__name"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator"]

    @admin.display(description=_("indicator code"), ordering="indicator__code")
    def indicator_code(self, obj):
        return obj.indicator.code

    @admin.display(description=_("indicator"))
    def indicator_name(self, obj):
        return obj.indicator.name

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions[name] = (delete_unless_locked, name, description)
        return actions

    def save_model(self, request, obj, form, change):
        if services.save_yearly_value(obj, by=request.user):
            warn_back_to_draft(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            try:
                services.check_may_delete(obj)
            except ValidationError as error:
                for line in error.messages:
                    self.message_user(request, line, messages.ERROR)
                opts = self.model._meta
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.yearly_value_delete(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("indicator"):
            services.yearly_value_delete(obj, by=request.user)


def warn_back_to_draft(request, realization):
    messages.warning(
        request,
        _("%(value)s: the value changed after verification, so it is a draft again.")
        % {"value": realization},
    )


@admin.register(Target)
class TargetAdmin(ClosedToOperatorsAdmin, ExportMixin, YearlyValueAdmin):
    resource_classes = [TargetResource]
    export_form_class = ExportForm
    list_display = [
        "indicator_code",
        "indicator_name",
        "year",
        "value_shown",
        "low_shown",
        "high_shown",
    ]
    fields = ["indicator", "year", "value", "low", "high"]

    @admin.display(description=_("target"), ordering="value")
    def value_shown(self, obj):
        return format_number(obj.value)

    @admin.display(description=_("range: low"), ordering="low")
    def low_shown(self, obj):
        return format_number(obj.low)

    @admin.display(description=_("range: high"), ordering="high")
    def high_shown(self, obj):
        return format_number(obj.high)


class ChangedSinceVerificationFilter(admin.SimpleListFilter):
    title = _("changed since verification")
    parameter_name = "berubah"

    def lookups(self, request, model_admin):
        return [("1", _("yes"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return (
                queryset.exclude(status=Realization.Status.VERIFIED)
                .filter(verified_value__isnull=False)
                .exclude(verified_value=F("value"))
            )
        return queryset


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3})
    )


@admin.register(Realization)
class RealizationAdmin(ObjectPermissionsModelAdminMixin, ExportMixin, YearlyValueAdmin):
    """Planners keep every realisation; an operator with staff status sees and changes only its
    own units' (the queryset is scoped, and django-rules answers for each object)."""

    resource_classes = [RealizationResource]
    export_form_class = ExportForm
    list_display = [
        "indicator_code",
        "indicator_name",
        "year",
        "value_shown",
        "status_shown",
        "changed_since_verification",
        "note",
    ]
    list_filter = [
        "status",
        ChangedSinceVerificationFilter,
        "year",
        "indicator__level",
        "indicator__perangkat_daerah",
        "indicator__plan",
    ]
    fields = [
        "indicator",
        "year",
        "value",
        "source",
        "note",
        "faktor_pendorong",
        "faktor_penghambat",
        "tindak_lanjut",
        "evidence",
        "evidence_url",
        "status",
        "return_reason",
        "verified_value",
        "verified_by",
        "verified_at",
    ]
    readonly_fields = [
        "status",
        "return_reason",
        "verified_value_shown",
        "verified_by",
        "verified_at",
    ]
    actions = ["verify", "return_to_operator"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fields(self, request, obj=None):
        return [
            "verified_value_shown" if name == "verified_value" else name
            for name in super().get_fields(request, obj)
        ]

    def get_autocomplete_fields(self, request):
        # The indicator autocomplete is the indicator admin's, closed to operators.
        return (
            [] if roles.is_operator_only(request.user) else super().get_autocomplete_fields(request)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator" and roles.is_operator_only(request.user):
            kwargs["queryset"] = Indicator.objects.filter(
                perangkat_daerah__in=roles.operated_unit_ids(request.user)
            ).select_related("plan")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_export_permission(self, request):
        return not roles.is_operator_only(request.user) and super().has_export_permission(request)

    def save_model(self, request, obj, form, change):
        roles.check_may_enter(request.user, obj.indicator)
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if roles.is_operator_only(request.user):
            queryset = queryset.filter(
                indicator__perangkat_daerah__in=roles.operated_unit_ids(request.user)
            )
        latest = Realization.history.filter(id=OuterRef("pk")).order_by("-history_id")
        return queryset.annotate(version=Subquery(latest.values("history_id")[:1]))

    @admin.display(description=_("realisation"), ordering="value")
    def value_shown(self, obj):
        return format_number(obj.value)

    @admin.display(description=_("value when verified"))
    def verified_value_shown(self, obj):
        return format_number(obj.verified_value)

    @admin.display(description=_("verification status"), ordering="status")
    def status_shown(self, obj):
        # The version the planner sees travels with a verify or return action, which then refuses
        # a value changed since this list was loaded.
        return format_html(
            '{}<input type="hidden" name="seen_{}" value="{}">',
            obj.get_status_display(),
            obj.pk,
            getattr(obj, "version", None) or 0,
        )

    @admin.display(description=_("changed since verification"), boolean=True)
    def changed_since_verification(self, obj):
        return obj.changed_since_verification

    @staticmethod
    def seen_version(request, pk):
        try:
            return int(request.POST.get(f"seen_{pk}", ""))
        except ValueError:
            return None

    def _act(self, request, queryset, service, done_message, **kwargs):
        done, refused = [], []
        for realization in queryset.select_related(
            "indicator__plan", "indicator__perangkat_daerah"
        ):
            try:
                service(
                    realization,
                    by=request.user,
                    expected_version=self.seen_version(request, realization.pk),
                    **kwargs,
                )
                done.append(realization)
            except (ValidationError, PermissionDenied) as error:
                refused.append(
                    f"{realization}: {' '.join(getattr(error, 'messages', [str(error)]))}"
                )
        if done:
            messages.success(request, done_message(done))
        for line in refused:
            messages.error(request, line)

    @admin.action(
        description=_("Verify the selected submitted realisations"), permissions=["verify"]
    )
    def verify(self, request, queryset):
        self._act(request, queryset, services.realization_verify, verification.verified_message)

    @admin.action(
        description=_("Return the selected realisations with a reason"), permissions=["verify"]
    )
    def return_to_operator(self, request, queryset):
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._act(
                request,
                queryset,
                services.realization_return,
                verification.returned_message,
                reason=form.cleaned_data["reason"],
            )
            return None
        return render(
            request,
            "admin/indicators/realization/return.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Return realisations"),
                "form": form,
                "realizations": queryset,
                "seen": [
                    (pk, version)
                    for pk in queryset.values_list("pk", flat=True)
                    if (version := self.seen_version(request, pk)) is not None
                ],
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def has_verify_permission(self, request):
        return request.user.has_perm("indicators.verify_realization")


@admin.register(YearLock)
class YearLockAdmin(ClosedToOperatorsAdmin, HistoryAdmin):
    list_display = ["plan", "year", "reason", "locked_by", "locked_at", "unlock_link"]
    list_filter = ["plan", "year"]
    fields = ["plan", "year", "reason"]

    def has_add_permission(self, request):
        return request.user.has_perm("indicators.lock_year")

    def has_change_permission(self, request, obj=None):
        return False  # a lock is made or removed, never edited

    def has_delete_permission(self, request, obj=None):
        # Unlocking is its own act, with a reason: the verification screen's "unlock" page.
        return False

    def add_view(self, request, form_url="", extra_context=None):
        # Before a lock, what is still unverified, year by year (the verification screen's
        # lock page lists each value).
        if request.method == "GET":
            open_years = (
                Realization.objects.filter(
                    indicator__plan__is_active=True,
                    status__in=[
                        Realization.Status.DRAFT,
                        Realization.Status.SUBMITTED,
                        Realization.Status.RETURNED,
                    ],
                )
                .values("year")
                .annotate(count=Count("id"))
                .order_by("year")
            )
            for row in open_years:
                messages.warning(
                    request,
                    format_html(
                        '{} <a href="{}?year={}">{}</a>',
                        _("%(count)d realisations of %(year)s are not verified yet.")
                        % {"count": row["count"], "year": row["year"]},
                        reverse("year_lock"),
                        row["year"],
                        _("See them before locking"),
                    ),
                )
        return super().add_view(request, form_url, extra_context)

    @admin.display(description=_("unlock"))
    def unlock_link(self, obj):
        return format_html(
            '<a href="{}?lock={}">{}</a>', reverse("year_unlock"), obj.pk, _("Unlock…")
        )

    def save_model(self, request, obj, form, change):
        lock = services.year_lock(plan=obj.plan, year=obj.year, reason=obj.reason, by=request.user)
        obj.pk, obj.locked_by, obj.locked_at = lock.pk, lock.locked_by, lock.locked_at


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(ClosedToOperatorsAdmin, HistoryAdmin):
    """The reporting calendar: the due date of each triwulan's realisations, set by planners."""

    list_display = ["plan", "year", "quarter", "due_date", "note"]
    list_filter = ["plan", "year", "quarter"]
    list_editable = ["due_date"]
    fields = ["plan", "year", "quarter", "due_date", "note"]
    ordering = ["-year", "quarter"]

    def has_add_permission(self, request):
        return roles.is_planner(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_planner(request.user)

    def has_delete_permission(self, request, obj=None):
        return roles.is_planner(request.user)


@admin.register(ReminderSent)
class ReminderSentAdmin(ClosedToOperatorsAdmin, admin.ModelAdmin):
    """What send_reminders mailed, and to whom: read only (deleting one lets it be sent again)."""

    list_display = ["deadline", "recipient", "missing", "sent_at"]
    list_filter = ["deadline__plan", "deadline__year", "deadline__quarter"]
    list_select_related = ["deadline__plan", "recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ClosedToOperatorsAdmin, admin.ModelAdmin):
    list_display = ["created_at", "file_name", "imported_by", "door", "plan"]
    list_filter = ["door", "plan"]
    search_fields = ["file_name", "imported_by__username"]
    readonly_fields = ["file_name", "plan", "imported_by", "door", "created_at", "summary"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
