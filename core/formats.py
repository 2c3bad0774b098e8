"""Numbers on screen, in the active language's format (Indonesian: 1.234,56 and 71,5%)."""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def format_number(value, decimal_pos=None):
    """A number with grouping and only the decimals it has (81.0400 → "81,04"); "–" for none.

    Django's ``number_format(value, decimal_pos, force_grouping=True)`` in the active language,
    with the language's separators looked up once per language (a dashboard writes some two
    hundred numbers), not for each number."""
    return _shown(value, decimal_pos, _writer(get_language()))


def number_formatter():
    """:func:`format_number` bound to the language active now (an export formats 100,000
    values in the language it was asked in)."""
    write = _writer(get_language())
    return lambda value, decimal_pos=None: _shown(value, decimal_pos, write)


@cache
def _writer(language):
    separators = {
        "decimal_sep": get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        "grouping": get_format("NUMBER_GROUPING", language, use_l10n=True),
        "thousand_sep": get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
    }

    def with_separators(value, decimal_pos):
        return numberformat.format(
            value, decimal_pos=decimal_pos, force_grouping=True, use_l10n=True, **separators
        )

    if separators["grouping"] != 3:
        return with_separators
    decimal_sep, thousand_sep = separators["decimal_sep"], separators["thousand_sep"]

    def in_threes(value, decimal_pos):
        # numberformat.format's own steps for a Decimal and a number of decimals, with the
        # groups of three written by str.format (Django writes them a digit at a time).
        if abs(value) < _cutoff(decimal_pos):
            value = ZERO  # too small to show in the decimals asked for
        _sign, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int) or abs(exponent) + len(digits) > 200:
            return with_separators(value, decimal_pos)
        text = f"{value:f}"
        sign = ""
        if text[0] == "-":
            sign, text = "-", text[1:]
        whole, _dot, fraction = text.partition(".")
        fraction = fraction[:decimal_pos].ljust(decimal_pos, "0")  # cut, not rounded, as Django
        whole = f"{int(whole):,}".replace(",", thousand_sep)
        return sign + whole + (decimal_sep + fraction if fraction else "")

    return in_threes


ZERO = Decimal(0)


@cache
def _cutoff(decimal_pos):
    return Decimal("0." + "1".rjust(decimal_pos, "0"))


@receiver(setting_changed)
def _forget_separators(**kwargs):
    # Formats come from settings and locale modules (FORMAT_MODULE_PATH …), as Django's own
    # format cache, which a setting change empties too.
    _writer.cache_clear()


def _shown(value, decimal_pos, write):
    if value is None:
        return "–"
    value = Decimal(value)
    if decimal_pos is None:
        exponent = value.normalize().as_tuple().exponent
        decimal_pos = max(0, -exponent) if isinstance(exponent, int) else 0
    return write(value, decimal_pos)


def capaian_shown(capaian, *, threshold=None):
    """Capaian as printed evaluation tables show it: rounded half-up to two decimals
    (107,8061 → 107,81), except that a value below the threshold (100 unless given) is never
    shown as reaching it (99,996 → 99,99, not 100,00).
    """
    if capaian is None:
        return None
    capaian = Decimal(capaian)
    threshold = HUNDRED if threshold is None else Decimal(threshold)
    shown = capaian.quantize(CENT, rounding=ROUND_HALF_UP)
    if capaian < threshold <= shown:
        shown = capaian.quantize(CENT, rounding=ROUND_FLOOR)
    return shown


def format_capaian(result):
    """An :class:`~indicators.achievement.Achievement`'s capaian as "107,81%"; "–" for none."""
    if result.capaian is None:
        return _("undefined (R = 0)") if result.achieved else "–"
    shown = capaian_shown(result.capaian, threshold=result.threshold)
    return f"{format_number(shown, 2)}%"
