from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budgets"
    verbose_name = _("Revenue and funding")

    def ready(self):
        from indicators import data_version

        from .models import (
            FundingScheme,
            PlanningStage,
            ProgramFunding,
            RevenueAccount,
            RevenueValue,
        )

        # Revenue and the reference lists are shared by every plan; funding belongs to one.
        for model in (RevenueAccount, RevenueValue, FundingScheme):
            data_version.track(model)
        data_version.track(ProgramFunding, lambda funding: funding.program.plan_id)
        data_version.track(PlanningStage, lambda stage: stage.plan_id)
