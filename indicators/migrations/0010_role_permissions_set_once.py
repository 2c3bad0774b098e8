"""The three roles' permissions, set once here instead of on every ``migrate``.

Until now a ``post_migrate`` handler set every role's permissions after each migrate, undoing
whatever an administrator had changed in the admin (Pengguna → Grup). From here on a migration
sets them when the roles change, as this one does, and ``python manage.py reset_roles`` puts them
back to the definition on demand.

The definition is written out here as it is today (not imported from ``indicators.roles``), so
that this migration does the same thing whenever it runs. Reversing it leaves the groups as they
are (their permissions were already set before it, by the post_migrate handler it replaces).
"""

from django.db import migrations

PLAN_APPS = ["indicators", "budgets"]
PLANNER = "Perencana"
OFFICIAL = "Pimpinan"
OPERATOR = "Operator perangkat daerah"
OPERATOR_CODENAMES = [
    "view_indicator",
    "view_target",
    "view_realization",
    "add_realization",
    "change_realization",
    "view_perangkatdaerah",
]


def set_role_permissions(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None

    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    plan_data = Permission.objects.using(db).filter(content_type__app_label__in=PLAN_APPS)
    planner, _ = Group.objects.using(db).get_or_create(name=PLANNER)
    planner.permissions.set(plan_data)
    official, _ = Group.objects.using(db).get_or_create(name=OFFICIAL)
    official.permissions.set(plan_data.filter(codename__startswith="view_"))
    operator, _ = Group.objects.using(db).get_or_create(name=OPERATOR)
    operator.permissions.set(
        plan_data.filter(content_type__app_label="indicators", codename__in=OPERATOR_CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0009_reporting_calendar"),
        ("budgets", "0003_account_codes_follow_the_code_rule"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(set_role_permissions, migrations.RunPython.noop, elidable=False),
    ]
