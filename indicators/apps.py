from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("RPJMD plan and indicators")

    def ready(self):
        # Nothing is done on post_migrate: the lock triggers and the roles' permissions are set by
        # the migrations (history), and `manage.py reset_roles` resets the roles on demand.
        from . import (
            admin_context,  # noqa: F401  (strategic issues and stages in the admin)
            data_version,
            permissions,  # noqa: F401  (the object rules, registered on import)
        )

        data_version.connect()
