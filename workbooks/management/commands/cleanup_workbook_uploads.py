"""``manage.py cleanup_workbook_uploads``: remove uploaded workbooks older than a day that were
never confirmed (and the leftovers of confirmed ones). The worker runs it before each preview;
a deployment without uploads for days may also run it from cron, e.g. hourly."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from workbooks import uploads


class Command(BaseCommand):
    help = "Remove uploaded workbooks older than a day that were never confirmed."

    def handle(self, *args, **options):
        removed = uploads.cleanup()
        self.stdout.write(_("%(count)d old uploads removed.") % {"count": removed})
