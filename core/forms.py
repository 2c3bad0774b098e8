"""Number fields for forms and the admin: what a user types is read by the one number rule
(:mod:`core.numbers`), and what a form shows is read back unchanged.

Django's own ``DecimalField`` shows ``92.0000`` (or ``74,2500`` localised), refuses ``94,5``
("Masukkan sebuah bilangan.") and, as a browser's ``<input type="number">``, may even turn
``94,5`` into 945. These fields are text inputs with ``inputmode="decimal"`` (a phone shows its
number keyboard) that accept ``94,5``, ``1.234,56`` and ``85,5 %`` and show ``94,5``.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from . import numbers


class DecimalInput(forms.TextInput):
    """A text input for a number, shown as :func:`core.numbers.format_input` writes it."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return numbers.format_input(Decimal(str(value)))
        return str(value)  # what the user typed, shown again with the form's errors


class NumberField(forms.DecimalField):
    """A number as people write it (``94,5``, ``1.234,56``, ``85,5 %``), to four decimals."""

    widget = DecimalInput
    parse = staticmethod(numbers.parse_number)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = self.parse(value)
        except numbers.NumberError as error:
            raise ValidationError(str(error), code="invalid") from None
        if number is None or self.decimal_places is None:
            return number
        places = Decimal(1).scaleb(-self.decimal_places)
        if number != number.quantize(places):
            raise ValidationError(
                _("at most %(places)d decimals: %(value)s")
                % {"places": self.decimal_places, "value": value},
                code="max_decimal_places",
            )
        return number.quantize(places)

    def widget_attrs(self, widget):
        # No "step" or other number-input attributes: this is a text input.
        return forms.Field.widget_attrs(self, widget)


class MoneyField(NumberField):
    """An amount of rupiah (``Rp 1.500.000``, ``1.234,56``): exact, never negative, sen at most."""

    parse = staticmethod(numbers.parse_money)


class NumberFieldsAdmin:
    """An admin (or inline) mixin: every DecimalField of its model becomes a :class:`NumberField`
    (set ``number_field`` to :class:`MoneyField` for amounts of money) — in the change form, the
    inlines and list-editable columns alike."""

    number_field = NumberField

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("form_class", self.number_field)
            kwargs.setdefault("widget", DecimalInput)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
