"""The database expression of the achievement rules equals their definition, ``evaluate()``.

Runs on whichever database the suite runs on (CI runs it on SQLite and on PostgreSQL):

* PostgreSQL compares exact decimals: any value the columns hold (20 digits, 4 decimals), and
  status and band must be equal; capaian to 20 significant places.
* SQLite holds floating point (see ``indicators.achievement_sql``): values of realistic size
  (|v| ≤ 100.000, four decimals); status and band must still be equal, capaian as shown.
Both draw values lying exactly on the threshold and on every band floor, where a rounding would
show first.
"""

from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.formats import capaian_shown
from indicators import achievement
from indicators.achievement import BAND_FLOORS, Direction, LowerFormula
from indicators.achievement_sql import AchievementExpression
from indicators.models import Indicator, Realization, Target
from tests.factories import IndicatorFactory, PlanFactory, ProgramFactory

pytestmark = pytest.mark.django_db

YEAR = 2021
PER_DIRECTION = 8
EXACT = connection.vendor == "postgresql"
LIMIT = Decimal("999999999999999.9999") if EXACT else Decimal(100_000)
FOUR_PLACES = Decimal("0.0001")

wide = st.decimals(min_value=-LIMIT, max_value=LIMIT, places=4, allow_nan=False)
small = st.decimals(min_value=-20, max_value=120, places=2, allow_nan=False)
tiny = st.sampled_from([Decimal(n) for n in ("0", "0.0001", "-0.0001", "1", "-1", "0.5")])
numbers = st.one_of(small, small, tiny, wide)
thresholds = st.one_of(
    st.sampled_from([Decimal(100), Decimal(90), Decimal("75.5")]),
    st.decimals(min_value=Decimal("0.01"), max_value=100, places=2),
)


def on_a_floor(target, percent):
    """Realisations whose capaian against ``target`` is exactly ``percent`` (by either formula,
    either sign), where they can be written with four decimals."""
    candidates = (target * percent / 100, target * (2 - percent / 100))
    return [c for c in candidates if c == c.quantize(FOUR_PLACES) and abs(c) <= LIMIT]


@st.composite
def cases(draw, threshold):
    direction = draw(st.sampled_from(list(Direction)))
    if direction == Direction.BINARY:
        target = achievement.Target(value=Decimal(draw(st.sampled_from([0, 1]))))
        realization = draw(st.sampled_from([None, Decimal(0), Decimal(1)]))
    else:
        if direction == Direction.RANGE or draw(st.integers(0, 4)) == 0:
            low, high = sorted([draw(numbers), draw(numbers)])
            target = achievement.Target(low=low, high=high)
            bounds = [low, high]
        else:
            target = achievement.Target(value=draw(numbers))
            bounds = [target.value]
        percents = [threshold, Decimal(100), *(floor for floor, _band in BAND_FLOORS)]
        special = [v for bound in bounds for p in percents for v in on_a_floor(bound, p)]
        choices = [st.none(), numbers, st.sampled_from(bounds)]
        if special:
            choices.append(st.sampled_from(special))
        realization = draw(st.one_of(*choices))
    if draw(st.integers(0, 9)) == 0:
        target = None
    return direction, target, realization


@st.composite
def plans(draw):
    threshold = draw(thresholds)
    formula = draw(st.sampled_from(list(LowerFormula)))
    drawn = draw(st.lists(cases(threshold), min_size=1, max_size=4 * PER_DIRECTION))
    return formula, threshold, drawn


@pytest.fixture
def pool(db):
    """Indicators of every direction; each example gives them new 2021 targets and values."""
    plan = PlanFactory()
    program = ProgramFactory(objective__goal__mission__plan=plan)
    return {
        direction: [
            IndicatorFactory(program=program, direction=direction, code=f"{direction}.{n}")
            for n in range(PER_DIRECTION)
        ]
        for direction in Direction
    }


def store(pool, drawn):
    """Write the drawn cases as 2021 rows (bulk: history and signals are not under test)."""
    Target.objects.filter(year=YEAR).delete()
    Realization.objects.filter(year=YEAR).delete()
    taken = Counter()
    targets, realizations, expected = [], [], {}
    for direction, target, realization in drawn:
        if taken[direction] == PER_DIRECTION:
            continue
        indicator = pool[direction][taken[direction]]
        taken[direction] += 1
        if target is not None:
            targets.append(
                Target(
                    indicator=indicator,
                    year=YEAR,
                    value=target.value,
                    low=target.low,
                    high=target.high,
                )
            )
        if realization is not None:
            realizations.append(Realization(indicator=indicator, year=YEAR, value=realization))
        expected[indicator.pk] = (direction, target, realization)
    Target.objects.bulk_create(targets)
    Realization.objects.bulk_create(realizations)
    return expected


def assert_equal_to_the_definition(pool, formula, threshold, drawn):
    expected = store(pool, drawn)
    expression = AchievementExpression(lower_formula=formula, threshold=threshold)
    rows = (
        Indicator.objects.filter(pk__in=expected)
        .with_year(YEAR)
        .annotate(**expression.annotations())
        .values_list("pk", "achievement_status", "achievement_band", "achievement_capaian")
    )
    computed = {pk: (status, band, capaian) for pk, status, band, capaian in rows}
    assert computed.keys() == expected.keys()
    for pk, (direction, target, realization) in expected.items():
        result = achievement.evaluate(
            direction, target, realization, lower_formula=formula, threshold=threshold
        )
        status, band, capaian = computed[pk]
        case = (direction, target, realization, formula, threshold)
        assert status == result.status.value, case
        assert band == (result.band.value if result.band else None), case
        if result.capaian is None:
            assert capaian is None, case
            continue
        assert capaian is not None, case
        assert capaian_shown(capaian, threshold=threshold) == capaian_shown(
            result.capaian, threshold=threshold
        ), case
        tolerance = Decimal("1e-20") if EXACT else Decimal("1e-12")
        assert abs(capaian - result.capaian) <= tolerance * max(1, abs(result.capaian)), case


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=plans())
def test_the_expression_equals_evaluate_on_generated_data(pool, drawn):
    formula, threshold, cases_drawn = drawn
    assert_equal_to_the_definition(pool, formula, threshold, cases_drawn)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=plans())
def test_at_the_default_threshold_every_status_is_exact(pool, drawn):
    """The counts people read (achieved, not achieved, no data) never differ, on either
    database: at the default threshold the status is a comparison of stored values."""
    formula, _threshold, cases_drawn = drawn
    assert_equal_to_the_definition(pool, formula, Decimal(100), cases_drawn)


@pytest.mark.parametrize(
    ("direction", "target", "realization", "formula"),
    [
        # capaian exactly 91 (Sangat Tinggi) from decimals that floating point cannot hold
        (
            Direction.HIGHER,
            achievement.Target(value=Decimal("9.3")),
            Decimal("8.463"),
            "difference",
        ),
        # exactly the threshold 75,5 by the difference formula: (2 × 9,3 − 11,5785) / 9,3
        (
            Direction.LOWER,
            achievement.Target(value=Decimal("9.3")),
            Decimal("11.5785"),
            "difference",
        ),
        (Direction.LOWER, achievement.Target(value=Decimal(10)), Decimal(0), "ratio"),
        (Direction.LOWER, achievement.Target(value=Decimal(0)), Decimal("0.0001"), "ratio"),
        (Direction.HIGHER, achievement.Target(value=Decimal(-2)), Decimal(-3), "difference"),
        (Direction.LOWER, achievement.Target(value=Decimal(-2)), Decimal(-3), "ratio"),
        (
            Direction.HIGHER,
            achievement.Target(low=Decimal("69.1"), high=Decimal("69.5")),
            Decimal("69.1"),
            "ratio",
        ),
        (
            Direction.LOWER,
            achievement.Target(low=Decimal("3.6"), high=Decimal("4.4")),
            Decimal("4.4"),
            "ratio",
        ),
        (
            Direction.RANGE,
            achievement.Target(low=Decimal(2), high=Decimal(4)),
            Decimal("1.82"),
            "ratio",
        ),
        (Direction.RANGE, achievement.Target(low=Decimal(2), high=Decimal(4)), Decimal(5), "ratio"),
        (Direction.RANGE, achievement.Target(value=Decimal(3)), Decimal(3), "difference"),
        (
            Direction.BINARY,
            achievement.Target(low=Decimal(0), high=Decimal(1)),
            Decimal(1),
            "difference",
        ),
    ],
)
@pytest.mark.parametrize("threshold", [Decimal(100), Decimal("75.5")])
def test_named_edges(pool, direction, target, realization, formula, threshold):
    assert_equal_to_the_definition(pool, formula, threshold, [(direction, target, realization)])


def test_capaian_exactly_on_a_floor_is_that_band():
    """The first named edge, read out: 8,463 / 9,3 × 100 = 91 exactly, Sangat Tinggi."""
    result = achievement.evaluate(
        "higher", achievement.Target(value=Decimal("9.3")), Decimal("8.463")
    )
    assert result.capaian == 91
    assert result.band is achievement.Band.SANGAT_TINGGI


@pytest.mark.parametrize(
    ("realization", "threshold"),
    [
        # Found by the property test on SQLite: 2 + R is 0,0711 (capaian exactly the threshold)
        # and 0,0001, where floating point kept the error of R against the small difference.
        ("-1.9289", "7.11"),
        ("-1.9999", "0.01"),
    ],
)
def test_a_small_difference_of_close_values_is_exact(pool, realization, threshold):
    case = (Direction.HIGHER, achievement.Target(value=Decimal(-1)), Decimal(realization))
    assert_equal_to_the_definition(pool, LowerFormula.DIFFERENCE, Decimal(threshold), [case])
