"""Specification of the outlook to the plan's end (DOMAIN.md, "Outlook to the plan's end").

Worked examples for every status, on a plan of 2018 (baseline, tahun 0) to 2023 (final target,
N = 5), read as of 2021 (t = 3) unless said; then the edge cases the module docstring of
``indicators.outlook`` settles, and properties that hold for all values. No database is needed.
"""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from indicators.achievement import Direction, LowerFormula, Target
from indicators.outlook import (
    Method,
    OutlookStatus,
    cagr_ratio_exact,
    cagr_ratio_in_floats,
    classify,
    growth_ratio,
    latest,
    project,
)

D = Decimal
START, END = 2018, 2023


def outlook(direction, baseline, final, realizations, **kwargs):
    target = final if isinstance(final, Target) or final is None else Target(value=D(final))
    kwargs.setdefault("start_year", START)
    kwargs.setdefault("end_year", END)
    values = {year: None if v is None else D(v) for year, v in realizations.items()}
    return project(direction, None if baseline is None else D(baseline), target, values, **kwargs)


class TestWorkedExamples:
    def test_achieved_when_the_latest_value_already_meets_the_final_target(self):
        result = outlook(Direction.HIGHER, 50, 70, {2019: 60, 2021: 72})
        assert result.status is OutlookStatus.ACHIEVED
        assert (result.year, result.value) == (2021, D(72))

    def test_on_track_when_growth_so_far_keeps_pace_with_the_growth_needed(self):
        # CAGR needed (200/100)^(1/5) − 1 = 14,87 %; achieved (160/100)^(1/3) − 1 = 16,96 %.
        result = outlook(Direction.HIGHER, 100, 200, {2021: 160})
        assert result.status is OutlookStatus.ON_TRACK
        assert result.method is Method.CAGR
        assert result.ratio == pytest.approx(D("1.1406"), abs=D("0.0001"))

    def test_needs_effort_when_growth_is_too_slow(self):
        # achieved (120/100)^(1/3) − 1 = 6,27 % of 14,87 % needed: ratio 0,42.
        result = outlook(Direction.HIGHER, 100, 200, {2021: 120})
        assert result.status is OutlookStatus.NEEDS_EFFORT
        assert result.ratio == pytest.approx(D("0.4214"), abs=D("0.0001"))

    def test_worsening_when_moving_away_from_the_target(self):
        result = outlook(Direction.HIGHER, 100, 200, {2021: 90})
        assert result.status is OutlookStatus.WORSENING
        assert result.ratio < 0

    def test_no_data_without_a_realisation(self):
        assert outlook(Direction.HIGHER, 100, 200, {}).status is OutlookStatus.NO_DATA
        assert outlook(Direction.HIGHER, 100, 200, {2021: None}).status is OutlookStatus.NO_DATA

    def test_no_data_without_a_baseline(self):
        assert outlook(Direction.HIGHER, None, 200, {2021: 150}).status is OutlookStatus.NO_DATA

    def test_no_data_without_a_final_target(self):
        assert outlook(Direction.HIGHER, 100, None, {2021: 150}).status is OutlookStatus.NO_DATA


class TestLowerIsBetter:
    """Reductions: both CAGRs are negative, the ratio positive when the value falls."""

    def test_poverty_falling_fast_enough_is_on_track(self):
        # needed (4/5)^(1/5) − 1 = −4,36 %; achieved (4,3/5)^(1/3) − 1 = −4,91 %: ratio 1,12.
        result = outlook(Direction.LOWER, 5, 4, {2021: D("4.3")})
        assert result.status is OutlookStatus.ON_TRACK
        assert result.ratio == pytest.approx(D("1.1234"), abs=D("0.0001"))

    def test_poverty_falling_too_slowly_needs_effort(self):
        result = outlook(Direction.LOWER, 5, 4, {2021: D("4.5")})
        assert result.status is OutlookStatus.NEEDS_EFFORT
        assert result.ratio == pytest.approx(D("0.7907"), abs=D("0.0001"))

    def test_poverty_rising_is_worsening(self):
        assert outlook(Direction.LOWER, 5, 4, {2021: D("5.5")}).status is OutlookStatus.WORSENING

    def test_at_or_below_the_final_target_is_achieved(self):
        assert outlook(Direction.LOWER, 5, 4, {2020: 4}).status is OutlookStatus.ACHIEVED

    def test_achieved_follows_the_plans_formula_and_threshold(self):
        # (2·4 − 4,2)/4 = 95 %: met with a threshold of 95, not with 100.
        kwargs = {"lower_formula": LowerFormula.DIFFERENCE}
        assert (
            outlook(Direction.LOWER, 5, 4, {2021: D("4.2")}, threshold=D(95), **kwargs).status
            is OutlookStatus.ACHIEVED
        )
        assert (
            outlook(Direction.LOWER, 5, 4, {2021: D("4.2")}, **kwargs).status
            is not OutlookStatus.ACHIEVED
        )


class TestLinearGrowthWhereCagrIsUndefined:
    def test_zero_cases_target_uses_linear_growth(self):
        # (4 − 10)/3 = −2 a year achieved, (0 − 10)/5 = −2 needed: ratio 1.
        result = outlook(Direction.LOWER, 10, 0, {2021: 4})
        assert result.method is Method.LINEAR
        assert result.ratio == 1
        assert result.status is OutlookStatus.ON_TRACK

    def test_zero_cases_target_half_way_needs_effort(self):
        result = outlook(Direction.LOWER, 10, 0, {2021: 7})
        assert result.ratio == D("0.5")
        assert result.status is OutlookStatus.NEEDS_EFFORT

    def test_negative_values_use_linear_growth(self):
        # growth from −2 % to 1 % in 3 years (1 a year) of −2 % to 3 % in 5 (1 a year).
        result = outlook(Direction.HIGHER, -2, 3, {2021: 1})
        assert (result.method, result.ratio, result.status) == (
            Method.LINEAR,
            D(1),
            OutlookStatus.ON_TRACK,
        )

    def test_a_zero_baseline_uses_linear_growth(self):
        result = outlook(Direction.HIGHER, 0, 10, {2021: 3})
        assert result.method is Method.LINEAR
        assert result.ratio == D("0.5")
        assert result.status is OutlookStatus.NEEDS_EFFORT


class TestRanges:
    def test_range_indicator_inside_its_band_is_achieved(self):
        band = Target(low=D(2), high=D(4))
        assert outlook(Direction.RANGE, 6, band, {2021: 3}).status is OutlookStatus.ACHIEVED

    def test_range_indicator_above_its_band_is_measured_down_to_the_high_bound(self):
        # needed (4/6)^(1/5) − 1 = −7,78 %; achieved (5/6)^(1/3) − 1 = −5,90 %: ratio 0,76.
        band = Target(low=D(2), high=D(4))
        result = outlook(Direction.RANGE, 6, band, {2021: 5})
        assert result.status is OutlookStatus.NEEDS_EFFORT
        assert result.ratio == pytest.approx(D("0.7570"), abs=D("0.0001"))

    def test_range_indicator_below_its_band_is_measured_up_to_the_low_bound(self):
        band = Target(low=D(2), high=D(4))
        assert outlook(Direction.RANGE, 1, band, {2021: D("1.9")}).status is (
            OutlookStatus.ON_TRACK
        )

    def test_range_indicator_leaving_its_band_is_worsening(self):
        band = Target(low=D(2), high=D(4))
        assert outlook(Direction.RANGE, 3, band, {2021: 5}).status is OutlookStatus.WORSENING

    def test_higher_indicator_with_a_range_final_target_counts_from_its_low_bound(self):
        band = Target(low=D("69.1"), high=D("69.5"))
        assert outlook(Direction.HIGHER, D("68.7"), band, {2021: D("69.2")}).status is (
            OutlookStatus.ACHIEVED
        )
        # 68,7 → 68,8 in 3 years of 68,7 → 69,1 in 5: ratio ≈ 0,42.
        result = outlook(Direction.HIGHER, D("68.7"), band, {2021: D("68.8")})
        assert result.status is OutlookStatus.NEEDS_EFFORT

    def test_lower_indicator_with_a_range_final_target_counts_up_to_its_high_bound(self):
        band = Target(low=D(3), high=D(4))
        assert outlook(Direction.LOWER, 6, band, {2021: D("3.9")}).status is (
            OutlookStatus.ACHIEVED
        )
        assert outlook(Direction.LOWER, 6, band, {2021: D("4.6")}).status is (
            OutlookStatus.ON_TRACK
        )


class TestBinary:
    def test_met_is_achieved(self):
        assert outlook(Direction.BINARY, 0, 1, {2021: 1}).status is OutlookStatus.ACHIEVED

    def test_not_met_needs_effort_never_worsening_or_on_track(self):
        assert outlook(Direction.BINARY, 1, 1, {2021: 0}).status is OutlookStatus.NEEDS_EFFORT
        assert outlook(Direction.BINARY, None, 1, {2021: 0}).status is (OutlookStatus.NEEDS_EFFORT)


class TestEdgeCases:
    def test_the_latest_realisation_up_to_the_year_asked_is_used(self):
        values = {2019: 110, 2021: 160, 2022: 90}
        assert outlook(Direction.HIGHER, 100, 200, values).status is OutlookStatus.WORSENING
        as_of_2021 = outlook(Direction.HIGHER, 100, 200, values, as_of=2021)
        assert (as_of_2021.status, as_of_2021.year) == (OutlookStatus.ON_TRACK, 2021)

    def test_a_gap_year_falls_back_to_the_last_value_given(self):
        result = outlook(Direction.HIGHER, 100, 200, {2019: 130, 2020: None}, as_of=2021)
        assert result.year == 2019
        assert result.status is OutlookStatus.ON_TRACK  # 30 % a year of 14,87 % needed

    def test_only_the_baseline_years_realisation_gives_no_growth_to_measure(self):
        assert outlook(Direction.HIGHER, 100, 200, {2018: 120}).status is OutlookStatus.NO_DATA

    def test_baseline_already_beyond_the_target_and_fallen_back_is_worsening(self):
        assert outlook(Direction.HIGHER, 80, 75, {2021: 70}).status is OutlookStatus.WORSENING

    def test_a_realisation_after_the_final_year_is_still_measured(self):
        result = outlook(Direction.HIGHER, 100, 200, {2023: 150})
        assert result.status is OutlookStatus.NEEDS_EFFORT

    def test_thresholds(self):
        assert classify(D("0.95")) is OutlookStatus.ON_TRACK
        assert classify(D("0.9499")) is OutlookStatus.NEEDS_EFFORT
        assert classify(D(0)) is OutlookStatus.NEEDS_EFFORT
        assert classify(D("-0.0001")) is OutlookStatus.WORSENING

    def test_latest_reads_pairs_and_mappings(self):
        assert latest([(2020, 1), (2019, 2)]) == (2020, D(1))
        assert latest({2020: None}) is None


values = st.decimals(min_value=D("0.01"), max_value=D(10_000), places=2)


@given(x0=values, xt=values, goal=values, elapsed=st.integers(1, 5))
def test_the_ratio_is_positive_exactly_when_the_value_moves_towards_the_goal(x0, xt, goal, elapsed):
    assume(goal != x0 and xt != x0)
    ratio, method = growth_ratio(x0, xt, goal, elapsed, 5)
    assert method is Method.CAGR
    assert (ratio > 0) == ((xt > x0) == (goal > x0))


@given(
    x0=st.decimals(min_value=-1000, max_value=1000, places=2),
    xt=st.decimals(min_value=-1000, max_value=1000, places=2),
    final=st.decimals(min_value=-1000, max_value=1000, places=2),
    year=st.integers(2019, 2023),
    direction=st.sampled_from([Direction.HIGHER, Direction.LOWER]),
)
def test_every_status_agrees_with_the_direction(x0, xt, final, year, direction):
    result = outlook(direction, x0, final, {year: xt})
    better = xt > x0 if direction == Direction.HIGHER else xt < x0
    met = xt >= final if direction == Direction.HIGHER else xt <= final
    if met:
        assert result.status is OutlookStatus.ACHIEVED
    elif better:
        assert result.status in (OutlookStatus.ON_TRACK, OutlookStatus.NEEDS_EFFORT)
    else:
        assert result.status in (OutlookStatus.WORSENING, OutlookStatus.NEEDS_EFFORT)
        if xt != x0:
            assert result.status is OutlookStatus.WORSENING


wide = st.decimals(min_value=D("0.0001"), max_value=D(1_000_000), places=4)


@given(
    x0=wide,
    xt=st.one_of(wide, st.decimals(min_value=D(1), max_value=D(2), places=8)),  # small growth too
    goal=wide,
    elapsed=st.integers(1, 5),
    span=st.integers(1, 6),
)
def test_the_float_shortcut_classifies_and_prints_as_the_decimals_do(x0, xt, goal, elapsed, span):
    """Where the CAGR ratio is taken in floats, it gives the status and the two printed
    decimals that 28-digit decimals give; elsewhere it declines and the decimals decide."""
    exact = cagr_ratio_exact(x0, xt, goal, elapsed, span)
    quick = cagr_ratio_in_floats(x0, xt, goal, elapsed, span)
    if quick is None:
        return
    assert exact is not None
    assert classify(quick) is classify(exact)
    assert quick.quantize(D("0.01")) == exact.quantize(D("0.01"))
    assert abs(quick - exact) <= abs(exact) * D("1e-9")


@pytest.mark.parametrize(
    ("x0", "xt", "goal", "elapsed", "span"),
    [
        (D(1), D(2), D(32), 1, 5),  # both CAGRs 100 %: ratio exactly 1, a printed edge
        (D(100), D("100.00001"), D(200), 3, 5),  # growth too small for floats to judge its sign
        (D(100), D(99), D("100.0000001"), 3, 5),  # growth needed too small
        (D(1), D("1.9"), D(32), 1, 5),  # ratio exactly 0,9: a printed edge
    ],
)
def test_the_float_shortcut_declines_at_edges_and_the_decimals_decide(x0, xt, goal, elapsed, span):
    assert cagr_ratio_in_floats(x0, xt, goal, elapsed, span) is None
    ratio, method = growth_ratio(x0, xt, goal, elapsed, span)
    assert (ratio, method) == (cagr_ratio_exact(x0, xt, goal, elapsed, span), Method.CAGR)
