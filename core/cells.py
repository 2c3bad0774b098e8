"""Spreadsheet cells that are safe to open: text a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or CR) is written with a leading apostrophe, and read back
without it. Used by every export (workbooks, the audit trail, open data).
"""

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
