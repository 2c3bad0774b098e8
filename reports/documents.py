"""A form built for a scope, and written out: the HTML of the page (and of the PDF, the same
body), the PDF by WeasyPrint and the workbook (:mod:`reports.xlsx`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.formats import format_number

from .table import Capaian, Money

NUMERIC = {"number", "money", "capaian"}


@dataclass
class Document:
    form: object
    scope: object
    table: object
    context: dict = field(default_factory=dict)

    @property
    def file_stem(self):
        return self.form.file_name(self.scope, "x").removesuffix(".x")


def build(form, scope):
    """The form's table (and page context) for ``scope``."""
    table, context = form.parts(scope)
    if scope.units:
        names = ", ".join(unit.name for unit in scope.units)
        table.subtitle += " · " + _("Perangkat daerah: %(names)s") % {"names": names}
    return Document(form, scope, table, context)


def shown(value):
    """A cell's text as pages and the PDF show it (Indonesian: 1.234,56; capaian 107,81)."""
    if value is None:
        return ""
    if isinstance(value, Capaian):
        if value.value is None:
            return _("undefined (R = 0)") if value.achieved else "–"
        return format_number(value.shown, 2)
    if isinstance(value, Money):
        return "" if value.value is None else format_number(Decimal(value.value), 0)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def css_class(kind, value):
    names = ["num"] if kind in NUMERIC else [kind]
    if isinstance(value, Capaian) and value.value is not None:
        names.append("achieved" if value.achieved else "not-achieved")
    return " ".join(names)


def html_rows(table):
    """Each row for the template: ("heading", level, text) or ("data", level, [(text, class)])."""
    rows = []
    for row in table.rows:
        if row.is_heading:
            rows.append(("heading", row.level, row.heading))
        else:
            cells = [
                (shown(value), css_class(kind, value))
                for value, kind in zip(row.padded(table.width), table.kinds, strict=True)
            ]
            rows.append(("data", row.level, cells))
    return rows


def context_of(document):
    table = document.table
    return {
        "document": document,
        "form": document.form,
        "scope": document.scope,
        "table": table,
        "rows": html_rows(table),
        "column_numbers": range(1, table.width + 1),
        **document.context,
    }


def body_html(document):
    """The report itself (title, table or summary), shared by the page and the PDF."""
    return render_to_string("reports/_document.html", context_of(document))


def pdf_bytes(document):
    """The PDF of the report, by WeasyPrint from the same body as the page."""
    from weasyprint import CSS, HTML

    html = render_to_string(
        "reports/pdf.html", {"body": body_html(document), "table": document.table}
    )
    stylesheet = CSS(filename=finders.find("css/report.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
