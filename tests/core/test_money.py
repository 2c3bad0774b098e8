"""Rupiah as readers expect it: in full, or short where space is short; exact, never a float."""

from decimal import Decimal

import pytest
from django.utils import translation

from core.money import percent_of, rupiah, rupiah_short
from core.numbers import parse_money


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
    # Written with plain spaces for reading; on screen they are no-break spaces.
    assert rupiah(value) == full.replace(" ", "\u00a0")
    assert rupiah_short(value) == short.replace(" ", "\u00a0")


def test_rp_never_wraps_away_from_its_amount(indonesian):
    for shown in (rupiah(Decimal("5909045828498")), rupiah_short(Decimal("5909045828498"))):
        assert " " not in shown
        assert shown.split("\u00a0")[0] == "Rp"


def test_a_full_amount_reads_back_unchanged(indonesian):
    for value in (Decimal("5909045828498"), Decimal("999.50"), Decimal("12500000")):
        assert parse_money(rupiah(value)) == value


def test_english_rupiah(english):
    assert rupiah(Decimal("5909045828498")) == "Rp\u00a05,909,045,828,498"
    assert rupiah_short(Decimal("5909045828498")) == "Rp\u00a05.91\u00a0T"
    assert rupiah_short(Decimal("250300000000")) == "Rp\u00a0250.3\u00a0B"


def test_percent_of_is_exact_and_undefined_without_a_base():
    assert percent_of(Decimal(1), Decimal(3)) == Decimal("33.33")
    assert percent_of(Decimal(1), Decimal(0)) is None
    assert percent_of(None, Decimal(3)) is None
