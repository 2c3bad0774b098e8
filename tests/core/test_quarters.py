import pytest

from core.numbers import NumberError
from core.quarters import parse_quarter, quarter_number


@pytest.mark.parametrize(
    ("value", "quarter"),
    [("I", 1), ("ii", 2), (" III ", 3), ("IV", 4), ("1", 1), (4, 4), (2.0, 2), ("TW1", 1)]
    + [("TW III", 3), ("Triwulan IV", 4), ("tw 2", 2), (None, None), ("", None)],
)
def test_triwulan_names(value, quarter):
    assert parse_quarter(value) == quarter


@pytest.mark.parametrize("value", ["V", "5", 0, 1.5, "kuartal", "I-II"])
def test_what_names_no_triwulan_is_refused(value):
    with pytest.raises(NumberError):
        parse_quarter(value)


def test_a_column_suffix_names_its_triwulan():
    assert quarter_number("tw1") == 1
    assert quarter_number("tw iv") == 4
    assert quarter_number("x") is None
