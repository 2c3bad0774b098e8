"""Triwulan (quarterly) realisations with their own verification; the year's realisation says
whether it was entered directly or rolled up from them."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from . import _triggers_0005 as triggers_0005
from . import _triggers_0008 as triggers_0008




class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0007_reporting_year_code_rule_and_reading_every_unit'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(triggers_0005.remove, triggers_0005.install, elidable=False),
        migrations.AddField(
            model_name='historicalrealization',
            name='source',
            field=models.CharField(choices=[('direct', 'entered as a year value'), ('quarters', 'rolled up from the triwulan values')], default='direct', help_text='A year value entered directly (an annual measurement) wins over the triwulan roll-up.', max_length=10, verbose_name='source of the year value'),
        ),
        migrations.AddField(
            model_name='realization',
            name='source',
            field=models.CharField(choices=[('direct', 'entered as a year value'), ('quarters', 'rolled up from the triwulan values')], default='direct', help_text='A year value entered directly (an annual measurement) wins over the triwulan roll-up.', max_length=10, verbose_name='source of the year value'),
        ),
        migrations.CreateModel(
            name='HistoricalQuarterlyRealization',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('quarter', models.PositiveSmallIntegerField(choices=[(1, 'I'), (2, 'II'), (3, 'III'), (4, 'IV')], verbose_name='triwulan')),
                ('value', models.DecimalField(decimal_places=4, max_digits=20, verbose_name='realisation')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('verified', 'verified'), ('returned', 'returned')], default='draft', max_length=10, verbose_name='verification status')),
                ('return_reason', models.TextField(blank=True, verbose_name='reason for returning')),
                ('verified_value', models.DecimalField(blank=True, decimal_places=4, editable=False, max_digits=20, null=True, verbose_name='value when verified')),
                ('verified_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='verified at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('indicator', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='indicators.indicator', verbose_name='indicator')),
                ('verified_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verified by')),
            ],
            options={
                'verbose_name': 'historical triwulan realisation',
                'verbose_name_plural': 'historical triwulan realisations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='QuarterlyRealization',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('quarter', models.PositiveSmallIntegerField(choices=[(1, 'I'), (2, 'II'), (3, 'III'), (4, 'IV')], verbose_name='triwulan')),
                ('value', models.DecimalField(decimal_places=4, max_digits=20, verbose_name='realisation')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('verified', 'verified'), ('returned', 'returned')], default='draft', max_length=10, verbose_name='verification status')),
                ('return_reason', models.TextField(blank=True, verbose_name='reason for returning')),
                ('verified_value', models.DecimalField(blank=True, decimal_places=4, editable=False, max_digits=20, null=True, verbose_name='value when verified')),
                ('verified_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='verified at')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quarterly_realizations', to='indicators.indicator', verbose_name='indicator')),
                ('verified_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verified by')),
            ],
            options={
                'verbose_name': 'triwulan realisation',
                'verbose_name_plural': 'triwulan realisations',
                'ordering': ['indicator', 'year', 'quarter'],
                'indexes': [models.Index(fields=['year', 'quarter', 'status'], name='indicators__year_628c37_idx')],
                'constraints': [models.UniqueConstraint(fields=('indicator', 'year', 'quarter'), name='quarterly_realization_once'), models.CheckConstraint(condition=models.Q(('quarter__gte', 1), ('quarter__lte', 4)), name='quarterly_realization_quarter'), models.CheckConstraint(condition=models.Q(('year__gte', 2000), ('year__lte', 2100)), name='quarterly_realization_year_plausible')],
            },
        ),
        migrations.RunPython(triggers_0008.install, triggers_0008.remove, elidable=False),
    ]
