"""Uploaded workbooks between upload, preview and confirm: stored jobs (:mod:`core.stored_jobs`:
the default file storage, so any app server and the worker see them when the storage is shared),
one folder per upload under a random token: the file, ``state.json`` (who, which plan, status,
progress, the report) and ``changes.jsonl`` (every change of the preview, one JSON line each).

Uploads that were not confirmed are removed after a day (``manage.py
cleanup_workbook_uploads``; the worker also runs it before each preview).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.stored_jobs import StoredJob

QUEUED, READING, PREVIEWED, IMPORTING, IMPORTED, FAILED = (
    "queued",
    "reading",
    "previewed",
    "importing",
    "imported",
    "failed",
)
RUNNING = {QUEUED, READING, IMPORTING}


class Upload(StoredJob):
    FOLDER = "workbook-uploads"
    FILES = ("workbook.xlsx", "changes.jsonl")
    KEPT_WHILE = frozenset({IMPORTING})  # never removed while it is being imported

    @property
    def file(self):
        return self.path("workbook.xlsx")

    @property
    def changes_file(self):
        return self.path("changes.jsonl")

    @classmethod
    def create(cls, uploaded, *, user, plan):
        upload = cls.new(
            user_id=user.pk,
            plan_id=plan.pk,
            plan_name=plan.name,
            file_name=os.path.basename(uploaded.name)[:120],
            status=QUEUED,
            progress={},
        )
        default_storage.save(upload.file, uploaded)
        upload.save()
        return upload

    @contextmanager
    def local_file(self):
        """The uploaded file as a local path: a temporary copy read through the storage API."""
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
            with default_storage.open(self.file, "rb") as source:
                shutil.copyfileobj(source, copy)
            copy.flush()
            yield copy.name

    @contextmanager
    def changes_writer(self):
        """A text file for the preview's changes; stored when the block ends."""
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
            yield spool
            spool.seek(0)
            default_storage.delete(self.changes_file)
            default_storage.save(self.changes_file, ContentFile(spool.read().encode()))

    def changes(self, *, sheet=None, only_changed=False):
        """The preview's changes as lists [sheet, row, code, year, field, old, new]."""
        try:
            handle = default_storage.open(self.changes_file, "rb")
        except (FileNotFoundError, OSError):
            return
        with handle:
            for line in handle:
                change = json.loads(line)
                if sheet and change[0] != sheet:
                    continue
                if only_changed and change[5] is None:
                    continue
                yield change

    def remove_file(self):
        default_storage.delete(self.file)


def cleanup(now=None):
    """Remove uploads older than a day (never one that is being imported); returns how many."""
    return Upload.cleanup(now)
