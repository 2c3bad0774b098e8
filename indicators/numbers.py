"""Numbers as planning staff write them in worksheets: numeric cells, or Indonesian text.

Pure functions (no Django): ``1.234,56``, ``85,5 %``, ``Rp 1.500.000``, ``12,5%``, ``-3``, ``−3``;
``-``, ``N/A`` and blank mean "no value". A dot followed by groups of exactly three digits is a
thousands separator (``1.500`` is one thousand five hundred, as in Indonesian); a lone dot with
other digits after it is read as a decimal point (``2.5``), as spreadsheets in English write it.
Values are kept to four decimals, as the database stores them.
"""

import math
import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PLACES = Decimal("0.0001")
LIMIT = Decimal(10) ** 16  # VALUE_DIGITS: 20 digits of which 4 decimals
SEN = Decimal("0.01")
MONEY_LIMIT = Decimal(10) ** 18  # budgets.models.MONEY: 20 digits of which 2 decimals
NO_VALUE = {"", "-", "–", "—", "n/a", "na", "#n/a"}
YES = {"ya", "ada", "yes", "y", "sudah", "tersedia"}
NO = {"tidak", "tidak ada", "belum", "no", "n", "t", "belum ada"}

_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_GROUPED_COMMA_DECIMAL = re.compile(r"^\d+(,\d+)?$")
_PLAIN_DOT = re.compile(r"^\d*\.\d+$|^\d+$")
_RANGE = re.compile(r"^(?P<low>.+?)\s*(?:–|—|\s-\s|(?<=\d)-(?=[\d\s−-]))\s*(?P<high>.+)$")


class NumberError(ValueError):
    """A cell that should hold a number and does not; the message says what was found."""


def is_blank(value):
    return value is None or (isinstance(value, str) and value.strip().lower() in NO_VALUE)


def parse_number(value):
    """A Decimal (four decimals) or None for no value; raises NumberError otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and value != value:  # NaN
            raise NumberError("not a number")
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, datetime | date | time):
        raise NumberError(f"a date ({value}), not a number")
    elif isinstance(value, str):
        number = _parse_text(value)
    else:
        raise NumberError(f"not a number: {value!r}")
    if not number.is_finite() or abs(number) >= LIMIT:
        raise NumberError(f"too large: {value!r}")
    return number.quantize(PLACES, rounding=ROUND_HALF_UP)


def _parse_text(text):
    original = text
    text = text.strip().replace("\u00a0", " ").replace("\u2212", "-")
    lowered = text.lower()
    if lowered.startswith("rp"):
        text = text[2:].lstrip(". ")
    if text.endswith("%"):
        text = text[:-1]
    text = text.replace(" ", "")
    negative = text.startswith("-")
    if negative or text.startswith("+"):
        text = text[1:]
    if _GROUPED_DOT.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED_COMMA_DECIMAL.match(text):
        text = text.replace(",", ".")
    elif not _PLAIN_DOT.match(text):
        raise NumberError(f"not a number: {original!r}")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise NumberError(f"not a number: {original!r}") from None
    return -number if negative else number


def parse_money(value):
    """An amount of rupiah as an exact Decimal (two decimals), or None for no value.

    ``Rp 1.500.000``, ``1.234,56`` and numeric cells are accepted; a negative amount, a percentage
    or a fraction of a sen raises NumberError. A numeric cell is a spreadsheet's double: it is
    read exactly (5909045828498.0 is 5909045828498), and only when that shows float noise beyond
    the sen (1234.5600000000002) at the 15 significant digits a spreadsheet itself keeps.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool | datetime | date | time):
        raise NumberError(f"not an amount of money: {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError(f"not an amount of money: {value!r}")
        number = Decimal(repr(value))
        if number.as_tuple().exponent < -2:
            number = Decimal(format(value, ".15g"))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        if value.strip().endswith("%"):
            raise NumberError(f"an amount of money, not a percentage: {value!r}")
        number = _parse_text(value)
    else:
        raise NumberError(f"not an amount of money: {value!r}")
    if not number.is_finite():
        raise NumberError(f"not an amount of money: {value!r}")
    if number < 0:
        raise NumberError(f"an amount cannot be negative: {value!r}")
    if number >= MONEY_LIMIT:
        raise NumberError(f"too large: {value!r}")
    if number != number.quantize(SEN, rounding=ROUND_HALF_UP):
        raise NumberError(f"an amount has at most two decimals (sen): {value!r}")
    return number.quantize(SEN)


def parse_yes_no(value):
    """1 or 0 for a yes/no indicator (ya/tidak, ada/tidak ada, 1/0); None for no value."""
    if isinstance(value, str) and not is_blank(value):
        word = " ".join(value.strip().lower().split())
        if word in YES:
            return Decimal(1)
        if word in NO:
            return Decimal(0)
    number = parse_number(value)
    if number is not None and number not in (0, 1):
        raise NumberError(f"a yes/no value is ya/tidak or 1/0, not {value!r}")
    return number


def parse_range(value):
    """(low, high) from ``10 - 20`` or ``10–20``; None for no value."""
    if is_blank(value):
        return None
    if not isinstance(value, str):
        raise NumberError(f"a range target is written low - high (e.g. 2 - 4), not {value!r}")
    match = _RANGE.match(value.strip().replace("\u2212", "−"))
    if match is None:
        raise NumberError(f"a range target is written low - high (e.g. 2 - 4), not {value!r}")
    low = parse_number(match["low"].replace("−", "-"))
    high = parse_number(match["high"].replace("−", "-"))
    if low is None or high is None:
        raise NumberError(f"a range target needs both bounds, not {value!r}")
    if low > high:
        raise NumberError(f"the lower bound is above the upper bound in {value!r}")
    return low, high


def format_plain(value):
    """A Decimal as the shortest plain text (81.0400 → "81.04"), for range targets on export."""
    text = format(value.normalize(), "f")
    return text
