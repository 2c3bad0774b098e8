"""Uploaded workbooks between upload, preview and confirm, in the default file storage (so any
app server and the worker see them when the storage is shared), one folder per upload under a
random token: the file, ``state.json`` (who, which plan, status, progress, the report) and
``changes.jsonl`` (every change of the preview, one JSON line each).

Uploads that were not confirmed are removed after a day (``manage.py
cleanup_workbook_uploads``; the worker also runs it before each preview).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
import time
from contextlib import contextmanager, suppress
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone

FOLDER = "workbook-uploads"
KEEP = timedelta(days=1)
QUEUED, READING, PREVIEWED, IMPORTING, IMPORTED, FAILED = (
    "queued",
    "reading",
    "previewed",
    "importing",
    "imported",
    "failed",
)
RUNNING = {QUEUED, READING, IMPORTING}
STATE_READS = 3


def valid_token(token):
    return (
        isinstance(token, str)
        and 16 <= len(token) <= 40
        and token.replace("-", "").replace("_", "").isalnum()
    )


class Upload:
    def __init__(self, token, state=None):
        self.token = token
        self.folder = f"{FOLDER}/{token}"
        self.state = state or {}

    # -- names ---------------------------------------------------------------------------

    @property
    def file(self):
        return f"{self.folder}/workbook.xlsx"

    @property
    def state_file(self):
        return f"{self.folder}/state.json"

    @property
    def changes_file(self):
        return f"{self.folder}/changes.jsonl"

    # -- creating, reading, saving -------------------------------------------------------

    @classmethod
    def create(cls, uploaded, *, user, plan):
        upload = cls(secrets.token_urlsafe(18))
        default_storage.save(upload.file, uploaded)
        upload.state = {
            "user_id": user.pk,
            "plan_id": plan.pk,
            "plan_name": plan.name,
            "file_name": os.path.basename(uploaded.name)[:120],
            "status": QUEUED,
            "created": time.time(),
            "progress": {},
        }
        upload.save()
        return upload

    @classmethod
    def load(cls, token):
        if not valid_token(token):
            return None
        upload = cls(token)
        # A state being replaced (deleted, then saved) is missing for a moment: look again.
        for attempt in range(STATE_READS):
            try:
                with default_storage.open(upload.state_file, "rb") as handle:
                    upload.state = json.loads(handle.read().decode())
                return upload
            except (FileNotFoundError, OSError, ValueError):
                if attempt + 1 < STATE_READS:
                    time.sleep(0.05)
        return None

    def save(self, **changes):
        # Through the storage API only (local disk or an S3 bucket shared by every app server).
        self.state.update(changes)
        data = json.dumps(self.state, ensure_ascii=False).encode()
        default_storage.delete(self.state_file)
        default_storage.save(self.state_file, ContentFile(data))

    def belongs_to(self, user):
        return user.is_authenticated and self.state.get("user_id") == user.pk

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

    def delete(self):
        for name in (self.file, self.state_file, self.changes_file):
            default_storage.delete(name)
        if isinstance(default_storage, FileSystemStorage):
            # A folder on disk outlives its files (an object store has none to remove).
            with suppress(OSError):
                os.rmdir(os.path.join(default_storage.location, self.folder))


def cleanup(now=None):
    """Remove uploads older than a day (never one that is being imported); returns how many."""
    now = now or timezone.now()
    try:
        folders, _files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, OSError, NotImplementedError):
        return 0
    removed = 0
    for token in folders:
        upload = Upload.load(token)
        created = (upload.state.get("created") if upload else None) or 0
        if upload is None:
            try:
                created = default_storage.get_modified_time(f"{FOLDER}/{token}").timestamp()
            except (OSError, NotImplementedError):
                created = 0
            upload = Upload(token)
        age = now.timestamp() - created
        if age > KEEP.total_seconds() and upload.state.get("status") != IMPORTING:
            upload.delete()
            removed += 1
    return removed
