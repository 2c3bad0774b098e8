"""The calendar's dates: each part said once, in the reader's language."""

from datetime import date

import pytest
from django.utils import translation

from budgets.templatetags.calendar_format import date_span


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


@pytest.mark.parametrize(
    "start, end, shown",
    [
        (date(2022, 1, 12), date(2022, 1, 12), "12 Jan 2022"),
        (date(2022, 1, 3), date(2022, 1, 31), "3–31 Jan 2022"),
        (date(2022, 2, 15), date(2022, 3, 10), "15 Feb – 10 Mar 2022"),
        (date(2021, 12, 20), date(2022, 1, 5), "20 Des 2021 – 5 Jan 2022"),
        (date(2022, 5, 2), None, "2 Mei 2022 – …"),
        (None, date(2022, 8, 17), "… – 17 Agu 2022"),
        (None, None, "–"),
    ],
)
def test_a_span_says_each_part_once(start, end, shown):
    assert date_span(start, end) == shown


def test_english_month_names():
    with translation.override("en"):
        assert date_span(date(2022, 8, 17), date(2022, 8, 17)) == "17 Aug 2022"


@pytest.mark.django_db
def test_the_calendar_shows_a_single_day_once(client, official, demo_plan):
    # The demo's RPP RKPD 2023 took place on one day, 12 January 2022.
    client.force_login(official)
    content = client.get("/kalender/", {"year": 2022}).content.decode()
    assert "12 Jan – 12 Jan 2022" not in content
    assert "12 Jan 2022</td>" in content
    assert "10–14 Jan 2022" in content
