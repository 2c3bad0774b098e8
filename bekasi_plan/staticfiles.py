"""Serve plotly.js from the installed plotly package as ``vendor/plotly.min.js``.

The browser's plotly.js then always matches the Python plotly that builds the figures, and no copy
of the 4.6 MB file lives in the repository. No CDN: government networks are often closed.
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PACKAGE_DATA = Path(plotly.__file__).resolve().parent / "package_data"
FILENAME = "plotly.min.js"
PREFIX = "vendor"
STATIC_PATH = f"{PREFIX}/{FILENAME}"


class PlotlyFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        if path != STATIC_PATH:
            return []
        found = str(PACKAGE_DATA / FILENAME)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=PACKAGE_DATA)
        storage.prefix = PREFIX
        yield FILENAME, storage
