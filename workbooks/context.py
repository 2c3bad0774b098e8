"""What readers share during one import: the plan, who imports through which door, lookups by
code, the codes whose rows were refused (so that one bad cell is one error, not a cascade), the
keys already given once, and the staged writes.

Reading stages what is to be written (small records, spooled to a temporary file in chunks, so
memory stays flat in the number of rows); writing reads them back in the same chunks.
"""

from __future__ import annotations

import pickle
import tempfile

from django.utils.translation import gettext as _

from .report import Change


class Stage:
    """A reader's staged records, in chunks: in memory up to ``IN_MEMORY`` records, then all in
    a temporary file (memory stays bounded however long the file)."""

    IN_MEMORY = 20_000

    def __init__(self):
        self.file = None
        self.held, self.count, self.chunks = [], 0, 0

    def add(self, records):
        if not records:
            return
        self.count += len(records)
        self.held.append(records)
        if self.count > self.IN_MEMORY:
            if self.file is None:
                self.file = tempfile.TemporaryFile()  # noqa: SIM115  (closed by close())
            for chunk in self.held:
                pickle.dump(chunk, self.file, protocol=pickle.HIGHEST_PROTOCOL)
                self.chunks += 1
            self.held = []

    def __iter__(self):
        if self.file is not None:
            self.file.seek(0)
            for _chunk in range(self.chunks):
                yield pickle.load(self.file)
        yield from self.held

    def close(self):
        if self.file is not None:
            self.file.close()


class ImportContext:
    def __init__(
        self,
        *,
        plan,
        report,
        by=None,
        door="perintah",
        only_units=None,
        progress=None,
        printed_choices=None,
    ):
        self.plan = plan
        # A planner's choices for printed tables: {sheet name or table shape: choices}.
        self.printed_choices = printed_choices or {}
        self.report = report
        self.by = by
        self.door = door
        # An operator's upload: realisations of these perangkat daerah only.
        self.only_units = None if only_units is None else set(only_units)
        self.progress = progress
        self.lookups = {}
        self.rejected = {}
        self.seen = {}
        self.stages = {}
        self.shared_changed = False  # a change to data every plan shares (units, revenue)

    @property
    def operator(self):
        return self.only_units is not None

    # -- lookups by code -------------------------------------------------------------------

    def lookup(self, name, load):
        """{code: object} of kind ``name``, loaded once by ``load()``."""
        if name not in self.lookups:
            self.lookups[name] = load()
        return self.lookups[name]

    def reject(self, name, code):
        """The row of ``code`` had an error: later references to it stay silent."""
        if code:
            self.rejected.setdefault(name, set()).add(code)

    def find(self, sheet, number, header, name, code, message):
        """The object of kind ``name`` with ``code``, or None with an error ``message % code``
        (no error when the code's own row was refused: that row already has its error)."""
        found = self.lookups.get(name, {}).get(code)
        if found is None and code not in self.rejected.get(name, ()):
            sheet.error(number, header, message % code)
        return found

    def once(self, seen_key, sheet, number, header, message, **params):
        """True the first time ``key`` is given in the file; an error naming the first otherwise
        (``message % {**params, "first": where}``)."""
        first = self.seen.get(seen_key)
        if first is not None:
            sheet.error(number, header, message % {**params, "first": first})
            return False
        self.seen[seen_key] = f"{sheet.name}!{number}"
        return True

    # -- changes and staged writes -------------------------------------------------------

    def change(self, sheet, number, code, year, field, old, new, counted=True, shown=None):
        """Record a change; with ``shown``, ``old`` and ``new`` are raw values that
        ``shown(value)`` formats, only when the change will be shown."""
        report = self.report
        if shown is not None:
            if not report.wants(sheet.name):
                if counted:
                    report.count_change(sheet.name, old is None)
                return
            old = None if old is None else shown(old)
            new = shown(new)
        report.change(Change(sheet.name, number, code, year, str(field), old, new), counted)

    def stage(self, reader):
        if reader not in self.stages:
            self.stages[reader] = Stage()
        return self.stages[reader]

    def close(self):
        for stage in self.stages.values():
            stage.close()

    def refuse_for_operators(self, sheet, what):
        """Operators enter realisations only: a sheet (or column) that changes ``what`` is one error."""
        messages = {
            "structure": _("only planning staff may change the plan's structure"),
            "money": _("only planning staff may change revenue and funding"),
        }
        sheet.error(sheet.header_row or 1, "", messages[what])
