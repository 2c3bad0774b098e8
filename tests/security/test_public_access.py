"""Anonymous access matches the public page's list exactly, for every URL pattern of the project.

With ``PUBLIC_DASHBOARD=True`` a visitor reads the dashboard, drill-down, indicator, money and
context pages, their JSON APIs and the open data; nothing else (operator pages, admin, audit,
evidence, workbook downloads). Without it, only the login pages. Everything a visitor may not
read answers with a redirect to a login page, 403, 404 or (a POST-only door) 405.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from indicators.models import Indicator, PerangkatDaerah, Realization

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = {
    "home",
    "perangkat_daerah",
    "indicator",
    "api_achievement",
    "open_data",
    "open_data_file",
    "revenue",
    "funding",
    "needs",
    "strategic_issues",
    "development_stages",
    "calendar",
    "api_revenue",
    "api_funding",
}
LOGIN_PAGES = {"login", "admin:login"}  # for everyone, always
# Redirects that lead somewhere other than a login, by design: the icon to its static file, and
# the language switch back to the page it came from (it changes nothing on a GET), and the
# admin's logout of someone not logged in to the admin's index (itself behind the login).
ELSEWHERE = {"favicon": "/static/favicon.svg", "set_language": "/", "admin:logout": "/admin/"}
LOGIN_LOCATIONS = ("/masuk/?next=", "/admin/login/?next=")


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or getattr(pattern.callback, "__name__", "")
            if name == "<lambda>" and "favicon" in str(pattern.pattern):
                name = "favicon"
            qualified = f"{namespace}:{name}" if namespace and pattern.name else name
            yield prefix + str(pattern.pattern), qualified


PATTERNS = list(walk(get_resolver().url_patterns))


@pytest.fixture
def demo_plan(module_demo_plan):
    return module_demo_plan


@pytest.fixture
def samples(demo_plan):
    indicator = Indicator.objects.filter(plan=demo_plan).order_by("code").first()
    return {
        "plan": demo_plan.code,
        "year": "2021",
        "quarter": "1",
        "extension": "csv",
        "kind": "template",
        "token": "abc123",
        "pk": str(Realization.objects.order_by("pk").first().pk),
        "object_id": "1",
        "id": "1",
        "app_label": "indicators",
        "content_type_id": "1",
        "url": "nothing-here/",
        "unit": PerangkatDaerah.objects.order_by("code").first().code,
        "indicator": indicator.code,
    }


def concrete(route, name, samples):
    """The pattern with a sample filled in for each of its parameters, and ``?year=2021``."""

    def value(match):
        param = match.group("name")
        if param == "code":
            if name == "report":
                return "e79"
            return samples["unit"] if name == "perangkat_daerah" else samples["indicator"]
        return samples[param]

    path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, route)
    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, path).replace("^", "").replace("$", "")
    return f"/{path}?year=2021"


def anonymous_answers(client, samples):
    answers = {}
    for route, name in PATTERNS:
        url = concrete(route, name, samples)
        response = client.get(url)
        answers[(name, url)] = response
    return answers


def check_refusal(name, url, response, client):
    status = response.status_code
    if name in ELSEWHERE:
        assert status in (301, 302), url
        assert response["Location"].startswith(ELSEWHERE[name]), (url, response["Location"])
        return
    if status == 302:
        assert response["Location"].startswith(LOGIN_LOCATIONS), (url, response["Location"])
    elif status == 405:
        # A POST-only door: a visitor's POST is refused too (logging out is everyone's right).
        if name not in {"logout", "admin:logout"}:
            posted = client.post(url)
            assert posted.status_code in (302, 403, 404), (url, posted.status_code)
            if posted.status_code == 302:
                assert posted["Location"].startswith(LOGIN_LOCATIONS), url
    else:
        assert status in (403, 404), (url, status)


@pytest.mark.parametrize("public", [True, False], ids=["public-on", "public-off"])
def test_anonymous_access_matches_the_public_list_exactly(client, settings, samples, public):
    settings.PUBLIC_DASHBOARD = public
    answers = anonymous_answers(client, samples)
    readable = {name for (name, _url), response in answers.items() if response.status_code == 200}
    expected = LOGIN_PAGES | (PUBLIC_PAGES if public else set())
    assert readable == expected
    for (name, url), response in answers.items():
        if response.status_code != 200:
            check_refusal(name, url, response, client)
    # The list covers what it claims: every public page is one of the project's patterns.
    assert PUBLIC_PAGES | LOGIN_PAGES | set(ELSEWHERE) <= {name for _route, name in PATTERNS}


def test_the_public_pages_hold_no_door_to_private_data(client, settings, samples):
    """What a visitor reads links to no operator page, audit, evidence, workbook or admin."""
    settings.PUBLIC_DASHBOARD = True
    for route, name in PATTERNS:
        if name not in PUBLIC_PAGES or name.startswith("api_") or name == "open_data_file":
            continue
        page = client.get(concrete(route, name, samples)).content.decode()
        for door in (
            'href="/realisasi/',
            'href="/audit/',
            'href="/bukti/',
            'href="/workbook/',
            'href="/admin/',
        ):
            assert door not in page, (name, door)
        assert 'id="history-table"' not in page  # who changed what stays with the plan's people
