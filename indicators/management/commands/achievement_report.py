import json

from django.core.management.base import BaseCommand, CommandError

from indicators.models import Indicator, PerangkatDaerah, Plan


class Command(BaseCommand):
    help = (
        "Print how many indicators are achieved, not achieved and without data in a year, in "
        "total and per perangkat daerah (the same numbers as the dashboard and the JSON API)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--level", choices=[level.value for level in Indicator.Level], default="program"
        )
        parser.add_argument("--perangkat-daerah", metavar="CODE", help="Only this unit.")
        parser.add_argument("--plan", metavar="CODE", help="Plan code (default: the active plan).")
        parser.add_argument(
            "--indicators", action="store_true", help="Also list every indicator with its result."
        )
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, **options):
        plan = self._plan(options["plan"])
        year = options["year"]
        if year not in plan.years:
            raise CommandError(
                f"Year {year} lies outside the plan period {plan.start_year}–{plan.end_year}."
            )
        unit = None
        if options["perangkat_daerah"]:
            unit = PerangkatDaerah.objects.filter(code=options["perangkat_daerah"]).first()
            if unit is None:
                raise CommandError(f"Unknown perangkat daerah code: {options['perangkat_daerah']}")
        summary = Indicator.objects.achievement_summary(
            plan,
            year,
            level=options["level"],
            perangkat_daerah=unit,
            with_rows=options["indicators"],
        )
        if options["indicators"]:
            # The outlook to the plan's end as of the year asked about, per indicator row.
            outlooks = {
                row.code: row.status.value
                for row in Indicator.objects.narrowed(options["level"], unit).outlooks(
                    plan, year, level=options["level"]
                )
            }
        if options["format"] == "json":
            data = summary.as_dict(with_indicators=options["indicators"])
            for row in data.get("indicators", []):
                row["outlook"] = outlooks.get(row["code"], "no_data")
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._write_table(
                plan,
                summary,
                with_indicators=options["indicators"],
                outlooks=outlooks if options["indicators"] else {},
            )

    def _plan(self, code):
        if code:
            plan = Plan.objects.filter(code=code).first()
            if plan is None:
                raise CommandError(f"Unknown plan code: {code}")
            return plan
        plan = Plan.objects.active()
        if plan is None:
            raise CommandError("There is no plan yet (load one, e.g. manage.py load_demo).")
        return plan

    def _write_table(self, plan, summary, *, with_indicators, outlooks):
        c = summary.counts
        share = f"{100 * c.achieved / c.total:.1f}%" if c.total else "–"
        self.stdout.write(f"{plan.name} · {summary.year} · {summary.level} indicators")
        self.stdout.write(
            f"{c.achieved} of {c.total} achieved ({share}); "
            f"{c.not_achieved} not achieved; {c.no_data} without data"
        )
        self.stdout.write("")
        header = (
            f"{'code':<10} {'perangkat daerah':<58} {'total':>5} {'ach.':>5} {'not':>5} {'n/d':>5}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for unit in summary.by_perangkat_daerah:
            self.stdout.write(
                f"{unit.code:<10} {unit.name[:58]:<58} {unit.total:>5} {unit.achieved:>5} "
                f"{unit.not_achieved:>5} {unit.no_data:>5}"
            )
        self.stdout.write("-" * len(header))
        self.stdout.write(
            f"{'':<10} {'total':<58} {c.total:>5} {c.achieved:>5} {c.not_achieved:>5} {c.no_data:>5}"
        )
        if with_indicators:
            self.stdout.write("")
            for row in summary.rows:
                data = row.as_dict()
                capaian = "–" if data["capaian"] is None else f"{data['capaian']}%"
                self.stdout.write(
                    f"{data['code']:<10} {data['perangkat_daerah']:<10} {data['direction']:<7} "
                    f"target {data['target']!s:<14} realisasi {data['realization']!s:<12} "
                    f"capaian {capaian:<10} {data['status']:<13} {data['band'] or '–':<13} "
                    f"outlook {outlooks.get(data['code'], 'no_data'):<12} "
                    f"{data['name'][:60]}"
                )
