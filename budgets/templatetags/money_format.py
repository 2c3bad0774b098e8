"""Template filters for rupiah, in the active language's format."""

from django import template

from core import money

register = template.Library()


@register.filter
def rupiah(value):
    return money.rupiah(value)


@register.filter
def rupiah_short(value):
    return money.rupiah_short(value)
