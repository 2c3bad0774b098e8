"""A locked year refuses every change to its targets and realisations; the three roles exist.

The lock is held by the database (triggers on SQLite and PostgreSQL), so no door — admin, import,
operator page, shell — can change a locked year. The roles are Django groups with permissions.
"""

from django.db import migrations

from . import _triggers_0005 as triggers_0005


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from indicators import roles

    roles.ensure_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_verification_locks_and_operators"),
        ("budgets", "0002_fill_revenue_accounts_and_funding_schemes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(triggers_0005.install, triggers_0005.remove, elidable=False),
        migrations.RunPython(create_roles, migrations.RunPython.noop, elidable=False),
    ]
