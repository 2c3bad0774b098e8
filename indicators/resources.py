"""django-import-export resources for exporting single models from the admin.

Export only: values come in through the workbook import (all-or-nothing, lock- and
verification-aware), never through django-import-export's import, which wrote past both. Columns
carry the workbook's Indonesian headers; numbers are written as a form shows them (``2,725``), or
as numbers in xlsx; text is escaped like workbooks.
"""

from import_export import fields, resources, widgets
from import_export.forms import SelectableFieldsExportForm

from core import numbers
from core.cells import escape_text

from .models import PerangkatDaerah, Realization, Target


class NumberWidget(widgets.DecimalWidget):
    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return value.normalize()
        return numbers.format_input(value)


class ExportForm(SelectableFieldsExportForm):
    """The export page's column choices named by the workbook's Indonesian headers alone (the
    library writes each as its attribute's English name with the header in brackets)."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        for resource in resources:
            for name, field in resource().fields.items():
                choice = self.fields.get(self.create_boolean_field_name(resource, name))
                if choice is not None:
                    choice.label = field.column_name


class EscapedResource(resources.ModelResource):
    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        return [escape_text(value) for value in row]


class PerangkatDaerahResource(EscapedResource):
    code = fields.Field(attribute="code", column_name="Kode")
    name = fields.Field(attribute="name", column_name="Nama")
    abbreviation = fields.Field(attribute="abbreviation", column_name="Singkatan")
    kind = fields.Field(attribute="kind", column_name="Jenis")

    class Meta:
        model = PerangkatDaerah
        fields = ["code", "name", "abbreviation", "kind"]


class YearlyValueResource(EscapedResource):
    indicator = fields.Field(attribute="indicator__code", column_name="Kode Indikator")
    year = fields.Field(attribute="year", column_name="Tahun")


class TargetResource(YearlyValueResource):
    value = fields.Field(attribute="value", column_name="Target", widget=NumberWidget())
    low = fields.Field(attribute="low", column_name="Batas Bawah", widget=NumberWidget())
    high = fields.Field(attribute="high", column_name="Batas Atas", widget=NumberWidget())

    class Meta:
        model = Target
        fields = ["indicator", "year", "value", "low", "high"]


class RealizationResource(YearlyValueResource):
    value = fields.Field(attribute="value", column_name="Realisasi", widget=NumberWidget())
    note = fields.Field(attribute="note", column_name="Keterangan")
    status = fields.Field(attribute="get_status_display", column_name="Status Verifikasi")

    class Meta:
        model = Realization
        fields = ["indicator", "year", "value", "note", "status"]
