"""The revenue tree: values on leaves, parents always the sums of their children."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from budgets.models import RevenueAccount, RevenueValue
from budgets.queries import revenue_tree
from tests.budgets.factories import RevenueValueFactory, account

pytestmark = pytest.mark.django_db

LEAVES = ["4.1.01", "4.1.02", "4.2.01.02", "4.2.02.01", "4.3.03"]


def by_code(lines):
    return {line.code: line for line in lines}


def assert_parents_are_sums(lines):
    for line in lines:
        if line.is_leaf:
            continue
        given = [child.target for child in line.children if child.target is not None]
        assert line.target == (sum(given) if given else None), line.code
        given = [child.realization for child in line.children if child.realization is not None]
        assert line.realization == (sum(given) if given else None), line.code


def test_the_reference_tree_is_there_in_every_database():
    codes = set(RevenueAccount.objects.values_list("code", flat=True))
    assert {"4", "4.1", "4.1.01", "4.1.04", "4.2", "4.2.01", "4.2.02", "4.3"} <= codes
    assert account("4.1.01").parent.code == "4.1"


@settings(max_examples=15, deadline=None)
@given(
    amounts=st.lists(
        st.decimals(min_value=0, max_value=10**13, places=2, allow_nan=False),
        min_size=5,
        max_size=5,
    )
)
def test_every_parent_is_the_sum_of_its_children(amounts):
    RevenueValue.objects.all().delete()
    for code, amount in zip(LEAVES, amounts, strict=True):
        RevenueValueFactory(account=account(code), target=amount, realization=amount / 2)
    lines = by_code(revenue_tree(2021, "murni"))
    assert_parents_are_sums(lines.values())
    assert lines["4"].target == sum(amounts)
    assert lines["4.1"].target == amounts[0] + amounts[1]


def test_a_parent_without_values_below_has_none_and_percent_is_realised_over_target():
    RevenueValueFactory(account=account("4.1.01"), target=Decimal(200), realization=Decimal(150))
    lines = by_code(revenue_tree(2021, "murni"))
    assert lines["4.2"].target is None and lines["4.2"].percent is None
    assert lines["4"].percent == Decimal("75.00")
    assert revenue_tree(2021, "perubahan")[0].target is None


def test_a_parent_account_cannot_hold_values():
    value = RevenueValue(account=account("4.1"), year=2021, stage="murni", target=Decimal(1))
    with pytest.raises(ValidationError) as refused:
        value.full_clean()
    assert "account" in refused.value.message_dict


def test_an_account_with_values_cannot_get_sub_accounts():
    RevenueValueFactory(account=account("4.1.01"))
    child = RevenueAccount(code="4.1.01.01", name="Pajak Hotel", parent=account("4.1.01"))
    with pytest.raises(ValidationError) as refused:
        child.full_clean()
    assert "parent" in refused.value.message_dict


def test_a_sub_account_code_starts_with_its_parents():
    child = RevenueAccount(code="4.9.01", name="Salah", parent=account("4.1"))
    with pytest.raises(ValidationError) as refused:
        child.full_clean()
    assert "code" in refused.value.message_dict


def test_amounts_are_exact_decimals():
    RevenueValueFactory(account=account("4.1.01"), target=Decimal("0.10"))
    RevenueValueFactory(account=account("4.1.02"), target=Decimal("0.20"))
    assert by_code(revenue_tree(2021, "murni"))["4.1"].target == Decimal("0.30")


def test_the_demo_revenue_adds_up_and_has_the_official_2021_total(demo_plan):
    stages = RevenueValue.objects.values_list("year", "stage").distinct()
    for year, stage in stages:
        assert_parents_are_sums(revenue_tree(year, stage))
    root = revenue_tree(2021, "murni")[0]
    assert (root.code, root.target) == ("4", Decimal("5909045828498"))
    assert revenue_tree(2020, "murni")[0].target == Decimal("5820220000000")
    official = RevenueValue.objects.filter(provenance="official")
    assert official.exists() and all(v.source_url for v in official)
    illustrative = RevenueValue.objects.filter(provenance="illustrative")
    assert illustrative.exists() and all(v.note for v in illustrative)


def test_loading_the_demo_twice_changes_nothing(demo_plan):
    from budgets.models import PlanningStage, ProgramFunding
    from demo.money import load_budget_demo
    from indicators.models import DevelopmentStage, StrategicIssue

    models = [RevenueValue, ProgramFunding, StrategicIssue, DevelopmentStage, PlanningStage]
    counts = [model.objects.count() for model in models]
    load_budget_demo(demo_plan)
    assert [model.objects.count() for model in models] == counts
    assert all(counts)
