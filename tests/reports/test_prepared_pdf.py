"""A report's PDF made by the worker: asked for from the report page, its own page shows it being
made, then offers it — to the user who asked only (reports/prepared.py, reports/tasks.py)."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from indicators.models import PerangkatDaerah
from reports import documents, prepared


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def ask(client, user, code, **query):
    client.force_login(user)
    address = reverse("report_pdf", args=[code])
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return client.post(address)


def test_the_report_page_asks_for_the_pdf_with_its_own_choices(client, people, dinkes):
    client.force_login(people["planner"])
    page = client.get(
        reverse("report", args=["e79"]), {"year": 2021, "perangkat_daerah": dinkes.code}
    ).content.decode()
    action = reverse("report_pdf", args=["e79"])
    assert f'action="{action}?year=2021&amp;perangkat_daerah={dinkes.code}"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_planner_asks_waits_and_downloads_the_pdf(client, people, dinkes):
    response = ask(client, people["planner"], "e79", year=2021, perangkat_daerah=dinkes.code)
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="prepared-pdf-download"' in text  # the worker (here: at once) has made it
    assert 'http-equiv="refresh"' not in text
    back = reverse("report", args=["e79"]) + f"?year=2021&amp;perangkat_daerah={dinkes.code}"
    assert f'href="{back}" id="prepared-pdf-back"' in text  # back to the page it was asked on
    token = response.url.rstrip("/").split("/")[-1]
    download = client.get(reverse("prepared_pdf_file", args=[token]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert f"e79-2021-{dinkes.code.replace('.', '_')}.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_only_the_user_who_asked_reads_the_page_and_the_file(client, people, dinkes):
    response = ask(client, people["planner"], "e79", year=2021, perangkat_daerah=dinkes.code)
    token = response.url.rstrip("/").split("/")[-1]
    for user in (people["official"], people["operator"]):
        client.force_login(user)
        assert client.get(response.url).status_code == 404
        assert client.get(reverse("prepared_pdf_file", args=[token])).status_code == 404
    client.logout()
    assert client.get(response.url).status_code == 302  # to the login page
    assert client.post(reverse("report_pdf", args=["e79"])).status_code == 302


def test_an_operator_asks_only_for_its_own_units(client, people, dinkes):
    other = PerangkatDaerah.objects.exclude(pk=dinkes.pk).filter(indicators__isnull=False).first()
    assert ask(client, people["operator"], "ringkasan", year=2021).status_code == 403
    assert (
        ask(client, people["operator"], "e79", year=2021, perangkat_daerah=other.code).status_code
        == 404
    )
    response = ask(client, people["operator"], "e79", year=2021)
    assert response.status_code == 302
    token = response.url.rstrip("/").split("/")[-1]
    assert prepared.PreparedPdf.load(token).state["unit_ids"] == [dinkes.pk]


def test_asking_needs_a_post_and_an_unknown_report_is_missing(client, people):
    client.force_login(people["planner"])
    assert client.get(reverse("report_pdf", args=["e79"])).status_code == 405
    assert client.post(reverse("report_pdf", args=["nope"])).status_code == 404
    assert client.get(reverse("prepared_pdf", args=["not-a-token"])).status_code == 404


def test_while_it_is_made_the_page_refreshes_and_the_file_is_not_offered(client, people, dinkes):
    from reports.reads import Scope
    from reports.registry import get

    planner = people["planner"]
    form = get("e79")
    scope = Scope(plan=dinkes.indicators.first().plan, year=2021, units=[dinkes])
    job, _new = prepared.PreparedPdf.ask(form, scope, user=planner, file_name="e79.pdf")  # not run
    client.force_login(planner)
    text = client.get(reverse("prepared_pdf", args=[job.token])).content.decode()
    assert 'http-equiv="refresh"' in text and "prepared-pdf-progress" in text
    assert client.get(reverse("prepared_pdf_file", args=[job.token])).status_code == 404


def test_a_second_click_waits_for_the_pdf_on_its_way(client, people, dinkes, settings):
    # The worker is busy: what is asked for stays queued.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    first = ask(client, people["planner"], "e79", year=2021, perangkat_daerah=dinkes.code)
    again = ask(client, people["planner"], "e79", year=2021, perangkat_daerah=dinkes.code)
    assert first.url == again.url
    other_year = ask(client, people["planner"], "e79", year=2022, perangkat_daerah=dinkes.code)
    official = ask(client, people["official"], "e79", year=2021, perangkat_daerah=dinkes.code)
    assert len({first.url, other_year.url, official.url}) == 3
    folders, _files = default_storage.listdir(prepared.PreparedPdf.FOLDER)
    assert len(folders) == 3
    # One asked for long ago and never made (its worker stopped) is not waited for again.
    stuck = prepared.PreparedPdf.load(first.url.rstrip("/").split("/")[-1])
    stuck.save(created=stuck.state["created"] - 11 * 60)
    later = ask(client, people["planner"], "e79", year=2021, perangkat_daerah=dinkes.code)
    assert later.url != first.url


def test_a_user_waits_for_at_most_three_pdfs_at_once(client, people, dinkes, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    asked = [
        ask(client, people["planner"], "e79", year=year, perangkat_daerah=dinkes.code)
        for year in (2019, 2020, 2021)
    ]
    assert all(response.status_code == 302 for response in asked)
    refused = ask(client, people["planner"], "e79", year=2022, perangkat_daerah=dinkes.code)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert 'id="too-many-pdfs"' in page and "3 PDF Anda masih disusun" in page
    # The page leads to the PDFs on their way, in the order they were asked for.
    places = [page.index(f'href="{response.url}"') for response in asked]
    assert places == sorted(places)
    folders, _files = default_storage.listdir(prepared.PreparedPdf.FOLDER)
    assert len(folders) == 3  # nothing more was queued
    # The same PDF again still leads to it; another user is not held back.
    again = ask(client, people["planner"], "e79", year=2021, perangkat_daerah=dinkes.code)
    assert again.status_code == 302 and again.url == asked[2].url
    other = ask(client, people["official"], "e79", year=2022, perangkat_daerah=dinkes.code)
    assert other.status_code == 302
    # Once one is made, the next may be asked for.
    made = prepared.PreparedPdf.load(asked[0].url.rstrip("/").split("/")[-1])
    made.save(status=prepared.READY)
    later = ask(client, people["planner"], "e79", year=2022, perangkat_daerah=dinkes.code)
    assert later.status_code == 302


def test_a_pdf_that_cannot_be_made_says_so(client, people, dinkes, monkeypatch):
    def broken(document):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(documents, "pdf_bytes", broken)
    response = ask(client, people["planner"], "e79", year=2021, perangkat_daerah=dinkes.code)
    page = client.get(response.url).content.decode()
    assert 'id="prepared-pdf-failed"' in page and "prepared-pdf-download" not in page


def test_prepared_pdfs_are_removed_after_a_day_even_one_never_finished(client, people, dinkes):
    response = ask(client, people["planner"], "e79", year=2021, perangkat_daerah=dinkes.code)
    stuck = prepared.PreparedPdf.load(response.url.rstrip("/").split("/")[-1])
    stuck.save(status=prepared.MAKING)  # its worker stopped midway
    ask(client, people["planner"], "e79", year=2022, perangkat_daerah=dinkes.code)
    assert prepared.PreparedPdf.cleanup() == 0
    assert prepared.PreparedPdf.cleanup(now=timezone.now() + timedelta(hours=25)) == 2
