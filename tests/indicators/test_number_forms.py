"""Every form that shows a number reads it back unchanged: render → parse is the identity.

A property test over the operator's form and every number field of the indicators and budgets
admin (change forms and inlines), for numbers the database can hold.
"""

import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from core import numbers
from core.forms import MoneyField, NumberField
from indicators.models import Indicator
from indicators.operator_views import RealizationForm


def admin_number_fields():
    """(label, form class, field name) for every DecimalField the admin's forms show."""
    request = RequestFactory().get("/")
    request.user = get_user_model()(username="x", is_superuser=True, is_staff=True, is_active=True)
    found = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("indicators", "budgets"):
            continue
        forms = [model_admin.get_form(request)]
        forms += [i.get_formset(request).form for i in model_admin.get_inline_instances(request)]
        for form in forms:
            decimals = {
                f.name
                for f in form._meta.model._meta.fields
                if f.get_internal_type() == "DecimalField"
            }
            for name in sorted(decimals & set(form.base_fields)):
                found.append((f"{form._meta.model._meta.label}.{name}", form, name))
    return found


FIELDS = admin_number_fields()


def shown(html):
    return re.search(r'value="([^"]*)"', html).group(1)


def values_for(field):
    places = field.decimal_places
    if isinstance(field, MoneyField):
        return st.decimals(min_value=0, max_value=Decimal(10) ** 15, places=places)
    limit = Decimal(10) ** (field.max_digits - places) - 1
    limit = min(limit, Decimal(10) ** 12)
    minimum = 0 if field.min_value is not None and field.min_value >= 0 else -limit
    return st.decimals(min_value=minimum, max_value=limit, places=places)


def test_the_admin_shows_numbers_in_number_fields():
    labels = {label for label, *_ in FIELDS}
    assert {
        "indicators.Target.value",
        "indicators.Target.low",
        "indicators.Target.high",
        "indicators.Realization.value",
        "indicators.Indicator.baseline",
        "indicators.Indicator.final_target_low",
        "indicators.Plan.achievement_threshold",
        "budgets.RevenueValue.target",
        "budgets.ProgramFunding.pagu",
    } <= labels
    for label, form, name in FIELDS:
        expected = MoneyField if label.startswith("budgets.") else NumberField
        assert type(form.base_fields[name]) is expected, label
        html = str(form()[name])
        assert 'type="text"' in html and 'inputmode="decimal"' in html, label


@pytest.mark.parametrize(("label", "form", "name"), FIELDS, ids=[label for label, *_ in FIELDS])
def test_every_admin_number_field_reads_back_what_it_shows(label, form, name):
    field = form.base_fields[name]

    @settings(max_examples=60, deadline=None)
    @given(values_for(field))
    def round_trip(value):
        text = shown(str(form(initial={name: value})[name]))
        assert field.clean(text) == value, (label, text)

    round_trip()


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-(Decimal(10) ** 12), max_value=Decimal(10) ** 12, places=4))
def test_the_operator_form_reads_back_what_it_shows(value):
    indicator = Indicator(direction=Indicator.Direction.HIGHER)
    opened = RealizationForm(indicator=indicator, initial={"value": numbers.format_input(value)})
    text = shown(str(opened["value"]))
    saved = RealizationForm({"value": text}, indicator=indicator)
    assert saved.is_valid(), saved.errors
    assert saved.cleaned_data["value"] == value


@pytest.mark.parametrize("value", [Decimal(0), Decimal(1)])
def test_the_operator_form_reads_back_a_yes_no_value(value):
    indicator = Indicator(direction=Indicator.Direction.BINARY)
    opened = RealizationForm(indicator=indicator, initial={"value": numbers.format_input(value)})
    saved = RealizationForm({"value": shown(str(opened["value"]))}, indicator=indicator)
    assert saved.is_valid() and saved.cleaned_data["value"] == value
