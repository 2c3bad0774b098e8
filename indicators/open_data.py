"""Open data: every indicator of a plan year with its target, realisation, capaian and status,
as CSV, XLSX and JSON under stable addresses (``/data/<plan>/<year>/indikator.<format>``).

Which values are published: the ones the dashboard counts by default. When the plan counts
verified realisations only (``Plan.count_verified_only``), a realisation not yet verified is
published as missing (its indicator is then "belum ada data"), exactly as the dashboard shows
it; otherwise every stored realisation is published, each row labelled with its verification
status. Each row also says whether its year is locked (final). The files are always in
Indonesian (the column names are a contract for users' scripts); numbers are machine-readable
(a decimal point, no grouping), capaian as printed reports show it (half-up to two decimals,
never rounded up to the threshold).
"""

import csv
import io
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.cells import escape_text, xlsx_text
from core.json_numbers import capaian_as_json, number_as_json

from . import achievement
from .models import Indicator, Realization

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}

# (JSON key, column heading): English msgids, written in Indonesian (a context of their own: a
# heading is a fixed name, whatever the same words read like on a page).
COLUMNS = [
    ("rencana", pgettext_lazy("open data column", "Plan")),
    ("tahun", pgettext_lazy("open data column", "Year")),
    ("kode_indikator", pgettext_lazy("open data column", "Indicator code")),
    ("nama_indikator", pgettext_lazy("open data column", "Indicator name")),
    ("tingkat", pgettext_lazy("open data column", "Level")),
    ("satuan", pgettext_lazy("open data column", "Unit")),
    ("arah", pgettext_lazy("open data column", "Direction")),
    ("kode_perangkat_daerah", pgettext_lazy("open data column", "Perangkat daerah code")),
    ("nama_perangkat_daerah", pgettext_lazy("open data column", "Perangkat daerah name")),
    ("target", pgettext_lazy("open data column", "Target")),
    ("target_bawah", pgettext_lazy("open data column", "Target (low)")),
    ("target_atas", pgettext_lazy("open data column", "Target (high)")),
    ("realisasi", pgettext_lazy("open data column", "Realisation")),
    ("capaian", pgettext_lazy("open data column", "Capaian (%)")),
    ("status", pgettext_lazy("open data column", "Status")),
    ("predikat", pgettext_lazy("open data column", "Band")),
    ("status_verifikasi", pgettext_lazy("open data column", "Verification")),
    ("tahun_dikunci", pgettext_lazy("open data column", "Year locked")),
]
NUMBER_KEYS = {"target", "target_bawah", "target_atas", "realisasi", "capaian"}


def status_word(status):
    return {
        achievement.Status.ACHIEVED: _("achieved"),
        achievement.Status.NOT_ACHIEVED: _("not achieved"),
        achievement.Status.NO_DATA: _("no data"),
    }[achievement.Status(status)]


@dataclass
class OpenDataSet:
    plan: object
    year: int
    rows: list  # dicts keyed as COLUMNS, numbers as int/float/None, words in Indonesian

    @property
    def licence(self):
        return settings.OPEN_DATA_LICENCE

    def filename(self, extension):
        return f"indikator-{self.plan.code}-{self.year}.{extension}"


def open_data(plan, year):
    """The plan year's published rows: one SQL query for the indicators, one for the locks."""
    locked = year in plan.locked_years()
    verified_only = plan.count_verified_only
    values = (
        Indicator.objects.filter(plan=plan)
        .with_year(year, verified_only)
        .with_achievement(plan)
        .order_by("code")
        .values_list(
            "code",
            "name",
            "level",
            "unit",
            "direction",
            "perangkat_daerah__code",
            "perangkat_daerah__name",
            "year_target__value",
            "year_target__low",
            "year_target__high",
            "year_realization__value",
            "year_realization__status",
            "achievement_status",
            "achievement_capaian",
            "achievement_band",
        )
    )
    threshold = plan.achievement_threshold
    with translation.override("id"):
        directions = dict(Indicator.Direction.choices)
        verification = dict(Realization.Status.choices)
        rows = []
        for (
            code,
            name,
            level,
            unit,
            direction,
            unit_code,
            unit_name,
            target,
            low,
            high,
            realization,
            realization_status,
            status,
            capaian,
            band,
        ) in values:
            rows.append(
                {
                    "rencana": plan.code,
                    "tahun": year,
                    "kode_indikator": code,
                    "nama_indikator": name,
                    "tingkat": level,
                    "satuan": unit,
                    "arah": str(directions.get(direction, direction)),
                    "kode_perangkat_daerah": unit_code,
                    "nama_perangkat_daerah": unit_name,
                    "target": number_as_json(target),
                    "target_bawah": number_as_json(low) if target is None else None,
                    "target_atas": number_as_json(high) if target is None else None,
                    "realisasi": number_as_json(realization),
                    "capaian": capaian_as_json(capaian, threshold=threshold),
                    "status": str(status_word(status)),
                    "predikat": band or None,
                    "status_verifikasi": str(verification[realization_status])
                    if realization_status
                    else None,
                    "tahun_dikunci": locked,
                }
            )
    return OpenDataSet(plan=plan, year=year, rows=rows)


def headings():
    with translation.override("id"):
        return [str(heading) for _key, heading in COLUMNS]


def licence_line(data):
    with translation.override("id"):
        return _("Licence: %(licence)s") % {"licence": data.licence}


def cell_text(key, value):
    """A cell as text: numbers with a decimal point, yes/no for the lock, blank for none, and
    text a spreadsheet would run as a formula escaped (:func:`core.cells.escape_text`)."""
    if value is None:
        return ""
    if key == "tahun_dikunci":
        with translation.override("id"):
            return str(_("yes") if value else _("no"))
    if key in NUMBER_KEYS or key == "tahun":
        return str(value)
    return escape_text(str(value))


def as_csv(data):
    """UTF-8 with a byte-order mark (Excel then reads the letters right), comma-separated,
    quoted where needed; the licence on the first line, the headings on the second."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([licence_line(data)])
    writer.writerow(headings())
    keys = [key for key, _heading in COLUMNS]
    for row in data.rows:
        writer.writerow([cell_text(key, row[key]) for key in keys])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_json(data):
    body = {
        "lisensi": data.licence,
        "rencana": {"kode": data.plan.code, "nama": data.plan.name},
        "tahun": data.year,
        "hanya_terverifikasi": data.plan.count_verified_only,
        "kolom": dict(zip((key for key, _h in COLUMNS), headings(), strict=True)),
        "indikator": data.rows,
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def as_xlsx(data):
    """One sheet: the licence in the first row, the headings in the second (frozen), numbers as
    numeric cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    with translation.override("id"):
        sheet = book.create_sheet(str(_("Indicators")))
    sheet.freeze_panes = "A3"
    sheet.append([licence_line(data)])
    bold = []
    for heading in headings():
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    keys = [key for key, _heading in COLUMNS]
    for row in data.rows:
        cells = []
        for key in keys:
            value = row[key]
            if key in NUMBER_KEYS or key == "tahun" or value is None:
                cells.append(value)
            else:
                cells.append(xlsx_text(cell_text(key, value)))
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WRITERS = {"csv": as_csv, "xlsx": as_xlsx, "json": as_json}
