from decimal import Decimal

import factory

from budgets.models import FundingScheme, ProgramFunding, RevenueAccount, RevenueValue


def account(code):
    """An account of the reference tree (filled by a data migration)."""
    return RevenueAccount.objects.get(code=code)


class RevenueValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RevenueValue

    account = factory.LazyFunction(lambda: account("4.1.01"))
    year = 2021
    stage = "murni"
    target = Decimal("1000000000.00")
    realization = None


class ProgramFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramFunding

    year = 2021
    scheme = factory.LazyFunction(lambda: FundingScheme.objects.get(code="apbd"))
    pagu = Decimal(100)
