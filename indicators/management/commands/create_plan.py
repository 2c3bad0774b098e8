"""``manage.py create_plan CODE --name NAME --period START-END [--visi TEXT]``: an empty plan.

START is the baseline year (tahun 0); the plan runs 3 to 8 years after it. Exit 1 with the
reason (in the active language) when the code is taken or the period is not one.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators import plans


class Command(BaseCommand):
    help = "Create an empty plan (RPJMD, RPD, Renstra): START is the baseline year (tahun 0)."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--name", required=True)
        parser.add_argument("--period", required=True, metavar="START-END")
        parser.add_argument("--visi", default="")

    def handle(self, *args, **options):
        try:
            start, end = plans.parse_period(options["period"])
            plan = plans.plan_create(
                code=options["code"],
                name=options["name"],
                start=start,
                end=end,
                visi=options["visi"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(_message_list(exc)), returncode=1) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Plan %(code)s created: %(name)s, baseline %(start)s, targets %(first)s-%(end)s.")
                % {
                    "code": plan.code,
                    "name": plan.name,
                    "start": plan.start_year,
                    "first": plan.start_year + 1,
                    "end": plan.end_year,
                }
            )
        )


def _message_list(exc):
    if hasattr(exc, "message_dict"):
        return [f"{field}: {m}" for field, ms in exc.message_dict.items() for m in ms]
    return exc.messages
