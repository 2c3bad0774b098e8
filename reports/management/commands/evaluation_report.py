"""``manage.py evaluation_report --form e79|e78|tc27|ringkasan --year YYYY [--triwulan N]
[--perangkat-daerah CODE] --format xlsx|pdf|html --output FILE``: the report as the app's
/laporan/ pages give it. Messages are Indonesian; exit 0 when written, 1 on a bad request (an
unknown unit, a year outside the plan), 2 when the file cannot be written."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from indicators.models import PerangkatDaerah, Plan
from reports import documents, registry, xlsx
from reports.reads import Scope


class Command(BaseCommand):
    help = "Write an evaluation report (E.79, E.78, T-C.27 or the meeting summary) to a file."

    def add_arguments(self, parser):
        parser.add_argument("--form", required=True, choices=list(registry.ORDER))
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--triwulan", type=int, choices=[1, 2, 3, 4])
        parser.add_argument("--perangkat-daerah", metavar="CODE")
        parser.add_argument("--plan", metavar="CODE", help="Plan code (default: the active plan).")
        parser.add_argument("--format", required=True, choices=["xlsx", "pdf", "html"])
        parser.add_argument("--output", required=True, metavar="FILE")

    def handle(self, *args, **options):
        with translation.override("id"):
            return self._handle(options)

    def _handle(self, options):
        form = registry.get(options["form"])
        plan = self._plan(options["plan"])
        year = options["year"]
        if not plan.start_year < year <= plan.end_year:
            raise CommandError(
                _("Year %(year)s lies outside the plan's years %(start)s–%(end)s.")
                % {"year": year, "start": plan.start_year + 1, "end": plan.end_year}
            )
        if options["triwulan"] and not form.quarterly:
            raise CommandError(_("This report has no triwulan; leave --triwulan out."))
        units = []
        if code := options["perangkat_daerah"]:
            if form.whole_city:
                raise CommandError(
                    _("The summary covers the whole city; leave out --perangkat-daerah.")
                )
            unit = PerangkatDaerah.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(_("Unknown perangkat daerah code: %(code)s") % {"code": code})
            units = [unit]
        scope = Scope(plan=plan, year=year, quarter=options["triwulan"], units=units)
        document = documents.build(form, scope)
        output = options["format"]
        if output == "xlsx":
            content = xlsx.workbook_bytes(document.table)
        elif output == "pdf":
            content = documents.pdf_bytes(document)
        else:
            content = render_to_string(
                "reports/pdf.html",
                {"body": documents.body_html(document), "table": document.table},
            ).encode()
        path = Path(options["output"])
        try:
            path.write_bytes(content)
        except OSError as error:
            self.stderr.write(
                _("Cannot write %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            )
            sys.exit(2)
        self.stdout.write(
            _("%(form)s %(year)s: %(count)s indicators written to %(path)s")
            % {
                "form": form.name,
                "year": year,
                "count": len(document.table.data_rows),
                "path": path,
            }
        )

    def _plan(self, code):
        plan = Plan.objects.filter(code=code).first() if code else Plan.objects.active()
        if plan is None:
            raise CommandError(
                _("Unknown plan code: %(code)s") % {"code": code}
                if code
                else _("There is no plan yet (load one, e.g. manage.py load_demo).")
            )
        return plan
