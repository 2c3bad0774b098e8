from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workbooks"
    verbose_name = _("Workbooks")

    def ready(self):
        from . import limits  # noqa: F401  (registers the system check of the limits)
