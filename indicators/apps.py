from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("RPJMD plan and indicators")

    def ready(self):
        from . import admin_context  # noqa: F401  (strategic issues and stages in the admin)
