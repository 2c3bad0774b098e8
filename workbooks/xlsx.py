"""Opening an .xlsx safely and streaming its cells: the file checks and the cell reader.

An .xlsx is a zip of XML parts. Before anything is parsed, the zip's directory is checked
(size, members, what they unpack to); then each part is found the way a spreadsheet program
finds it, by the relationships and ``[Content_Types].xml``, never by its name, and is held to
the limit of its role (a worksheet, the shared strings, the styles…) while it is read: the
bytes really unpacked are counted, so a lying zip directory gains nothing. XML is parsed with
defusedxml (no DTDs, no entities). Rows stream; the limits on rows, cells and text per cell
(:mod:`workbooks.limits`) refuse a file at once, naming where.

Values come back as Python values: ``str``, ``int``/``float`` (``nan`` included: the number
rule refuses it as one cell), ``bool``, ``datetime`` (for a date-formatted number),
:data:`UNCACHED_FORMULA` for a formula saved without its result, and :class:`BadNumber` for a
numeric cell whose text is not a number.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from io import BufferedIOBase
from xml.parsers.expat import ExpatError

from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string, get_column_letter

from . import limits as workbook_limits
from .cells import (
    UNCACHED_FORMULA,
    BadNumber,
    Limit,
    SheetCells,
    feed,
    guarded_parser,
    shared_strings,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml."
WORKBOOK_TYPES = {
    SPREADSHEET + "sheet.main+xml",
    SPREADSHEET + "template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
WORKSHEET_TYPE = SPREADSHEET + "worksheet+xml"
STRINGS_TYPE = SPREADSHEET + "sharedStrings+xml"
STYLES_TYPE = SPREADSHEET + "styles+xml"
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"


class WorkbookUnreadable(Exception):
    """The file cannot be read as a workbook at all (not xlsx, damaged, over a limit)."""


__all__ = ["UNCACHED_FORMULA", "BadNumber", "WorkbookFile", "WorkbookUnreadable"]
PARSE_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    KeyError,
    ValueError,
    SyntaxError,
    ExpatError,
)


def damaged(detail=""):
    return WorkbookUnreadable(
        _("The workbook is damaged or not a readable .xlsx (%s).") % (detail or "zip")
    )


def not_xlsx():
    return WorkbookUnreadable(
        _("This is not an Excel workbook (.xlsx): save it as .xlsx and upload it again.")
    )


def too_big():
    return WorkbookUnreadable(
        _("The workbook unpacks to more than the server accepts; split it into smaller files.")
    )


class CountedPart(BufferedIOBase):
    """A zip member as a stream that stops at ``limit`` unpacked bytes, whatever the zip says."""

    def __init__(self, stream, limit, on_limit):
        self.stream, self.limit, self.on_limit, self.count = stream, limit, on_limit, 0

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.stream.read(size if size and size > 0 else 1 << 16)
        self.count += len(data)
        if self.count > self.limit:
            raise self.on_limit()
        return data

    def close(self):
        self.stream.close()
        super().close()


class WorkbookFile:
    """An opened, checked .xlsx: its sheets (in the file's order) and their cells."""

    def __init__(self, path, limits=None):
        self.limits = limits or workbook_limits.current()
        self.path = path
        self.archive = self._open(path)
        try:
            self._index()
        except WorkbookUnreadable:
            self.archive.close()
            raise
        except PARSE_ERRORS as exc:
            self.archive.close()
            raise damaged(type(exc).__name__) from None

    def close(self):
        self.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the zip and its parts ------------------------------------------------------------

    def _open(self, path):
        try:
            size = path.stat().st_size if hasattr(path, "stat") else _size(path)
        except OSError as exc:
            raise WorkbookUnreadable(_("Cannot open the file: %s") % exc.strerror) from None
        self.members = {}
        archive = check_zip(path, size, self.limits)
        self.members = {m.filename: m for m in archive.infolist()}
        return archive

    @staticmethod
    def check_zip(upload, limits=None):
        """The cheap checks (size, zip directory) of an uploaded file, before it is stored."""
        check_zip(upload, upload.size, limits or workbook_limits.current()).close()

    def content_type(self, name):
        return self.overrides.get(name) or self.defaults.get(posixpath.splitext(name)[1][1:])

    def part_limit(self, name):
        """The unpacked size a part may have, by its role (content type), not its name."""
        kind = self.content_type(name)
        if kind == WORKSHEET_TYPE:
            return self.limits.sheet_mb * workbook_limits.MB
        if kind == STRINGS_TYPE:
            return self.limits.strings_mb * workbook_limits.MB
        return self.limits.other_part_mb * workbook_limits.MB

    def open_part(self, name):
        member = self.members.get(name)
        if member is None:
            raise KeyError(name)
        limit = self.part_limit(name)
        if member.file_size > limit:
            raise too_big()
        return CountedPart(self.archive.open(member), limit, too_big)

    def parse(self, name, events=("end",)):
        """Events of a small part (relationships, the workbook, styles), through defusedxml."""
        return iterparse(self.open_part(name), events=events, forbid_dtd=True)

    def _index(self):
        if "[Content_Types].xml" not in self.members:
            raise not_xlsx()
        self.defaults, self.overrides = {}, {}
        self.overrides["[Content_Types].xml"] = "content-types"
        for _event, element in self.parse("[Content_Types].xml"):
            if element.tag == CONTENT_TYPES + "Default":
                self.defaults[element.get("Extension", "").lower()] = element.get("ContentType")
            elif element.tag == CONTENT_TYPES + "Override":
                self.overrides[element.get("PartName", "").lstrip("/")] = element.get("ContentType")
        main = [t for t, kind in self._relationships("").items() if kind == "officeDocument"]
        workbook = next(iter(main), None)
        if workbook is None or self.content_type(workbook) not in WORKBOOK_TYPES:
            raise not_xlsx()
        related = self._relationships(workbook, by_id=True)
        self.date1904 = False
        self.sheets = []
        for _event, element in self.parse(workbook):
            if element.tag == MAIN + "workbookPr":
                self.date1904 = element.get("date1904") in ("1", "true")
            elif element.tag == MAIN + "sheet":
                target, kind = related.get(element.get(REL + "id"), (None, None))
                self.sheets.append((element.get("name", ""), target, kind))
        by_kind = {kind: target for target, kind in related.values()}
        self.strings = self._strings(by_kind.get("sharedStrings"))
        self.date_styles = self._date_styles(by_kind.get("styles"))

    def _relationships(self, part, by_id=False):
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        found = {}
        if rels not in self.members:
            return found
        for _event, element in self.parse(rels):
            if element.tag != PKG_REL + "Relationship" or element.get("TargetMode") == "External":
                continue
            target = element.get("Target", "")
            target = (
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            )
            target = posixpath.normpath(target)
            kind = element.get("Type", "").rsplit("/", 1)[-1]
            if by_id:
                found[element.get("Id")] = (target, kind)
            else:
                found[target] = kind
        return found

    def _strings(self, part):
        if part is None or part not in self.members:
            return []
        if self.content_type(part) != STRINGS_TYPE:
            raise damaged(part)
        with self.open_part(part) as stream:
            try:
                return shared_strings(stream, self.limits.max_text)
            except Limit as limit:
                raise self._text_too_long(_("shared strings"), limit.count) from None

    def _date_styles(self, part):
        if part is None or part not in self.members:
            return frozenset()
        formats, styles, in_cell_xfs = dict(BUILTIN_FORMATS), [], False
        for event, element in self.parse(part, events=("start", "end")):
            if element.tag == MAIN + "cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and element.tag == MAIN + "numFmt":
                formats[int(element.get("numFmtId", 0))] = element.get("formatCode", "")
            elif event == "end" and in_cell_xfs and element.tag == MAIN + "xf":
                styles.append(int(element.get("numFmtId", 0)))
        return frozenset(
            index
            for index, fmt in enumerate(styles)
            if fmt in formats and is_date_format(formats[fmt])
        )

    def _text_too_long(self, where, length):
        return WorkbookUnreadable(
            _("%(where)s: a cell holds %(count)d characters; the largest accepted is %(limit)d.")
            % {"where": where, "count": length, "limit": self.limits.max_text}
        )

    # -- sheets and cells ----------------------------------------------------------------

    def rows(self, index):
        """(row number, {column number: value}) for each non-empty row of sheet ``index``."""
        title, part, kind = self.sheets[index]
        if kind != "worksheet":
            return  # a chart sheet or dialog sheet holds no cells
        if part is None or part not in self.members:
            raise WorkbookUnreadable(
                _("The workbook is damaged: the part of sheet %(sheet)r is missing.")
                % {"sheet": title}
            )
        if self.content_type(part) != WORKSHEET_TYPE:
            raise damaged(title)
        cells = SheetCells(self.strings, self.date_styles, self.date1904, self.limits)
        try:
            with self.open_part(part) as stream:
                yield from cells.parse(stream)
        except Limit as limit:
            raise self._limit(title, limit) from None
        except WorkbookUnreadable:
            raise
        except (*PARSE_ERRORS, IndexError) as exc:
            raise damaged(f"{title}: {type(exc).__name__}") from None

    def merged_cells(self, index):
        """[(first row, first column, last row, last column)] of sheet ``index``'s merged cells
        (the printed tables' headers and headings); a second pass over the sheet's part."""
        title, part, kind = self.sheets[index]
        if kind != "worksheet" or part not in self.members:
            return []
        found = []

        def start(name, attrs):
            if name == MERGE_CELL and attrs.get("ref"):
                found.append(cell_range(attrs["ref"]))

        parser = guarded_parser()
        parser.StartElementHandler = start
        try:
            with self.open_part(part) as stream:
                for _ in feed(parser, stream, []):
                    pass
        except (*PARSE_ERRORS, IndexError) as exc:
            raise damaged(f"{title}: {type(exc).__name__}") from None
        return [ranged for ranged in found if ranged is not None]

    def _limit(self, title, limit):
        if limit.what == "text":
            number, column = limit.where
            where = f"{title}!{number}: {get_column_letter(column)}"
            return self._text_too_long(where, limit.count)
        what = {"rows": _("rows"), "cells": _("cells")}[limit.what]
        allowed = self.limits.max_rows if limit.what == "rows" else self.limits.max_cells
        return self._over(title, what, allowed)

    def _over(self, title, what, limit):
        return WorkbookUnreadable(
            _("Sheet %(sheet)r has more %(what)s than the server accepts (%(limit)s); split it.")
            % {"sheet": title, "what": what, "limit": f"{limit:,}".replace(",", ".")}
        )


MERGE_CELL = MAIN[1:] + "mergeCell"  # expat names it uri}name
REF = re.compile(r"^([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?$")


def cell_range(ref):
    """(first row, first column, last row, last column) of ``B2:D4``; None for a bad one."""
    match = REF.match(ref.strip())
    if match is None:
        return None
    first_col, first_row = column_index_from_string(match[1].upper()), int(match[2])
    last_col = column_index_from_string(match[3].upper()) if match[3] else first_col
    last_row = int(match[4]) if match[4] else first_row
    return first_row, first_col, last_row, last_col


def check_zip(source, size, limits):
    """An open ZipFile of ``source`` (a path or a file) after the checks of its directory."""
    if size > limits.upload_bytes:
        raise WorkbookUnreadable(
            _("The file is %(size).1f MB; the largest accepted is %(limit)s MB.")
            % {"size": size / 1024 / 1024, "limit": limits.upload_bytes // 1024 // 1024}
        )
    if not zipfile.is_zipfile(source):
        raise not_xlsx()
    try:
        archive = zipfile.ZipFile(source)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise damaged() from None
    if len(members) > limits.max_parts or (
        sum(m.file_size for m in members) > limits.expanded_mb * workbook_limits.MB
    ):
        archive.close()
        raise too_big()
    if "[Content_Types].xml" not in {m.filename for m in members}:
        archive.close()
        raise not_xlsx()
    return archive


def _size(path):
    import os

    return os.path.getsize(path)
