"""One worksheet as a reader sees it: its header, its rows as ``{header: value}``, and the hooks
that read a cell as text, a code, a number, a whole number, money, yes/no or a range.

Every hook takes the row number and the header, parses with :mod:`core.numbers` /
:mod:`core.codes`, and on a bad cell records one error (``Sheet!row: column: message``) and
returns None, so a reader says what it wants and never formats a message position itself.
Headers match case- and space-insensitively.
"""

from __future__ import annotations

import pickle
import re
import tempfile

from django.utils.translation import gettext as _

from core import codes, numbers, quarters
from core.cells import unescape_text

from .xlsx import UNCACHED_FORMULA, BadNumber

YEAR_COLUMN = re.compile(r"^(target|realisasi)\s*(\d{4})$")
QUARTER_COLUMN = re.compile(r"^realisasi\s*(\d{4})\s*((?:tw|triwulan)\s*\S+)$")
MISSING = object()
TITLE_LINES = 5  # rows of a single cell looked past for the header


def normalise(text):
    return " ".join(str(text).split()).lower()


def sheet_key(name):
    return "".join(str(name).split()).lower()


class Sheet:
    def __init__(self, workbook, index, report):
        self.workbook, self.index, self.report = workbook, index, report
        self.name = workbook.sheets[index][0]
        self.key = sheet_key(self.name)
        self.header_row = None
        self.columns, self.titles = {}, {}
        header = None
        for position, (number, values) in enumerate(workbook.rows(index)):
            # Title lines above the header (a sheet's name, its unit and year) are rows of one
            # cell; the header is the first row of more, or the first row when there is none.
            if header is None or len(values) > 1:
                header = (number, values)
            if len(values) > 1 or position >= TITLE_LINES:
                break
        if header is not None:
            self.header_row = header[0]
            for column, value in sorted(header[1].items()):
                title = " ".join(str(value).split())
                self.columns.setdefault(normalise(title), column)
                self.titles.setdefault(normalise(title), title)
        self.by_column = {column: header for header, column in self.columns.items()}
        self.replay = None  # the rows, kept when more than one reader reads this sheet
        self.keep = False

    # -- the header ----------------------------------------------------------------------

    def has(self, *headers):
        return all(header in self.columns for header in headers)

    def title(self, header):
        return self.titles.get(header, header.title())

    @property
    def year_columns(self):
        """[(kind, year, header)] for each ``Target YYYY`` / ``Realisasi YYYY`` column."""
        found = []
        for header in self.columns:
            match = YEAR_COLUMN.match(header)
            if match:
                found.append((match[1], int(match[2]), header))
        return found

    @property
    def quarter_columns(self):
        """[(year, triwulan 1–4, header)] for each ``Realisasi YYYY TW1`` … ``TW4`` column."""
        found = []
        for header in self.columns:
            match = QUARTER_COLUMN.match(header)
            if match and quarters.quarter_number(match[2]) is not None:
                found.append((int(match[1]), quarters.quarter_number(match[2]), header))
        return found

    def require(self, *headers):
        missing = [header for header in headers if header not in self.columns]
        for header in missing:
            self.error(self.header_row or 1, header, _("required column is missing"))
        return not missing

    # -- rows ----------------------------------------------------------------------------

    def raw_rows(self):
        """The file's rows after the header; parsed once, replayed from a spool for a second
        reader of the same sheet (the Indikator sheet: structure, then its yearly columns)."""
        if self.replay is not None:
            self.replay.seek(0)
            while True:
                try:
                    yield from pickle.load(self.replay)
                except EOFError:
                    return
        spool = tempfile.TemporaryFile() if self.keep else None  # noqa: SIM115  (kept below)
        chunk = []
        for number, values in self.workbook.rows(self.index):
            if number <= (self.header_row or 0):
                continue
            if spool is not None:
                chunk.append((number, values))
                if len(chunk) >= 1000:
                    pickle.dump(chunk, spool, protocol=pickle.HIGHEST_PROTOCOL)
                    chunk = []
            yield number, values
        if spool is not None:
            pickle.dump(chunk, spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.replay = spool

    def close(self):
        if self.replay is not None:
            self.replay.close()

    def rows(self, progress=None):
        """(row number, {header: value}) for every data row, streaming; ``progress(n)`` now and then."""
        by_column = self.by_column
        count = 0
        for number, values in self.raw_rows():
            row = {by_column[c]: v for c, v in values.items() if c in by_column}
            count += 1
            if progress is not None and count % 1000 == 0:
                progress(count)
            if row:
                yield number, row
        self.report.sheet(self.name).rows = count
        if progress is not None:
            progress(count)

    # -- the hooks -----------------------------------------------------------------------

    def error(self, number, header, message):
        self.report.error(self.name, number, self.title(header) if header else "", message)

    def raw(self, number, row, header, unescape=True):
        """The cell's value with export escaping undone; MISSING after an error."""
        value = row.get(header)
        if value is UNCACHED_FORMULA:
            self.error(
                number,
                header,
                _(
                    "formula without a saved result: open the file in a spreadsheet program, "
                    "save it, and upload it again"
                ),
            )
            return MISSING
        if isinstance(value, BadNumber):
            self.error(number, header, _("not a number: %(value)s") % {"value": repr(str(value))})
            return MISSING
        return unescape_text(value) if unescape else value

    def text(self, number, row, header, *, required=False, max_length=None):
        value = self.raw(number, row, header, unescape=False)
        if value is MISSING:
            return None
        if value is None:
            text = ""
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = unescape_text(str(value).strip())
        if required and not text:
            self.error(number, header, _("required; the cell is empty"))
            return None
        if max_length is not None and len(text) > max_length:
            self.error(
                number,
                header,
                _("at most %(limit)d characters (this cell has %(count)d)")
                % {"limit": max_length, "count": len(text)},
            )
            return None
        return text

    def code(self, number, row, header, *, required=True, max_length=50):
        """A code by :mod:`core.codes` (NFC, ASCII, no look-alikes); "" when blank and optional."""
        text = self.text(number, row, header, required=required)
        if not text:
            return text
        if len(text) <= max_length and text.isascii() and codes.PATTERN.match(text):
            return text  # the usual case, and already what the code rule would keep
        code = codes.normalise_code(text)
        problem = codes.code_problem(code, max_length)
        if problem is not None:
            self.error(number, header, problem)
            return None
        return code

    def parsed(self, number, row, header, parse):
        """``parse(value)`` of the cell, or None (blank, or an error recorded)."""
        value = self.raw(number, row, header)
        if value is MISSING:
            return None
        try:
            return parse(value)
        except numbers.NumberError as exc:
            self.error(number, header, str(exc))
            return None

    def number(self, number, row, header):
        return self.parsed(number, row, header, numbers.parse_number)

    def money(self, number, row, header):
        return self.parsed(number, row, header, numbers.parse_money)

    def whole(self, number, row, header, *, minimum=None, maximum=None):
        return self.parsed(
            number,
            row,
            header,
            lambda value: numbers.parse_whole_number(value, minimum=minimum, maximum=maximum),
        )

    def choice(self, number, row, header, choices, message, *, required=False):
        """One of ``choices`` ({normalised word: value}); ``message`` % {"value": …} otherwise."""
        text = self.text(number, row, header, required=required)
        if not text:
            return None
        value = choices.get(normalise(text))
        if value is None:
            self.error(number, header, message % {"value": repr(text)})
        return value
