"""Numbers as people write them, at every door (forms, the admin, workbooks, commands): numeric
cells, or Indonesian text.

``1.234,56``, ``85,5 %``, ``Rp 1.500.000``, ``12,5%``, ``-3``, ``−3``; ``-``, ``N/A`` and blank mean
"no value". A dot followed by groups of exactly three digits is a thousands separator (``1.500`` is
one thousand five hundred, as in Indonesian); a lone dot with other digits after it is read as a
decimal point (``2.5``), as spreadsheets in English write it. Values are kept to four decimals, as
the database stores them.

:func:`format_input` writes a number the way :func:`parse_number` reads it back unchanged
(``2,725``, ``1.234,5``): every form shows numbers with it, so saving a form again never changes
a value. Messages are translated (Indonesian first): they reach users as form and import errors.
"""

import math
import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

PLACES = Decimal("0.0001")
LIMIT = Decimal(10) ** 16  # VALUE_DIGITS: 20 digits of which 4 decimals
SEN = Decimal("0.01")
MONEY_LIMIT = Decimal(10) ** 18  # budgets.models.MONEY: 20 digits of which 2 decimals
NO_VALUE = {"", "-", "–", "—", "n/a", "na", "#n/a"}
YES = {"ya", "ada", "yes", "y", "sudah", "tersedia", "true", "benar"}
NO = {"tidak", "tidak ada", "belum", "no", "n", "t", "belum ada", "false", "salah"}

_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_GROUPED_COMMA_DECIMAL = re.compile(r"^\d+(,\d+)?$")
_PLAIN_DOT = re.compile(r"^\d*\.\d+$|^\d+$")
_RANGE = re.compile(
    r"^(?P<low>.+?)\s*"
    r"(?:–|—|\s-\s|(?<=\d)-(?=[\d\s−-])|\s(?:s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?)\s)"
    r"\s*(?P<high>.+)$",
    re.IGNORECASE,
)


class NumberError(ValueError):
    """A value that should be a number and is not; the message (translated) says what was found."""


def _shown(value):
    """A value as an error message quotes it: text in quotes, cut when long."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "…"
        return f"'{text}'"
    return str(value)


def _error(message, value):
    return NumberError(message % {"value": _shown(value)})


def is_blank(value):
    return value is None or (isinstance(value, str) and value.strip().lower() in NO_VALUE)


def parse_number(value):
    """A Decimal (four decimals) or None for no value; raises NumberError otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        # A TRUE/FALSE cell is not a measurement (yes/no indicators read it in parse_yes_no).
        raise _error(_("a yes/no cell (%(value)s), not a number"), "TRUE" if value else "FALSE")
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            raise _error(_("not a number: %(value)s"), value)
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, datetime | date | time):
        raise _error(_("a date (%(value)s), not a number"), value)
    elif isinstance(value, str):
        number = _parse_text(value)
    else:
        raise _error(_("not a number: %(value)s"), value)
    if not number.is_finite():
        raise _error(_("not a number: %(value)s"), value)
    if abs(number) >= LIMIT:
        raise _error(_("too large: %(value)s"), value)
    return number.quantize(PLACES, rounding=ROUND_HALF_UP)


def _parse_text(text):
    original = text
    text = text.strip().replace("\u00a0", " ").replace("\u2212", "-")
    if text.lower().startswith("rp"):
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
        raise _error(_("not a number: %(value)s"), original)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _error(_("not a number: %(value)s"), original) from None
    return -number if negative else number


def parse_whole_number(value, *, minimum=None, maximum=None):
    """An ``int`` (a misi number, a year) or None for no value; 6,7, or 70000 above ``maximum``,
    raise NumberError rather than being cut or stored."""
    number = parse_number(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise _error(_("a whole number is needed, not %(value)s"), value)
    number = int(number)
    if minimum is not None and number < minimum:
        raise NumberError(
            _("%(value)s is below the smallest allowed, %(limit)s")
            % {"value": number, "limit": minimum}
        )
    if maximum is not None and number > maximum:
        raise NumberError(
            _("%(value)s is above the largest allowed, %(limit)s")
            % {"value": number, "limit": maximum}
        )
    return number


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
        raise _error(_("not an amount of money: %(value)s"), value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _error(_("not an amount of money: %(value)s"), value)
        number = Decimal(repr(value))
        if number.as_tuple().exponent < -2:
            number = Decimal(format(value, ".15g"))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        if value.strip().endswith("%"):
            raise _error(_("an amount of money, not a percentage: %(value)s"), value)
        number = _parse_text(value)
    else:
        raise _error(_("not an amount of money: %(value)s"), value)
    if not number.is_finite():
        raise _error(_("not an amount of money: %(value)s"), value)
    if number < 0:
        raise _error(_("an amount cannot be negative: %(value)s"), value)
    if number >= MONEY_LIMIT:
        raise _error(_("too large: %(value)s"), value)
    if number != number.quantize(SEN, rounding=ROUND_HALF_UP):
        raise _error(_("an amount has at most two decimals (sen): %(value)s"), value)
    return number.quantize(SEN)


def parse_yes_no(value):
    """1 or 0 for a yes/no indicator (ya/tidak, ada/tidak ada, 1/0, TRUE/FALSE); None for none."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, str) and not is_blank(value):
        word = " ".join(value.strip().lower().split())
        if word in YES:
            return Decimal(1)
        if word in NO:
            return Decimal(0)
    number = parse_number(value)
    if number is not None and number not in (0, 1):
        raise _error(_("a yes/no value is ya/tidak or 1/0, not %(value)s"), value)
    return number


def parse_range(value):
    """(low, high) from ``10 - 20``, ``10–20``, ``70,6-71`` or ``2 s.d. 4``; None for no value."""
    if is_blank(value):
        return None
    match = _RANGE.match(value.strip().replace("\u2212", "−")) if isinstance(value, str) else None
    if match is None:
        raise _error(
            _("a range is written low - high (e.g. 2 - 4 or 70,6-71), not %(value)s"), value
        )
    low = parse_number(match["low"].replace("−", "-"))
    high = parse_number(match["high"].replace("−", "-"))
    if low is None or high is None:
        raise _error(_("a range needs both bounds, not %(value)s"), value)
    if low > high:
        raise _error(_("the lower bound is above the upper bound in %(value)s"), value)
    return low, high


def looks_like_range(value):
    """Whether text is written as a band (``2 - 4``), not as one (possibly negative) number."""
    if not isinstance(value, str) or is_blank(value):
        return False
    try:
        parse_number(value)
    except NumberError:
        try:
            parse_range(value)
        except NumberError:
            return False
        return True
    return False


def format_plain(value):
    """A Decimal as the shortest plain text (81.0400 → "81.04"), for logs and machine output."""
    return format(Decimal(value).normalize(), "f")


def format_input(value):
    """A number as a form field shows it, read back unchanged by :func:`parse_number`:
    Indonesian, decimal comma, thousands grouped by dots, only the decimals it has
    (Decimal("2.7250") → "2,725"; 1234.5 → "1.234,5"; None → "")."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if not number.is_finite():
        return str(value)
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = format(abs(number).normalize(), "f").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    shown = ".".join(groups)
    if fraction:
        shown += "," + fraction
    return sign + shown


def format_range_input(low, high):
    """A band as a form or a cell shows it (``70,6 - 71``), read back by :func:`parse_range`."""
    if low is None and high is None:
        return ""
    return f"{format_input(low)} - {format_input(high)}"


# -- numbers as printed tables write them ---------------------------------------------------
#
# The tables behind printed plans mix notations, sometimes within one column: ``8.785,00``,
# ``68.5``, ``1,231,790,000``, ``85%``, ``Rp 1.500.000``, a range ``69,1-69,5``, a formula
# baseline ``(143.034 : 178.793) x 100% = 80%`` (its result counts). Most cells say which mark
# is the decimal one; ``1.234`` and ``1,234`` do not, and are read by the column's other cells
# (``decimal``: "comma" or "dot"), else as Indonesian (the dot groups thousands).

COMMA, DOT = "comma", "dot"
_SIGNS = re.compile(r"^(?:[≥≤<>]=?|\+/-|±|maks\.?|min\.?|minimal|maksimal)\s*", re.IGNORECASE)
_COMMA_GROUPS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_DOT_GROUPS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$")


def printed_text(value):
    """A printed cell as the text of its number: a formula's result, no Rp, %, spaces or ≥."""
    text = str(value).strip().replace("\u00a0", " ").replace("\u2212", "-")
    if "=" in text:
        text = text.rsplit("=", 1)[1].strip()
    text = _SIGNS.sub("", text)
    if text.lower().startswith("rp"):
        text = text[2:].lstrip(". ")
    return text.rstrip("%").strip()


def decimal_evidence(value):
    """COMMA or DOT when a printed number shows which mark is its decimal one, else None."""
    if isinstance(value, int | float | Decimal) or is_blank(value):
        return None
    text = printed_text(value).replace(" ", "").lstrip("-")
    for part in _RANGE_PARTS.split(text):
        if _COMMA_GROUPS.match(part) and (part.count(",") > 1 or "." in part):
            return DOT
        if _DOT_GROUPS.match(part) and (part.count(".") > 1 or "," in part):
            return COMMA
        if _COMMA_DECIMAL.match(part) and not re.search(r",\d{3}$", part):
            return COMMA
        if _DOT_DECIMAL.match(part) and not re.search(r"\.\d{3}$", part):
            return DOT
    return None


_RANGE_PARTS = re.compile(r"\s*(?:–|—|-|s\.?d\.?|s/d|sampai)\s*")


def is_ambiguous(value):
    """``1.234`` or ``1,234``: a thousands mark or a decimal one; the column decides."""
    if not isinstance(value, str):
        return False
    text = printed_text(value).replace(" ", "").lstrip("-")
    return any(re.match(r"^\d{1,3}[.,]\d{3}$", part) for part in _RANGE_PARTS.split(text) if part)


def parse_printed_number(value, decimal=None):
    """One printed number as a Decimal (four decimals), or None for none (``-``, empty)."""
    if is_blank(value) or (isinstance(value, str) and is_blank(printed_text(value))):
        return None
    if not isinstance(value, str):
        return parse_number(value)
    text = printed_text(value).replace(" ", "")
    negative = text.startswith("-")
    body = text.lstrip("-+")
    if _COMMA_GROUPS.match(body) and (body.count(",") > 1 or "." in body or decimal == DOT):
        body = body.replace(",", "")
    elif _DOT_GROUPS.match(body) and (body.count(".") > 1 or "," in body or decimal != DOT):
        body = body.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMAL.match(body):
        body = body.replace(",", ".")
    elif not (_DOT_DECIMAL.match(body) or body.isdigit()):
        raise _error(_("not a number: %(value)s"), value)
    try:
        number = Decimal(body)
    except InvalidOperation:
        raise _error(_("not a number: %(value)s"), value) from None
    return parse_number(-number if negative else number)


def parse_printed(value, decimal=None):
    """A printed value: a Decimal, a (low, high) range, or None; raises NumberError otherwise."""
    if is_blank(value):
        return None
    if not isinstance(value, str):
        return parse_number(value)
    text = printed_text(value)
    if is_blank(text):
        return None
    try:
        return parse_printed_number(text, decimal)
    except NumberError:
        match = _RANGE.match(text)
        if match is None:
            raise _error(_("not a number: %(value)s"), value) from None
    low = parse_printed_number(match["low"], decimal)
    high = parse_printed_number(match["high"], decimal)
    if low is None or high is None:
        raise _error(_("a range needs both bounds, not %(value)s"), value)
    if low > high:
        raise _error(_("the lower bound is above the upper bound in %(value)s"), value)
    return low, high


def column_decimal(values):
    """The decimal mark a column's cells show (COMMA or DOT), or None when none says."""
    votes = {COMMA: 0, DOT: 0}
    for value in values:
        found = decimal_evidence(value)
        if found:
            votes[found] += 1
    if votes[COMMA] == votes[DOT]:
        return None
    return COMMA if votes[COMMA] > votes[DOT] else DOT
