"""A final target may be a range (printed RPJMD tables write "70,6-71"); and the plan data version
that cached reads are keyed by, with a row for every plan that exists."""

import django.db.models.deletion
from django.db import migrations, models

from . import _triggers_0005 as triggers_0005




def fill_data_versions(apps, schema_editor):
    Plan = apps.get_model("indicators", "Plan")
    PlanDataVersion = apps.get_model("indicators", "PlanDataVersion")
    PlanDataVersion.objects.bulk_create(
        [PlanDataVersion(plan_id=pk) for pk in Plan.objects.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0005_locked_years_and_roles'),
    ]

    operations = [
        migrations.RunPython(triggers_0005.remove, triggers_0005.install, elidable=False),
        migrations.CreateModel(
            name='PlanDataVersion',
            fields=[
                ('plan', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='data_version', serialize=False, to='indicators.plan', verbose_name='plan')),
                ('version', models.PositiveBigIntegerField(default=0, verbose_name='data version')),
            ],
            options={
                'verbose_name': 'plan data version',
                'verbose_name_plural': 'plan data versions',
            },
        ),
        migrations.AddField(
            model_name='historicalindicator',
            name='final_target_high',
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='final target: range high'),
        ),
        migrations.AddField(
            model_name='historicalindicator',
            name='final_target_low',
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='final target: range low'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='final_target_high',
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='final target: range high'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='final_target_low',
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='final target: range low'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('final_target_high__isnull', True), ('final_target_low__isnull', True)), models.Q(('final_target__isnull', True), ('final_target_high__isnull', False), ('final_target_low__isnull', False), ('final_target_low__lte', models.F('final_target_high'))), _connector='OR'), name='indicator_final_target_value_or_range'),
        ),
        migrations.RunPython(fill_data_versions, migrations.RunPython.noop),
        migrations.RunPython(triggers_0005.install, triggers_0005.remove, elidable=False),
    ]
