"""Numbers as printed tables write them (core.numbers' printed-table part)."""

from decimal import Decimal

import pytest

from core import numbers

D = Decimal


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("8.785,00", D("8785")),
        ("77,5", D("77.5")),
        ("68.5", D("68.5")),
        ("1,231,790,000", D("1231790000")),
        ("68.039.725.057", D("68039725057")),
        ("85%", D("85")),
        ("90 %", D("90")),
        ("Rp 1.500.000", D("1500000")),
        ("-", None),
        ("", None),
        ("  ", None),
        ("(143.034 : 178.793) x 100% = 80%", D("80")),
        ("≥ 80", D("80")),
        ("-3,5", D("-3.5")),
        (12.5, D("12.5")),
        (2019, D("2019")),
        ("69,1-69,5", (D("69.1"), D("69.5"))),
        ("2 – 4", (D("2"), D("4"))),
        ("70,6-71", (D("70.6"), D("71"))),
        ("3,6 s.d. 4,4", (D("3.6"), D("4.4"))),
    ],
)
def test_printed_values_are_read_as_the_document_means_them(printed, value):
    assert numbers.parse_printed(printed) == value


@pytest.mark.parametrize(
    ("column", "decimal", "value"),
    [
        (["68.5", "70.78", "1.234"], numbers.DOT, D("1.234")),
        (["77,5", "8.785,00", "1.234"], numbers.COMMA, D("1234")),
        (["1.234", "5"], None, D("1234")),
    ],
)
def test_an_ambiguous_number_is_decided_by_its_column(column, decimal, value):
    assert numbers.column_decimal(column) == decimal
    assert numbers.is_ambiguous("1.234")
    assert numbers.parse_printed("1.234", numbers.column_decimal(column)) == value


@pytest.mark.parametrize("printed", ["abc", "1,2,3", "70-60"])
def test_what_is_no_number_is_refused(printed):
    with pytest.raises(numbers.NumberError):
        numbers.parse_printed(printed)
