"""Numbers as people write them, at every door (core/numbers.py)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.numbers import (
    NumberError,
    format_input,
    format_range_input,
    looks_like_range,
    parse_number,
    parse_range,
    parse_whole_number,
    parse_yes_no,
)


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
    with pytest.raises(NumberError, match="bukan angka"):
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
    with pytest.raises(NumberError, match="batas bawah lebih besar"):
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


@given(values)
def test_what_a_form_shows_it_reads_back(value):
    # Every form shows numbers with format_input: saving a form again never changes a value
    # (2,725 shown as "2.725" and read as 2725 was the bug).
    assert parse_number(format_input(value)) == value


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2.7250"), "2,725"),
        (Decimal("74.25"), "74,25"),
        (Decimal("1234.5"), "1.234,5"),
        (Decimal("1500000"), "1.500.000"),
        (Decimal("-0.5"), "-0,5"),
        (Decimal("92.0000"), "92"),
        (None, ""),
    ],
)
def test_form_input_is_indonesian(value, shown):
    assert format_input(value) == shown


@given(values, values)
def test_what_a_range_field_shows_it_reads_back(a, b):
    low, high = min(a, b), max(a, b)
    assert parse_range(format_range_input(low, high)) == (low, high)


@pytest.mark.parametrize(
    ("written", "band"),
    [
        ("70,6-71", ("70.6", "71")),
        ("69,1-69,5", ("69.1", "69.5")),
        ("2 – 4", ("2", "4")),
        ("3,6 s.d. 4,4", ("3.6", "4.4")),
        ("3,6 s/d 4,4", ("3.6", "4.4")),
        ("1.000 - 2.000", ("1000", "2000")),
    ],
)
def test_ranges_as_printed_tables_write_them(written, band):
    assert parse_range(written) == (Decimal(band[0]), Decimal(band[1]))
    assert looks_like_range(written)


@pytest.mark.parametrize("written", ["-3", "−3,5", "12", "abc", ""])
def test_a_single_number_is_not_a_range(written):
    assert not looks_like_range(written)


@pytest.mark.parametrize("cell", [True, False])
def test_a_true_false_cell_is_not_a_measurement(cell):
    with pytest.raises(NumberError, match="bukan angka"):
        parse_number(cell)
    assert parse_yes_no(cell) == int(cell)


def test_whole_numbers_are_not_cut():
    assert parse_whole_number("6") == 6
    assert parse_whole_number(7.0) == 7
    assert parse_whole_number("") is None
    with pytest.raises(NumberError, match="bilangan bulat"):
        parse_whole_number("6,7")
    with pytest.raises(NumberError, match="batas terbesar"):
        parse_whole_number(70000, maximum=32767)
    with pytest.raises(NumberError, match="batas terkecil"):
        parse_whole_number(0, minimum=1)


def test_messages_are_indonesian_and_quote_the_cell():
    with pytest.raises(NumberError) as error:
        parse_number("tiga puluh")
    assert str(error.value) == "bukan angka: 'tiga puluh'"
    with pytest.raises(NumberError, match=r"^bukan angka: nan$"):
        parse_number(float("nan"))
