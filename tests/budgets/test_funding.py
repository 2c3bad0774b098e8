"""Needs against revenue: the mayor's balance, per year."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgets.models import FundingScheme, ProgramFunding
from budgets.queries import balances
from tests.budgets.factories import ProgramFundingFactory, RevenueValueFactory, account
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def scheme(code):
    return FundingScheme.objects.get(code=code)


@pytest.fixture
def program(plan):
    return ProgramFactory(objective__goal__mission__plan=plan)


def balance_of(plan, year):
    return next(b for b in balances(plan) if b.year == year)


def test_the_gap_is_revenue_less_what_the_apbd_must_fund(plan, program):
    ProgramFundingFactory(program=program, scheme=scheme("apbd"), pagu=100, realization=90)
    ProgramFundingFactory(program=program, scheme=scheme("apbn-dak"), pagu=20, realization=20)
    ProgramFundingFactory(program=program, scheme=scheme("kpbu"), pagu=50)
    RevenueValueFactory(account=account("4.1.01"), stage="murni", target=80)
    RevenueValueFactory(account=account("4.2.01.02"), stage="murni", target=30)
    b = balance_of(plan, 2021)
    assert (b.needs, b.apbd_needs, b.revenue_target) == (170, 120, 110)
    assert b.gap == Decimal(-10)
    assert b.apbd_share == Decimal("70.59")
    assert b.revenue_realization is None and b.realized_gap is None


def test_the_revised_budget_replaces_the_original_once_it_exists(plan, program):
    ProgramFundingFactory(program=program, pagu=100, realization=95)
    RevenueValueFactory(account=account("4.1.01"), stage="murni", target=90)
    RevenueValueFactory(
        account=account("4.1.01"), stage="perubahan", target=120, realization=Decimal(99)
    )
    b = balance_of(plan, 2021)
    assert (b.revenue_stage, b.revenue_target, b.gap) == ("perubahan", 120, 20)
    assert b.realized_gap == Decimal(4)


def test_a_year_without_needs_has_no_gap(plan):
    RevenueValueFactory(account=account("4.1.01"), year=2022)
    b = balance_of(plan, 2022)
    assert b.needs == 0 and b.gap is None and b.apbd_share is None


def test_funding_outside_the_plan_period_is_refused(program):
    funding = ProgramFunding(program=program, year=2030, scheme=scheme("apbd"), pagu=1)
    with pytest.raises(ValidationError) as refused:
        funding.full_clean()
    assert list(refused.value.message_dict) == ["year"]


def test_the_schemes_are_reference_data():
    codes = set(FundingScheme.objects.values_list("code", flat=True))
    assert {"apbd", "apbn-dak", "bankeu-provinsi", "kpbu", "csr", "pinjaman-daerah"} <= codes
    assert "obligasi-daerah" in codes
    assert not scheme("kpbu").in_apbd and scheme("apbd").in_apbd


def test_the_demo_shows_a_gap_every_funded_year(demo_plan):
    funded = [b for b in balances(demo_plan) if b.needs]
    assert [b.year for b in funded] == [2019, 2020, 2021, 2022, 2023]
    assert all(b.gap is not None for b in funded)
    assert all(p.provenance == "illustrative" for p in ProgramFunding.objects.all()[:50])
