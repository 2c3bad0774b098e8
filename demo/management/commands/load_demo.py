from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo import plan as demo
from indicators.models import Indicator


class Command(BaseCommand):
    help = (
        "Load the Kota Bekasi demo plan (RPJMD 2018–2023, perubahan) unless it is already there, "
        "and create the demo login. Safe to run again: nothing is duplicated or overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-user", action="store_true", help="Load the data only; create no demo login."
        )

    def handle(self, *args, no_user, **options):
        result = demo.load_bekasi_demo()
        plan = result.plan
        if result.created:
            counts = Indicator.objects.filter(plan=plan).count()
            self.stdout.write(
                self.style.SUCCESS(f"Demo data loaded: {plan.name}, {counts} indicators.")
            )
        else:
            self.stdout.write(f"Demo data already present: {plan.name} (left unchanged).")
        if no_user:
            return
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create the demo login with DEBUG=False: demo users never belong in "
                "a production database. Use --no-user, or createsuperuser."
            )
        user, _created = demo.ensure_demo_user(get_user_model())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo login: username '{user.username}', password '{demo.DEMO_PASSWORD}'"
            )
        )
        self.stdout.write("One demo user per role, all with the same password:")
        for role_user, role, unit in demo.ensure_demo_role_users(get_user_model()):
            where = f" ({unit})" if unit else ""
            self.stdout.write(f"  {role_user.username:<16} {role}{where}")
