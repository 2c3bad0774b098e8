"""What the database refuses, whatever door the data comes through."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from indicators import services
from indicators.models import Indicator, Plan, Realization, Target
from tests.factories import (
    GoalFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PlanFactory,
    ProgramFactory,
    RealizationFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def refused(callable_, *args, **kwargs):
    """True when the database refuses the write (and the transaction stays usable)."""
    try:
        with transaction.atomic():
            callable_(*args, **kwargs)
    except IntegrityError:
        return True
    return False


class TestYearlyValues:
    def test_an_indicator_has_one_target_and_one_realisation_per_year(self):
        target = TargetFactory(year=2021)
        realization = RealizationFactory(indicator=target.indicator, year=2021)
        assert refused(Target.objects.create, indicator=target.indicator, year=2021, value=1)
        assert refused(
            Realization.objects.create, indicator=realization.indicator, year=2021, value=1
        )

    @pytest.mark.parametrize("model", [Target, Realization])
    @pytest.mark.parametrize("year", [2017, 2024, 2099])
    def test_a_year_outside_the_plan_period_is_refused_by_the_database(self, model, year):
        indicator = IndicatorFactory()  # plan 2018–2023
        assert refused(model.objects.create, indicator=indicator, year=year, value=Decimal(1))
        assert not model.objects.exists()

    @pytest.mark.parametrize("model", [Target, Realization])
    def test_moving_a_value_out_of_the_period_is_refused(self, model):
        indicator = IndicatorFactory()
        value = model.objects.create(indicator=indicator, year=2023, value=Decimal(1))
        assert refused(model.objects.filter(pk=value.pk).update, year=2024)
        value.refresh_from_db()
        assert value.year == 2023

    def test_years_inside_the_period_are_accepted_at_both_ends(self):
        indicator = IndicatorFactory()
        Target.objects.create(indicator=indicator, year=2018, value=1)
        Target.objects.create(indicator=indicator, year=2023, value=1)
        assert indicator.targets.count() == 2

    def test_shrinking_the_plan_period_past_stored_values_is_refused(self):
        realization = RealizationFactory(year=2023)
        plan = realization.indicator.plan
        assert refused(Plan.objects.filter(pk=plan.pk).update, end_year=2022)
        plan.end_year = 2024
        plan.save()  # growing it is fine
        plan.refresh_from_db()
        assert plan.end_year == 2024

    def test_a_range_target_with_low_above_high_is_refused(self):
        indicator = IndicatorFactory(direction=Indicator.Direction.RANGE)
        assert refused(Target.objects.create, indicator=indicator, year=2021, low=5, high=2)
        Target.objects.create(indicator=indicator, year=2021, low=2, high=2)

    def test_a_target_is_a_value_or_a_band_never_both_or_neither(self):
        indicator = IndicatorFactory()
        assert refused(Target.objects.create, indicator=indicator, year=2019)
        assert refused(
            Target.objects.create, indicator=indicator, year=2019, value=1, low=0, high=2
        )
        assert refused(Target.objects.create, indicator=indicator, year=2019, low=1)

    def test_model_validation_explains_the_period(self):
        indicator = IndicatorFactory()
        with pytest.raises(ValidationError) as error:
            Realization(indicator=indicator, year=2030, value=1).full_clean()
        assert "2018–2023" in str(error.value)

    def test_model_validation_matches_target_to_direction(self):
        ranged = IndicatorFactory(direction=Indicator.Direction.RANGE)
        with pytest.raises(ValidationError):
            Target(indicator=ranged, year=2021, value=3).full_clean()
        binary = IndicatorFactory(direction=Indicator.Direction.BINARY)
        with pytest.raises(ValidationError):
            Target(indicator=binary, year=2021, value=Decimal("0.5")).full_clean()
        with pytest.raises(ValidationError):
            Realization(indicator=binary, year=2021, value=2).full_clean()
        Target(indicator=binary, year=2021, value=1).full_clean()


class TestPlanStructure:
    def test_indicator_codes_are_unique_within_a_plan_not_across_plans(self):
        first = IndicatorFactory(code="IP.001")
        assert refused(IndicatorFactory, code="IP.001", program=first.program)
        other_plan_program = ProgramFactory(objective__goal__mission__plan=PlanFactory())
        IndicatorFactory(code="IP.001", program=other_plan_program)
        assert Indicator.objects.filter(code="IP.001").count() == 2

    def test_an_indicator_hangs_from_the_parent_its_level_names(self):
        objective = ObjectiveFactory()
        program = ProgramFactory(objective=objective)
        assert refused(
            IndicatorFactory, level=Indicator.Level.SASARAN, program=program, objective=None
        )
        assert refused(
            IndicatorFactory, level=Indicator.Level.PROGRAM, program=program, objective=objective
        )
        sasaran = IndicatorFactory(
            level=Indicator.Level.SASARAN,
            program=None,
            objective=objective,
            plan=objective.plan,
            perangkat_daerah=program.perangkat_daerah,
        )
        assert sasaran.parent == objective

    def test_validation_names_the_missing_parent(self):
        indicator = IndicatorFactory.build(
            level=Indicator.Level.TUJUAN, program=ProgramFactory(), goal=None
        )
        with pytest.raises(ValidationError) as error:
            indicator.full_clean()
        assert {"goal", "program"} <= set(error.value.message_dict)

    def test_children_take_their_plan_from_their_parent(self):
        goal = GoalFactory()
        objective = ObjectiveFactory(goal=goal, plan=PlanFactory())
        assert objective.plan == goal.plan

    def test_a_plan_period_must_be_ordered(self):
        assert refused(PlanFactory, start_year=2023, end_year=2018)

    def test_only_one_plan_is_active(self):
        PlanFactory(is_active=True)
        assert refused(PlanFactory, is_active=True)

    def test_the_threshold_lies_in_0_100(self):
        assert refused(PlanFactory, achievement_threshold=Decimal(0))
        assert refused(PlanFactory, achievement_threshold=Decimal(101))


class TestNothingIsLostByDeleting:
    def test_an_indicator_with_values_cannot_be_deleted(self):
        realization = RealizationFactory()
        with pytest.raises(ProtectedError):
            realization.indicator.delete()

    def test_a_program_with_indicators_cannot_be_deleted(self):
        indicator = IndicatorFactory()
        with pytest.raises(ProtectedError):
            indicator.program.delete()

    def test_a_perangkat_daerah_with_indicators_cannot_be_deleted(self):
        indicator = IndicatorFactory()
        with pytest.raises(ProtectedError):
            indicator.perangkat_daerah.delete()

    def test_a_plan_with_missions_cannot_be_deleted(self):
        indicator = IndicatorFactory()
        with pytest.raises(ProtectedError):
            indicator.plan.delete()


class TestHistory:
    def test_every_change_to_a_realisation_is_kept_with_its_author(self, planner):
        indicator = IndicatorFactory()
        services.realization_record(indicator=indicator, year=2021, value=Decimal(70), by=planner)
        services.realization_record(
            indicator=indicator, year=2021, value=Decimal(95), note="revisi", by=planner
        )
        realization = Realization.objects.get(indicator=indicator, year=2021)
        history = list(realization.history.order_by("history_date"))
        assert [h.value for h in history] == [Decimal(70), Decimal(95)]
        assert [h.history_type for h in history] == ["+", "~"]
        assert {h.history_user for h in history} == {planner}
        assert history[-1].note == "revisi"

    def test_plan_data_and_targets_keep_history(self):
        target = TargetFactory(value=Decimal(50))
        target.value = Decimal(60)
        target.save()
        assert target.history.count() == 2
        assert target.indicator.history.count() == 1
        assert target.indicator.plan.history.count() == 1

    def test_the_service_refuses_invalid_values_and_writes_nothing(self):
        indicator = IndicatorFactory(direction=Indicator.Direction.BINARY)
        with pytest.raises(ValidationError):
            services.realization_record(indicator=indicator, year=2021, value=Decimal(3))
        with pytest.raises(ValidationError):
            services.target_record(indicator=indicator, year=2031, value=Decimal(1))
        assert not Realization.objects.exists()
        assert not Target.objects.exists()
