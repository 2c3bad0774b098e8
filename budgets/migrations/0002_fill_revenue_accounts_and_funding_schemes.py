"""Fill the reference data every database needs: the revenue account tree and the funding schemes
(see budgets/reference.py)."""

from django.db import migrations

from budgets import reference


def fill(apps, schema_editor):
    reference.fill(
        apps.get_model("budgets", "RevenueAccount"), apps.get_model("budgets", "FundingScheme")
    )


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
