"""Numbers in JSON: exact decimals as the shortest int or float, capaian as reports print it."""

from decimal import Decimal

from .formats import capaian_shown


def number_as_json(value):
    if value is None:
        return None
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def capaian_as_json(capaian, *, threshold=None):
    """Capaian to two decimals, as printed reports show it (see :func:`formats.capaian_shown`)."""
    if capaian is None:
        return None
    return number_as_json(capaian_shown(capaian, threshold=threshold))


def target_as_json(target):
    """A target (anything with ``value``, ``low``, ``high``) as a number or ``{"low", "high"}``."""
    if target is None:
        return None
    if target.value is not None:
        return number_as_json(target.value)
    if target.low is None or target.high is None:
        return None
    return {"low": number_as_json(target.low), "high": number_as_json(target.high)}
