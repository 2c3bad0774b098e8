"""The dashboard's long parts written in Python: its tables of some fifty units, of the outlook
per misi and per unit, of the indicators at risk, and its chart data.

Each row as template nodes cost more than the rest of the page together; here a row is one
format string (every value escaped), the same markup the template wrote.
"""

from html import escape  # the standard library's: Django's wraps it for lazy strings, slower
from urllib.parse import quote

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.charts import as_script
from core.formats import number_formatter

from .plan_format import css_name, outlook_icon, outlook_label, percent_with, ratio_with

register = template.Library()

UNIT_ROW = (
    '<tr><td>{code}</td><td><a href="{link}">{name}</a></td><td class="num">{total}</td>'
    '<td class="num">{achieved}</td><td class="num">{not_achieved}</td>'
    '<td class="num">{no_data}</td><td class="num" data-sort="{sort}">{share}</td>'
    '<td class="num">{awaiting}</td></tr>'
)


@register.simple_tag
def unit_rows(units):
    """One ``<tr>`` per unit: code, name (a link to its page), the counts, % achieved, awaiting."""
    rows = []
    write = number_formatter()
    for unit in units:
        share = unit.share_achieved
        rows.append(
            UNIT_ROW.format(
                code=escape(unit.code),
                link=escape(unit.link),
                name=escape(unit.name),
                total=int(unit.total),
                achieved=int(unit.achieved),
                not_achieved=int(unit.not_achieved),
                no_data=int(unit.no_data),
                sort="" if share is None else f"{share:.4f}",
                share=escape(percent_with(write, share)),
                awaiting=int(unit.awaiting),
            )
        )
    return _joined(rows)


def _joined(rows):
    return mark_safe("\n".join(rows))  # noqa: S308  (every value in a row is escaped or a number)


OUTLOOK_ROW = '<tr><th scope="row"{title}>{label}</th>{counts}<td class="num"><strong>{at_risk}</strong></td></tr>'


@register.simple_tag
def outlook_rows(groups, per="unit"):
    """One ``<tr>`` per group of the outlook (a unit, or a misi with ``per="mission"``): its name,
    its count per status, at risk."""
    rows = []
    for group in groups:
        if per == "mission":
            title = f' title="{escape(group.label)}"'
            label = escape(gettext("Misi %(number)s") % {"number": group.code})
        else:
            title, label = "", escape(group.label)
        counts = "".join(
            f'<td class="num">{int(count)}</td>' for _status, count in group.in_order()
        )
        rows.append(
            OUTLOOK_ROW.format(title=title, label=label, counts=counts, at_risk=int(group.at_risk))
        )
    return _joined(rows)


AT_RISK_ROW = (
    '<tr>\n          <td><a href="{prefix}{quoted}/?year={year}">{code}</a> {name}</td>\n'
    "          <td>{unit}</td>\n"
    '          <td class="outlook {css}"><span aria-hidden="true">{icon}</span> {label}</td>\n'
    '          <td class="num">{ratio}</td></tr>'
)


@register.simple_tag
def at_risk_rows(rows, prefix, year):
    """One ``<tr>`` per indicator at risk: its code (a link to its page) and name, its unit, its
    outlook and growth ratio."""
    labels = {}
    written = []
    write = number_formatter()
    for row in rows:
        status = row.status
        if status not in labels:
            labels[status] = (css_name(status), outlook_icon(status), escape(outlook_label(status)))
        css, icon, label = labels[status]
        written.append(
            AT_RISK_ROW.format(
                prefix=escape(prefix),
                quoted=escape(quote(row.code)),
                year=int(year),
                code=escape(row.code),
                name=escape(row.name),
                unit=escape(row.perangkat_daerah_abbreviation or row.perangkat_daerah_name),
                css=css,
                icon=icon,
                label=label,
                ratio=escape(ratio_with(write, row.outlook.ratio)),
            )
        )
    return _joined(written)


@register.filter
def chart_script(figure, element_id):
    """A figure as ``<script type="application/json">``, like ``json_script``."""
    return as_script(figure, element_id)
