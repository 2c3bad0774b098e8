"""Capaian on screen and in JSON, as printed evaluation tables show it (core/formats.py)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.formats import capaian_shown, format_capaian
from core.json_numbers import capaian_as_json
from indicators import achievement


@pytest.mark.parametrize(
    ("capaian", "threshold", "shown"),
    [
        ("107.8061", 100, "107.81"),  # half-up, as Bappeda print it (the floor gave 107,80)
        ("107.805", 100, "107.81"),
        ("107.8049", 100, "107.80"),
        ("99.996", 100, "99.99"),  # below the threshold: never shown as reaching it
        ("99.994", 100, "99.99"),
        ("100", 100, "100.00"),
        ("89.996", 90, "89.99"),
        ("95.996", 90, "96.00"),  # above another threshold: plain rounding
        ("-12.345", 100, "-12.35"),
    ],
)
def test_capaian_shown(capaian, threshold, shown):
    assert capaian_shown(Decimal(capaian), threshold=threshold) == Decimal(shown)


@given(
    st.decimals(min_value=-1000, max_value=1000, places=6, allow_nan=False),
    st.sampled_from([Decimal(100), Decimal(90), Decimal("75.5")]),
)
def test_shown_reaches_the_threshold_iff_capaian_does(capaian, threshold):
    assert (capaian_shown(capaian, threshold=threshold) >= threshold) == (capaian >= threshold)
    assert abs(capaian_shown(capaian, threshold=threshold) - capaian) < Decimal("0.01")


def test_screen_and_json_agree():
    result = achievement.evaluate(
        "higher", achievement.Target(value=Decimal(100)), Decimal("99.996")
    )
    assert result.status == achievement.Status.NOT_ACHIEVED
    assert format_capaian(result) == "99,99%"
    assert capaian_as_json(result.capaian, threshold=result.threshold) == 99.99
    result = achievement.evaluate(
        "higher", achievement.Target(value=Decimal(100)), Decimal("107.8061")
    )
    assert format_capaian(result) == "107,81%"
    assert capaian_as_json(result.capaian) == 107.81


def test_the_plan_threshold_travels_with_the_result():
    result = achievement.evaluate(
        "higher", achievement.Target(value=Decimal(100)), Decimal("89.996"), threshold=90
    )
    assert result.status == achievement.Status.NOT_ACHIEVED
    assert format_capaian(result) == "89,99%"


@given(
    value=st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
        lambda d: abs(d) < Decimal("1e30")
    ),
    decimal_pos=st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
    language=st.sampled_from(["id", "en"]),
)
def test_the_formatters_write_what_djangos_number_format_writes(value, decimal_pos, language):
    from django.utils import translation
    from django.utils.formats import number_format

    from core.formats import format_number, number_formatter

    places = decimal_pos
    if places is None:  # only the decimals the value has
        exponent = value.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    with translation.override(language):
        django = number_format(value, decimal_pos=places, force_grouping=True)
        assert format_number(value, decimal_pos) == django
        assert number_formatter()(value, decimal_pos) == django


EDGES = ["0", "-0", "-0.0", "0.004", "-0.004", "-0.05", "1E+5", "-1E+5", "1E-7", "999", "-1000"]
EDGES += ["123456789.123456", "-999999.9999", "12345678901234567890123456789", "1E+201", "5E-1"]


@pytest.mark.parametrize("value", EDGES)
@pytest.mark.parametrize("decimal_pos", [0, 1, 2, 4])
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_formatters_edges_are_djangos(value, decimal_pos, language):
    # The groups of three are written by str.format; signs, cut decimals, values too small to
    # show and the exponent form past 200 digits are Django's.
    from django.utils import translation
    from django.utils.formats import number_format

    from core.formats import number_formatter

    with translation.override(language):
        expected = number_format(Decimal(value), decimal_pos=decimal_pos, force_grouping=True)
        assert number_formatter()(Decimal(value), decimal_pos) == expected


def test_the_bound_formatter_keeps_the_language_it_was_made_in():
    from django.utils import translation

    from core.formats import number_formatter

    with translation.override("id"):
        indonesian = number_formatter()
    with translation.override("en"):
        assert indonesian(Decimal("1234.5")) == "1.234,5"
        assert number_formatter()(Decimal("1234.5")) == "1,234.5"
    assert indonesian(None) == "–"
