"""The outlook to the plan's end (akan tercapai?): one definition, used everywhere.

Pure Python, no ORM, beside :mod:`indicators.achievement` (whose rule says when a target is met).
The method is Open SDG's progress measure, adapted to the direction of an indicator and to ranges:

With x0 the baseline (kondisi awal, the plan's first year, tahun 0), xt the latest realisation
(the last year up to the year asked about that has one, t years after the baseline) and T the
final target (kondisi akhir) for the plan's last year, N years after the baseline:

1. No final target, or no realisation up to the year asked about ⇒ ``no_data``.
2. The latest realisation meets the final target by the achievement rule (the plan's ``lower``
   formula and threshold; for a range the band, bounds included) ⇒ ``achieved``.
3. ``binary`` indicators (ya/tidak) have no growth to measure: not met ⇒ ``needs_effort``.
4. No baseline, or the latest realisation is the baseline year's own (t ≤ 0) ⇒ ``no_data``.
5. The target the growth is measured against is the bound that counts for the direction: a
   range final target of a ``higher`` indicator counts from its low bound, of a ``lower`` one
   up to its high bound. A ``range`` indicator outside its band is measured like ``higher``
   against the low bound when below it, like ``lower`` against the high bound when above it.
6. When the baseline already lies at or beyond that target (no growth is needed) and the
   latest realisation does not meet it, the indicator has fallen back ⇒ ``worsening``.
7. ratio = growth achieved / growth needed, with compound annual growth rates
   (CAGR achieved = (xt / x0)^(1/t) − 1, CAGR needed = (T / x0)^(1/N) − 1) when x0, xt and T are
   all above zero; otherwise (a zero or negative value, where CAGR is undefined, e.g. "zero
   cases" targets) linear growth: ((xt − x0) / t) / ((T − x0) / N). For a ``lower`` indicator
   both are reductions (negative), so the ratio is positive when it moves the right way.
8. ratio ≥ 0.95 ⇒ ``on_track`` (akan tercapai); 0 ≤ ratio < 0.95 ⇒ ``needs_effort`` (perlu usaha
   keras; Open SDG splits it at 0.6 into moderate and limited progress); ratio < 0 (moving away
   from the target) ⇒ ``worsening`` (memburuk).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from . import achievement
from .achievement import Direction

ON_TRACK_RATIO = Decimal("0.95")
WORSENING_BELOW = Decimal(0)


class OutlookStatus(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    NEEDS_EFFORT = "needs_effort"
    WORSENING = "worsening"
    NO_DATA = "no_data"


AT_RISK = (OutlookStatus.NEEDS_EFFORT, OutlookStatus.WORSENING)


class Method(StrEnum):
    CAGR = "cagr"
    LINEAR = "linear"


@dataclass(frozen=True)
class Outlook:
    status: OutlookStatus
    ratio: Decimal | None = None  # growth achieved / growth needed, when measured
    method: Method | None = None
    year: int | None = None  # the year of the realisation the outlook is read from
    value: Decimal | None = None  # that realisation

    @property
    def at_risk(self):
        return self.status in AT_RISK


NO_DATA = Outlook(OutlookStatus.NO_DATA)


def latest(realizations, as_of=None):
    """The last (year, value) with a value, up to ``as_of`` when given; ``None`` when none.

    ``realizations`` is a mapping {year: value} or an iterable of (year, value) pairs.
    """
    pairs = realizations.items() if hasattr(realizations, "items") else realizations
    found = None
    for year, value in pairs:
        if value is None or (as_of is not None and year > as_of):
            continue
        if found is None or year > found[0]:
            found = (year, Decimal(value))
    return found


def project(
    direction,
    baseline,
    final_target,
    realizations,
    *,
    start_year,
    end_year,
    as_of=None,
    lower_formula=achievement.LowerFormula.DIFFERENCE,
    threshold=achievement.DEFAULT_THRESHOLD,
):
    """The :class:`Outlook` of one indicator (the module docstring gives the method).

    ``final_target`` is an :class:`achievement.Target` (or ``None``); ``realizations`` the
    year values so far ({year: value} or (year, value) pairs); ``start_year`` the baseline year
    (tahun 0) and ``end_year`` the year of the final target.
    """
    return project_latest(
        direction,
        baseline,
        final_target,
        latest(realizations, as_of),
        start_year=start_year,
        end_year=end_year,
        lower_formula=lower_formula,
        threshold=threshold,
    )


def project_latest(
    direction,
    baseline,
    final_target,
    point,
    *,
    start_year,
    end_year,
    lower_formula=achievement.LowerFormula.DIFFERENCE,
    threshold=achievement.DEFAULT_THRESHOLD,
):
    """:func:`project` given the latest realisation itself, ``point`` = (year, value) or
    ``None`` (as :func:`latest` finds it): for callers that read only that one from the
    database, a row per indicator."""
    direction = achievement.member(Direction, direction)
    if final_target is None or not final_target.is_given or point is None:
        return NO_DATA
    year, value = point
    value = Decimal(value)
    met = achievement.judge(
        direction, final_target, value, lower_formula=lower_formula, threshold=threshold
    )
    if met is not None and met[1]:
        return Outlook(OutlookStatus.ACHIEVED, None, None, year, value)
    if direction == Direction.BINARY:
        return Outlook(OutlookStatus.NEEDS_EFFORT, None, None, year, value)
    elapsed, span = year - start_year, end_year - start_year
    if baseline is None or elapsed <= 0 or span <= 0:
        return Outlook(OutlookStatus.NO_DATA, None, None, year, value)
    baseline = Decimal(baseline)
    sense, goal = _sense_and_goal(direction, final_target, value)
    if sense * (goal - baseline) <= 0:
        # The baseline already met the target and the latest value no longer does.
        return Outlook(OutlookStatus.WORSENING, None, None, year, value)
    ratio, method = growth_ratio(baseline, value, goal, elapsed, span)
    return Outlook(classify(ratio), ratio, method, year, value)


def classify(ratio):
    """The status of a growth ratio (thresholds 0.95 and 0)."""
    if ratio >= ON_TRACK_RATIO:
        return OutlookStatus.ON_TRACK
    if ratio >= WORSENING_BELOW:
        return OutlookStatus.NEEDS_EFFORT
    return OutlookStatus.WORSENING


def growth_ratio(baseline, latest_value, goal, elapsed, span):
    """(growth achieved / growth needed, method): CAGR when every value is above zero, linear
    growth otherwise. ``goal`` differs from ``baseline`` (the caller checks)."""
    x0, xt, goal = Decimal(baseline), Decimal(latest_value), Decimal(goal)
    if x0 > 0 and xt > 0 and goal > 0:
        ratio = cagr_ratio_in_floats(x0, xt, goal, elapsed, span)
        if ratio is None:
            ratio = cagr_ratio_exact(x0, xt, goal, elapsed, span)
        if ratio is not None:
            return ratio, Method.CAGR
    with localcontext() as context:
        context.prec = 28
        achieved = (xt - x0) / elapsed
        needed = (goal - x0) / span
        return achieved / needed, Method.LINEAR


def cagr_ratio_exact(x0, xt, goal, elapsed, span):
    """CAGR achieved / CAGR needed in 28-digit decimals; None when the CAGR needed rounds to 0
    (goal and x0 differ beyond that precision)."""
    with localcontext() as context:
        context.prec = 28
        achieved = (xt / x0) ** (Decimal(1) / elapsed) - 1
        needed = (goal / x0) ** (Decimal(1) / span) - 1
        return achieved / needed if needed != 0 else None


# The float shortcut is taken only where it cannot differ from the decimals in what anyone sees:
# both growth rates at least this far from zero (a float's error of ~1e-16 is then a relative
# error below 1e-9 of the ratio) …
_FLOAT_SAFE_GROWTH = 1e-6
# … and the ratio clear of every multiple of 0,005 (the thresholds 0,95 and 0, and the edges at
# which the ratio's two printed decimals turn) by more than that error, with a wide margin.
_FLOAT_SAFE_MARGIN = 1e-7


def cagr_ratio_in_floats(x0, xt, goal, elapsed, span):
    """The CAGR ratio in floating point (some fifty times faster than 28-digit decimals, which
    take a dashboard of 270 indicators 60 ms), or None where it might classify or print
    differently from :func:`cagr_ratio_exact`: then that one decides."""
    base = float(x0)
    achieved = (float(xt) / base) ** (1 / elapsed) - 1
    needed = (float(goal) / base) ** (1 / span) - 1
    if abs(achieved) < _FLOAT_SAFE_GROWTH or abs(needed) < _FLOAT_SAFE_GROWTH:
        return None
    ratio = achieved / needed
    steps = ratio * 200  # multiples of 0,005 are whole numbers here
    if abs(steps - round(steps)) < _FLOAT_SAFE_MARGIN * max(1.0, abs(steps)):
        return None
    return Decimal(repr(ratio))


def _sense_and_goal(direction, final_target, value):
    """+1 (more is better) or −1 (less is better), and the target value growth is measured to."""
    if final_target.value is not None:
        low = high = Decimal(final_target.value)
    else:
        low, high = Decimal(final_target.low), Decimal(final_target.high)
    if direction == Direction.HIGHER:
        return 1, low
    if direction == Direction.LOWER:
        return -1, high
    # A range indicator outside its band: up to the low bound, or down to the high bound.
    return (1, low) if value < low else (-1, high)
