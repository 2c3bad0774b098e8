"""The public dashboard answered early from the read cache: the same response, never stale,
never for a logged-in reader, and with every header the full stack sends.

These tests commit (``transaction=True``): the cache serves reads outside a transaction only.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from indicators import services
from indicators.models import ReportingDeadline
from indicators.public_fast_path import PublicDashboardFastPath
from tests.factories import (
    IndicatorFactory,
    PlanFactory,
    ProgramFactory,
    RealizationFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_plan(settings):
    """Two program indicators of 2021, both achieved."""
    settings.READ_CACHE = True
    plan = PlanFactory(code="cepat", is_active=True)
    program = ProgramFactory(objective__goal__mission__plan=plan)
    indicators = []
    for code in ("C.1", "C.2"):
        indicator = IndicatorFactory(program=program, code=code)
        TargetFactory(indicator=indicator, year=2021, value=Decimal(10))
        RealizationFactory(indicator=indicator, year=2021, value=Decimal(12))
        indicators.append(indicator)
    return plan, indicators


@pytest.fixture
def public(settings):
    settings.PUBLIC_DASHBOARD = True


@pytest.fixture
def counted(monkeypatch):
    """The addresses of the requests that went past the fast path into the rest of the stack."""
    calls = []
    original = PublicDashboardFastPath.__call__

    def counting(self, request):
        inner = self.get_response

        def deeper(request):
            calls.append(request.get_full_path())
            return inner(request)

        self.get_response = deeper
        try:
            return original(self, request)
        finally:
            self.get_response = inner

    monkeypatch.setattr(PublicDashboardFastPath, "__call__", counting)
    return calls


def achieved(page):
    return int(re.search(r'"big">(\d+)</span>', page.content.decode()).group(1))


def test_a_visitors_page_holds_no_csrf_token_and_sets_no_cookie(client, public, small_plan):
    response = client.get("/", {"year": 2021})
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    assert 'href="/?year=2021&amp;lang=en"' in response.content.decode()


def test_the_second_visit_is_served_early_with_the_same_headers(
    client, public, small_plan, counted
):
    first = client.get("/", {"year": 2021})
    second = client.get("/", {"year": 2021})
    assert counted == ["/?year=2021"]  # the second never reached the view
    assert second.content == first.content
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Content-Language",
        "Vary",
        "Content-Type",
    ):
        assert second[header] == first[header]
    gzipped = client.get("/", {"year": 2021}, HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"  # an entry of its own, not the plain one
    assert len(counted) == 2
    other_year = client.get("/", {"year": 2020})
    assert other_year.status_code == 200 and len(counted) == 3


def test_a_write_is_shown_at_once(client, public, small_plan, counted):
    plan, indicators = small_plan
    assert achieved(client.get("/", {"year": 2021})) == 2
    assert achieved(client.get("/", {"year": 2021})) == 2
    planner = get_user_model().objects.create_user("p.cepat", is_superuser=True, is_staff=True)
    services.realization_record(indicator=indicators[0], year=2021, value=Decimal(1), by=planner)
    assert achieved(client.get("/", {"year": 2021})) == 1
    assert len(counted) == 2  # the version moved on: computed afresh once


def test_a_language_switch_is_a_link_that_sets_the_cookie(client, public, small_plan, settings):
    switched = client.get("/", {"year": 2021, "lang": "en"})
    assert switched.status_code == 302 and switched["Location"] == "/?year=2021"
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get("/", {"year": 2021})
    assert english["Content-Language"] == "en"
    assert "achieved" in english.content.decode()
    back = client.get("/?year=2021&lang=id")
    assert back["Location"] == "/?year=2021"
    assert client.get("/", {"year": 2021})["Content-Language"] == "id"


def test_logged_in_readers_take_the_full_path(client, public, small_plan, counted):
    official = get_user_model().objects.create_user("pimpinan.cepat")
    official.groups.add(Group.objects.get(name="Pimpinan"))
    client.force_login(official)
    client.get("/", {"year": 2021})
    page = client.get("/", {"year": 2021})
    assert len(counted) == 2
    assert "csrfmiddlewaretoken" in page.content.decode()  # their language form


def test_without_the_public_page_nothing_is_served_early(client, small_plan, counted):
    assert client.get("/", {"year": 2021}).status_code == 302
    assert client.get("/", {"year": 2021}).status_code == 302
    assert len(counted) == 2


def test_another_plans_address_takes_the_full_path(client, public, small_plan, counted):
    client.get("/", {"year": 2021, "plan": "lain"})
    client.get("/", {"year": 2021, "plan": "lain"})
    assert len(counted) == 2


@pytest.mark.parametrize("reader", ["visitor", "official"])
def test_a_cached_page_shows_the_units_late_from_the_day_after_the_due_date(
    client, public, small_plan, monkeypatch, reader
):
    """No write happens at midnight, yet the next day's page lists the units late since."""
    plan, indicators = small_plan
    # An indicator with no value of 2021 yet: its unit is late once the due date has passed.
    IndicatorFactory(program=indicators[0].program, code="C.3")
    ReportingDeadline.objects.create(
        plan=plan, year=2021, quarter=1, due_date=datetime.date(2021, 4, 15)
    )
    if reader == "official":
        official = get_user_model().objects.create_user("pimpinan.cepat")
        official.groups.add(Group.objects.get(name="Pimpinan"))
        client.force_login(official)
    today = datetime.date(2021, 4, 15)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: today)
    for _ in range(2):  # the second read comes from the cache
        assert 'class="late-units"' not in client.get("/", {"year": 2021}).content.decode()
    today = datetime.date(2021, 4, 16)
    assert 'class="late-units"' in client.get("/", {"year": 2021}).content.decode()
