"""Triwulan (quarter) names as worksheets and people write them: ``I``–``IV``, ``1``–``4``,
``TW1``, ``TW II``, ``Triwulan III``."""

import re

from django.utils.translation import gettext as _

from .numbers import NumberError

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_BY_WORD = {**{word.lower(): number for number, word in ROMAN.items()}, "1": 1, "2": 2, "3": 3}
_BY_WORD["4"] = 4
_PREFIX = re.compile(r"^(?:triwulan|tw|q)[\s.\-]*", re.IGNORECASE)


def quarter_number(text):
    """1–4 for a triwulan name, None when ``text`` names none."""
    word = _PREFIX.sub("", " ".join(str(text).split())).strip().lower()
    if word.endswith(".0"):
        word = word[:-2]
    return _BY_WORD.get(word)


def parse_quarter(value):
    """The triwulan a cell names (1–4); None for a blank cell; :class:`NumberError` otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value) if float(value).is_integer() else None
    else:
        number = quarter_number(value)
    if number not in ROMAN:
        raise NumberError(
            _("unknown triwulan %(value)s; use I, II, III, IV or 1–4") % {"value": repr(value)}
        )
    return number
