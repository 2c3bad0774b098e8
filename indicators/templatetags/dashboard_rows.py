"""The dashboard's long parts written in Python: its table of some fifty units and its chart data.

Each unit row as template nodes cost more than the rest of the page together; here a row is one
format string (every value escaped), the same markup the template wrote.
"""

from html import escape  # the standard library's: Django's wraps it for lazy strings, slower

from django import template
from django.utils.safestring import mark_safe

from core.charts import as_script

from .plan_format import percent

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
                share=escape(percent(share)),
                awaiting=int(unit.awaiting),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308  (every value above is escaped or a number)


@register.filter
def chart_script(figure, element_id):
    """A figure as ``<script type="application/json">``, like ``json_script``."""
    return as_script(figure, element_id)
