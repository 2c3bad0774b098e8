"""``python manage.py reset_roles``: put the three roles' permissions back to their definition
(``indicators.roles``), undoing changes made to those groups in the admin. ``migrate`` never does
this; it is the administrator's decision."""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from indicators import roles


class Command(BaseCommand):
    help = "Reset the permissions of the roles Perencana, Operator perangkat daerah and Pimpinan."

    def handle(self, *args, **options):
        with transaction.atomic():
            groups = roles.ensure_groups(Group, Permission)
        for group in groups:
            self.stdout.write(
                _("%(role)s: %(count)d permissions")
                % {"role": group.name, "count": group.permissions.count()}
            )
