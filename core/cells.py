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


# An underscore that would begin the xlsx format's escape of a character ("_x0041_" reads "A").
LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def xlsx_text(value):
    """:func:`escape_text` for an xlsx cell, where text such as "_x0041_" would also be read as
    the format's escape of a character: its underscore is written as its own escape
    (``_x005F_``), so that spreadsheet programs and the workbook reader read the text as typed."""
    value = escape_text(value)
    if isinstance(value, str) and "_x" in value:
        return LOOKS_ESCAPED.sub("_x005F_", value)
    return value
