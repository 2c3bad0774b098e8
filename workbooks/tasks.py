"""Background tasks of the admin's upload: the dry run that makes the preview, and the import
that a planner confirms. They run in the worker (``manage.py db_worker``), report progress into
the upload's state, and end with the preview or the result there.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from indicators.models import Plan

from . import uploads
from .engine import DataChanged, WorkbookUnreadable, import_workbook

logger = logging.getLogger(__name__)
DOOR = "admin"


class Progress:
    """Writes the engine's progress into the upload's state, at most twice a second."""

    def __init__(self, upload, phase):
        self.upload, self.shown_at = upload, 0.0
        self.state = {"phase": phase, "sheet": "", "sheets_done": 0, "sheets_total": 0, "rows": 0}

    def __call__(self, **progress):
        self.state.update(progress)
        now = time.monotonic()
        if now - self.shown_at >= 0.5 or "sheets_done" in progress:
            self.shown_at = now
            self.upload.save(progress=dict(self.state))


def _preview(upload, plan, *, changed_meanwhile=False):
    upload.save(status=uploads.READING, progress={"phase": "read"})
    with upload.local_file() as path, upload.changes_writer() as spool:
        report = import_workbook(
            path,
            plan=plan,
            dry_run=True,
            door=DOOR,
            spool=spool,
            printed_choices=upload.state.get("choices"),
            progress=Progress(upload, "read"),
        )
    upload.save(
        status=uploads.PREVIEWED,
        report=report.as_dict(),
        data_version=report.data_version,
        changed_meanwhile=changed_meanwhile,
        progress={},
    )


def _run(token, work):
    upload = uploads.Upload.load(token)
    if upload is None:
        return "gone"
    plan = Plan.objects.filter(pk=upload.state["plan_id"]).first()
    with translation.override(settings.LANGUAGE_CODE):
        try:
            work(upload, plan)
        except WorkbookUnreadable as exc:
            upload.save(status=uploads.FAILED, message=str(exc), progress={})
            upload.remove_file()
        except Exception:
            logger.exception("workbook upload %s failed", token)
            upload.save(
                status=uploads.FAILED,
                message=_("The workbook could not be processed; nothing was written."),
                progress={},
            )
            raise
    return upload.state["status"]


@task()
def preview_upload(token):
    """The dry run of an uploaded workbook: its preview, without writing or locking anything."""
    uploads.cleanup()
    return _run(token, _preview)


@task()
def import_upload(token):
    """The confirmed import: exactly what the preview showed, or a new preview if the data
    changed meanwhile."""

    def work(upload, plan):
        user = get_user_model().objects.filter(pk=upload.state["user_id"]).first()
        upload.save(status=uploads.IMPORTING, progress={"phase": "read"})
        try:
            with upload.local_file() as path:
                report = import_workbook(
                    path,
                    plan=plan,
                    by=user,
                    door=DOOR,
                    reason=upload.state["file_name"],
                    expected_version=upload.state["data_version"],
                    printed_choices=upload.state.get("choices"),
                    progress=Progress(upload, "read"),
                )
        except DataChanged:
            _preview(upload, plan, changed_meanwhile=True)
            return
        if not report.ok:
            upload.save(status=uploads.PREVIEWED, report=report.as_dict(), progress={})
            return
        upload.save(status=uploads.IMPORTED, result=report.as_dict(), progress={})
        upload.remove_file()

    return _run(token, work)
