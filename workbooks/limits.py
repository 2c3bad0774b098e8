"""What a workbook may cost, whatever the file says: sizes, rows, cells and text per cell.

The defaults fit a big city's plan with room to spare (the 4,000-indicator × 5-year workbook is
1.3 MB, 76,000 cells, 15 MB unpacked). A deployment may change them in its settings with
``WORKBOOK_LIMITS = {"max_rows": 500_000, …}``; every value must be a positive whole number (the
system check ``workbooks.E001`` says which is not). ``MAX_UPLOAD_MB`` (the file as uploaded)
stays the project's own setting.
"""

from dataclasses import dataclass, fields

from django.conf import settings
from django.core import checks

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    expanded_mb: int = 300  # every part of the file, unpacked
    sheet_mb: int = 200  # one worksheet part, unpacked
    strings_mb: int = 100  # the shared strings part, unpacked
    other_part_mb: int = 20  # workbook, relationships, content types, styles
    max_parts: int = 10_000  # members of the zip
    max_rows: int = 200_000  # rows per sheet
    max_cells: int = 4_000_000  # cells per sheet
    max_text: int = 10_000  # characters in one cell

    @property
    def upload_bytes(self):
        return settings.MAX_UPLOAD_MB * MB


NAMES = [field.name for field in fields(Limits)]


def problems(overrides):
    """What is wrong with a ``WORKBOOK_LIMITS`` setting, as lines."""
    if not isinstance(overrides, dict):
        return ["WORKBOOK_LIMITS must be a dict"]
    found = []
    for name, value in overrides.items():
        if name not in NAMES:
            found.append(f"WORKBOOK_LIMITS: unknown limit {name!r} (known: {', '.join(NAMES)})")
        elif isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            found.append(f"WORKBOOK_LIMITS[{name!r}] = {value!r}: use a positive whole number")
    return found


def current():
    overrides = getattr(settings, "WORKBOOK_LIMITS", {}) or {}
    if problems(overrides):
        return Limits()  # the system check stops the app; never read a bad limit
    return Limits(**overrides)


@checks.register()
def check_limits(app_configs=None, **kwargs):
    return [
        checks.Error(line, id="workbooks.E001")
        for line in problems(getattr(settings, "WORKBOOK_LIMITS", {}) or {})
    ]
