"""Words and values as workbooks write them and the preview shows them (Indonesian)."""

from decimal import Decimal

from core import numbers

from ..models import Indicator

DIRECTIONS = {
    "naik": Indicator.Direction.HIGHER,
    "positif": Indicator.Direction.HIGHER,
    "higher": Indicator.Direction.HIGHER,
    "turun": Indicator.Direction.LOWER,
    "negatif": Indicator.Direction.LOWER,
    "lower": Indicator.Direction.LOWER,
    "rentang": Indicator.Direction.RANGE,
    "range": Indicator.Direction.RANGE,
    "ya-tidak": Indicator.Direction.BINARY,
    "ya/tidak": Indicator.Direction.BINARY,
    "yatidak": Indicator.Direction.BINARY,
    "binary": Indicator.Direction.BINARY,
}
DIRECTION_WORDS = {
    Indicator.Direction.HIGHER: "naik",
    Indicator.Direction.LOWER: "turun",
    Indicator.Direction.RANGE: "rentang",
    Indicator.Direction.BINARY: "ya-tidak",
}

CALCULATIONS = {
    "kumulatif": Indicator.CalculationType.CUMULATIVE,
    "cumulative": Indicator.CalculationType.CUMULATIVE,
    "nilai akhir": Indicator.CalculationType.LAST,
    "nilai-akhir": Indicator.CalculationType.LAST,
    "last": Indicator.CalculationType.LAST,
    "rata-rata": Indicator.CalculationType.AVERAGE,
    "rata rata": Indicator.CalculationType.AVERAGE,
    "average": Indicator.CalculationType.AVERAGE,
}
CALCULATION_WORDS = {
    Indicator.CalculationType.CUMULATIVE: "kumulatif",
    Indicator.CalculationType.LAST: "nilai akhir",
    Indicator.CalculationType.AVERAGE: "rata-rata",
}


def shown(value):
    """A stored or read value as the preview shows it: 1.234,5 · 2 - 4 · a code · text."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return numbers.format_input(value)
    if hasattr(value, "code"):
        return value.code
    if value in DIRECTION_WORDS:
        return DIRECTION_WORDS[value]
    if value in CALCULATION_WORDS:
        return CALCULATION_WORDS[value]
    return str(value)


def shown_target(value, low, high):
    if value is None and low is not None:
        return numbers.format_range_input(low, high)
    return shown(value)
