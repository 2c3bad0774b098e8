"""The achievement rules as database expressions: status, capaian and band of an indicator in a
year, computed by the database so that pages and the API count with one grouped query.

:mod:`indicators.achievement` stays the definition. This module writes the same rules once more,
as one ``Case``/``When`` tree per output (status, capaian, band);
``tests/indicators/test_achievement_sql.py`` holds the two equal on generated data, on
PostgreSQL and on SQLite.

How the rules become SQL
------------------------
Every measured case is a fraction, capaian = n / d × 100 with d > 0 (R realisation, T target):

* ``higher``: T > 0: n = R, d = T; T < 0: n = R − 2T, d = −T (that is 1 + (R − T) / |T|).
* ``lower``: difference formula, T > 0: n = 2T − R, d = T; ratio formula, T > 0 and R > 0:
  n = T, d = R; T < 0 (either formula): n = −R, d = −T.
* T = 0, ``binary`` and a ``range`` realisation inside its band give 100 or 0 outright; the ratio
  formula with R ≤ 0 gives "achieved, capaian undefined".

"capaian ≥ p" (the plan's threshold, or a band's floor) is then n × 100 ≥ p × d: a comparison
without division, exact on PostgreSQL's ``numeric``. At the default threshold of 100 the status is
simpler still, whatever the sign of T and the formula: ``higher`` ⇔ R ≥ T, ``lower`` ⇔ R ≤ T,
``range`` ⇔ inside the band, ``binary`` ⇔ R = T: plain comparisons of the stored values.
Capaian itself (wanted only where rows are shown) is the division, to 30 decimal places.

The tree is rendered to SQL once per database, rule set and output, with a slot for each column
it reads; a query then only fills the slots with its own columns. (Resolving and compiling the
tree anew in every query took Django longer than the database took to run it.)

SQLite, where floating point can differ
---------------------------------------
SQLite has no decimal type: it keeps these columns as 64-bit floating point (15 significant
digits). Therefore:

* comparisons of stored values are exact for values of at most 15 significant digits: the status
  at the default threshold, and so every achieved / not achieved / no data count, is exact;
* a numerator or denominator such as ``2 * T - R`` is rounded back to the four decimals its exact
  value has (:func:`four_places`): the difference of two close values would otherwise keep their
  floating-point error, relatively large against a small difference (2 + R for R = -1,9999);
* products (band floors, any other threshold) can be off in their last binary digit, which would
  put a value lying exactly on a floor (R = 8,463 against T = 9,3 is capaian 91) on either side.
  The comparison allows a relative tolerance of 1e-13, far above that rounding; a true difference
  below it needs values of four decimals beyond about 10^6 with the fraction within 10^-13 of the
  floor, and only there can SQLite's band (or status at a threshold other than 100) differ;
* capaian is a floating-point division, which Django reads back rounded to 15 significant digits:
  the same two decimals as the exact value unless the value needs more than 15 digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db import connections
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    DecimalField,
    Expression,
    F,
    Func,
    Q,
    When,
)
from django.db.models.lookups import (
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    IsNull,
    LessThan,
    LessThanOrEqual,
)

from .achievement import BAND_FLOORS, DEFAULT_THRESHOLD, Band, Direction, LowerFormula, Status

# Relative tolerance of the floating-point comparisons on SQLite (see the module docstring).
SQLITE_TOLERANCE = Decimal("1e-13")
SHRINK = format(1 - SQLITE_TOLERANCE, "f")
CAPAIAN_FIELD = DecimalField(max_digits=60, decimal_places=30)
VALUE_FIELD = DecimalField(max_digits=20, decimal_places=4)


class Literal(Expression):
    """A constant written into the SQL itself (the rendered SQL takes no parameters)."""

    def __init__(self, value, output_field):
        super().__init__(output_field=output_field)
        self.value = value

    def as_sql(self, compiler, connection, **extra_context):
        if self.value is None:
            return "NULL", ()
        if isinstance(self.value, str):
            return "'" + self.value.replace("'", "''") + "'", ()
        return format(self.value, "f") if isinstance(self.value, Decimal) else str(self.value), ()


class Slot(Expression):
    """Where a query's own column goes in the rendered SQL."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection, **extra_context):
        return "{" + self.name + "}", ()


class Formula(Expression):
    """Arithmetic over the slots, written as it is (``"({} - 2 * {})"``): no casts, which SQLite's
    floating point does not need and which would only lengthen the SQL."""

    def __init__(self, template, *operands):
        super().__init__(output_field=VALUE_FIELD)
        self.template, self.operands = template, list(operands)

    def get_source_expressions(self):
        return self.operands

    def set_source_expressions(self, exprs):
        self.operands = list(exprs)

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for operand in self.operands:
            sql, operand_params = compiler.compile(operand)
            parts.append(sql)
            params.extend(operand_params)
        return self.template.format(*parts), params


ZERO = Literal(0, VALUE_FIELD)
SLOTS = {
    "direction": Slot("direction", CharField()),
    "realization": Slot("realization", VALUE_FIELD),
    "target_id": Slot("target_id", BigIntegerField()),
    "target_value": Slot("target_value", VALUE_FIELD),
    "target_low": Slot("target_low", VALUE_FIELD),
    "target_high": Slot("target_high", VALUE_FIELD),
}


def four_places(sql):
    """SQLite: an operand of a fraction back on the four decimals its exact value has.

    Every numerator and denominator is a sum of stored values (four decimals) with integer
    factors (``2 * T - R``), so its exact value has four decimals; in floating point the
    difference of two close values (R = -1,9999 against T = -1: 2 + R = 0,0001) keeps the error
    of its operands, relatively far larger than the difference itself. Rounding to four decimals
    takes it back to the float nearest the exact value."""
    return f"ROUND(({sql}), 4)"


class Reaches(Func):
    """n / d × 100 ≥ ``percent`` for d > 0, compared without division."""

    arity = 2
    output_field = BooleanField()
    conditional = True

    def __init__(self, n, d, percent):
        super().__init__(n, d)
        # A Decimal of the plan (at most 5 digits) or a band floor, written into the SQL as a
        # literal: a parameter would reach SQLite as text.
        self.percent = format(Decimal(percent), "f")

    def _operands(self, compiler, connection):
        n_sql, n_params = compiler.compile(self.source_expressions[0])
        d_sql, d_params = compiler.compile(self.source_expressions[1])
        return f"(({n_sql}) * 100)", n_params, f"(({d_sql}) * {self.percent})", d_params

    def as_sql(self, compiler, connection, **extra_context):
        lhs, lhs_params, rhs, rhs_params = self._operands(compiler, connection)
        return f"({lhs} >= {rhs})", (*lhs_params, *rhs_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        n_sql, n_params = compiler.compile(self.source_expressions[0])
        d_sql, d_params = compiler.compile(self.source_expressions[1])
        lhs, rhs = f"({four_places(n_sql)} * 100)", f"({four_places(d_sql)} * {self.percent})"
        # d > 0 and percent > 0, so the right-hand side is positive: shrink it by the tolerance.
        return f"({lhs} >= {rhs} * {SHRINK})", (*n_params, *d_params)


class Percent(Func):
    """n / d × 100, the capaian of a fraction (d > 0)."""

    arity = 2
    output_field = CAPAIAN_FIELD

    def as_sql(self, compiler, connection, **extra_context):
        n_sql, n_params = compiler.compile(self.source_expressions[0])
        d_sql, d_params = compiler.compile(self.source_expressions[1])
        # The scale of a numeric quotient follows its operands': 30 places keep every digit
        # that capaian is ever shown with, whatever the magnitudes.
        return f"(CAST(({n_sql}) AS NUMERIC(60, 30)) * 100 / ({d_sql}))", (*n_params, *d_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        n_sql, n_params = compiler.compile(self.source_expressions[0])
        d_sql, d_params = compiler.compile(self.source_expressions[1])
        # SQLite divides integers as integers; REAL makes it a floating-point division.
        n_sql, d_sql = four_places(n_sql), four_places(d_sql)
        return f"(CAST({n_sql} AS REAL) * 100 / {d_sql})", (*n_params, *d_params)


@dataclass(frozen=True)
class Outcome:
    """What one branch of the rules gives: fixed values, or capaian = n / d × 100."""

    status: Status | None = None  # None: the fraction against the threshold decides
    capaian: Decimal | None = None
    band: Band | None = None
    fraction: tuple | None = None  # (n, d), d > 0


@dataclass(frozen=True)
class Choice:
    """The first branch whose condition holds; ``at_full_threshold``: at a threshold of 100 the
    whole choice is achieved exactly when that condition holds (a shortcut, see the docstring)."""

    branches: tuple
    default: object
    at_full_threshold: object = None


NO_DATA = Outcome(status=Status.NO_DATA)
FULL = Outcome(status=Status.ACHIEVED, capaian=Decimal(100), band=Band.SANGAT_TINGGI)
NOTHING = Outcome(status=Status.NOT_ACHIEVED, capaian=Decimal(0), band=Band.SANGAT_RENDAH)
ACHIEVED_UNDEFINED = Outcome(status=Status.ACHIEVED, band=Band.SANGAT_TINGGI)


def measured(n, d, status=None):
    return Outcome(status=status, fraction=(n, d))


def negative(operand):
    return Formula("(-{})", operand)


@dataclass(frozen=True)
class Columns:
    """Where the expression reads the indicator-year: field names (or expressions) of the query.

    The defaults are those of :meth:`IndicatorQuerySet.with_year`.
    """

    direction: object = "direction"
    realization: object = "year_realization__value"
    target_id: object = "year_target__id"
    target_value: object = "year_target__value"
    target_low: object = "year_target__low"
    target_high: object = "year_target__high"

    def expressions(self):
        return {
            name: F(value) if isinstance(value, str) else value
            for name, value in vars(self).items()
        }


class Rendered(Expression):
    """One output of the rules, rendered once (per database and rule set) with a slot for each
    column; a query compiles only its own columns into the slots."""

    def __init__(self, rules, output, columns, output_field):
        super().__init__(output_field=output_field)
        self.rules, self.output = rules, output
        self.names = list(columns)
        self.columns = list(columns.values())

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def as_sql(self, compiler, connection, **extra_context):
        filled = {}
        for name, column in zip(self.names, self.columns, strict=True):
            sql, params = compiler.compile(column)
            if params:
                raise ValueError(f"The rules read plain columns; {name} has parameters.")
            filled[name] = sql
        return rendered(connection.alias, self.rules, self.output).format(**filled), ()


@cache
def rendered(alias, rules, output):
    """The SQL of one output of ``rules`` (``(lower_formula, threshold)``) for a database."""
    from .models import Indicator  # any model: the rules read slots, never its columns

    connection = connections[alias]
    query = Indicator.objects.none().query
    tree = getattr(_RuleTree(*rules), output)
    sql, params = tree.resolve_expression(query).as_sql(query.get_compiler(alias), connection)
    assert not params, "every constant of the rules is a literal"
    return sql


class AchievementExpression:
    """``status``, ``capaian`` and ``band`` of the rules as database expressions.

    ``lower_formula`` and ``threshold`` are the plan's (see :meth:`for_plan`); ``columns`` says
    where the query holds the indicator-year (:class:`Columns`).
    """

    def __init__(
        self, *, lower_formula=LowerFormula.DIFFERENCE, threshold=DEFAULT_THRESHOLD, columns=None
    ):
        self.rules = (LowerFormula(lower_formula), Decimal(threshold).normalize())
        self.columns = columns or Columns()

    @classmethod
    def for_plan(cls, plan, columns=None):
        return cls(
            lower_formula=plan.lower_formula,
            threshold=plan.achievement_threshold,
            columns=columns,
        )

    def _output(self, output, field):
        return Rendered(self.rules, output, self.columns.expressions(), field)

    @property
    def status(self):
        """``'achieved'``, ``'not_achieved'`` or ``'no_data'`` (the values of ``Status``)."""
        return self._output("status", CharField())

    @property
    def band(self):
        """The rating band's name (the values of ``Band``), or NULL."""
        return self._output("band", CharField())

    @property
    def capaian(self):
        """Capaian in percent, or NULL where it is undefined (no data, T / R with R ≤ 0)."""
        return self._output("capaian", CAPAIAN_FIELD)

    def annotations(self, prefix="achievement_"):
        """The three outputs as ``annotate()`` keywords."""
        return {
            f"{prefix}status": self.status,
            f"{prefix}capaian": self.capaian,
            f"{prefix}band": self.band,
        }


class _RuleTree:
    """The rules as a tree of conditions and outcomes over the slots, and each output of it as
    one ``Case``/``When`` expression."""

    def __init__(self, lower_formula, threshold):
        self.lower_formula = lower_formula
        self.threshold = threshold
        self.tree = self._rules()

    # -- the rules ---------------------------------------------------------------------------

    def _rules(self):
        r = SLOTS["realization"]
        value, low, high = (SLOTS[n] for n in ("target_value", "target_low", "target_high"))
        direction = SLOTS["direction"]
        # A target row holds a value or both bounds, never neither or both (the constraint
        # target_value_or_range): a row is a target, and COALESCE picks the form it has. A
        # range indicator given a single value is a band of width zero (achievement._band_of).
        no_target = Q(IsNull(SLOTS["target_id"], True))
        band_low, band_high = (Formula("COALESCE({}, {})", b, value) for b in (low, high))
        inside = Q(LessThanOrEqual(band_low, r)) & Q(LessThanOrEqual(r, band_high))
        is_direction = {d: Q(Exact(direction, Literal(d.value, CharField()))) for d in Direction}
        return Choice(
            branches=(
                (Q(IsNull(r, True)) | no_target, NO_DATA),
                (
                    is_direction[Direction.RANGE],
                    Choice(
                        branches=(
                            (inside, FULL),
                            # Outside the band is never achieved, whatever capaian says.
                            (Q(LessThan(r, band_low)), self._higher(r, band_low, outside=True)),
                        ),
                        default=self._lower(r, band_high, outside=True),
                        at_full_threshold=inside,
                    ),
                ),
                (
                    is_direction[Direction.BINARY],
                    Choice(
                        branches=(
                            (Q(IsNull(value, True)), NO_DATA),  # a band means nothing here
                            (Q(Exact(r, value)), FULL),
                        ),
                        default=NOTHING,
                    ),
                ),
                # A range as the target of a higher indicator counts from its low bound, of a
                # lower one up to its high bound.
                (
                    is_direction[Direction.HIGHER],
                    self._higher(r, Formula("COALESCE({}, {})", value, low)),
                ),
                (
                    is_direction[Direction.LOWER],
                    self._lower(r, Formula("COALESCE({}, {})", value, high)),
                ),
            ),
            default=NO_DATA,
        )

    def _higher(self, r, t, *, outside=False):
        """``capaian_higher``: R / T, (1 + (R − T) / |T|) for T < 0, 100 or 0 for T = 0."""
        status = Status.NOT_ACHIEVED if outside else None
        zero = NOTHING if outside else Choice(((Q(GreaterThanOrEqual(r, ZERO)), FULL),), NOTHING)
        return Choice(
            branches=(
                (Q(GreaterThan(t, ZERO)), measured(r, t, status)),
                (
                    Q(LessThan(t, ZERO)),
                    measured(Formula("({} - 2 * {})", r, t), negative(t), status),
                ),
            ),
            default=zero,
            at_full_threshold=None if outside else Q(GreaterThanOrEqual(r, t)),
        )

    def _lower(self, r, t, *, outside=False):
        """``capaian_lower`` with the plan's formula; 100 or 0 for T = 0."""
        status = Status.NOT_ACHIEVED if outside else None
        zero = NOTHING if outside else Choice(((Q(LessThanOrEqual(r, ZERO)), FULL),), NOTHING)
        if self.lower_formula == LowerFormula.RATIO:
            # Outside a band (R above a high bound > 0) R is positive: never the undefined case.
            positive = Choice(
                branches=((Q(LessThanOrEqual(r, ZERO)), ACHIEVED_UNDEFINED),),
                default=measured(t, r, status),
            )
        else:
            positive = measured(Formula("(2 * {} - {})", t, r), t, status)
        return Choice(
            branches=(
                (Q(GreaterThan(t, ZERO)), positive),
                (Q(LessThan(t, ZERO)), measured(negative(r), negative(t), status)),
            ),
            default=zero,
            at_full_threshold=None if outside else Q(LessThanOrEqual(r, t)),
        )

    # -- the outputs -------------------------------------------------------------------------

    @property
    def status(self):
        return self._render(self.tree, self._status_of, CharField(), status=True)

    @property
    def band(self):
        return self._render(self.tree, self._band_of, CharField())

    @property
    def capaian(self):
        return self._render(self.tree, self._capaian_of, CAPAIAN_FIELD)

    def _render(self, node, leaf, output_field, status=False):
        if isinstance(node, Outcome):
            return leaf(node)
        if status and node.at_full_threshold is not None and self.threshold == 100:
            return Case(
                When(node.at_full_threshold, then=_text(Status.ACHIEVED)),
                default=_text(Status.NOT_ACHIEVED),
                output_field=output_field,
            )
        return Case(
            *(
                When(condition, then=self._render(child, leaf, output_field, status))
                for condition, child in node.branches
            ),
            default=self._render(node.default, leaf, output_field, status),
            output_field=output_field,
        )

    def _status_of(self, outcome):
        if outcome.status is not None:
            return _text(outcome.status)
        n, d = outcome.fraction
        return Case(
            When(Reaches(n, d, self.threshold), then=_text(Status.ACHIEVED)),
            default=_text(Status.NOT_ACHIEVED),
            output_field=CharField(),
        )

    def _band_of(self, outcome):
        if outcome.fraction is None:
            return _text(outcome.band)
        n, d = outcome.fraction
        return Case(
            *(When(Reaches(n, d, floor), then=_text(band)) for floor, band in BAND_FLOORS),
            default=_text(Band.SANGAT_RENDAH),
            output_field=CharField(),
        )

    def _capaian_of(self, outcome):
        if outcome.fraction is None:
            return Literal(outcome.capaian, CAPAIAN_FIELD)
        return Percent(*outcome.fraction)


def _text(member):
    return Literal(None if member is None else member.value, CharField())
