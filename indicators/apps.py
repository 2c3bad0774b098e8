from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def keep_invariants(sender, using, apps=None, **kwargs):
    """After every migrate (and every test flush): the role groups exist. (The lock triggers are
    the migrations' business: each installs the SQL it froze.)

    Runs once, for the last signal (Django sends one per app that has a models module): only then
    do every app's permissions exist (each app's are made by its own signal), so the groups get
    the money pages' permissions too.
    """
    from django.apps import apps as installed
    from django.contrib.auth.models import Group, Permission

    with_models = [config for config in installed.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return

    from . import roles

    roles.ensure_groups(Group, Permission)


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("RPJMD plan and indicators")

    def ready(self):
        from . import (
            admin_context,  # noqa: F401  (strategic issues and stages in the admin)
            data_version,
            permissions,  # noqa: F401  (the object rules, registered on import)
        )

        data_version.connect()

        post_migrate.connect(keep_invariants, dispatch_uid="indicators-keep-invariants")
