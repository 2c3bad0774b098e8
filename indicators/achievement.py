"""The achievement rules (capaian, tercapai, rating band): one definition, used everywhere.

Pure Python, no ORM: everything that shows or counts achievement calls :func:`evaluate` (the
outlook calls :func:`judge`, the same rule without the band).
The rules are those of ``DOMAIN.md`` ("Achievement (capaian)"):

* ``higher``: capaian = R / T × 100.
* ``lower``: capaian = (2T − R) / T × 100 (default), or T / R × 100 when the plan chooses it.
* ``range`` [low, high]: 100 inside the band (bounds included); below it like ``higher`` against
  low, above it like ``lower`` against high; achieved only inside the band.
* a range written as the target of a ``higher`` indicator (printed tables do: ``69,1-69,5``) is
  met from its low bound (capaian = R / low × 100); of a ``lower`` indicator, up to its high bound
  (the plan's ``lower`` formula against high). Only the ``range`` direction means "inside".
* ``binary``: capaian 100 when the realisation equals the target, else 0.
* achieved ⇔ capaian ≥ threshold (100 by default); no realisation ⇒ no data.
* T = 0: ``lower`` achieved ⇔ R ≤ 0, ``higher`` achieved ⇔ R ≥ 0; capaian is then 100 or 0.
* T / R with R = 0: achieved, capaian undefined (``None``).

Two cases DOMAIN.md leaves open are settled here so that the rules stay monotonic:

* a negative target (e.g. an economic growth target below zero) is measured by how far R lies
  from T relative to |T|: ``higher`` gives (1 + (R − T) / |T|) × 100, ``lower`` gives
  (1 + (T − R) / |T|) × 100. For T > 0 these are exactly R / T and (2T − R) / T.
  The T / R formula is only defined for T > 0; with T < 0 the difference formula is used.
* with T / R and R < 0 (below zero, better than zero) the indicator is achieved and capaian is
  ``None``, as for R = 0.
* a missing target for the year, like a missing realisation, gives "no data": there is nothing
  to measure against.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)
DEFAULT_THRESHOLD = HUNDRED
PERIOD_PLACES = 4  # decimals of a stored value (models.VALUE_DIGITS)


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    RANGE = "range"
    BINARY = "binary"


class LowerFormula(StrEnum):
    DIFFERENCE = "difference"  # (2T − R) / T × 100
    RATIO = "ratio"  # T / R × 100


class Status(StrEnum):
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NO_DATA = "no_data"


class Band(StrEnum):
    SANGAT_TINGGI = "Sangat Tinggi"
    TINGGI = "Tinggi"
    SEDANG = "Sedang"
    RENDAH = "Rendah"
    SANGAT_RENDAH = "Sangat Rendah"


class CalculationType(StrEnum):
    CUMULATIVE = "cumulative"  # the year is the sum of its periods
    LAST = "last"  # the year is its last reported period (year-end value)
    AVERAGE = "average"  # the year is the mean of its reported periods


def member(kind, value):
    """``kind(value)`` for a member of a string enum or its value, without the enum machinery's
    cost where the value is known (a dashboard judges every indicator; each value read from the
    database is a plain string). An unknown value raises as ``kind(value)`` does."""
    found = _MEMBERS[kind].get(value)
    return kind(value) if found is None else found


# A member hashes and compares as its value: either finds it.
_MEMBERS = {
    kind: {item.value: item for item in kind} for kind in (Direction, LowerFormula, Status, Band)
}


# Lower bounds of the rating bands (Permendagri 86/2017 practice), highest first.
BAND_FLOORS = (
    (Decimal(91), Band.SANGAT_TINGGI),
    (Decimal(76), Band.TINGGI),
    (Decimal(66), Band.SEDANG),
    (Decimal(51), Band.RENDAH),
)


@dataclass(frozen=True)
class Target:
    """A yearly target: ``value`` for higher/lower/binary, ``low``..``high`` for range."""

    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def is_given(self):
        return self.value is not None or (self.low is not None and self.high is not None)


@dataclass(frozen=True)
class Achievement:
    capaian: Decimal | None
    status: Status
    band: Band | None
    threshold: Decimal = (
        DEFAULT_THRESHOLD  # the plan's, for showing capaian (never rounded up to it)
    )

    @property
    def achieved(self):
        return self.status is Status.ACHIEVED


NO_DATA = Achievement(capaian=None, status=Status.NO_DATA, band=None)


def band_for(capaian):
    """The rating band of a capaian percentage; ``None`` when capaian is undefined."""
    if capaian is None:
        return None
    for floor, band in BAND_FLOORS:
        if capaian >= floor:
            return band
    return Band.SANGAT_RENDAH


def capaian_higher(realization, target):
    """Capaian of a ``higher`` indicator; T = 0 gives 100 (R ≥ 0) or 0."""
    if target == 0:
        return HUNDRED if realization >= 0 else Decimal(0)
    if target > 0:
        return realization / target * HUNDRED
    return (1 + (realization - target) / abs(target)) * HUNDRED


def capaian_lower(realization, target, formula=LowerFormula.DIFFERENCE):
    """Capaian of a ``lower`` indicator; ``None`` when T / R is undefined (R ≤ 0)."""
    if target == 0:
        return HUNDRED if realization <= 0 else Decimal(0)
    if formula == LowerFormula.RATIO and target > 0:
        if realization <= 0:
            return None
        return target / realization * HUNDRED
    if target > 0:
        return (2 * target - realization) / target * HUNDRED
    return (1 + (target - realization) / abs(target)) * HUNDRED


def evaluate(
    direction,
    target,
    realization,
    *,
    lower_formula=LowerFormula.DIFFERENCE,
    threshold=DEFAULT_THRESHOLD,
):
    """Capaian, status and band of one indicator in one year.

    ``target`` is a :class:`Target` (or ``None``), ``realization`` a ``Decimal`` (or ``None``).
    """
    judged = judge(direction, target, realization, lower_formula=lower_formula, threshold=threshold)
    if judged is None:
        return NO_DATA
    capaian, achieved = judged
    # T / R with R ≤ 0 (driven to zero or below) is achieved with capaian undefined.
    band = band_for(capaian) if capaian is not None else Band.SANGAT_TINGGI if achieved else None
    return Achievement(
        capaian=capaian,
        status=Status.ACHIEVED if achieved else Status.NOT_ACHIEVED,
        band=band,
        threshold=Decimal(threshold),
    )


def judge(
    direction,
    target,
    realization,
    *,
    lower_formula=LowerFormula.DIFFERENCE,
    threshold=DEFAULT_THRESHOLD,
):
    """(capaian, achieved) of one indicator in one year, ``None`` for no data: the rule
    :func:`evaluate` applies, without the band and the result object (the outlook judges every
    indicator and asks only whether its final target is met)."""
    direction = member(Direction, direction)
    lower_formula = member(LowerFormula, lower_formula)
    if realization is None or target is None or not target.is_given:
        return None
    realization = Decimal(realization)

    if direction == Direction.RANGE:
        low, high = _band_of(target)
        if low <= realization <= high:
            return HUNDRED, True
        if realization < low:
            return capaian_higher(realization, low), False
        return capaian_lower(realization, high, lower_formula), False

    if target.value is None:
        if direction == Direction.BINARY:
            return None  # a band means nothing for a yes/no indicator
        # A range as the target of a higher or lower indicator: the bound that counts.
        low, high = _band_of(target)
        value = low if direction == Direction.HIGHER else high
    else:
        value = Decimal(target.value)
    if direction == Direction.BINARY:
        capaian = HUNDRED if realization == value else Decimal(0)
    elif direction == Direction.HIGHER:
        capaian = capaian_higher(realization, value)
    else:
        capaian = capaian_lower(realization, value, lower_formula)
        if capaian is None:
            return None, True  # T / R with R ≤ 0
    return capaian, capaian >= Decimal(threshold)


def _band_of(target):
    if target.low is not None and target.high is not None:
        return Decimal(target.low), Decimal(target.high)
    # A range indicator given a single value: a band of width zero.
    return Decimal(target.value), Decimal(target.value)


def yearly_value(period_values, calculation_type):
    """Combine a year's period (quarterly) values into the yearly realisation.

    Periods with no value are skipped; a year with no value at all has none (``None``).
    An average is rounded half-up to :data:`PERIOD_PLACES` decimals, the precision every value
    is stored at, so the year value stored is exactly the roll-up (1, 2, 2 → 1,6667).
    """
    values = [Decimal(v) for v in period_values if v is not None]
    if not values:
        return None
    calculation_type = CalculationType(calculation_type)
    if calculation_type == CalculationType.CUMULATIVE:
        return sum(values, Decimal(0))
    if calculation_type == CalculationType.LAST:
        return values[-1]
    mean = sum(values, Decimal(0)) / len(values)
    return mean.quantize(Decimal(1).scaleb(-PERIOD_PLACES), rounding=ROUND_HALF_UP)
