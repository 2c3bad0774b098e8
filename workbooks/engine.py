"""The orchestrator: open the file, give each sheet to the registered readers that recognise it,
in their order, then, if every cell was right and this is no dry run, write everything in one
short transaction.

Reading holds no lock and writes nothing (a dry run is just the reading). The write phase
locks the plan's data version row first: if anything changed since the reading began, the
reading is repeated (or, for a confirmed preview, :class:`DataChanged` says so), so what is
written is exactly what was checked.
"""

from __future__ import annotations

import os

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from core import planner_statistics
from indicators import data_version
from indicators.models import ImportBatch, PlanDataVersion

from . import registry
from .context import ImportContext
from .report import ImportReport
from .sheets import Sheet
from .writes import WriteBatch
from .xlsx import WorkbookFile, WorkbookUnreadable

IGNORED = {"petunjuk"}  # the instructions sheet of the template
# New rows after which an import refreshes the planner statistics of the tables it wrote.
STATISTICS_AFTER_NEW_ROWS = 1000


class DataChanged(Exception):
    """The plan's data changed between the reading (the preview) and the writing."""


def import_workbook(path, *, plan, dry_run=False, expected_version=None, attempts=3, **options):
    """Read the workbook at ``path`` into ``plan``; returns an :class:`ImportReport`.

    Raises :class:`WorkbookUnreadable` for a file that is not a readable xlsx (or over a limit)
    and, with ``expected_version`` (a preview's), :class:`DataChanged`. Nothing is written when
    the report has errors, or for a dry run.
    """
    for attempt in range(attempts):
        version = data_version.current(plan.pk) if expected_version is None else expected_version
        try:
            return _run(path, plan, dry_run, version, options)
        except DataChanged:
            if expected_version is not None or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _run(path, plan, dry_run, version, options):
    spool = options.pop("spool", None)
    reason, progress = options.pop("reason", ""), options.get("progress")
    report = ImportReport(dry_run=dry_run, spool=spool, data_version=version)
    context = ImportContext(plan=plan, report=report, **options)
    with WorkbookFile(path) as workbook:
        try:
            readers = _read(workbook, context)
            if report.ok and not dry_run:
                if progress:
                    progress(phase="write")
                _write(context, readers, version, reason or os.path.basename(str(path)))
        except DatabaseError as exc:
            # The checks above mirror every constraint; this is the last line, never shown raw.
            report.error("", 0, "", _("the database refused the change (%s)") % type(exc).__name__)
        finally:
            context.close()
    return report


def _read(workbook, context):
    report = context.report
    readers = [cls() for cls in registry.reader_classes()]
    own = [reader for reader in readers if not getattr(reader, "fallback", False)]
    fallbacks = [reader for reader in readers if getattr(reader, "fallback", False)]
    claimed, names, unclaimed = {reader: [] for reader in readers}, {}, []
    for index in range(len(workbook.sheets)):
        sheet = Sheet(workbook, index, report)
        if sheet.key in IGNORED:
            continue
        if sheet.key in names:
            sheet.error(
                0,
                "",
                _("two sheets are named alike (%(first)r and %(second)r): rename one")
                % {"first": names[sheet.key], "second": sheet.name},
            )
            continue
        names[sheet.key] = sheet.name
        takers = [reader for reader in own if reader.recognises(sheet)]
        for reader in takers:
            claimed[reader].append(sheet)
        if not takers:
            unclaimed.append(sheet)
    for sheet in unclaimed:  # none of the app's own layouts: tried as a printed table
        for reader in fallbacks:
            if reader.recognises(sheet):
                claimed[reader].append(sheet)
    report.ignored_sheets.extend(
        sheet.name for sheet in unclaimed if not any(sheet in s for s in claimed.values())
    )
    if not any(claimed.values()):
        expected = "; ".join(str(reader.label) for reader in readers)
        report.error(
            "",
            0,
            "",
            _("no sheet is recognised (found: %(found)s). Expected: %(expected)s")
            % {
                "found": ", ".join(title for title, _part, _kind in workbook.sheets) or "–",
                "expected": expected,
            },
        )
        for reader in fallbacks:
            for sheet_name, problem in getattr(reader, "problems", {}).items():
                report.error(sheet_name, 0, "", problem)
        return []
    for sheet in {id(s): s for sheets in claimed.values() for s in sheets}.values():
        sheet.keep = sum(sheet in sheets for sheets in claimed.values()) > 1
    total = sum(len(sheets) for sheets in claimed.values())
    done = 0
    for reader in readers:
        for sheet in claimed[reader]:
            report.sheet(sheet.name)
            if context.progress:
                context.progress(sheet=sheet.name, sheets_done=done, sheets_total=total, rows=0)
            reader.read(sheet, context)
            done += 1
    for sheets in claimed.values():
        for sheet in sheets:
            sheet.close()
    if context.progress:
        context.progress(sheets_done=done, sheets_total=total)
    return [reader for reader in readers if claimed[reader]]


def _write(context, readers, version, name):
    report, plan = context.report, context.plan
    with transaction.atomic():
        locked = (
            PlanDataVersion.objects.select_for_update()
            .filter(plan_id=plan.pk)
            .values_list("version", flat=True)
            .first()
        )
        if (locked or 0) != version:
            raise DataChanged
        data_version.bump(data_version.EVERY_PLAN if context.shared_changed else plan.pk)
        batch_record = ImportBatch.objects.create(
            file_name=name[:300], plan=plan, imported_by=context.by, door=context.door
        )
        reason = _("Workbook import #%(batch)d (%(door)s): %(name)s") % {
            "batch": batch_record.pk,
            "door": context.door,
            "name": name,
        }
        batch = WriteBatch(context, reason=reason[:100], batch_id=batch_record.pk)
        for reader in readers:
            reader.write(batch)
        batch_record.summary = {
            **report.totals(),
            # The history rows this import wrote carry it: what "submit all" looks them up by.
            "history_reason": batch.reason,
            "sheets": {s.name: [s.new, s.changed, s.unchanged] for s in report.sheets.values()},
        }
        if report.understood:  # printed tables: their choices, offered for the next like them
            batch_record.shape = report.understood[0]["signature"]
            batch_record.choices = {t["signature"]: t["choices"] for t in report.understood}
        batch_record.save(update_fields=["summary", "shape", "choices"])
    report.written, report.batch_id = True, batch_record.pk
    report.data_version = data_version.current(plan.pk)
    if report.new >= STATISTICS_AFTER_NEW_ROWS:
        # A big import (a whole new plan) into tables the planner believed small: their
        # statistics now, not at autovacuum's next round (core/planner_statistics.py).
        planner_statistics.refresh(*batch.models_written())


__all__ = ["DataChanged", "WorkbookUnreadable", "import_workbook"]
