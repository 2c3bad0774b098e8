"""Two clicks on "PDF" at once, on PostgreSQL with real concurrent transactions: the limit of
PDFs one user waits for (reports/prepared.py, ``AT_ONCE``) holds for both."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connection, transaction

from reports import prepared, registry
from reports.reads import Scope
from tests.factories import PlanFactory
from tests.indicators.test_races import Writer, wait_until_waiting

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="READ COMMITTED races are PostgreSQL's"
    ),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_two_clicks_at_once_cannot_both_pass_the_limit():
    plan = PlanFactory(is_active=True)
    user = get_user_model().objects.create_user("perencana.dua.klik", is_superuser=True)
    form = registry.get("e79")

    def ask(year):
        scope = Scope(plan=plan, year=year)
        return prepared.PreparedPdf.ask(form, scope, user=user, file_name=f"e79-{year}.pdf")

    for year in (plan.start_year + 1, plan.start_year + 2):
        ask(year)
    assert prepared.AT_ONCE == 3
    second = Writer(lambda: ask(plan.start_year + 4))
    with transaction.atomic():
        # The third click is being taken: its transaction has counted and saved, not yet ended.
        _job, new = ask(plan.start_year + 3)
        assert new
        second.start()
        # Without the lock the other click would count two and queue a fourth PDF, not wait.
        wait_until_waiting(second)
    second.join(timeout=20)
    assert isinstance(second.error, prepared.TooManyOnTheirWay), second.error
    assert len(second.error.jobs) == 3
    folders, _files = default_storage.listdir(prepared.PreparedPdf.FOLDER)
    assert len(folders) == 3


def test_the_same_pdf_clicked_twice_at_once_is_queued_once():
    plan = PlanFactory(is_active=True)
    user = get_user_model().objects.create_user("perencana.klik.ganda", is_superuser=True)
    form = registry.get("e79")
    scope = Scope(plan=plan, year=plan.start_year + 1)

    def ask():
        return prepared.PreparedPdf.ask(form, scope, user=user, file_name="e79.pdf")

    second = Writer(ask)
    with transaction.atomic():
        first, new = ask()
        assert new
        second.start()
        wait_until_waiting(second)
    second.join(timeout=20)
    assert second.error is None
    job, new_again = second.result
    assert (job.token, new_again) == (first.token, False)
