"""Numbers on screen, in the active language's format (Indonesian: 1.234,56 and 71,5%)."""

from decimal import ROUND_FLOOR, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def format_number(value, decimal_pos=None):
    """A number with grouping and only the decimals it has (81.0400 → "81,04"); "–" for none."""
    if value is None:
        return "–"
    value = Decimal(value)
    if decimal_pos is None:
        exponent = value.normalize().as_tuple().exponent
        decimal_pos = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(value, decimal_pos=decimal_pos, force_grouping=True)


def format_capaian(result):
    """Capaian to two decimals, rounded down so that a shown 100,00% is always achieved."""
    if result.capaian is None:
        return _("undefined (R = 0)") if result.achieved else "–"
    shown = result.capaian.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    return f"{format_number(shown, 2)}%"
