"""Codes (core/codes.py): one rule at every door."""

import pytest
from django.core.exceptions import ValidationError

from core.codes import CodeValidator, code_problem, normalise_code


@pytest.mark.parametrize("code", ["1.02.01", "IP.065", "M1", "B.01.01", "IKU_3", "T-C.27", "7"])
def test_codes_in_use_are_valid(code):
    assert code_problem(code) is None
    CodeValidator()(code)


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("9/9", "tanpa spasi atau /"),
        ("IP/999", "tanpa spasi atau /"),
        ("IP 065", "tanpa spasi atau /"),
        ("IP.065\u200b", "tak terlihat"),
        ("IP.\u0007065", "tak terlihat"),
        ("\u0406\u0420.065", "mirip kode lain"),  # Cyrillic І and Р
        (".065", "tanpa spasi atau /"),
        ("", "tidak boleh kosong"),
        ("X" * 51, "paling banyak 50"),
    ],
)
def test_codes_that_would_break_urls_or_look_alike_are_refused(code, says):
    with pytest.raises(ValidationError, match=says):
        CodeValidator()(code)


def test_codes_are_nfc_normalised_and_stripped():
    assert normalise_code("  IP.065 ") == "IP.065"
    assert normalise_code("e\u0301") == "\u00e9"
