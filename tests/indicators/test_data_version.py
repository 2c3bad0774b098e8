"""The plan data version (indicators/data_version.py): every write bumps it in its transaction."""

from decimal import Decimal

import pytest

from indicators import data_version
from indicators.models import PlanDataVersion
from tests.factories import IndicatorFactory, PerangkatDaerahFactory, PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db


def test_a_new_plan_has_its_version_row():
    plan = PlanFactory()
    assert PlanDataVersion.objects.filter(plan=plan).exists()
    assert data_version.current(plan.pk) >= 0


def test_saves_and_deletes_bump_their_plan_only():
    indicator, other = IndicatorFactory(), PlanFactory()
    plan = indicator.plan
    before, other_before = data_version.current(plan.pk), data_version.current(other.pk)
    target = TargetFactory(indicator=indicator, year=2021, value=Decimal(5))
    after_save = data_version.current(plan.pk)
    assert after_save > before
    target.delete()
    assert data_version.current(plan.pk) > after_save
    assert data_version.current(other.pk) == other_before


def test_shared_data_bumps_every_plan():
    plans = [PlanFactory(), PlanFactory()]
    before = [data_version.current(p.pk) for p in plans]
    PerangkatDaerahFactory()
    assert all(data_version.current(p.pk) > v for p, v in zip(plans, before, strict=True))


def test_bump_creates_a_missing_row():
    plan = PlanFactory()
    PlanDataVersion.objects.filter(plan=plan).delete()
    data_version.bump(plan.pk)
    assert data_version.current(plan.pk) == 1
    data_version.bump(plan.pk)
    assert data_version.current(plan.pk) == 2
