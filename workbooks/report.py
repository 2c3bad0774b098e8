"""What an import found: errors as ``Sheet!row: column: message``, and per sheet every new and
changed value (code, year, field, old → new), counted, and kept in full in a spool file when the
caller wants the whole list (the admin's preview), else only the first few per sheet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

MAX_ERRORS = 500  # listed; more are counted
MAX_CHANGES_KEPT = 50  # per sheet, in memory (the command's output)


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        if not self.sheet:
            return self.message  # about the whole file: no cell to name
        if not self.row:
            return f"{self.sheet}: {self.message}"  # about a whole sheet
        return f"{self.sheet}!{self.row}: {self.column}: {self.message}"

    def as_dict(self):
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class Change:
    """One value that an import adds (``old`` is None) or changes, as the preview shows it."""

    sheet: str
    row: int
    code: str
    year: int | None
    field: str
    old: str | None
    new: str

    @property
    def is_new(self):
        return self.old is None

    def __str__(self):
        where = f"{self.code} {self.year}" if self.year else self.code
        return f"{where} {self.field}: {self.old if self.old is not None else '–'} → {self.new}"

    def as_list(self):
        return [self.sheet, self.row, self.code, self.year, self.field, self.old, self.new]


@dataclass
class SheetReport:
    name: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: int = 0
    rows: int = 0
    changes: list = field(default_factory=list)

    def as_dict(self):
        return {
            "name": self.name,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "errors": self.errors,
        }


@dataclass
class ImportReport:
    dry_run: bool
    sheets: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    error_count: int = 0
    ignored_sheets: list = field(default_factory=list)
    written: bool = False
    batch_id: int | None = None
    data_version: int | None = None
    spool: object = None  # a text file taking every change as a JSON line
    understood: list = field(default_factory=list)  # printed tables: what a reader understood

    def sheet(self, name):
        if name not in self.sheets:
            self.sheets[name] = SheetReport(name)
        return self.sheets[name]

    def error(self, sheet, row, column, message):
        self.error_count += 1
        if sheet:
            self.sheet(sheet).errors += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(CellError(sheet, row, column, str(message)))

    def count_unchanged(self, sheet, count=1):
        self.sheet(sheet).unchanged += count

    def wants(self, sheet):
        """Whether a change of ``sheet`` will be shown (kept, or spooled for the preview)."""
        return self.spool is not None or len(self.sheet(sheet).changes) < MAX_CHANGES_KEPT

    def count_change(self, sheet, is_new):
        """Count a change that will not be shown (the command's output is full)."""
        report = self.sheet(sheet)
        if is_new:
            report.new += 1
        else:
            report.changed += 1

    def change(self, change, counted=True):
        """Record a change; ``counted=False`` for a further field of an object already counted."""
        report = self.sheet(change.sheet)
        if counted and change.is_new:
            report.new += 1
        elif counted:
            report.changed += 1
        if len(report.changes) < MAX_CHANGES_KEPT:
            report.changes.append(change)
        if self.spool is not None:
            self.spool.write(json.dumps(change.as_list(), ensure_ascii=False) + "\n")

    @property
    def ok(self):
        return self.error_count == 0

    @property
    def new(self):
        return sum(s.new for s in self.sheets.values())

    @property
    def changed(self):
        return sum(s.changed for s in self.sheets.values())

    @property
    def unchanged(self):
        return sum(s.unchanged for s in self.sheets.values())

    def totals(self):
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}

    def as_dict(self):
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "written": self.written,
            "batch_id": self.batch_id,
            "data_version": self.data_version,
            "error_count": self.error_count,
            "errors": [error.as_dict() for error in self.errors],
            "ignored_sheets": self.ignored_sheets,
            "sheets": [sheet.as_dict() for sheet in self.sheets.values()],
            "understood": self.understood,
            **self.totals(),
        }
