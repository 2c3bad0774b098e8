"""``manage.py import_workbook FILE [--dry-run] [--plan CODE]``: a whole workbook, all or nothing.

Exit status: 0 imported (or, with ``--dry-run``, would import), 1 errors in the data (each printed
as ``Sheet!row: column: message``; nothing written), 2 the file cannot be read as a workbook.
On a terminal it shows a line per sheet as it reads; piped or redirected it stays quiet.
"""

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.models import Plan
from workbooks.engine import WorkbookUnreadable, import_workbook


def sheet_line(sheet):
    return _(
        "%(sheet)s: %(new)d new, %(changed)d changed, %(unchanged)d unchanged, %(errors)d errors"
    ) % {
        "sheet": sheet.name,
        "new": sheet.new,
        "changed": sheet.changed,
        "unchanged": sheet.unchanged,
        "errors": sheet.errors,
    }


def totals(report):
    return _("%(new)d new, %(changed)d changed, %(unchanged)d unchanged") % report.totals()


def understanding_lines(found):
    """What the printed-table reader understood of one sheet, as the preview shows it."""
    yield _("%(sheet)s: a printed table (%(title)s)") % {
        "sheet": found["sheet"],
        "title": found["title"] or "–",
    }
    yield "  " + _("header rows %(rows)s; data from row %(start)s") % {
        "rows": found["header_rows"],
        "start": found["data_start"],
    }
    yield "  " + _("columns:")
    for column in found["columns"]:
        extra = f" {column['year']}" if column["year"] else ""
        if column["relative"] is not None:
            extra += " (" + _("Tahun %(n)s") % {"n": column["relative"]} + ")"
        if column["level"]:
            extra += f" [{column['level']}]"
        yield f"    {column['letter']}: {column['label']} → {column['role']}{extra}"
    yield "  " + _("hierarchy:")

    def tree(nodes, depth):
        for node in nodes:
            made = " *" if node["generated"] else ""
            yield f"    {'  ' * depth}{node['level']} {node['code']}{made}: {node['text'][:70]}"
            for code in node["indicators"]:
                yield f"    {'  ' * (depth + 1)}· {code}"
            yield from tree(node["children"], depth + 1)

    yield from tree(found["tree"], 0)
    yield "  " + _("indicators (values as read):")
    for item in found["indicators"]:
        yield (
            f"    {found['sheet']}!{item['row']} {item['code']}: {item['name'][:60]} "
            f"[{item['unit'] or '–'}; {item['direction']}; {item['perangkat_daerah'][:40]}]"
        )
        parts = []
        if item["baseline"]:
            parts.append(_("baseline %s") % item["baseline"])
        for key, word in (
            ("targets", _("target")),
            ("realisations", _("realisation")),
            ("capaian", _("capaian")),
            ("money", "Rp"),
        ):
            for year, value in item[key].items():
                parts.append(f"{word} {year}: {value}")
        if item["final"]:
            parts.append(_("final %s") % item["final"])
        if parts:
            yield "      " + "; ".join(parts)
    if found["units"]:
        yield "  " + _("perangkat daerah:")
        for unit in found["units"]:
            state = _("matched") if unit["matched"] else _("new")
            yield f"    {unit['code']} {unit['name']} ({state})"
    if found["made"]:
        yield "  " + _("made (not in the table):")
        for kind, code, text in found["made"]:
            yield f"    {kind} {code}: {text[:70]}"
    if found["flags"]:
        yield "  " + _("guesses to check:")
        for row, text in found["flags"]:
            yield f"    {found['sheet']}!{row}: {text}"
    for row, why in found["skipped"]:
        yield "  " + _("row %(row)s skipped: %(why)s") % {"row": row, "why": why}


class TerminalProgress:
    """A line per sheet with its rows as they are read, rewritten in place."""

    def __init__(self, stream):
        self.stream, self.sheet, self.shown_at = stream, None, 0.0

    def __call__(self, sheet=None, rows=None, phase=None, **counts):
        if phase == "write":
            self.line(_("writing…"))
            self.stream.write("\n")
            return
        if sheet is not None and sheet != self.sheet:
            if self.sheet is not None:
                self.stream.write("\n")
            self.sheet = sheet
        now = time.monotonic()
        if rows is not None and self.sheet and now - self.shown_at > 0.2:
            self.shown_at = now
            self.line(_("%(sheet)s: %(rows)s rows read") % {"sheet": self.sheet, "rows": rows})

    def line(self, text):
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()


class Command(BaseCommand):
    help = "Import a workbook (.xlsx) into a plan: all sheets in one transaction, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument("--plan", help="plan code (default: the active plan)")
        parser.add_argument(
            "--choices",
            metavar="FILE.json",
            help="for printed tables: {sheet name: {columns: {letter: {role, year}}, offset, "
            "directions: {code: higher|lower|range|binary}}}",
        )
        parser.add_argument(
            "--quiet-changes", action="store_true", help="print counts only, not each change"
        )

    def handle(self, *args, **options):
        if options["plan"]:
            plan = Plan.objects.filter(code=options["plan"]).first()
            if plan is None:
                raise CommandError(_("Unknown plan code: %s") % options["plan"], returncode=2)
        else:
            plan = Plan.objects.active()
            if plan is None:
                raise CommandError(_("No plan exists yet; create one first."), returncode=2)
        choices = None
        if options["choices"]:
            try:
                choices = json.loads(Path(options["choices"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(_("Cannot read the choices: %s") % exc, returncode=2) from None
        on_terminal = getattr(self.stderr._out, "isatty", lambda: False)() and sys.stderr.isatty()
        try:
            report = import_workbook(
                Path(options["file"]),
                plan=plan,
                dry_run=options["dry_run"],
                reason=f"import_workbook {Path(options['file']).name}",
                door="perintah",
                printed_choices=choices,
                progress=TerminalProgress(self.stderr._out) if on_terminal else None,
            )
        except WorkbookUnreadable as exc:
            raise CommandError(str(exc), returncode=2) from None
        for understood in report.understood:
            for line in understanding_lines(understood):
                self.stdout.write(line)
        for sheet in report.sheets.values():
            self.stdout.write(sheet_line(sheet))
            if not options["quiet_changes"]:
                for change in sheet.changes:
                    self.stdout.write(f"  {change}")
        for name in report.ignored_sheets:
            self.stdout.write(_("%(sheet)s: not recognised, ignored") % {"sheet": name})
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            hidden = report.error_count - len(report.errors)
            if hidden:
                self.stderr.write(_("… and %(count)d more errors") % {"count": hidden})
            raise CommandError(
                _("%(count)d errors: nothing was written.") % {"count": report.error_count},
                returncode=1,
            )
        if options["dry_run"]:
            self.stdout.write(
                _("Dry run: would write %(totals)s; nothing written.") % {"totals": totals(report)}
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported into %(plan)s: %(totals)s.")
                    % {"plan": plan.code, "totals": totals(report)}
                )
            )
