"""django-import-export resources for single models in the admin (the whole-workbook path is
:mod:`indicators.workbook_read`). Rows refer to each other by code (natural keys), numbers are
read as in workbooks (Indonesian text accepted), and exported text is escaped like workbooks."""

from import_export import fields, resources, widgets

from core import numbers
from core.cells import escape_text

from .models import Indicator, PerangkatDaerah, Plan, Realization, Target


class NumberWidget(widgets.DecimalWidget):
    """Numeric cells or Indonesian text (1.234,56 · 85,5 % · Rp 1.500.000); '-' and N/A are none."""

    def clean(self, value, row=None, **kwargs):
        try:
            return numbers.parse_number(value)
        except numbers.NumberError as exc:
            raise ValueError(str(exc)) from None


class IndicatorCodeWidget(widgets.ForeignKeyWidget):
    """An indicator by its code in the active plan."""

    def __init__(self):
        super().__init__(Indicator, field="code")

    def get_queryset(self, value, row, *args, **kwargs):
        return Indicator.objects.filter(plan=Plan.objects.active())


class EscapedResource(resources.ModelResource):
    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        return [escape_text(value) for value in row]


class PerangkatDaerahResource(EscapedResource):
    class Meta:
        model = PerangkatDaerah
        import_id_fields = ["code"]
        fields = ["code", "name", "abbreviation", "kind"]
        skip_unchanged = True


class YearlyValueResource(EscapedResource):
    indicator = fields.Field(
        attribute="indicator", column_name="indicator", widget=IndicatorCodeWidget()
    )

    def before_save_instance(self, instance, row, **kwargs):
        instance.full_clean()


class TargetResource(YearlyValueResource):
    value = fields.Field(attribute="value", column_name="value", widget=NumberWidget())
    low = fields.Field(attribute="low", column_name="low", widget=NumberWidget())
    high = fields.Field(attribute="high", column_name="high", widget=NumberWidget())

    class Meta:
        model = Target
        import_id_fields = ["indicator", "year"]
        fields = ["indicator", "year", "value", "low", "high"]
        skip_unchanged = True


class RealizationResource(YearlyValueResource):
    value = fields.Field(attribute="value", column_name="value", widget=NumberWidget())

    class Meta:
        model = Realization
        import_id_fields = ["indicator", "year"]
        fields = ["indicator", "year", "value", "note"]
        skip_unchanged = True
