"""The demo's CSV files (``fixtures/bekasi/``) and the reason its history rows carry."""

import csv
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(settings.BASE_DIR) / "fixtures" / "bekasi"
HISTORY_REASON = "Data demo Kota Bekasi"


def read_rows(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
