"""Mail operators a reminder a few days before a triwulan's due date, when their perangkat
daerah still miss values for it. Idempotent per due date: run it daily from cron or the worker."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from indicators import reminders


class Command(BaseCommand):
    help = "Mail operators whose triwulan values are missing a few days before the due date."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.REMINDER_DAYS,
            help="remind for due dates from today to this many days ahead (default %(default)s)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list the reminders; send and record none"
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="act as on this date (YYYY-MM-DD) instead of today, e.g. to catch up a missed run",
        )

    def handle(self, *args, days, dry_run, today, **options):
        today = today or timezone.localdate()
        found = reminders.reminders(today, max(days, 0))
        sent = 0
        for reminder in found:
            deadline = reminder.deadline
            line = (
                f"{reminder.recipient.email}: {deadline.plan.code} {deadline.year} "
                f"TW {deadline.get_quarter_display()} ({deadline.due_date}), "
                f"{reminder.missing} missing"
            )
            if dry_run:
                self.stdout.write(f"would send {line}")
            elif reminders.send(reminder):
                sent += 1
                self.stdout.write(f"sent {line}")
        if dry_run:
            self.stdout.write(f"{len(found)} reminder(s) would be sent (dry run).")
        else:
            self.stdout.write(f"{sent} reminder(s) sent.")
