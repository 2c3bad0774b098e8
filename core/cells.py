"""Spreadsheet cells that are safe to open: text a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or CR) is written with a leading apostrophe, and read back
without it. Used by every export (workbooks, the audit trail, open data).
"""

import re

ESCAPE_PREFIX = "'"
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_text(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return ESCAPE_PREFIX + value
    return value


def unescape_text(value):
    """Undo :func:`escape_text` on a value read back from a cell."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == ESCAPE_PREFIX
        and value[1] in DANGEROUS_STARTS
    ):
        return value[1:]
    return value


# What an xlsx cell cannot hold as typed: characters XML cannot carry (control characters; CR,
# which an XML reader turns into LF) and an underscore that would begin the format's escape of a
# character ("_x0041_" reads "A"). Each is written as that escape, which spreadsheet programs and
# the workbook reader read back as the character.
UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def xlsx_escaped(value):
    """``value`` with every character of ``UNWRITABLE`` written as its ``_xHHHH_`` escape."""
    return UNWRITABLE.sub(_escape, value)


def _escape(match):
    return f"_x{ord(match.group()):04X}_"


def xlsx_text(value):
    """:func:`escape_text` for a cell openpyxl writes: what an xlsx cell cannot hold as typed
    (a control character, CR, text such as "_x0041_") is written as the format's escape, so that
    spreadsheet programs and the workbook reader read the text as typed (openpyxl would refuse a
    control character and write CR as it is)."""
    value = escape_text(value)
    if isinstance(value, str):
        return xlsx_escaped(value)
    return value
