"""Report PDFs made in the background, for whoever asked.

WeasyPrint lays a city-wide E.78 out in ~8 s on the machines this runs on and ~20 s on a slower
one, close to gunicorn's 30 s worker limit, and the time grows with the plan. So the report
page's PDF button asks the worker for the PDF (:func:`reports.tasks.prepare_pdf`) and opens a
page that shows where it stands and then offers the file: to the user who asked only. A
prepared PDF is a stored job (:mod:`core.stored_jobs`), removed after a day.

``?format=pdf`` on a report's address still answers with the PDF at once, for scripts.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation

from core.stored_jobs import StoredJob

QUEUED, MAKING, READY, FAILED = "queued", "making", "ready", "failed"
RUNNING = {QUEUED, MAKING}
# A PDF asked for longer ago than this and still not made is not waited for again (its worker may
# have stopped): a new click queues a new one.
WAITED_FOR = timedelta(minutes=10)
# PDFs one user may wait for at once; asking for another waits until one of them is made.
AT_ONCE = 3


class TooManyOnTheirWay(Exception):
    def __init__(self, jobs):
        super().__init__(f"{len(jobs)} PDFs already on their way")
        self.jobs = jobs


class PreparedPdf(StoredJob):
    FOLDER = "report-pdfs"
    FILES = ("report.pdf",)  # removed after a day whatever its status: a day-old PDF is dead

    @property
    def file(self):
        return self.path("report.pdf")

    @classmethod
    def on_their_way(cls, user):
        """The user's PDFs asked for in the last ``WAITED_FOR`` and still queued or being made,
        oldest first."""
        try:
            folders, _files = default_storage.listdir(cls.FOLDER)
        except (FileNotFoundError, OSError, NotImplementedError):
            return []
        since = time.time() - WAITED_FOR.total_seconds()
        found = []
        for token in folders:
            job = cls.load(token)
            if (
                job is not None
                and job.belongs_to(user)
                and job.state.get("status") in RUNNING
                and job.state.get("created", 0) >= since
            ):
                found.append(job)
        return sorted(found, key=lambda job: job.state.get("created", 0))

    @classmethod
    def ask(cls, form, scope, *, user, file_name, back=""):
        """(job, is new): a PDF of ``form`` for ``scope`` asked for by ``user`` on the page at
        ``back`` (saved, not yet made), or the same one already on its way: a second click
        waits for the first PDF instead of making another. :class:`TooManyOnTheirWay` when the
        user already waits for ``AT_ONCE`` others (each costs the worker seconds).

        Two clicks at once (two tabs, two app servers) are taken one after the other: the
        user's row is locked while the PDFs on their way are counted and the new one saved, so
        neither can pass the limit, nor queue a PDF the other is already asking for."""
        asked = {
            "form": form.code,
            "plan_id": scope.plan.pk,
            "year": scope.year,
            "quarter": scope.quarter,
            "unit_ids": [unit.pk for unit in scope.units],
            "language": translation.get_language(),
        }
        with transaction.atomic():
            # SQLite's transactions take the write lock as they begin (IMMEDIATE): the same.
            list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
            waiting = cls.on_their_way(user)
            for job in waiting:
                if {key: job.state.get(key) for key in asked} == asked:
                    return job, False
            if len(waiting) >= AT_ONCE:
                raise TooManyOnTheirWay(waiting)
            job = cls.new(
                **asked,
                back=back,
                user_id=user.pk,
                form_name=str(form.name),
                file_name=file_name,
                status=QUEUED,
            )
            job.save()
        return job, True

    def keep(self, content):
        default_storage.delete(self.file)
        default_storage.save(self.file, ContentFile(content))
        self.save(status=READY, size=len(content))

    def open(self):
        return default_storage.open(self.file, "rb")
