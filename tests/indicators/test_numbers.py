"""Numbers as planning staff write them in worksheets (indicators/numbers.py)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.numbers import NumberError, parse_number, parse_range, parse_yes_no


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("1.234,56", "1234.56"),
        ("85,5 %", "85.5"),
        ("12,5%", "12.5"),
        ("Rp 1.500.000", "1500000"),
        ("Rp. 2.000,5", "2000.5"),
        ("1.500", "1500"),
        ("2.5", "2.5"),
        ("-3", "-3"),
        ("\u22123,25", "-3.25"),
        (12, "12"),
        (12.5, "12.5"),
        (0.1, "0.1"),
        (Decimal("81.04"), "81.04"),
        (1 / 3, "0.3333"),
    ],
)
def test_reads_numeric_cells_and_indonesian_text(written, number):
    assert parse_number(written) == Decimal(number)


@pytest.mark.parametrize("written", [None, "", "  ", "-", "N/A", "n/a", "–"])
def test_dash_na_and_blank_mean_no_value(written):
    assert parse_number(written) is None


@pytest.mark.parametrize("written", ["abc", "1.2.3", "12 orang", "1,2,3", "#DIV/0!", "1e5x"])
def test_anything_else_is_an_error_that_quotes_the_cell(written):
    with pytest.raises(NumberError, match="not a number"):
        parse_number(written)


def test_yes_no_words_and_ranges():
    assert parse_yes_no("Ya") == 1
    assert parse_yes_no("tidak ada") == 0
    assert parse_yes_no(1) == 1
    with pytest.raises(NumberError):
        parse_yes_no(2)
    assert parse_range("10 - 20") == (Decimal(10), Decimal(20))
    assert parse_range("10–20") == (Decimal(10), Decimal(20))
    assert parse_range("2,5 - 4") == (Decimal("2.5"), Decimal(4))
    assert parse_range("-5 - 5") == (Decimal(-5), Decimal(5))
    with pytest.raises(NumberError, match="lower bound"):
        parse_range("20 - 10")
    with pytest.raises(NumberError):
        parse_range(15)


def indonesian(value):
    """How Indonesian spreadsheets write a number: 1.234.567,8901."""
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):.4f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    fraction = fraction.rstrip("0")
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


values = st.decimals(
    min_value=Decimal("-999999999999"),
    max_value=Decimal("999999999999"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)


@given(values)
def test_every_indonesian_rendering_reads_back_exactly(value):
    assert parse_number(indonesian(value)) == value
    assert parse_number(f"Rp {indonesian(value)}") == value
    assert parse_number(f"{indonesian(value)} %") == value


@given(values)
def test_numeric_cells_read_back_to_four_decimals(value):
    assert parse_number(value) == value
    assert parse_number(str(value)) == value
