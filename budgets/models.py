"""Revenue, funding schemes, program funding and the planning calendar.

Money is an exact decimal (rupiah with two decimals), never a float. Revenue values sit on leaf
accounts only; a parent account's target and realisation are the sums of its children, computed
when read (see :mod:`budgets.queries`), never typed twice.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.codes import CodeValidator
from indicators.models import FIRST_YEAR, LAST_YEAR, NormalisedCode, Plan, Program, Provenance

MONEY = {"max_digits": 20, "decimal_places": 2}
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class BudgetStage(models.TextChoices):
    MURNI = "murni", _("original budget (APBD murni)")
    PERUBAHAN = "perubahan", _("revised budget (APBD perubahan)")


class RevenueAccountQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class RevenueAccount(NormalisedCode, models.Model):
    """A revenue account, Permendagri 90/2019 style: 4 → 4.1 (PAD) → 4.1.01 (pajak daerah) …"""

    code = models.CharField(
        _("account code"), max_length=30, unique=True, validators=[CodeValidator(max_length=30)]
    )
    name = models.CharField(_("name"), max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent account"),
    )
    history = HistoricalRecords()

    objects = RevenueAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("revenue account")
        verbose_name_plural = _("revenue accounts")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def natural_key(self):
        return (self.code,)

    @property
    def depth(self):
        return self.code.count(".")

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("An account cannot be its own parent.")})
        if not self.code.startswith(f"{self.parent.code}."):
            raise ValidationError(
                {
                    "code": _("The code must start with the parent's code %(code)s.")
                    % {"code": self.parent.code}
                }
            )
        if self.parent.values.exists():
            raise ValidationError(
                {
                    "parent": _(
                        "%(code)s already holds values: only leaf accounts hold values, "
                        "so it cannot get sub-accounts."
                    )
                    % {"code": self.parent.code}
                }
            )


class RevenueValue(models.Model):
    """Target and realisation of one leaf account in one year and budget stage."""

    Provenance = Provenance

    account = models.ForeignKey(
        RevenueAccount,
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("revenue account"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    stage = models.CharField(_("budget stage"), max_length=10, choices=BudgetStage)
    target = models.DecimalField(_("target (Rp)"), null=True, blank=True, **MONEY)
    realization = models.DecimalField(_("realisation (Rp)"), null=True, blank=True, **MONEY)
    provenance = models.CharField(
        _("provenance"), max_length=12, choices=Provenance, default=Provenance.OFFICIAL
    )
    source_url = models.CharField(_("source"), max_length=1000, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revenue value")
        verbose_name_plural = _("revenue values")
        ordering = ["year", "stage", "account__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "year", "stage"], name="revenue_value_once_per_stage"
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="revenue_target_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(realization__isnull=True) | Q(realization__gte=0),
                name="revenue_realization_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="revenue_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.account.code} {self.year} ({self.stage})"

    def clean(self):
        # A CheckConstraint cannot see other rows: a parent's value is the sum of its children.
        if self.account_id and self.account.children.exists():
            raise ValidationError(
                {
                    "account": _(
                        "%(code)s has sub-accounts: its values are the sums of theirs. "
                        "Enter values on the sub-accounts."
                    )
                    % {"code": self.account.code}
                }
            )


class FundingSchemeQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class FundingScheme(models.Model):
    """A way to fund a program: APBD, APBN/DAK, bantuan keuangan provinsi, KPBU, CSR, …"""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    in_apbd = models.BooleanField(
        _("in the APBD"),
        default=False,
        help_text=_(
            "Spending under this scheme passes through the city budget and must be covered by "
            "its revenue (APBD, DAK, bantuan keuangan provinsi)."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = FundingSchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding scheme")
        verbose_name_plural = _("funding schemes")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class ProgramFunding(models.Model):
    """A program's allocation (pagu) and spending under one scheme in one year."""

    Provenance = Provenance

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="funding", verbose_name=_("program")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    scheme = models.ForeignKey(
        FundingScheme,
        on_delete=models.PROTECT,
        related_name="program_funding",
        verbose_name=_("funding scheme"),
    )
    pagu = models.DecimalField(_("allocation (pagu, Rp)"), **MONEY)
    realization = models.DecimalField(_("realisation (Rp)"), null=True, blank=True, **MONEY)
    provenance = models.CharField(
        _("provenance"), max_length=12, choices=Provenance, default=Provenance.OFFICIAL
    )
    source_url = models.CharField(_("source"), max_length=1000, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("program funding")
        verbose_name_plural = _("program funding")
        ordering = ["year", "program__code", "scheme__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year", "scheme"], name="program_funding_once_per_scheme"
            ),
            models.CheckConstraint(condition=Q(pagu__gte=0), name="program_funding_pagu_positive"),
            models.CheckConstraint(
                condition=Q(realization__isnull=True) | Q(realization__gte=0),
                name="program_funding_realization_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="program_funding_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.program.code} {self.year} {self.scheme.code}"

    def clean(self):
        if self.program_id and self.year:
            plan = self.program.plan
            if not plan.start_year <= self.year <= plan.end_year:
                raise ValidationError(
                    {
                        "year": _("%(year)s lies outside the plan period %(start)s–%(end)s.")
                        % {"year": self.year, "start": plan.start_year, "end": plan.end_year}
                    }
                )


class PlanningStage(models.Model):
    """One stage of a year's planning and budgeting calendar (musrenbang → RKPD → KUA-PPAS → APBD).

    ``year`` is the calendar year in which the stage takes place; it prepares the next year's budget.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    Provenance = Provenance

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="planning_stages", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("stage"), max_length=200)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    provenance = models.CharField(
        _("provenance"), max_length=12, choices=Provenance, default=Provenance.OFFICIAL
    )
    source_url = models.CharField(_("source"), max_length=1000, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planning stage")
        verbose_name_plural = _("planning and budgeting calendar")
        ordering = ["plan", "year", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "order"], name="planning_stage_order_unique"
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="planning_stage_planned_ordered",
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="planning_stage_actual_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(actual_end__isnull=False),
                name="planning_stage_done_has_end",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.order}. {self.name}"

    def is_overdue(self, today=None):
        """Not done although its planned end has passed."""
        today = today or timezone.localdate()
        return self.status != self.Status.DONE and self.planned_end < today

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end cannot precede the planned start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("The actual end cannot precede the actual start.")
        if self.status == self.Status.DONE and self.actual_end is None:
            errors["actual_end"] = _("A stage that is done needs its actual end date.")
        if errors:
            raise ValidationError(errors)
