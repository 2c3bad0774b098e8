from decimal import Decimal

import factory

from indicators.models import (
    Goal,
    Indicator,
    Mission,
    Objective,
    PerangkatDaerah,
    Plan,
    Program,
    Realization,
    Target,
)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"rpjmd-{n}")
    name = factory.Sequence(lambda n: f"RPJMD uji {n}")
    start_year = 2018
    end_year = 2023
    visi = "Kota uji yang maju"
    is_active = False


class PerangkatDaerahFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerangkatDaerah
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"9.{n:02d}.01")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    abbreviation = factory.Sequence(lambda n: f"DU{n}")
    kind = PerangkatDaerah.Kind.DINAS


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: f"M{o.number}")
    text = "Misi uji"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    mission = factory.SubFactory(MissionFactory)
    plan = factory.SelfAttribute("mission.plan")
    code = factory.Sequence(lambda n: f"T{n}")
    text = "Tujuan uji"


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    goal = factory.SubFactory(GoalFactory)
    plan = factory.SelfAttribute("goal.plan")
    code = factory.Sequence(lambda n: f"S{n}")
    text = "Sasaran uji"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    code = factory.Sequence(lambda n: f"P.{n:03d}")
    name = factory.Sequence(lambda n: f"Program Uji {n}")
    perangkat_daerah = factory.SubFactory(PerangkatDaerahFactory)


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A program indicator; pass ``level`` with ``objective`` or ``goal`` for the other levels."""

    class Meta:
        model = Indicator

    program = factory.SubFactory(ProgramFactory)
    plan = factory.SelfAttribute("program.plan")
    code = factory.Sequence(lambda n: f"IP.{n:04d}")
    name = factory.Sequence(lambda n: f"Indikator uji {n}")
    unit = "persen"
    level = Indicator.Level.PROGRAM
    direction = Indicator.Direction.HIGHER
    perangkat_daerah = factory.SelfAttribute("program.perangkat_daerah")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2021
    value = Decimal(100)


class RealizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Realization

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2021
    value = Decimal(100)
