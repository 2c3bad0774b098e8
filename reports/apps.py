from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Evaluation reports")

    def ready(self):
        # The forms register themselves when their modules load.
        from . import e78, e79, summary, tc27  # noqa: F401
