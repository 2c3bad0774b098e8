"""Rupiah on screen: in full (Rp 5.909.045.828.498) or short where space is short (Rp 5,91 T).

Amounts are exact decimals throughout; only the chart data handed to plotly becomes float. "Rp",
the amount and its scale are joined by no-break spaces (NBSP), so a narrow column or a phone never
wraps "Rp" away from its number; :func:`core.numbers.parse_money` reads them back.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language

# Short scales by language: Indonesian triliun / miliar / juta; English trillion / billion / million.
SCALES = {
    "id": [(Decimal(10) ** 12, "T", 2), (Decimal(10) ** 9, "M", 1), (Decimal(10) ** 6, "jt", 1)],
    "en": [(Decimal(10) ** 12, "T", 2), (Decimal(10) ** 9, "B", 1), (Decimal(10) ** 6, "M", 1)],
}
NONE = "–"
NBSP = "\u00a0"


def _number(value, decimals):
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def rupiah(value):
    """The full amount: "Rp 5.909.045.828.498" (sen shown only when there are any)."""
    if value is None:
        return NONE
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else 2
    sign = "−" if value < 0 else ""
    return f"{sign}Rp{NBSP}{_number(abs(value), decimals)}"


def rupiah_short(value):
    """A rounded amount: "Rp 5,91 T", "Rp 250,3 M", "Rp 12,5 jt" (English: T, B, M)."""
    if value is None:
        return NONE
    value = Decimal(value)
    sign = "−" if value < 0 else ""
    amount = abs(value)
    language = (get_language() or "id").split("-")[0]
    for size, suffix, decimals in SCALES.get(language, SCALES["en"]):
        if amount >= size:
            shown = (amount / size).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
            return f"{sign}Rp{NBSP}{_number(shown, decimals)}{NBSP}{suffix}"
    return f"{sign}{rupiah(amount)}"


def percent_of(part, whole):
    """``part`` as a percentage of ``whole``, to two decimals; None when undefined."""
    if part is None or whole is None or whole == 0:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
