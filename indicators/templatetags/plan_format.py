"""Template filters for numbers and achievement, in the active language's format."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from core import formats
from core.quarters import ROMAN
from indicators import achievement
from indicators.achievement import BAND_FLOORS, Band, Status
from indicators.outlook import OutlookStatus

register = template.Library()


@register.filter
def number(value):
    """1.234,56 in Indonesian, 1,234.56 in English; "–" for no value."""
    return formats.format_number(value)


@register.filter
def percent(value, decimals=1):
    """A share as 71,5%; "–" when undefined."""
    return percent_with(formats.format_number, value, decimals)


def percent_with(write, value, decimals=1):
    """:func:`percent` written by ``write`` (a :func:`core.formats.number_formatter`, for many)."""
    if value is None:
        return "–"
    places = int(decimals)
    return f"{write(Decimal(value).quantize(Decimal(1).scaleb(-places)), places)}%"


@register.filter
def capaian(result):
    return formats.format_capaian(result)


@register.filter
def target(rule_target):
    if rule_target is None or not rule_target.is_given:
        return "–"
    if rule_target.value is not None:
        return formats.format_number(rule_target.value)
    return f"{formats.format_number(rule_target.low)} – {formats.format_number(rule_target.high)}"


@register.filter
def status_label(status):
    return {
        Status.ACHIEVED: _("achieved"),
        Status.NOT_ACHIEVED: _("not achieved"),
        Status.NO_DATA: _("no data"),
    }[Status(status)]


@register.filter
def status_icon(status):
    return {Status.ACHIEVED: "✔", Status.NOT_ACHIEVED: "✘", Status.NO_DATA: "–"}[Status(status)]


@register.filter
def css_name(value):
    """A band or status as a CSS class name: "Sangat Tinggi" → "sangat-tinggi"."""
    return str(value).lower().replace(" ", "-").replace("_", "-")


@register.filter
def band_range(band):
    """The capaian a rating band stands for: "≥ 91%", "76–<91%", "< 51%"."""
    banded = [b for _, b in BAND_FLOORS]  # highest first
    band = achievement.member(Band, band)
    if band not in banded:
        return f"< {formats.format_number(BAND_FLOORS[-1][0])}%"
    index = banded.index(band)
    floor = formats.format_number(BAND_FLOORS[index][0])
    if index == 0:
        return f"≥ {floor}%"
    return f"{floor}–<{formats.format_number(BAND_FLOORS[index - 1][0])}%"


@register.filter
def roman(number):
    """A triwulan's Roman numeral: 1 → I … 4 → IV."""
    return ROMAN.get(int(number), "–")


@register.filter
def outlook_label(status):
    """An outlook status as pages name it (tercapai, akan tercapai, perlu usaha keras, …)."""
    return {
        OutlookStatus.ACHIEVED: _("achieved"),
        OutlookStatus.ON_TRACK: _("on track"),
        OutlookStatus.NEEDS_EFFORT: _("needs effort"),
        OutlookStatus.WORSENING: _("worsening"),
        OutlookStatus.NO_DATA: _("no data"),
    }[OutlookStatus(status)]


@register.filter
def outlook_icon(status):
    return {
        OutlookStatus.ACHIEVED: "✔",
        OutlookStatus.ON_TRACK: "↗",
        OutlookStatus.NEEDS_EFFORT: "!",
        OutlookStatus.WORSENING: "↘",
        OutlookStatus.NO_DATA: "–",
    }[OutlookStatus(status)]


@register.filter
def ratio(value):
    """A growth ratio as 0,42; "–" when not measured."""
    return ratio_with(formats.format_number, value)


def ratio_with(write, value):
    """:func:`ratio` written by ``write`` (a :func:`core.formats.number_formatter`, for many)."""
    if value is None:
        return "–"
    return write(Decimal(value).quantize(Decimal("0.01")), 2)
