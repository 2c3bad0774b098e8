"""Template filters for the planning calendar's dates, in the active language."""

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()

UNKNOWN = "…"


@register.filter
def date_span(start, end):
    """A stage's dates, each part said once: "12 Jan 2022" for one day, "3–14 Jan 2022",
    "20 Des – 5 Jan 2022", "20 Des 2021 – 5 Jan 2022"; "…" stands for a date not known yet."""
    if start is None and end is None:
        return "–"
    if start is None or end is None:
        return f"{_day(start)} – {_day(end)}"
    if start == end:
        return _day(end)
    if start.year != end.year:
        return f"{_day(start)} – {_day(end)}"
    if start.month != end.month:
        return f"{date_format(start, 'j M')} – {_day(end)}"
    return f"{start.day}–{_day(end)}"


def _day(value):
    return UNKNOWN if value is None else date_format(value, "j M Y")
