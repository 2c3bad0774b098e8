"""Rupiah as readers expect it: in full, or short where space is short; exact, never a float."""

from decimal import Decimal

import pytest
from django.utils import translation

from core.money import percent_of, rupiah, rupiah_short


@pytest.fixture
def indonesian():
    with translation.override("id"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "value, full, short",
    [
        (Decimal("5909045828498"), "Rp 5.909.045.828.498", "Rp 5,91 T"),
        (Decimal("250300000000.00"), "Rp 250.300.000.000", "Rp 250,3 M"),
        (Decimal("12500000"), "Rp 12.500.000", "Rp 12,5 jt"),
        (Decimal("999.50"), "Rp 999,50", "Rp 999,50"),
        (Decimal("-500000000000"), "−Rp 500.000.000.000", "−Rp 500,0 M"),
        (None, "–", "–"),
    ],
)
def test_indonesian_rupiah(indonesian, value, full, short):
    assert rupiah(value) == full
    assert rupiah_short(value) == short


def test_english_rupiah(english):
    assert rupiah(Decimal("5909045828498")) == "Rp 5,909,045,828,498"
    assert rupiah_short(Decimal("5909045828498")) == "Rp 5.91 T"
    assert rupiah_short(Decimal("250300000000")) == "Rp 250.3 B"


def test_percent_of_is_exact_and_undefined_without_a_base():
    assert percent_of(Decimal(1), Decimal(3)) == Decimal("33.33")
    assert percent_of(Decimal(1), Decimal(0)) is None
    assert percent_of(None, Decimal(3)) is None
