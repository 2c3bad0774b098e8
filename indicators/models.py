"""The RPJMD: plan → misi → tujuan → sasaran → program → indicator → yearly target and realisation.

Codes are natural keys, unique within a plan: users refer to everything by code in worksheets.
Every model that holds plan data or values keeps its history (django-simple-history).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import statements
from core.codes import CodeValidator, normalise_code
from core.formats import format_number

from . import achievement
from .queries import IndicatorQuerySet, PlanQuerySet, PlanScopedQuerySet

VALUE_DIGITS = {"max_digits": 20, "decimal_places": 4}
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The reporting year by default: the latest whose realisations cover at least this share of the
# plan's program indicators (a year with a handful of early values is not yet the one to show).
REPORTING_COVERAGE = Decimal("0.5")


class NormalisedCode:
    """A model whose ``code`` is a natural key: NFC-normalised and stripped before it is checked
    (:class:`core.codes.CodeValidator`, on the field) and before it is saved."""

    def clean_fields(self, exclude=None):
        if self.code:
            self.code = normalise_code(self.code)
        super().clean_fields(exclude)

    def save(self, *args, **kwargs):
        if self.code:
            self.code = normalise_code(self.code)
        super().save(*args, **kwargs)


class Plan(models.Model):
    class LowerFormula(models.TextChoices):
        DIFFERENCE = achievement.LowerFormula.DIFFERENCE, _("(2T − R) / T × 100")
        RATIO = achievement.LowerFormula.RATIO, _("T / R × 100")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    perda_reference = models.CharField(_("Perda reference"), max_length=200, blank=True)
    revision_number = models.PositiveSmallIntegerField(
        _("revision number"),
        default=0,
        help_text=_("0 for the original plan, 1 for the first perubahan, …"),
    )
    revision_label = models.CharField(_("revision label"), max_length=100, blank=True)
    visi = models.TextField(_("vision (visi)"))
    lower_formula = models.CharField(
        _("formula for 'lower' indicators"),
        max_length=20,
        choices=LowerFormula,
        default=LowerFormula.DIFFERENCE,
    )
    achievement_threshold = models.DecimalField(
        _("achievement threshold (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
        help_text=_("An indicator is achieved when its capaian reaches this percentage."),
    )
    is_active = models.BooleanField(
        _("active"), default=False, help_text=_("The plan shown by default.")
    )
    count_verified_only = models.BooleanField(
        _("count verified realisations only"),
        default=False,
        help_text=_("The dashboard's default: count only values a planner has verified."),
    )
    reporting_year = models.PositiveSmallIntegerField(
        _("reporting year (tahun pelaporan)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_(
            "The year every page shows by default. Empty: the latest year whose realisations "
            "cover at least half of the program indicators."
        ),
    )
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan (RPJMD)")
        verbose_name_plural = _("plans (RPJMD)")
        ordering = ["-start_year", "-revision_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="plan_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=FIRST_YEAR, end_year__lte=LAST_YEAR),
                name="plan_period_plausible",
            ),
            models.CheckConstraint(
                condition=Q(achievement_threshold__gt=0, achievement_threshold__lte=100),
                name="plan_threshold_in_0_100",
            ),
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_plan"
            ),
        ]
        permissions = [
            (
                "view_every_unit",
                _("Can read every perangkat daerah's pages, money and context, and the whole plan"),
            )
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def years(self):
        return range(self.start_year, self.end_year + 1)

    def is_locked(self, year):
        return self.locks.filter(year=year).exists()

    def locked_years(self):
        return set(self.locks.values_list("year", flat=True))

    def year_or_default(self, raw):
        """The year ``raw`` names if it lies in the period, else :meth:`default_year`.

        Pages and downloads read a year from the URL with this; a bad or missing one falls back.
        """
        try:
            year = int(raw)
        except (TypeError, ValueError):
            year = None
        if year in self.years:
            return year
        return self.default_year()

    def default_year(self):
        """The reporting year (tahun pelaporan) when set, else the latest year whose realisations
        cover at least half of the program indicators (else the best covered; else the first)."""
        if self.reporting_year in self.years:
            return self.reporting_year
        coverage = self.coverage_by_year()
        covered = [
            year for year, (count, total) in coverage.items() if count >= total * REPORTING_COVERAGE
        ]
        if covered:
            return max(covered)
        if coverage:
            return max(coverage, key=lambda year: (coverage[year][0], year))
        return self.start_year

    def coverage_by_year(self):
        """{year: (program indicators with a realisation, program indicators)}: one query."""
        from django.db.models import Count, OuterRef, Subquery
        from django.db.models.functions import Coalesce

        program = Indicator.Level.PROGRAM
        total = (
            Indicator.objects.filter(plan=OuterRef("indicator__plan"), level=program)
            .order_by()
            .values("plan")
            .annotate(count=Count("id"))
            .values("count")
        )
        rows = (
            Realization.objects.filter(
                indicator__plan=self, indicator__level=program, year__in=list(self.years)
            )
            .order_by()
            .values("year")
            .annotate(count=Count("indicator", distinct=True), total=Coalesce(Subquery(total), 0))
            .values_list("year", "count", "total")
        )
        return {year: (count, total) for year, count, total in rows}

    def latest_realized_year(self):
        """The last year of the period with any realisation."""
        return (
            Realization.objects.filter(indicator__plan=self)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot precede the first year.")})
        period_known = self.start_year and self.end_year
        if (
            self.reporting_year is not None
            and period_known
            and self.reporting_year not in self.years
        ):
            raise ValidationError(
                {
                    "reporting_year": _(
                        "The reporting year lies outside the plan period %(start)s–%(end)s."
                    )
                    % {"start": self.start_year, "end": self.end_year}
                }
            )


class PlanDataVersion(models.Model):
    """A counter that every write to a plan's data bumps in the writing transaction.

    Cached read results (dashboard, API) are keyed by it, so a committed change is visible on the
    next read. See :mod:`indicators.data_version`.
    """

    plan = models.OneToOneField(
        Plan,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="data_version",
        verbose_name=_("plan"),
    )
    version = models.PositiveBigIntegerField(_("data version"), default=0)

    class Meta:
        verbose_name = _("plan data version")
        verbose_name_plural = _("plan data versions")

    def __str__(self):
        return f"{self.plan_id}: {self.version}"


class PerangkatDaerahQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class PerangkatDaerah(NormalisedCode, models.Model):
    class Kind(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("sekretariat")
        INSPEKTORAT = "inspektorat", _("inspektorat")
        BADAN = "badan", _("badan")
        DINAS = "dinas", _("dinas")
        SATUAN = "satuan", _("satuan (setingkat dinas)")
        RUMAH_SAKIT = "rumah_sakit", _("rumah sakit daerah")
        KECAMATAN = "kecamatan", _("kecamatan")
        LAINNYA = "lainnya", _("other")

    code = models.CharField(
        _("code"), max_length=30, unique=True, validators=[CodeValidator(max_length=30)]
    )
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    source_url = models.CharField(_("source"), max_length=1000, blank=True)
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="operated_units",
        verbose_name=_("operators"),
        help_text=_("Users who enter this unit's realisations (role: Operator perangkat daerah)."),
    )
    history = HistoricalRecords(m2m_fields=[])

    objects = PerangkatDaerahQuerySet.as_manager()

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["code"]

    def __str__(self):
        return self.abbreviation or self.name

    def natural_key(self):
        return (self.code,)


class Provenance(models.TextChoices):
    OFFICIAL = "official", _("official source")
    ILLUSTRATIVE = "illustrative", _("illustrative (made up for the demo)")


class PlanScoped(NormalisedCode, models.Model):
    """A part of the plan with a code unique within its plan, and where its content comes from."""

    Provenance = Provenance

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    code = models.CharField(_("code"), max_length=50, validators=[CodeValidator(max_length=50)])
    provenance = models.CharField(
        _("provenance"), max_length=12, choices=Provenance, default=Provenance.OFFICIAL
    )
    source_url = models.CharField(
        _("source"), max_length=1000, blank=True, help_text=_("Where the content was published.")
    )

    objects = PlanScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.code, *self.plan.natural_key())

    natural_key.dependencies = ["indicators.plan"]


class Mission(PlanScoped):
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("mission (misi)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mission (misi)")
        verbose_name_plural = _("missions (misi)")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="mission_code_unique_in_plan"),
            models.UniqueConstraint(
                fields=["plan", "number"], name="mission_number_unique_in_plan"
            ),
        ]

    def __str__(self):
        return f"Misi {self.number}: {self.text}"


class Goal(PlanScoped):
    mission = models.ForeignKey(
        Mission, on_delete=models.PROTECT, related_name="goals", verbose_name=_("mission")
    )
    text = models.TextField(_("goal (tujuan)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal (tujuan)")
        verbose_name_plural = _("goals (tujuan)")
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="goal_code_unique_in_plan"),
        ]

    def __str__(self):
        return f"{self.code} {self.text}"

    def save(self, *args, **kwargs):
        self.plan_id = self.mission.plan_id
        super().save(*args, **kwargs)


class Objective(PlanScoped):
    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("goal")
    )
    text = models.TextField(_("objective (sasaran)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objective (sasaran)")
        verbose_name_plural = _("objectives (sasaran)")
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="objective_code_unique_in_plan"),
        ]

    def __str__(self):
        return f"{self.code} {self.text}"

    def save(self, *args, **kwargs):
        self.plan_id = self.goal.plan_id
        super().save(*args, **kwargs)


class Program(PlanScoped):
    class Kind(models.TextChoices):
        PRIORITAS = "prioritas", _("priority (prioritas)")
        PENDUKUNG = "pendukung", _("supporting (pendukung)")

    name = models.CharField(_("name"), max_length=300)
    nomenclature_code = models.CharField(
        _("nomenclature code"),
        max_length=30,
        blank=True,
        help_text=_("Permendagri 90/2019 program code, e.g. 1.02.02"),
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="programs", verbose_name=_("objective")
    )
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah,
        on_delete=models.PROTECT,
        related_name="programs",
        verbose_name=_("responsible perangkat daerah"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PENDUKUNG)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="program_code_unique_in_plan"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.plan_id = self.objective.plan_id
        super().save(*args, **kwargs)


class Indicator(PlanScoped):
    class Level(models.TextChoices):
        TUJUAN = "tujuan", _("goal (tujuan)")
        SASARAN = "sasaran", _("objective (sasaran)")
        PROGRAM = "program", _("program")

    class Direction(models.TextChoices):
        HIGHER = achievement.Direction.HIGHER, _("higher is better (naik)")
        LOWER = achievement.Direction.LOWER, _("lower is better (turun)")
        RANGE = achievement.Direction.RANGE, _("within a range (rentang)")
        BINARY = achievement.Direction.BINARY, _("yes/no (ya/tidak)")

    class CalculationType(models.TextChoices):
        CUMULATIVE = achievement.CalculationType.CUMULATIVE, _("cumulative (sum of periods)")
        LAST = achievement.CalculationType.LAST, _("last period (year-end value)")
        AVERAGE = achievement.CalculationType.AVERAGE, _("average of periods")

    name = models.CharField(_("name"), max_length=500)
    unit = models.CharField(_("unit (satuan)"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("goal (tujuan)"),
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("objective (sasaran)"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("program"),
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    baseline = models.DecimalField(
        _("baseline (kondisi awal)"), null=True, blank=True, **VALUE_DIGITS
    )
    final_target = models.DecimalField(
        _("final target (kondisi akhir)"), null=True, blank=True, **VALUE_DIGITS
    )
    final_target_low = models.DecimalField(
        _("final target: range low"), null=True, blank=True, **VALUE_DIGITS
    )
    final_target_high = models.DecimalField(
        _("final target: range high"), null=True, blank=True, **VALUE_DIGITS
    )
    calculation_type = models.CharField(
        _("calculation type"), max_length=12, choices=CalculationType, default=CalculationType.LAST
    )
    definition = models.TextField(_("definition / formula"), blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("responsible perangkat daerah"),
    )
    history = HistoricalRecords()

    objects = statements.ShapedManager.from_queryset(IndicatorQuerySet)()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique_in_plan"),
            models.CheckConstraint(
                condition=(
                    Q(
                        level="program",
                        program__isnull=False,
                        objective__isnull=True,
                        goal__isnull=True,
                    )
                    | Q(
                        level="sasaran",
                        program__isnull=True,
                        objective__isnull=False,
                        goal__isnull=True,
                    )
                    | Q(
                        level="tujuan",
                        program__isnull=True,
                        objective__isnull=True,
                        goal__isnull=False,
                    )
                ),
                name="indicator_parent_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=[d.value for d in achievement.Direction]),
                name="indicator_direction_known",
            ),
            models.CheckConstraint(
                condition=(
                    Q(final_target_low__isnull=True, final_target_high__isnull=True)
                    | Q(
                        final_target__isnull=True,
                        final_target_low__isnull=False,
                        final_target_high__isnull=False,
                        final_target_low__lte=F("final_target_high"),
                    )
                ),
                name="indicator_final_target_value_or_range",
            ),
        ]
        indexes = [models.Index(fields=["plan", "level", "perangkat_daerah"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        parent = self.parent
        if parent is not None:
            self.plan_id = parent.plan_id
        super().save(*args, **kwargs)

    @property
    def parent(self):
        return {"program": self.program, "sasaran": self.objective, "tujuan": self.goal}.get(
            self.level
        )

    @property
    def final_target_rule(self):
        """The final target (kondisi akhir) as the rules read it, or None when not given."""
        if self.final_target is None and self.final_target_low is None:
            return None
        return achievement.Target(
            value=self.final_target, low=self.final_target_low, high=self.final_target_high
        )

    @property
    def final_target_display(self):
        if self.final_target is None and self.final_target_low is not None:
            return (
                f"{format_number(self.final_target_low)} – {format_number(self.final_target_high)}"
            )
        return format_number(self.final_target)

    def clean(self):
        parents = {"program": "program", "sasaran": "objective", "tujuan": "goal"}
        wanted = parents.get(self.level)
        errors = {}
        for level, field in parents.items():
            given = getattr(self, f"{field}_id") is not None
            if field == wanted and not given:
                errors[field] = _("An indicator at level %(level)s needs a %(field)s.") % {
                    "level": level,
                    "field": self._meta.get_field(field).verbose_name,
                }
            elif field != wanted and given:
                errors[field] = _("Leave empty: the indicator is at level %(level)s.") % {
                    "level": self.level
                }
        if (self.final_target_low is None) != (self.final_target_high is None):
            errors["final_target_high"] = _("A range needs both bounds.")
        elif self.final_target_low is not None:
            if self.final_target is not None:
                errors["final_target"] = _("Give one final target value or a range, not both.")
            elif self.final_target_low > self.final_target_high:
                errors["final_target_high"] = _("The upper bound cannot be below the lower bound.")
        if self.pk is not None and "direction" not in errors:
            stored = Indicator.objects.filter(pk=self.pk).values_list("direction", flat=True)
            stored = stored.first()
            known = self.direction in Indicator.Direction.values
            if known and stored is not None and stored != self.direction and self.has_values():
                errors["direction"] = _(
                    "The direction cannot change while the indicator has targets or "
                    "realisations: it would change what they mean (a target of 50 for "
                    "“%(old)s” is not a band for “%(new)s”). Delete its targets and realisations "
                    "first, or create a new indicator."
                ) % {
                    "old": Indicator.Direction(stored).label,
                    "new": Indicator.Direction(self.direction).label,
                }
        if self.pk is not None and "calculation_type" not in errors:
            stored = Indicator.objects.filter(pk=self.pk).values_list("calculation_type", flat=True)
            stored = stored.first()
            if (
                stored is not None
                and stored != self.calculation_type
                and self.quarterly_realizations.exists()
            ):
                errors["calculation_type"] = _(
                    "The calculation type cannot change while the indicator has triwulan "
                    "values: the year values rolled up from them would change. Delete its "
                    "triwulan values first."
                )
        if errors:
            raise ValidationError(errors)
        parent = self.parent
        if parent is not None and self.plan_id and parent.plan_id != self.plan_id:
            raise ValidationError(_("The parent belongs to another plan."))

    def has_values(self):
        return self.targets.exists() or self.realizations.exists()


class YearlyValue(models.Model):
    """A value of an indicator for one year of its plan's period."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )

    class Meta:
        abstract = True

    def clean(self):
        if self.indicator_id and self.year:
            plan = self.indicator.plan
            self.check_year(plan, locked_years=())
            self.check_lock(plan)
        self.check_value()

    def check_year(self, plan, locked_years):
        """The year lies in the plan's period and is not locked (no query: the caller knows)."""
        if not plan.start_year <= self.year <= plan.end_year:
            raise ValidationError(
                {
                    "year": _("%(year)s lies outside the plan period %(start)s–%(end)s.")
                    % {"year": self.year, "start": plan.start_year, "end": plan.end_year}
                }
            )
        if self.year in locked_years:
            raise ValidationError(
                _("%(year)s is locked: its values cannot change until a planner unlocks it.")
                % {"year": self.year}
            )

    def stored(self):
        """The row as the database holds it now (None for a new value)."""
        if self.pk is None:
            return None
        return type(self)._default_manager.filter(pk=self.pk).first()

    def changed_fields(self, stored):
        """The fields whose value differs from ``stored`` (every field of a new value)."""
        fields = [f for f in self._meta.concrete_fields if not f.primary_key]
        if stored is None:
            return fields

        def comparable(field, obj):
            value = field.value_from_object(obj)
            return (value.name or "") if isinstance(field, models.FileField) else value

        return [f for f in fields if comparable(f, self) != comparable(f, stored)]

    def check_lock(self, plan):
        """Refuse a real change to a locked year (a new value, a changed one, one moved in or
        out of it), naming the field and the lock; an unchanged value passes, so a page that
        shows a locked year's values can still be saved. The database's triggers refuse every
        write to a locked year: the services never write an unchanged value."""
        locks = {lock.year: lock for lock in plan.locks.all()}
        if not locks:
            return
        stored = self.stored()
        years = sorted({self.year, *([stored.year] if stored else [])})
        lock = next((locks[year] for year in years if year in locks), None)
        if lock is None:
            return
        changed = self.changed_fields(stored)
        if changed:
            what = self._meta.verbose_name if stored is None else changed[0].verbose_name
            raise ValidationError(lock.refusal(what), code="year_locked")

    def check_value(self):
        """What the indicator's direction allows (overridden by targets and realisations)."""


class Target(YearlyValue):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("target"), null=True, blank=True, **VALUE_DIGITS)
    low = models.DecimalField(_("range: low"), null=True, blank=True, **VALUE_DIGITS)
    high = models.DecimalField(_("range: high"), null=True, blank=True, **VALUE_DIGITS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_once_per_year"),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="target_range_ordered",
            ),
            models.CheckConstraint(
                condition=(
                    Q(value__isnull=False, low__isnull=True, high__isnull=True)
                    | Q(value__isnull=True, low__isnull=False, high__isnull=False)
                ),
                name="target_value_or_range",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR), name="target_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.display_localized}"

    @property
    def display_localized(self):
        if self.value is None:
            return f"{format_number(self.low)} – {format_number(self.high)}"
        return format_number(self.value)

    def as_rule_target(self):
        return achievement.Target(value=self.value, low=self.low, high=self.high)

    def check_value(self):
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValidationError({"high": _("The upper bound cannot be below the lower bound.")})
        if not self.indicator_id:
            return
        direction = self.indicator.direction
        band = self.low is not None or self.high is not None
        if direction == Indicator.Direction.RANGE and (
            self.low is None or self.high is None or self.value is not None
        ):
            raise ValidationError(_("A range indicator's target is a band: give low and high."))
        if band and self.value is not None:
            raise ValidationError(_("Give one target value or a range (low and high), not both."))
        if band and (self.low is None or self.high is None):
            raise ValidationError({"high": _("A range needs both bounds.")})
        if not band and self.value is None:
            raise ValidationError({"value": _("Give a target value (or a range: low and high).")})
        if direction == Indicator.Direction.BINARY and (band or self.value not in (0, 1)):
            raise ValidationError({"value": _("A yes/no target is 1 (ya) or 0 (tidak).")})


def evidence_path(instance, filename):
    return f"bukti/{instance.indicator.plan_id}/{instance.year}/{filename}"


class Realization(YearlyValue):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        VERIFIED = "verified", _("verified")
        RETURNED = "returned", _("returned")

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="realizations",
        verbose_name=_("indicator"),
    )
    value = models.DecimalField(_("realisation"), **VALUE_DIGITS)
    note = models.TextField(_("note"), blank=True)
    faktor_pendorong = models.TextField(_("supporting factors (faktor pendorong)"), blank=True)
    faktor_penghambat = models.TextField(_("inhibiting factors (faktor penghambat)"), blank=True)
    tindak_lanjut = models.TextField(_("follow-up (tindak lanjut)"), blank=True)
    evidence = models.FileField(
        _("evidence (bukti dukung)"),
        upload_to=evidence_path,
        blank=True,
        max_length=300,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg", "xlsx"])],
    )
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=1000)
    status = models.CharField(
        _("verification status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    verified_value = models.DecimalField(
        _("value when verified"), null=True, blank=True, editable=False, **VALUE_DIGITS
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)

    class Source(models.TextChoices):
        DIRECT = "direct", _("entered as a year value")
        QUARTERS = "quarters", _("rolled up from the triwulan values")

    source = models.CharField(
        _("source of the year value"),
        max_length=10,
        choices=Source,
        default=Source.DIRECT,
        help_text=_(
            "A year value entered directly (an annual measurement) wins over the triwulan roll-up."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="realization_once_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="realization_year_plausible",
            ),
        ]
        indexes = [models.Index(fields=["status", "year"])]
        permissions = [("verify_realization", _("Can verify and return realisations"))]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {format_number(self.value)}"

    def check_value(self):
        if (
            self.indicator_id
            and self.indicator.direction == Indicator.Direction.BINARY
            and self.value not in (0, 1)
        ):
            raise ValidationError({"value": _("A yes/no realisation is 1 (ya) or 0 (tidak).")})
        if (
            self.source == self.Source.QUARTERS
            and self.indicator_id
            and self.year
            and not QuarterlyRealization.objects.filter(
                indicator_id=self.indicator_id, year=self.year
            ).exists()
        ):
            raise ValidationError(
                {"source": _("There are no triwulan values to roll up for this year.")}
            )

    @property
    def changed_since_verification(self):
        return (
            self.status != self.Status.VERIFIED
            and self.verified_value is not None
            and self.verified_value != self.value
        )


class QuarterlyRealization(YearlyValue):
    """The realisation of one triwulan (quarter) of a year, as perangkat daerah report it each
    quarter (PP 39/2006, Permendagri 86/2017), with its own verification.

    The year's :class:`Realization` is the roll-up of these by the indicator's calculation type
    (``achievement.yearly_value``), stored with ``source = quarters``; a year value entered
    directly (an annual measurement such as BPS's IPM) has ``source = direct`` and wins over the
    roll-up, which pages then show beside it. Locked years refuse these rows like year values.
    """

    class Quarter(models.IntegerChoices):
        I = 1, "I"  # noqa: E741 (the triwulan's Roman numeral)
        II = 2, "II"
        III = 3, "III"
        IV = 4, "IV"

    Status = Realization.Status

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="quarterly_realizations",
        verbose_name=_("indicator"),
    )
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=Quarter)
    value = models.DecimalField(_("realisation"), **VALUE_DIGITS)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("verification status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    verified_value = models.DecimalField(
        _("value when verified"), null=True, blank=True, editable=False, **VALUE_DIGITS
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("triwulan realisation")
        verbose_name_plural = _("triwulan realisations")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"], name="quarterly_realization_once"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarterly_realization_quarter"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="quarterly_realization_year_plausible",
            ),
        ]
        indexes = [models.Index(fields=["year", "quarter", "status"])]

    def __str__(self):
        return f"{self.indicator.code} {self.year} TW {self.get_quarter_display()}: {format_number(self.value)}"

    def check_value(self):
        if (
            self.indicator_id
            and self.indicator.direction == Indicator.Direction.BINARY
            and self.value not in (0, 1)
        ):
            raise ValidationError({"value": _("A yes/no realisation is 1 (ya) or 0 (tidak).")})


class YearLock(models.Model):
    """A closed year of a plan: no door may change its targets or realisations until unlocked."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="locks", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.TextField(_("reason"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("locked by"),
    )
    locked_at = models.DateTimeField(_("locked at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("locked year")
        verbose_name_plural = _("locked years")
        ordering = ["plan", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="year_locked_once"),
        ]
        permissions = [("lock_year", _("Can lock and unlock a year"))]

    def __str__(self):
        return f"{self.plan} {self.year}"

    def refusal(self, what, *, deleting=False):
        """Why ``what`` (a field or a value, e.g. "target") of this year cannot change."""
        message = (
            _(
                "%(what)s %(year)s cannot be deleted: the year is locked (%(reason)s) until a "
                "planner unlocks it."
            )
            if deleting
            else _(
                "%(what)s %(year)s cannot change: the year is locked (%(reason)s) until a "
                "planner unlocks it."
            )
        )
        return message % {"what": capfirst(what), "year": self.year, "reason": self.reason}

    def clean(self):
        if self.plan_id and self.year and self.year not in self.plan.years:
            raise ValidationError({"year": _("The year lies outside the plan period.")})


class ImportBatch(models.Model):
    """One workbook import: who, when, which file, through which door, and what it changed."""

    file_name = models.CharField(_("file name"), max_length=300)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    door = models.CharField(_("door"), max_length=30)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    summary = models.JSONField(_("summary"), default=dict)
    shape = models.CharField(
        _("table shape"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_(
            "A printed table's header, as a signature: the next file like it is offered "
            "the same choices."
        ),
    )
    choices = models.JSONField(
        _("choices for printed tables"),
        default=dict,
        blank=True,
        help_text=_(
            "Per table shape: the column roles, the year mapping and the directions "
            "the planner chose."
        ),
    )

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]
        permissions = [("import_workbook", _("Can import workbooks"))]

    def __str__(self):
        return f"#{self.pk} {self.file_name}"


class StrategicIssue(models.Model):
    """A problem (permasalahan), strategic issue or yearly focus, and what in the plan it concerns."""

    class Kind(models.TextChoices):
        PERMASALAHAN = "permasalahan", _("problem (permasalahan)")
        ISU_STRATEGIS = "isu_strategis", _("strategic issue (isu strategis)")
        FOKUS = "fokus", _("focus area (fokus)")

    Provenance = Provenance

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="strategic_issues", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    text = models.TextField(_("text"))
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="strategic_issues", verbose_name=_("objectives")
    )
    programs = models.ManyToManyField(
        Program, blank=True, related_name="strategic_issues", verbose_name=_("programs")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="strategic_issues", verbose_name=_("indicators")
    )
    provenance = models.CharField(
        _("provenance"), max_length=12, choices=Provenance, default=Provenance.OFFICIAL
    )
    source_url = models.CharField(_("source"), max_length=1000, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords(m2m_fields=[objectives, programs, indicators])

    class Meta:
        verbose_name = _("strategic issue")
        verbose_name_plural = _("strategic issues")
        ordering = ["plan", "kind", "-year", "pk"]

    def __str__(self):
        return self.text[:80]


class DevelopmentStage(models.Model):
    """One year of the plan: its RKPD theme and priorities."""

    Provenance = Provenance

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="development_stages", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    rkpd_theme = models.TextField(_("RKPD theme"), blank=True)
    priorities = models.TextField(_("priorities"), blank=True)
    provenance = models.CharField(
        _("provenance"), max_length=12, choices=Provenance, default=Provenance.OFFICIAL
    )
    source_url = models.CharField(_("source"), max_length=1000, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development stage (RKPD)")
        verbose_name_plural = _("development stages (RKPD)")
        ordering = ["plan", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="development_stage_once_a_year"),
        ]

    def __str__(self):
        return f"{self.year}: {self.rkpd_theme}"

    def clean(self):
        if (
            self.plan_id
            and self.year
            and not self.plan.start_year <= self.year <= self.plan.end_year
        ):
            raise ValidationError(
                {
                    "year": _("%(year)s lies outside the plan period %(start)s–%(end)s.")
                    % {"year": self.year, "start": self.plan.start_year, "end": self.plan.end_year}
                }
            )


class ReportingDeadline(models.Model):
    """The reporting calendar: the date by which perangkat daerah report a triwulan's
    realisations (set by planners). Completeness and reminders are measured against it."""

    Quarter = QuarterlyRealization.Quarter

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=Quarter)
    due_date = models.DateField(_("due date"))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting calendar")
        ordering = ["plan", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "quarter"], name="reporting_deadline_once"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="reporting_deadline_quarter"
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.year} TW {self.get_quarter_display()}: {self.due_date}"

    def clean(self):
        if self.plan_id and self.year and self.year not in self.plan.years:
            raise ValidationError(
                {
                    "year": _("%(year)s lies outside the plan period %(start)s–%(end)s.")
                    % {"year": self.year, "start": self.plan.start_year, "end": self.plan.end_year}
                }
            )


class ReminderSent(models.Model):
    """One reminder mailed to one user for one deadline: the reminder command never mails twice."""

    deadline = models.ForeignKey(
        ReportingDeadline,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("reporting deadline"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    missing = models.PositiveIntegerField(_("values missing when sent"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "recipient"], name="reminder_once"),
        ]

    def __str__(self):
        return f"{self.deadline} → {self.recipient}"
