"""Specification of the achievement rules (DOMAIN.md, "Achievement (capaian)").

Each test class is one rule of DOMAIN.md; the cases DOMAIN.md leaves open are pinned as the
module docstring of ``indicators.achievement`` settles them. Property tests at the end check the
rules hold for all finite decimals, not only the examples. No database is needed.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.achievement import (
    Achievement,
    Band,
    CalculationType,
    Direction,
    LowerFormula,
    Status,
    Target,
    band_for,
    evaluate,
    judge,
    yearly_value,
)

D = Decimal
DIFFERENCE = LowerFormula.DIFFERENCE
RATIO = LowerFormula.RATIO


def higher(target, realization, **kwargs):
    return evaluate(Direction.HIGHER, Target(value=target), realization, **kwargs)


def lower(target, realization, **kwargs):
    return evaluate(Direction.LOWER, Target(value=target), realization, **kwargs)


def in_range(low, high, realization, **kwargs):
    return evaluate(Direction.RANGE, Target(low=low, high=high), realization, **kwargs)


def binary(target, realization, **kwargs):
    return evaluate(Direction.BINARY, Target(value=target), realization, **kwargs)


def expected_band(capaian):
    """The band table of DOMAIN.md, written out independently of the implementation."""
    if capaian is None:
        return None
    if capaian >= 91:
        return Band.SANGAT_TINGGI
    if capaian >= 76:
        return Band.TINGGI
    if capaian >= 66:
        return Band.SEDANG
    if capaian >= 51:
        return Band.RENDAH
    return Band.SANGAT_RENDAH


# --------------------------------------------------------------------------------------------
# higher: capaian = R / T × 100
# --------------------------------------------------------------------------------------------


class TestHigher:
    @pytest.mark.parametrize(
        ("target", "realization", "capaian"),
        [
            (D("100"), D("90"), D("90")),
            (D("100"), D("100"), D("100")),
            (D("100"), D("120"), D("120")),  # not capped
            (D("80"), D("60"), D("75")),
            (D("200"), D("90.5"), D("45.25")),
            (D("4"), D("0"), D("0")),
        ],
    )
    def test_capaian_is_realisation_over_target_times_100(self, target, realization, capaian):
        assert higher(target, realization).capaian == capaian

    def test_achieved_when_capaian_reaches_the_default_threshold_of_100(self):
        assert higher(D("100"), D("100")).status is Status.ACHIEVED
        assert higher(D("100"), D("120")).status is Status.ACHIEVED
        assert higher(D("100"), D("99.99")).status is Status.NOT_ACHIEVED
        assert higher(D("100"), D("90")).status is Status.NOT_ACHIEVED

    def test_achieved_uses_the_plan_threshold(self):
        assert higher(D("100"), D("90"), threshold=D("90")).status is Status.ACHIEVED
        assert higher(D("100"), D("89.99"), threshold=D("90")).status is Status.NOT_ACHIEVED
        assert higher(D("100"), D("95"), threshold=D("90")).achieved

    def test_achieved_property_mirrors_status(self):
        assert higher(D("100"), D("100")).achieved is True
        assert higher(D("100"), D("50")).achieved is False


# --------------------------------------------------------------------------------------------
# lower: (2T − R) / T × 100 by default, T / R × 100 when the plan chooses it
# --------------------------------------------------------------------------------------------


class TestLower:
    @pytest.mark.parametrize(
        ("target", "realization", "capaian"),
        [
            (D("10"), D("8"), D("120")),
            (D("10"), D("10"), D("100")),
            (D("10"), D("12"), D("80")),
            (D("10"), D("20"), D("0")),
            (D("4.5"), D("4.05"), D("110")),
        ],
    )
    def test_default_formula_is_difference(self, target, realization, capaian):
        assert lower(target, realization).capaian == capaian
        assert lower(target, realization, lower_formula=DIFFERENCE).capaian == capaian

    @pytest.mark.parametrize(
        ("target", "realization", "capaian"),
        [
            (D("10"), D("8"), D("125")),
            (D("10"), D("10"), D("100")),
            (D("10"), D("12.5"), D("80")),
            (D("10"), D("40"), D("25")),
        ],
    )
    def test_ratio_formula_is_target_over_realisation(self, target, realization, capaian):
        assert lower(target, realization, lower_formula=RATIO).capaian == capaian

    def test_achieved_when_capaian_reaches_threshold(self):
        assert lower(D("10"), D("8")).achieved
        assert lower(D("10"), D("10")).achieved
        assert not lower(D("10"), D("12")).achieved
        assert lower(D("10"), D("11"), threshold=D("90")).achieved
        assert not lower(D("10"), D("11.01"), threshold=D("90")).achieved
        assert lower(D("10"), D("8"), lower_formula=RATIO).achieved
        assert not lower(D("10"), D("12.5"), lower_formula=RATIO).achieved
        assert lower(D("10"), D("12.5"), lower_formula=RATIO, threshold=D("80")).achieved


class TestRatioWithZeroRealisation:
    """T / R with R = 0: achieved, capaian null (undefined), never an error."""

    def test_zero_realisation_is_achieved_with_undefined_capaian(self):
        result = lower(D("10"), D("0"), lower_formula=RATIO)
        assert result.status is Status.ACHIEVED
        assert result.capaian is None

    def test_zero_realisation_with_decimal_zero_places(self):
        result = lower(D("3.5"), D("0.00"), lower_formula=RATIO)
        assert result.achieved
        assert result.capaian is None

    def test_negative_realisation_is_treated_like_zero(self):
        # Settled by the module docstring: below zero is better than zero.
        result = lower(D("10"), D("-1"), lower_formula=RATIO)
        assert result.achieved
        assert result.capaian is None

    def test_band_when_capaian_is_undefined(self):
        # Not stated by DOMAIN.md; the implementation rates an undefined-but-achieved
        # capaian as the top band.
        assert lower(D("10"), D("0"), lower_formula=RATIO).band is Band.SANGAT_TINGGI

    def test_difference_formula_with_zero_realisation_is_defined(self):
        result = lower(D("10"), D("0"))
        assert result.capaian == D("200")
        assert result.achieved


# --------------------------------------------------------------------------------------------
# T = 0
# --------------------------------------------------------------------------------------------


class TestZeroTarget:
    @pytest.mark.parametrize("formula", [DIFFERENCE, RATIO])
    @pytest.mark.parametrize(
        ("realization", "capaian", "achieved"),
        [
            (D("0"), D("100"), True),
            (D("-1"), D("100"), True),
            (D("0.01"), D("0"), False),
            (D("3"), D("0"), False),
        ],
    )
    def test_lower_zero_target_achieved_iff_realisation_at_most_zero(
        self, formula, realization, capaian, achieved
    ):
        result = lower(D("0"), realization, lower_formula=formula)
        assert result.capaian == capaian
        assert result.achieved is achieved

    @pytest.mark.parametrize(
        ("realization", "capaian", "achieved"),
        [
            (D("0"), D("100"), True),
            (D("5"), D("100"), True),
            (D("-0.01"), D("0"), False),
            (D("-3"), D("0"), False),
        ],
    )
    def test_higher_zero_target_achieved_iff_realisation_at_least_zero(
        self, realization, capaian, achieved
    ):
        result = higher(D("0"), realization)
        assert result.capaian == capaian
        assert result.achieved is achieved


# --------------------------------------------------------------------------------------------
# range [low, high]
# --------------------------------------------------------------------------------------------


class TestRange:
    @pytest.mark.parametrize("realization", [D("2"), D("3"), D("4"), D("2.00"), D("3.99")])
    @pytest.mark.parametrize("formula", [DIFFERENCE, RATIO])
    def test_inside_the_band_bounds_included_is_100_and_achieved(self, realization, formula):
        result = in_range(D("2"), D("4"), realization, lower_formula=formula)
        assert result.capaian == D("100")
        assert result.achieved

    @pytest.mark.parametrize(
        ("realization", "capaian"),
        [(D("1"), D("50")), (D("1.5"), D("75")), (D("1.99"), D("99.5")), (D("0"), D("0"))],
    )
    @pytest.mark.parametrize("formula", [DIFFERENCE, RATIO])
    def test_below_the_band_is_like_higher_against_low(self, realization, capaian, formula):
        result = in_range(D("2"), D("4"), realization, lower_formula=formula)
        assert result.capaian == capaian
        assert result.status is Status.NOT_ACHIEVED

    @pytest.mark.parametrize(
        ("realization", "capaian"), [(D("5"), D("75")), (D("4.4"), D("90")), (D("8"), D("0"))]
    )
    def test_above_the_band_is_like_lower_against_high_difference(self, realization, capaian):
        result = in_range(D("2"), D("4"), realization, lower_formula=DIFFERENCE)
        assert result.capaian == capaian
        assert result.status is Status.NOT_ACHIEVED

    @pytest.mark.parametrize(
        ("realization", "capaian"), [(D("5"), D("80")), (D("8"), D("50")), (D("16"), D("25"))]
    )
    def test_above_the_band_is_like_lower_against_high_ratio(self, realization, capaian):
        result = in_range(D("2"), D("4"), realization, lower_formula=RATIO)
        assert result.capaian == capaian
        assert result.status is Status.NOT_ACHIEVED

    def test_default_lower_formula_applies_above_the_band(self):
        assert in_range(D("2"), D("4"), D("5")).capaian == D("75")

    def test_achieved_only_inside_the_band_whatever_the_threshold(self):
        # Capaian 80 or 99.5 would pass a threshold of 80, yet outside the band is never achieved.
        assert not in_range(D("2"), D("4"), D("5"), lower_formula=RATIO, threshold=D("80")).achieved
        assert not in_range(D("2"), D("4"), D("1.99"), threshold=D("50")).achieved
        assert in_range(D("2"), D("4"), D("4"), threshold=D("100")).achieved

    def test_band_of_width_zero(self):
        assert in_range(D("3"), D("3"), D("3")).achieved
        assert not in_range(D("3"), D("3"), D("3.01")).achieved


# --------------------------------------------------------------------------------------------
# a range as the target of a higher or lower indicator (printed tables: "69,1-69,5")
# --------------------------------------------------------------------------------------------


class TestRangeTargetOfOrdinaryIndicators:
    def test_higher_is_met_from_the_low_bound(self):
        band = Target(low=D("69.1"), high=D("69.5"))
        result = evaluate(Direction.HIGHER, band, D("69.1"))
        assert result.achieved
        assert result.capaian == D("100")
        above = evaluate(Direction.HIGHER, band, D("70"))
        assert above.achieved  # above the band is better, not "outside"
        assert above.capaian == D("70") / D("69.1") * 100
        below = evaluate(Direction.HIGHER, band, D("60"))
        assert not below.achieved
        assert below.capaian == D("60") / D("69.1") * 100

    @pytest.mark.parametrize("formula", [DIFFERENCE, RATIO])
    def test_lower_is_met_up_to_the_high_bound(self, formula):
        band = Target(low=D("3"), high=D("5"))
        assert evaluate(Direction.LOWER, band, D("5"), lower_formula=formula).achieved
        assert evaluate(Direction.LOWER, band, D("1"), lower_formula=formula).achieved
        result = evaluate(Direction.LOWER, band, D("6"), lower_formula=formula)
        assert not result.achieved
        expected = D("80") if formula == DIFFERENCE else D(5) / D(6) * 100
        assert result.capaian == expected

    def test_yes_no_with_a_band_has_nothing_to_measure(self):
        assert evaluate(Direction.BINARY, Target(low=D(0), high=D(1)), D(1)).status is (
            Status.NO_DATA
        )


# --------------------------------------------------------------------------------------------
# binary
# --------------------------------------------------------------------------------------------


class TestBinary:
    @pytest.mark.parametrize(
        ("target", "realization", "capaian", "achieved"),
        [
            (D("1"), D("1"), D("100"), True),
            (D("1"), D("0"), D("0"), False),
            (D("0"), D("0"), D("100"), True),
            (D("0"), D("1"), D("0"), False),
            (D("1"), D("1.0"), D("100"), True),
        ],
    )
    def test_capaian_100_when_realisation_equals_target_else_0(
        self, target, realization, capaian, achieved
    ):
        result = binary(target, realization)
        assert result.capaian == capaian
        assert result.achieved is achieved


# --------------------------------------------------------------------------------------------
# no data
# --------------------------------------------------------------------------------------------


class TestNoData:
    @pytest.mark.parametrize("direction", list(Direction))
    def test_missing_realisation_is_no_data(self, direction):
        target = (
            Target(low=D("2"), high=D("4")) if direction == Direction.RANGE else Target(D("10"))
        )
        result = evaluate(direction, target, None)
        assert result.status is Status.NO_DATA
        assert result.capaian is None
        assert result.band is None
        assert not result.achieved

    @pytest.mark.parametrize("direction", list(Direction))
    @pytest.mark.parametrize("target", [None, Target()])
    def test_missing_target_is_no_data(self, direction, target):
        result = evaluate(direction, target, D("5"))
        assert result.status is Status.NO_DATA
        assert result.capaian is None
        assert result.band is None

    def test_range_with_only_one_bound_is_no_data(self):
        assert evaluate(Direction.RANGE, Target(low=D("2")), D("3")).status is Status.NO_DATA
        assert evaluate(Direction.RANGE, Target(high=D("4")), D("3")).status is Status.NO_DATA

    def test_no_data_is_neither_achieved_nor_not_achieved(self):
        result = higher(D("100"), None)
        assert result.status not in (Status.ACHIEVED, Status.NOT_ACHIEVED)


# --------------------------------------------------------------------------------------------
# not capped
# --------------------------------------------------------------------------------------------


class TestNotCapped:
    def test_capaian_can_exceed_100(self):
        assert higher(D("100"), D("250")).capaian == D("250")
        assert lower(D("10"), D("2"), lower_formula=RATIO).capaian == D("500")

    def test_capaian_can_fall_below_zero(self):
        result = lower(D("10"), D("25"))  # R > 2T
        assert result.capaian == D("-50")
        assert result.band is Band.SANGAT_RENDAH
        assert not result.achieved

    def test_higher_with_negative_realisation_is_negative(self):
        assert higher(D("10"), D("-5")).capaian == D("-50")


# --------------------------------------------------------------------------------------------
# rating bands
# --------------------------------------------------------------------------------------------


class TestBands:
    @pytest.mark.parametrize(
        ("capaian", "band"),
        [
            (D("250"), Band.SANGAT_TINGGI),
            (D("100"), Band.SANGAT_TINGGI),
            (D("91"), Band.SANGAT_TINGGI),
            (D("90.99"), Band.TINGGI),
            (D("76"), Band.TINGGI),
            (D("75.99"), Band.SEDANG),
            (D("66"), Band.SEDANG),
            (D("65.99"), Band.RENDAH),
            (D("51"), Band.RENDAH),
            (D("50.99"), Band.SANGAT_RENDAH),
            (D("0"), Band.SANGAT_RENDAH),
            (D("-20"), Band.SANGAT_RENDAH),
            (None, None),
        ],
    )
    def test_band_boundaries(self, capaian, band):
        assert band_for(capaian) == band

    def test_evaluate_reports_the_band_of_its_capaian(self):
        assert higher(D("100"), D("91")).band is Band.SANGAT_TINGGI
        assert higher(D("100"), D("90.99")).band is Band.TINGGI
        assert higher(D("100"), D("70")).band is Band.SEDANG
        assert higher(D("100"), D("60")).band is Band.RENDAH
        assert higher(D("100"), D("10")).band is Band.SANGAT_RENDAH


# --------------------------------------------------------------------------------------------
# calculation type for multi-period data
# --------------------------------------------------------------------------------------------


class TestYearlyValue:
    def test_cumulative_is_the_sum(self):
        assert yearly_value([D("1"), D("2.5"), None, D("4")], CalculationType.CUMULATIVE) == D(
            "7.5"
        )

    def test_last_is_the_last_given_value(self):
        assert yearly_value([D("1"), D("2"), D("3"), None], CalculationType.LAST) == D("3")
        assert yearly_value([D("5"), None, D("2"), None], CalculationType.LAST) == D("2")

    def test_average_is_the_mean_of_given_values(self):
        assert yearly_value([D("10"), None, D("20")], CalculationType.AVERAGE) == D("15")
        assert yearly_value([D("1"), D("2"), D("3"), D("4")], CalculationType.AVERAGE) == D("2.5")

    @pytest.mark.parametrize("calculation_type", list(CalculationType))
    def test_no_value_at_all_is_none(self, calculation_type):
        assert yearly_value([None, None, None, None], calculation_type) is None
        assert yearly_value([], calculation_type) is None

    @pytest.mark.parametrize("calculation_type", list(CalculationType))
    def test_single_value_is_itself(self, calculation_type):
        assert yearly_value([None, D("7.25")], calculation_type) == D("7.25")

    def test_an_average_is_rounded_half_up_to_the_stored_precision(self):
        assert yearly_value([D("1"), D("2"), D("2")], CalculationType.AVERAGE) == D("1.6667")
        assert yearly_value([D("83.9375"), D("83.455")], CalculationType.AVERAGE) == D("83.6963")

    def test_accepts_plain_strings(self):
        assert yearly_value([D("1"), D("2")], "cumulative") == D("3")
        assert yearly_value([D("1"), D("2")], "last") == D("2")
        assert yearly_value([D("1"), D("2")], "average") == D("1.5")


# --------------------------------------------------------------------------------------------
# negative targets (left open by DOMAIN.md, settled by the module docstring)
# --------------------------------------------------------------------------------------------


class TestNegativeTargets:
    @pytest.mark.parametrize(
        ("realization", "capaian", "achieved"),
        [
            (D("-1"), D("150"), True),  # better than the target
            (D("-2"), D("100"), True),
            (D("0"), D("200"), True),
            (D("-3"), D("50"), False),  # worse than the target
        ],
    )
    def test_higher_measures_distance_from_target_relative_to_its_size(
        self, realization, capaian, achieved
    ):
        result = higher(D("-2"), realization)
        assert result.capaian == capaian
        assert result.achieved is achieved

    @pytest.mark.parametrize("formula", [DIFFERENCE, RATIO])
    @pytest.mark.parametrize(
        ("realization", "capaian", "achieved"),
        [
            (D("-3"), D("150"), True),  # better (lower) than the target
            (D("-2"), D("100"), True),
            (D("-1"), D("50"), False),  # worse than the target
        ],
    )
    def test_lower_uses_the_difference_formula_for_either_plan_choice(
        self, formula, realization, capaian, achieved
    ):
        result = lower(D("-2"), realization, lower_formula=formula)
        assert result.capaian == capaian
        assert result.achieved is achieved


# --------------------------------------------------------------------------------------------
# plain strings are accepted for the enumerations
# --------------------------------------------------------------------------------------------


class TestPlainStrings:
    def test_direction_and_formula_as_strings(self):
        assert evaluate("higher", Target(D("100")), D("90")).capaian == D("90")
        assert evaluate("lower", Target(D("10")), D("8"), lower_formula="ratio").capaian == D("125")
        assert evaluate("lower", Target(D("10")), D("8"), lower_formula="difference").capaian == D(
            "120"
        )
        assert evaluate("range", Target(low=D("2"), high=D("4")), D("3")).achieved
        assert evaluate("binary", Target(D("1")), D("1")).achieved

    def test_enums_compare_equal_to_their_strings(self):
        assert Direction("higher") is Direction.HIGHER
        assert LowerFormula("difference") is LowerFormula.DIFFERENCE
        assert Status("no_data") is Status.NO_DATA
        assert Band("Sangat Tinggi") is Band.SANGAT_TINGGI
        assert Status.ACHIEVED == "achieved"
        assert Band.SANGAT_RENDAH == "Sangat Rendah"
        assert Direction.LOWER == "lower"

    def test_result_status_and_band_compare_to_strings(self):
        result = higher(D("100"), D("100"))
        assert result.status == "achieved"
        assert result.band == "Sangat Tinggi"

    def test_unknown_direction_is_rejected(self):
        with pytest.raises(ValueError):
            evaluate("sideways", Target(D("1")), D("1"))


# --------------------------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------------------------

values = st.decimals(
    min_value=D("-1000"), max_value=D("1000"), places=2, allow_nan=False, allow_infinity=False
)
positive_values = st.decimals(
    min_value=D("0.01"), max_value=D("1000"), places=2, allow_nan=False, allow_infinity=False
)
thresholds = st.decimals(
    min_value=D("0.01"), max_value=D("100"), places=2, allow_nan=False, allow_infinity=False
)
formulas = st.sampled_from(list(LowerFormula))


def ordered_pair(strategy):
    return st.tuples(strategy, strategy).map(sorted)


@given(target=values | st.just(D("0")), pair=ordered_pair(values), threshold=thresholds)
def test_higher_raising_realisation_never_lowers_capaian(target, pair, threshold):
    r1, r2 = pair
    a1 = higher(target, r1, threshold=threshold)
    a2 = higher(target, r2, threshold=threshold)
    assert a1.capaian is not None
    assert a2.capaian is not None
    assert a1.capaian <= a2.capaian
    assert not (a1.achieved and not a2.achieved)


@given(
    target=values | st.just(D("0")),
    pair=ordered_pair(values),
    formula=formulas,
    threshold=thresholds,
)
def test_lower_raising_realisation_never_raises_capaian(target, pair, formula, threshold):
    r1, r2 = pair
    a1 = lower(target, r1, lower_formula=formula, threshold=threshold)
    a2 = lower(target, r2, lower_formula=formula, threshold=threshold)
    for a in (a1, a2):
        if a.capaian is None:
            assert a.status is Status.ACHIEVED
    if a2.capaian is None:
        # Undefined capaian only at the low end (R ≤ 0 with T / R): a lower R is too.
        assert a1.capaian is None
    if a1.capaian is not None and a2.capaian is not None:
        assert a2.capaian <= a1.capaian
    assert not (not a1.achieved and a2.achieved)


@given(
    direction=st.sampled_from([Direction.HIGHER, Direction.LOWER, Direction.BINARY]),
    target=values | st.just(D("0")),
    realization=values | st.just(D("0")),
    formula=formulas,
    threshold=thresholds,
)
def test_achieved_iff_capaian_reaches_threshold(direction, target, realization, formula, threshold):
    result = evaluate(
        direction, Target(target), realization, lower_formula=formula, threshold=threshold
    )
    assert result.status is not Status.NO_DATA
    if result.capaian is not None:
        assert result.achieved is (result.capaian >= threshold)


@given(
    target=values,
    realization=values,
    threshold=thresholds,
)
def test_binary_achieved_iff_equal(target, realization, threshold):
    assert binary(target, realization, threshold=threshold).achieved is (realization == target)


@given(
    bounds=ordered_pair(values),
    realization=values,
    formula=formulas,
    threshold=st.none() | thresholds,
)
def test_range_achieved_iff_inside_band(bounds, realization, formula, threshold):
    low, high = bounds
    kwargs = {"lower_formula": formula}
    if threshold is not None:
        kwargs["threshold"] = threshold
    result = in_range(low, high, realization, **kwargs)
    assert result.achieved is (low <= realization <= high)
    if low <= realization <= high:
        assert result.capaian == D("100")
    else:
        assert result.capaian is not None


@given(bounds=ordered_pair(positive_values), realization=values, formula=formulas)
def test_range_outside_positive_band_matches_higher_and_lower(bounds, realization, formula):
    low, high = bounds
    result = in_range(low, high, realization, lower_formula=formula)
    if realization < low:
        # Equal up to the last of Decimal's 28 digits: the implementation computes
        # (1 + (R − low) / low) × 100, which rounds differently from R / low × 100.
        assert abs(result.capaian - realization / low * 100) < D("1e-20")
    elif realization > high:
        assert result.capaian == lower(high, realization, lower_formula=formula).capaian


@st.composite
def any_evaluation(draw):
    direction = draw(st.sampled_from(list(Direction)))
    if direction == Direction.RANGE:
        low, high = draw(ordered_pair(values))
        target = draw(st.sampled_from([Target(low=low, high=high), Target(value=low)]))
    else:
        target = Target(value=draw(values | st.just(D("0"))))
    realization = draw(st.none() | st.just(D("0")) | values)
    formula = draw(st.sampled_from([*LowerFormula, "difference", "ratio"]))
    threshold = draw(thresholds | st.just(D("100")))
    return direction, target, realization, formula, threshold


@given(any_evaluation())
def test_band_is_consistent_with_capaian(case):
    direction, target, realization, formula, threshold = case
    result = evaluate(direction, target, realization, lower_formula=formula, threshold=threshold)
    if result.capaian is not None:
        assert result.band is expected_band(result.capaian)
    elif result.status is Status.NO_DATA:
        assert result.band is None


@given(any_evaluation())
def test_evaluate_never_raises(case):
    direction, target, realization, formula, threshold = case
    result = evaluate(direction, target, realization, lower_formula=formula, threshold=threshold)
    assert isinstance(result, Achievement)
    assert result.status in set(Status)
    assert result.capaian is None or isinstance(result.capaian, Decimal)
    if realization is None:
        assert result.status is Status.NO_DATA
    else:
        assert result.status is not Status.NO_DATA


@given(any_evaluation())
def test_judge_gives_evaluates_capaian_and_whether_it_is_achieved(case):
    # The outlook asks judge() whether a final target is met; the pages show evaluate().
    direction, target, realization, formula, threshold = case
    result = evaluate(direction, target, realization, lower_formula=formula, threshold=threshold)
    judged = judge(direction, target, realization, lower_formula=formula, threshold=threshold)
    if result.status is Status.NO_DATA:
        assert judged is None
    else:
        assert judged == (result.capaian, result.status is Status.ACHIEVED)


def test_judge_settles_the_ratio_formula_at_zero_as_achieved_without_capaian():
    assert judge(Direction.LOWER, Target(value=D(5)), D(0), lower_formula=RATIO) == (None, True)
    assert judge(Direction.BINARY, Target(low=D(1), high=D(2)), D(1)) is None


@given(capaian=st.decimals(allow_nan=False, allow_infinity=False, places=2))
def test_band_table_holds_for_any_capaian(capaian):
    assert band_for(capaian) is expected_band(capaian)
