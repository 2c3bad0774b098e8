"""Work a background task does for one user, kept in the default file storage (so that every app
server and the worker see it: a local disk, or an S3 bucket they share), one folder per job under
a random token: ``state.json`` (who, what, status, progress, the outcome) beside the job's files.

The workbook uploads (:mod:`workbooks.uploads`) and the prepared report PDFs
(:mod:`reports.prepared`) are such jobs. A job older than a day is removed by :meth:`cleanup`,
unless its status is one of ``KEPT_WHILE`` (work that must not lose its files midway).
"""

from __future__ import annotations

import json
import os
import secrets
import time
from contextlib import suppress
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone

STATE_READS = 3


def valid_token(token):
    return (
        isinstance(token, str)
        and 16 <= len(token) <= 40
        and token.replace("-", "").replace("_", "").isalnum()
    )


class StoredJob:
    FOLDER = ""  # each kind of job has its own
    FILES = ()  # the job's own files, beside state.json
    KEEP = timedelta(days=1)
    KEPT_WHILE = frozenset()

    def __init__(self, token, state=None):
        self.token = token
        self.folder = f"{self.FOLDER}/{token}"
        self.state = state or {}

    def path(self, name):
        return f"{self.folder}/{name}"

    @property
    def state_file(self):
        return self.path("state.json")

    @classmethod
    def new(cls, **state):
        """A job under a fresh token; ``state`` is saved with the time it was made."""
        job = cls(secrets.token_urlsafe(18))
        job.state = {**state, "created": time.time()}
        return job

    @classmethod
    def load(cls, token):
        if not valid_token(token):
            return None
        job = cls(token)
        # A state being replaced (deleted, then saved) is missing for a moment: look again.
        for attempt in range(STATE_READS):
            try:
                with default_storage.open(job.state_file, "rb") as handle:
                    job.state = json.loads(handle.read().decode())
                return job
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

    def delete(self):
        for name in (*self.FILES, "state.json"):
            default_storage.delete(self.path(name))
        if isinstance(default_storage, FileSystemStorage):
            # A folder on disk outlives its files (an object store has none to remove).
            with suppress(OSError):
                os.rmdir(os.path.join(default_storage.location, self.folder))

    @classmethod
    def cleanup(cls, now=None):
        """Remove the jobs older than ``KEEP`` (never one whose status is ``KEPT_WHILE``);
        returns how many."""
        now = now or timezone.now()
        try:
            folders, _files = default_storage.listdir(cls.FOLDER)
        except (FileNotFoundError, OSError, NotImplementedError):
            return 0
        removed = 0
        for token in folders:
            job = cls.load(token)
            created = (job.state.get("created") if job else None) or 0
            if job is None:
                try:
                    created = default_storage.get_modified_time(f"{cls.FOLDER}/{token}")
                    created = created.timestamp()
                except (OSError, NotImplementedError):
                    created = 0
                job = cls(token)
            age = now.timestamp() - created
            if age > cls.KEEP.total_seconds() and job.state.get("status") not in cls.KEPT_WHILE:
                job.delete()
                removed += 1
        return removed
