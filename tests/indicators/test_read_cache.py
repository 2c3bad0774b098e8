"""The dashboard's and the API's cache is never stale: a write through any door is visible on the
next read.

These tests commit (``transaction=True``): the cache serves reads outside a transaction only, as
in production, so inside the usual test transaction it would not be exercised at all.
"""

import gzip
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo import plan as demo
from indicators import data_version, read_cache, services
from indicators.models import Indicator, Mission, PerangkatDaerah, Plan, Realization, Target
from tests.workbooks import REALISASI_HEADER, build

pytestmark = pytest.mark.django_db(transaction=True)

KEYS = ("total", "achieved", "not_achieved", "no_data")
BEFORE = {"total": 270, "achieved": 193, "not_achieved": 77, "no_data": 0}
AFTER = {"total": 270, "achieved": 192, "not_achieved": 78, "no_data": 0}


@pytest.fixture
def site(settings):
    settings.READ_CACHE = True
    plan = demo.load_bekasi_demo().plan
    demo.ensure_demo_role_users(get_user_model())
    return plan


@pytest.fixture
def users(site):
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def achieved(site):
    """A 2021 realisation of Dinas Kesehatan that is achieved (and verified, as every 2021 value
    of the demo is), and a value that is not achieved."""
    unit = PerangkatDaerah.objects.get(name="Dinas Kesehatan")
    for row in Indicator.objects.filter(perangkat_daerah=unit).achievements(site, 2021):
        if row.direction == "higher" and row.result.achieved and row.target.value:
            realization = Realization.objects.get(indicator_id=row.id, year=2021)
            assert realization.status == Realization.Status.VERIFIED
            return realization, row.target.value / 2
    raise AssertionError("the demo has an achieved higher indicator of Dinas Kesehatan")


def shown(page):
    """The counts the dashboard shows (read from the page: a cached page renders no template)."""
    html = page.content.decode()
    achieved, total = re.search(r'"big">(\d+)</span> dari <span class="big">(\d+)<', html).groups()
    words = {"not_achieved": "belum tercapai", "no_data": "belum ada data"}
    counts = {k: int(re.search(rf"{w}: <strong>(\d+)<", html).group(1)) for k, w in words.items()}
    return {"total": int(total), "achieved": int(achieved), **counts}


def read(client, **params):
    """(dashboard counts, API counts) for 2021, and the SQL of the queries both took."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/", {"year": 2021, **params})
        api = client.get("/api/v1/achievement", {"year": 2021, **params})
    assert page.status_code == api.status_code == 200
    return (
        shown(page),
        {k: api.json()[k] for k in KEYS},
        [q["sql"] for q in queries.captured_queries],
    )


def test_a_second_read_comes_from_the_cache(client, users):
    client.force_login(users["pimpinan"])
    first = read(client)
    second = read(client)
    assert first[:2] == second[:2] == (BEFORE, BEFORE)
    # Each page: session and user, the plan with its data version; nothing counted again.
    data = [f'"{m._meta.db_table}"' for m in (Indicator, Realization, Target, Mission)]
    assert any(table in sql for sql in first[2] for table in data)
    # Only the session, the user (and the menu's permissions) and the plan with its version.
    assert not any(table in sql for sql in second[2] for table in data)


def test_a_cached_page_is_each_readers_own(users):
    """The page is cached per reader, and each reader's CSRF token is written in afresh."""
    planner, official = client_for(users["perencana"]), client_for(users["pimpinan"])
    pages = [c.get("/", {"year": 2021}).content.decode() for c in (planner, official, planner)]
    assert pages[0] == pages[2].replace(token(pages[2]), token(pages[0]))  # the cached one
    assert 'href="/audit/"' in pages[0] and 'href="/audit/"' not in pages[1]
    assert read_cache.CSRF_PLACEHOLDER not in "".join(pages)
    assert len({token(page) for page in pages}) == 3  # a fresh mask every time
    strict = client_for(users["pimpinan"], enforce_csrf_checks=True)
    cached = strict.get("/", {"year": 2021}).content.decode()  # cached when official read it
    assert cached == pages[1].replace(token(pages[1]), token(cached))
    refused = strict.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert refused.status_code == 403
    language = strict.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token(cached)}
    )
    assert language.status_code == 302  # the token written in is valid for its reader


def test_a_cached_page_is_sent_compressed_with_the_readers_token_written_in(users):
    """A reader who takes gzip gets the cached page compressed (once, when it was cached), with
    a token of their own: the same page as uncompressed, and a token the site accepts."""
    official = client_for(users["pimpinan"], enforce_csrf_checks=True)
    plain = official.get("/", {"year": 2021}).content.decode()
    compressed = [
        official.get("/", {"year": 2021}, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        for _ in range(2)
    ]
    pages = []
    for response in compressed:
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content) < len(plain) / 4
        pages.append(gzip.decompress(response.content).decode())
    assert pages[0] == plain.replace(token(plain), token(pages[0]))
    assert len({token(page) for page in (plain, *pages)}) == 3
    language = official.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token(pages[1])}
    )
    assert language.status_code == 302


def token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_inside_a_transaction_nothing_is_cached(site):
    calls = []
    with transaction.atomic():
        for _ in range(2):
            read_cache.remember(site, "test", (), lambda: calls.append(1))
    assert len(calls) == 2
    read_cache.remember(site, "test", (), lambda: calls.append(1))
    read_cache.remember(site, "test", (), lambda: calls.append(1))
    assert len(calls) == 3


def test_every_write_moves_the_key_on(site):
    plan = Plan.objects.with_data_version().get(pk=site.pk)
    before = read_cache.key_for(plan, "api", (2021,))
    data_version.bump(site.pk)
    assert read_cache.key_for(plan, "api", (2021,)) == before  # the version read with the plan
    assert read_cache.key_for(Plan.objects.get(pk=site.pk), "api", (2021,)) != before


def through_the_admin(client, users, realization, value):
    client.force_login(users["perencana"])
    url = reverse("admin:indicators_realization_change", args=[realization.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "evidence"}
    data["value"] = str(value)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def through_the_operator_page(client, users, realization, value):
    client.force_login(users["operator.dinkes"])
    url = reverse("realization_edit", args=[realization.indicator.code, 2021])
    response = client.post(url, {"value": str(value).replace(".", ",")})
    assert response.status_code == 302


def through_an_import(client, users, realization, value, tmp_path):
    path = build(
        tmp_path / "realisasi.xlsx",
        {"Realisasi": [REALISASI_HEADER, [realization.indicator.code, 2021, None, value, ""]]},
    )
    call_command("import_workbook", path)


def through_a_service(client, users, realization, value):
    services.realization_record(
        indicator=realization.indicator, year=2021, value=Decimal(value), by=users["perencana"]
    )


@pytest.mark.parametrize(
    "door",
    [through_the_admin, through_the_operator_page, through_an_import, through_a_service],
    ids=["admin", "operator page", "import", "service"],
)
def test_a_write_through_any_door_is_read_next(client, users, achieved, door, tmp_path):
    realization, missed = achieved
    reader = client_for(users["pimpinan"])
    assert read(reader)[:2] == (BEFORE, BEFORE)
    assert read(reader)[:2] == (BEFORE, BEFORE)  # now from the cache

    kwargs = {"tmp_path": tmp_path} if door is through_an_import else {}
    door(client, users, realization, missed, **kwargs)
    realization.refresh_from_db()
    assert realization.value == missed

    assert read(reader)[:2] == (AFTER, AFTER)


def test_verification_is_read_next_by_who_counts_verified_values_only(users, achieved):
    """An edited value waits for verification: counting verified values only, it is missing
    until a planner verifies it again."""
    realization, _missed = achieved
    reader = client_for(users["pimpinan"])
    assert read(reader, verified=1)[:2] == (BEFORE, BEFORE)

    edited = services.realization_record(
        indicator=realization.indicator,
        year=2021,
        value=realization.value + 1,
        by=users["operator.dinkes"],
        check_role=True,
    )
    waiting = {**BEFORE, "achieved": 192, "no_data": 1}
    assert read(reader, verified=1)[:2] == (waiting, waiting)
    assert read(reader, verified=0)[:2] == (BEFORE, BEFORE)

    services.realization_submit(edited, by=users["operator.dinkes"])
    services.realization_verify(edited, by=users["perencana"])
    assert read(reader, verified=1)[:2] == (BEFORE, BEFORE)


def client_for(user, **options):
    client = Client(**options)
    client.force_login(user)
    return client
