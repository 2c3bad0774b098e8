"""``manage.py import_workbook FILE [--dry-run] [--plan CODE]``: a whole workbook, all or nothing.
Exit status: 0 imported (or, with ``--dry-run``, would import), 1 errors in the data (each printed
as ``Sheet!row: column: message``; nothing written), 2 the file cannot be read as a workbook.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.models import Plan
from indicators.workbook_read import WorkbookUnreadable, import_workbook


def describe_report(report, write):
    for sheet in report.sheets.values():
        write(
            f"{sheet.name}: {sheet.new} new, {sheet.changed} changed, "
            f"{sheet.unchanged} unchanged, {sheet.errors} errors"
        )
        for change in sheet.changes:
            write(f"  {change}")
    for name in report.ignored_sheets:
        write(f"{name}: not recognised, ignored")


class Command(BaseCommand):
    help = "Import a workbook (.xlsx) into a plan: all sheets in one transaction, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument("--plan", help="plan code (default: the active plan)")
        parser.add_argument(
            "--quiet-changes", action="store_true", help="print counts only, not each change"
        )

    def handle(self, *args, **options):
        if options["plan"]:
            plan = Plan.objects.filter(code=options["plan"]).first()
            if plan is None:
                raise CommandError(f"Unknown plan code: {options['plan']}", returncode=2)
        else:
            plan = Plan.objects.active()
            if plan is None:
                raise CommandError("No plan exists yet; create one first.", returncode=2)
        try:
            report = import_workbook(
                options["file"],
                plan=plan,
                dry_run=options["dry_run"],
                reason=f"import_workbook {Path(options['file']).name}",
                door="perintah",
            )
        except WorkbookUnreadable as exc:
            raise CommandError(str(exc), returncode=2) from None
        if options["quiet_changes"]:
            for sheet in report.sheets.values():
                sheet.changes = []
        describe_report(report, self.stdout.write)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            hidden = report.error_count - len(report.errors)
            if hidden:
                self.stderr.write(f"… and {hidden} more errors")
            raise CommandError(f"{report.error_count} errors: nothing was written.", returncode=1)
        total = f"{report.new} new, {report.changed} changed, {report.unchanged} unchanged"
        if options["dry_run"]:
            self.stdout.write(f"Dry run: would write {total}; nothing written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported into {plan.code}: {total}."))
