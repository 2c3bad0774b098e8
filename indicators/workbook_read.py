"""Reading a whole workbook into a plan: streaming, every cell validated, all or nothing.

One reader behind two doors (``manage.py import_workbook`` and the admin's "Unggah workbook").
Sheets are recognised by name (case- and space-insensitively) and processed in dependency order:
Perangkat Daerah → Misi → Tujuan → Sasaran → Program → Indikator → yearly values (the wide
``Target YYYY`` / ``Realisasi YYYY`` columns of any sheet, then the long ``Realisasi`` sheet) →
money (``Pendapatan``: revenue per leaf account, year and stage; ``Pendanaan``: program funding
per program, year and scheme).
Everything runs in one transaction; any error, or a dry run, rolls it back. Writes are bulk
(``bulk_create_with_history`` / ``bulk_update_with_history``), so each change keeps its history.

Yearly values are read and written in batches, so memory stays flat in the number of rows
(apart from one small key per indicator-year, which finds the same value given twice).
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from budgets.models import BudgetStage, FundingScheme, ProgramFunding, RevenueAccount, RevenueValue
from core import numbers
from core.cells import unescape_text

from . import data_version
from .models import (
    Goal,
    ImportBatch,
    Indicator,
    Mission,
    Objective,
    PerangkatDaerah,
    Program,
    Realization,
    Target,
)

MAX_ERRORS = 500  # listed; more are counted
MAX_CHANGES_LISTED = 50  # per sheet, for the preview
BATCH_ROWS = 500
YEAR_COLUMN = re.compile(r"^(target|realisasi)\s*(\d{4})$")

DIRECTIONS = {
    "naik": Indicator.Direction.HIGHER,
    "positif": Indicator.Direction.HIGHER,
    "higher": Indicator.Direction.HIGHER,
    "turun": Indicator.Direction.LOWER,
    "negatif": Indicator.Direction.LOWER,
    "lower": Indicator.Direction.LOWER,
    "rentang": Indicator.Direction.RANGE,
    "range": Indicator.Direction.RANGE,
    "ya-tidak": Indicator.Direction.BINARY,
    "ya/tidak": Indicator.Direction.BINARY,
    "yatidak": Indicator.Direction.BINARY,
    "binary": Indicator.Direction.BINARY,
}
DIRECTION_WORDS = {
    Indicator.Direction.HIGHER: "naik",
    Indicator.Direction.LOWER: "turun",
    Indicator.Direction.RANGE: "rentang",
    Indicator.Direction.BINARY: "ya-tidak",
}
STAGES = {stage.value: stage.value for stage in BudgetStage}
MONEY_SHEETS = ("pendapatan", "pendanaan")
LEVEL_PARENT = {"program": "kode program", "sasaran": "kode sasaran", "tujuan": "kode tujuan"}


class WorkbookUnreadable(Exception):
    """The file cannot be read as a workbook at all (not xlsx, corrupt, too large)."""


class _UncachedFormula:
    def __repr__(self):
        return "<formula without a saved value>"


UNCACHED_FORMULA = _UncachedFormula()


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        return f"{self.sheet}!{self.row}: {self.column}: {self.message}"


@dataclass
class SheetReport:
    name: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: int = 0
    changes: list = field(default_factory=list)

    def note_change(self, text):
        self.changed += 1
        if len(self.changes) < MAX_CHANGES_LISTED:
            self.changes.append(text)


@dataclass
class ImportReport:
    dry_run: bool
    sheets: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    error_count: int = 0
    ignored_sheets: list = field(default_factory=list)
    written: bool = False

    def sheet(self, name):
        if name not in self.sheets:
            self.sheets[name] = SheetReport(name)
        return self.sheets[name]

    def error(self, sheet, row, column, message):
        self.error_count += 1
        self.sheet(sheet).errors += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(CellError(sheet, row, column, message))

    @property
    def ok(self):
        return self.error_count == 0

    @property
    def new(self):
        return sum(s.new for s in self.sheets.values())

    @property
    def changed(self):
        return sum(s.changed for s in self.sheets.values())

    @property
    def unchanged(self):
        return sum(s.unchanged for s in self.sheets.values())


# ---------------------------------------------------------------------------------------------
# Opening the file safely


def max_upload_bytes():
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def check_file(path):
    """Refuse, with one clear line, what is not a workbook we can read safely; before parsing."""
    limit = max_upload_bytes()
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise WorkbookUnreadable(_("Cannot open the file: %s") % exc.strerror) from None
    if size > limit:
        raise WorkbookUnreadable(
            _("The file is %(size).1f MB; the largest accepted is %(limit)s MB.")
            % {"size": size / 1024 / 1024, "limit": settings.MAX_UPLOAD_MB}
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookUnreadable(
            _("This is not an Excel workbook (.xlsx): save it as .xlsx and upload it again.")
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookUnreadable(_("The workbook is damaged (not a readable .xlsx).")) from None
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise WorkbookUnreadable(
            _("This is not an Excel workbook (.xlsx): save it as .xlsx and upload it again.")
        )
    # A small file that unpacks into gigabytes (a zip bomb, a huge shared-strings part) is
    # refused here, before openpyxl reads the shared strings into memory.
    total = sum(member.file_size for member in members)
    strings = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    if total > 10 * limit or strings > 2 * limit:
        raise WorkbookUnreadable(
            _("The workbook unpacks to more than the server accepts; split it into smaller files.")
        )


class _Parser(WorkSheetParser):
    """openpyxl's streaming parser, telling a formula without a saved value from a blank cell."""

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["value"] = UNCACHED_FORMULA
        return cell


def _rows(ws):
    """(row number, {column number: value}) for each non-empty row, streaming."""
    with ws._get_source() as source:
        parser = _Parser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=ws.parent.epoch,
            date_formats=ws.parent._date_formats,
            timedelta_formats=ws.parent._timedelta_formats,
        )
        for number, cells in parser.parse():
            values = {c["column"]: c["value"] for c in cells if c["value"] not in (None, "")}
            if values:
                yield number, values


def normalise(text):
    return " ".join(str(text).split()).lower()


def sheet_key(name):
    return "".join(str(name).split()).lower()


def text_of(value):
    if value is None or value is UNCACHED_FORMULA:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_text(str(value).strip())


# ---------------------------------------------------------------------------------------------
# Sheets


class Sheet:
    """One worksheet: its header, and its rows as {normalised header: value}."""

    def __init__(self, ws, report):
        self.ws = ws
        self.name = ws.title
        self.report = report
        self.header_row = None
        self.columns = {}  # normalised header → column number
        self.titles = {}  # normalised header → as written
        rows = _rows(ws)
        for number, values in rows:
            self.header_row = number
            for column, value in values.items():
                title = " ".join(str(value).split())
                self.columns[normalise(title)] = column
                self.titles[normalise(title)] = title
            break
        self._rest = rows

    @property
    def year_columns(self):
        """[(kind, year, header)] for each ``Target YYYY`` / ``Realisasi YYYY`` column."""
        found = []
        for header in self.columns:
            match = YEAR_COLUMN.match(header)
            if match:
                found.append((match[1], int(match[2]), header))
        return found

    def require(self, *headers):
        missing = [h for h in headers if h not in self.columns]
        for header in missing:
            self.report.error(
                self.name,
                self.header_row or 1,
                header.title(),
                _("required column is missing"),
            )
        return not missing

    def rows(self):
        by_column = {column: header for header, column in self.columns.items()}
        for number, values in self._rest:
            row = {by_column[c]: v for c, v in values.items() if c in by_column}
            if row:
                yield number, row

    def title(self, header):
        return self.titles.get(header, header.title())


def _cell_value(report, sheet, number, header, value):
    """The value, or None with an error for a formula the file holds no result of."""
    if value is UNCACHED_FORMULA:
        report.error(
            sheet.name,
            number,
            sheet.title(header),
            _(
                "formula without a saved result: open the file in a spreadsheet program, "
                "save it, and upload it again"
            ),
        )
        return None
    return value


class WorkbookImport:
    def __init__(self, *, plan, dry_run, by=None, reason="", only_units=None, door="import"):
        self.plan = plan
        self.report = ImportReport(dry_run=dry_run)
        self.by = by
        self.reason = reason or _("Workbook import")
        self.reason_given = bool(reason)
        self.door = door
        # An operator's upload: realisations of these perangkat daerah only, nothing else.
        self.only_units = None if only_units is None else set(only_units)
        self.locked_years = set(plan.locks.values_list("year", flat=True))
        self.seen_targets = {}
        self.seen_realizations = {}

    # -- helpers --------------------------------------------------------------------------

    def err(self, sheet, number, header, message):
        self.report.error(sheet.name, number, sheet.title(header), message)

    def text(self, sheet, number, row, header, required=False):
        value = _cell_value(self.report, sheet, number, header, row.get(header))
        text = text_of(value)
        if required and not text and value is not UNCACHED_FORMULA:
            self.err(sheet, number, header, _("required; the cell is empty"))
        return text

    def number(self, sheet, number, row, header):
        value = _cell_value(self.report, sheet, number, header, row.get(header))
        try:
            return numbers.parse_number(unescape_text(value))
        except numbers.NumberError as exc:
            self.err(sheet, number, header, str(exc))
            return None

    def bulk(self, model, created, updated, fields):
        if created:
            bulk_create_with_history(
                created,
                model,
                batch_size=500,
                default_user=self.by,
                default_change_reason=self.reason,
            )
        if updated:
            bulk_update_with_history(
                updated,
                model,
                fields,
                batch_size=500,
                default_user=self.by,
                default_change_reason=self.reason,
            )

    # -- the run --------------------------------------------------------------------------

    def run(self, path):
        check_file(path)
        try:
            workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise WorkbookUnreadable(
                _("The workbook is damaged or not a readable .xlsx (%s).") % type(exc).__name__
            ) from None
        try:
            with transaction.atomic():
                self._process(workbook)
                self.report.written = self.report.ok and not self.report.dry_run
                if self.report.written:
                    self._record_batch(path)
                    data_version.bump(data_version.EVERY_PLAN)  # bulk writes send no signals
                else:
                    transaction.set_rollback(True)
        except WorkbookUnreadable:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError, SyntaxError) as exc:
            # A part that cannot be decompressed or parsed, found while streaming it.
            raise WorkbookUnreadable(
                _("The workbook is damaged or not a readable .xlsx (%s).") % type(exc).__name__
            ) from None
        except DatabaseError as exc:
            self.report.written = False
            self.report.error("", 0, "", _("the database refused the change: %s") % exc)
        finally:
            workbook.close()
        return self.report

    def _record_batch(self, path):
        report = self.report
        ImportBatch.objects.create(
            file_name=self.reason if self.reason_given else os.path.basename(str(path)),
            plan=self.plan,
            imported_by=self.by,
            door=self.door,
            summary={
                "new": report.new,
                "changed": report.changed,
                "unchanged": report.unchanged,
                "sheets": {
                    name: [s.new, s.changed, s.unchanged] for name, s in report.sheets.items()
                },
            },
        )

    def _process(self, workbook):
        sheets = {}
        wide = []
        for ws in workbook.worksheets:
            key = sheet_key(ws.title)
            if key in {
                "perangkatdaerah",
                "misi",
                "tujuan",
                "sasaran",
                "program",
                "indikator",
                "realisasi",
                *MONEY_SHEETS,
            }:
                sheets[key] = ws
            elif key != "petunjuk":
                wide.append(ws)
        report = self.report
        if self.only_units is not None:
            for key, ws in sheets.items():
                if key in MONEY_SHEETS:
                    report.error(
                        ws.title, 0, "", _("only planning staff may change revenue and funding")
                    )
                elif key != "realisasi":
                    report.error(
                        ws.title, 0, "", _("only planning staff may change the plan's structure")
                    )
        self.units = {u.code: u for u in PerangkatDaerah.objects.all()}
        plan = self.plan
        self.missions = {m.code: m for m in Mission.objects.filter(plan=plan)}
        self.goals = {g.code: g for g in Goal.objects.filter(plan=plan).select_related("mission")}
        self.objectives = {
            o.code: o for o in Objective.objects.filter(plan=plan).select_related("goal")
        }
        self.programs = {
            p.code: p
            for p in Program.objects.filter(plan=plan).select_related(
                "objective", "perangkat_daerah"
            )
        }
        self.indicators = {
            i.code: i
            for i in Indicator.objects.filter(plan=plan).select_related(
                "program", "objective", "goal", "perangkat_daerah"
            )
        }
        if "perangkatdaerah" in sheets:
            self.read_units(Sheet(sheets["perangkatdaerah"], report))
        if "misi" in sheets:
            self.read_missions(Sheet(sheets["misi"], report))
        if "tujuan" in sheets:
            self.read_children(
                Sheet(sheets["tujuan"], report),
                Goal,
                self.goals,
                "kode misi",
                self.missions,
                "mission",
            )
        if "sasaran" in sheets:
            self.read_children(
                Sheet(sheets["sasaran"], report),
                Objective,
                self.objectives,
                "kode tujuan",
                self.goals,
                "goal",
            )
        if "program" in sheets:
            self.read_programs(Sheet(sheets["program"], report))
        if "indikator" in sheets:
            self.read_indicators(Sheet(sheets["indikator"], report))
            sheet = Sheet(sheets["indikator"], report)
            if sheet.year_columns:
                self.read_wide(sheet, structure_sheet=True)
        for ws in wide:
            sheet = Sheet(ws, report)
            if "kode indikator" in sheet.columns and sheet.year_columns:
                self.read_wide(sheet)
            else:
                report.ignored_sheets.append(ws.title)
        if "realisasi" in sheets:
            self.read_long(Sheet(sheets["realisasi"], report))
        if "pendapatan" in sheets:
            self.read_revenue(Sheet(sheets["pendapatan"], report))
        if "pendanaan" in sheets:
            self.read_funding(Sheet(sheets["pendanaan"], report))

    # -- structure sheets -----------------------------------------------------------------

    def _structure(self, sheet, model, existing, required, parse_row, update_fields, make):
        if not sheet.require(*required):
            return
        rows = []
        for number, row in sheet.rows():
            errors_before = self.report.error_count
            code = self.text(sheet, number, row, required[0], required=True)
            values = parse_row(number, row, code, existing.get(code))
            if self.report.error_count == errors_before and values is not None:
                rows.append((code, number, values, make))
        self._upsert(sheet, model, existing, rows, update_fields)

    def _upsert(self, sheet, model, existing, rows, update_fields):
        report = self.report.sheet(sheet.name)
        created, updated, seen = [], [], {}
        for code, number, values, make in rows:
            if code in seen:
                self.err(
                    sheet,
                    number,
                    next(iter(sheet.columns)),
                    _("code %(code)s appears twice in this sheet (also row %(row)s)")
                    % {"code": code, "row": seen[code]},
                )
                continue
            seen[code] = number
            obj = existing.get(code)
            if obj is None:
                obj = make(code)
                for name, value in values.items():
                    setattr(obj, name, value)
                created.append(obj)
                existing[code] = obj
                report.new += 1
                continue
            diffs = []
            for name, value in values.items():
                old = getattr(obj, name)
                if old != value:
                    diffs.append(f"{_describe(old)} → {_describe(value)}")
                    setattr(obj, name, value)
            if diffs:
                updated.append(obj)
                report.note_change(f"{code}: " + "; ".join(diffs))
            else:
                report.unchanged += 1
        if self.report.ok:
            self.bulk(model, created, updated, update_fields)

    def read_units(self, sheet):
        kinds = {normalise(k.value): k.value for k in PerangkatDaerah.Kind}
        kinds.update({normalise(k.label): k.value for k in PerangkatDaerah.Kind})

        def parse(number, row, code, obj):
            values = {}
            name = self.text(sheet, number, row, "nama", required=obj is None)
            if name:
                values["name"] = name
            abbreviation = self.text(sheet, number, row, "singkatan")
            if abbreviation:
                values["abbreviation"] = abbreviation
            kind = self.text(sheet, number, row, "jenis")
            if kind:
                if normalise(kind) not in kinds:
                    self.err(
                        sheet,
                        number,
                        "jenis",
                        _("unknown kind %(kind)r; use one of: %(kinds)s")
                        % {"kind": kind, "kinds": ", ".join(k.value for k in PerangkatDaerah.Kind)},
                    )
                else:
                    values["kind"] = kinds[normalise(kind)]
            elif obj is None:
                values["kind"] = PerangkatDaerah.Kind.LAINNYA
            return values

        self._structure(
            sheet,
            PerangkatDaerah,
            self.units,
            ["kode", "nama"],
            parse,
            ["name", "abbreviation", "kind"],
            lambda code: PerangkatDaerah(code=code),
        )

    def read_missions(self, sheet):
        used = {m.number for m in self.missions.values()}

        def parse(number, row, code, obj):
            values = {}
            text = self.text(sheet, number, row, "uraian", required=obj is None)
            if text:
                values["text"] = text
            given = self.number(sheet, number, row, "nomor") if "nomor" in sheet.columns else None
            if given is not None:
                values["number"] = int(given)
            elif obj is None:
                digits = re.findall(r"\d+", code)
                candidate = int(digits[-1]) if digits else 1
                while candidate in used:
                    candidate += 1
                values["number"] = candidate
            used.add(values.get("number"))
            return values

        self._structure(
            sheet,
            Mission,
            self.missions,
            ["kode", "uraian"],
            parse,
            ["text", "number"],
            lambda code: Mission(plan=self.plan, code=code),
        )

    def read_children(self, sheet, model, existing, parent_header, parents, parent_field):
        def parse(number, row, code, obj):
            values = {}
            text = self.text(sheet, number, row, "uraian", required=obj is None)
            if text:
                values["text"] = text
            parent_code = self.text(sheet, number, row, parent_header, required=obj is None)
            if parent_code:
                parent = parents.get(parent_code)
                if parent is None:
                    self.err(sheet, number, parent_header, _("unknown code %s") % parent_code)
                else:
                    values[parent_field] = parent
            return values

        self._structure(
            sheet,
            model,
            existing,
            ["kode", "uraian", parent_header],
            parse,
            ["text", parent_field],
            lambda code: model(plan=self.plan, code=code),
        )

    def read_programs(self, sheet):
        def parse(number, row, code, obj):
            values = {}
            name = self.text(sheet, number, row, "nama program", required=obj is None)
            if name:
                values["name"] = name
            for header, lookup, name in (
                ("kode sasaran", self.objectives, "objective"),
                ("kode perangkat daerah", self.units, "perangkat_daerah"),
            ):
                parent_code = self.text(sheet, number, row, header, required=obj is None)
                if parent_code:
                    if parent_code not in lookup:
                        self.err(sheet, number, header, _("unknown code %s") % parent_code)
                    else:
                        values[name] = lookup[parent_code]
            return values

        self._structure(
            sheet,
            Program,
            self.programs,
            ["kode program", "nama program", "kode sasaran", "kode perangkat daerah"],
            parse,
            ["name", "objective", "perangkat_daerah"],
            lambda code: Program(plan=self.plan, code=code),
        )

    def read_indicators(self, sheet):
        levels = {level.value for level in Indicator.Level}
        parents = {
            "program": ("kode program", self.programs),
            "sasaran": ("kode sasaran", self.objectives),
            "tujuan": ("kode tujuan", self.goals),
        }
        fields = {"program": "program", "sasaran": "objective", "tujuan": "goal"}

        def parse(number, row, code, obj):
            values = {}
            for header, name in (("nama indikator", "name"), ("satuan", "unit")):
                text = self.text(sheet, number, row, header, required=obj is None)
                if text:
                    values[name] = text
            direction = self.text(sheet, number, row, "arah", required=obj is None)
            if direction:
                if normalise(direction) not in DIRECTIONS:
                    self.err(
                        sheet,
                        number,
                        "arah",
                        _("unknown direction %(value)r; use naik, turun, rentang or ya-tidak")
                        % {"value": direction},
                    )
                else:
                    values["direction"] = DIRECTIONS[normalise(direction)]
            level = normalise(self.text(sheet, number, row, "tingkat", required=obj is None))
            if level and level not in levels:
                self.err(
                    sheet,
                    number,
                    "tingkat",
                    _("unknown level %(value)r; use tujuan, sasaran or program") % {"value": level},
                )
            elif level:
                header, lookup = parents[level]
                parent_code = self.text(sheet, number, row, header)
                if not parent_code:
                    self.err(
                        sheet,
                        number,
                        header,
                        _("required for an indicator at level %s") % level,
                    )
                elif parent_code not in lookup:
                    self.err(sheet, number, header, _("unknown code %s") % parent_code)
                else:
                    values["level"] = level
                    for other, name in fields.items():
                        values[name] = lookup[parent_code] if other == level else None
            unit_code = self.text(sheet, number, row, "kode perangkat daerah")
            if unit_code:
                if unit_code not in self.units:
                    self.err(
                        sheet, number, "kode perangkat daerah", _("unknown code %s") % unit_code
                    )
                else:
                    values["perangkat_daerah"] = self.units[unit_code]
            elif obj is None:
                program = values.get("program")
                if program is not None:
                    values["perangkat_daerah"] = program.perangkat_daerah
                else:
                    self.err(
                        sheet, number, "kode perangkat daerah", _("required; the cell is empty")
                    )
            for header, name in (("kondisi awal", "baseline"), ("target akhir", "final_target")):
                if header in sheet.columns:
                    value = self.number(sheet, number, row, header)
                    if value is not None:
                        values[name] = value
            return values

        self._structure(
            sheet,
            Indicator,
            self.indicators,
            ["kode indikator", "nama indikator", "satuan", "arah", "tingkat"],
            parse,
            [
                "name",
                "unit",
                "direction",
                "level",
                "program",
                "objective",
                "goal",
                "perangkat_daerah",
                "baseline",
                "final_target",
            ],
            lambda code: Indicator(plan=self.plan, code=code),
        )

    # -- yearly values --------------------------------------------------------------------

    def _indicator(self, sheet, number, row):
        code = self.text(sheet, number, row, "kode indikator", required=True)
        if not code:
            return None
        indicator = self.indicators.get(code)
        if indicator is None:
            self.err(sheet, number, "kode indikator", _("unknown indicator code %s") % code)
            return None
        if self.only_units is not None and indicator.perangkat_daerah_id not in self.only_units:
            self.err(
                sheet,
                number,
                "kode indikator",
                _("%(code)s belongs to %(unit)s, not to your perangkat daerah")
                % {"code": code, "unit": indicator.perangkat_daerah},
            )
            return None
        return indicator

    def _year_ok(self, sheet, number, header, year):
        if year not in self.plan.years:
            self.err(
                sheet,
                number,
                header,
                _("%(year)s lies outside the plan period %(start)s–%(end)s")
                % {"year": year, "start": self.plan.start_year, "end": self.plan.end_year},
            )
            return False
        if year in self.locked_years:
            self.err(sheet, number, header, _("%(year)s is locked") % {"year": year})
            return False
        return True

    def _target(self, sheet, number, header, indicator, raw):
        raw = unescape_text(_cell_value(self.report, sheet, number, header, raw))
        try:
            if indicator.direction == Indicator.Direction.RANGE:
                band = numbers.parse_range(raw)
                return None if band is None else (None, *band)
            if indicator.direction == Indicator.Direction.BINARY:
                value = numbers.parse_yes_no(raw)
            else:
                value = numbers.parse_number(raw)
        except numbers.NumberError as exc:
            self.err(sheet, number, header, str(exc))
            return None
        return None if value is None else (value, None, None)

    def _realization(self, sheet, number, header, indicator, raw):
        raw = unescape_text(_cell_value(self.report, sheet, number, header, raw))
        try:
            if indicator.direction == Indicator.Direction.BINARY:
                return numbers.parse_yes_no(raw)
            return numbers.parse_number(raw)
        except numbers.NumberError as exc:
            self.err(sheet, number, header, str(exc))
            return None

    def _once(self, seen, sheet, number, header, indicator, year, kind):
        key = (indicator.code, year)
        if key in seen:
            self.err(
                sheet,
                number,
                header,
                _(
                    "%(kind)s of %(code)s for %(year)s is given twice in this file (first at %(first)s)"
                )
                % {"kind": kind, "code": indicator.code, "year": year, "first": seen[key]},
            )
            return False
        seen[key] = f"{sheet.name}!{number}"
        return True

    def read_wide(self, sheet, structure_sheet=False):
        columns = []
        for kind, year, header in sheet.year_columns:
            if self._year_ok(sheet, sheet.header_row, header, year):
                columns.append((kind, year, header))
        batch = _Batch(self, sheet, count_rows=not structure_sheet)
        for number, row in sheet.rows():
            indicator = self._indicator(sheet, number, row)
            if indicator is None:
                continue
            for kind, year, header in columns:
                raw = row.get(header)
                if numbers.is_blank(raw):
                    continue
                if kind == "target":
                    value = self._target(sheet, number, header, indicator, raw)
                    if value is not None and self._once(
                        self.seen_targets, sheet, number, header, indicator, year, _("the target")
                    ):
                        batch.targets[(indicator.pk, year)] = (indicator, value)
                else:
                    value = self._realization(sheet, number, header, indicator, raw)
                    if value is not None and self._once(
                        self.seen_realizations,
                        sheet,
                        number,
                        header,
                        indicator,
                        year,
                        _("the realisation"),
                    ):
                        batch.realizations[(indicator.pk, year)] = (indicator, value, None)
            batch.rows += 1
            if batch.rows >= BATCH_ROWS:
                batch.flush()
        batch.flush()

    def read_long(self, sheet):
        if not sheet.require("kode indikator", "tahun"):
            return
        if "target" not in sheet.columns and "realisasi" not in sheet.columns:
            sheet.require("realisasi")
            return
        batch = _Batch(self, sheet)
        for number, row in sheet.rows():
            indicator = self._indicator(sheet, number, row)
            year_value = self.number(sheet, number, row, "tahun")
            if year_value is None:
                if "tahun" not in row:
                    self.err(sheet, number, "tahun", _("required; the cell is empty"))
                continue
            if indicator is None or year_value != int(year_value):
                if indicator is not None:
                    self.err(sheet, number, "tahun", _("a year is a whole number"))
                continue
            year = int(year_value)
            if not self._year_ok(sheet, number, "tahun", year):
                continue
            raw_target = row.get("target")
            if not numbers.is_blank(raw_target):
                value = self._target(sheet, number, "target", indicator, raw_target)
                if value is not None and self._once(
                    self.seen_targets, sheet, number, "target", indicator, year, _("the target")
                ):
                    batch.targets[(indicator.pk, year)] = (indicator, value)
            raw = row.get("realisasi")
            note = text_of(row.get("keterangan")) if "keterangan" in row else None
            value = None
            if not numbers.is_blank(raw):
                value = self._realization(sheet, number, "realisasi", indicator, raw)
                if value is None:
                    continue
            if (value is not None or note) and self._once(
                self.seen_realizations,
                sheet,
                number,
                "realisasi",
                indicator,
                year,
                _("the realisation"),
            ):
                batch.realizations[(indicator.pk, year)] = (indicator, value, note, number)
            batch.rows += 1
            if batch.rows >= BATCH_ROWS:
                batch.flush()
        batch.flush()

    # -- money: revenue and program funding ---------------------------------------------

    def _money_year(self, sheet, number, row):
        """The row's ``Tahun`` within the plan period, or None with an error."""
        value = self.number(sheet, number, row, "tahun")
        if value is None:
            if "tahun" not in row:
                self.err(sheet, number, "tahun", _("required; the cell is empty"))
            return None
        if value != int(value):
            self.err(sheet, number, "tahun", _("a year is a whole number"))
            return None
        if int(value) not in self.plan.years:
            self.err(
                sheet,
                number,
                "tahun",
                _("%(year)s lies outside the plan period %(start)s–%(end)s")
                % {"year": int(value), "start": self.plan.start_year, "end": self.plan.end_year},
            )
            return None
        return int(value)

    def _amount(self, sheet, number, row, header):
        """An exact amount, or None for a blank cell (or a missing column, or an error)."""
        value = _cell_value(self.report, sheet, number, header, row.get(header))
        if value is UNCACHED_FORMULA:
            return None
        try:
            return numbers.parse_money(unescape_text(value))
        except numbers.NumberError as exc:
            self.err(sheet, number, header, str(exc))
            return None

    def _money_once(self, seen, sheet, number, header, key, label):
        if key in seen:
            self.err(
                sheet,
                number,
                header,
                _("%(key)s is given twice in this file (first at %(first)s)")
                % {"key": label, "first": seen[key]},
            )
            return False
        seen[key] = f"{sheet.name}!{number}"
        return True

    def read_revenue(self, sheet):
        """``Pendapatan``: target and realisation per leaf account, year and budget stage."""
        self.report.sheet(sheet.name)
        if not sheet.require("kode rekening", "tahun", "tahap"):
            return
        if "target" not in sheet.columns and "realisasi" not in sheet.columns:
            sheet.require("target", "realisasi")
            return
        accounts = {a.code: a for a in RevenueAccount.objects.all()}
        parents = {a.parent_id for a in accounts.values()}
        seen, batch = {}, {}
        for number, row in sheet.rows():
            errors_before = self.report.error_count
            code = self.text(sheet, number, row, "kode rekening", required=True)
            account = accounts.get(code)
            if code and account is None:
                self.err(sheet, number, "kode rekening", _("unknown account code %s") % code)
            elif account is not None and account.pk in parents:
                self.err(
                    sheet,
                    number,
                    "kode rekening",
                    _(
                        "%(code)s has sub-accounts: its values are the sums of theirs. "
                        "Enter values on the sub-accounts."
                    )
                    % {"code": code},
                )
            year = self._money_year(sheet, number, row)
            stage_text = self.text(sheet, number, row, "tahap", required=True)
            stage = STAGES.get(normalise(stage_text)) if stage_text else None
            if stage_text and stage is None:
                self.err(
                    sheet,
                    number,
                    "tahap",
                    _("unknown stage %(value)r; use murni or perubahan") % {"value": stage_text},
                )
            values = {
                "target": self._amount(sheet, number, row, "target"),
                "realization": self._amount(sheet, number, row, "realisasi"),
            }
            if self.report.error_count != errors_before:
                continue
            key = (code, year, stage)
            if self._money_once(
                seen, sheet, number, "kode rekening", key, f"{code} {year} {stage}"
            ):
                batch[key] = (account, number, values)
            if len(batch) >= BATCH_ROWS:
                self._write_revenue(sheet, batch)
                batch = {}
        self._write_revenue(sheet, batch)

    def _write_revenue(self, sheet, batch):
        if not batch:
            return
        stored = {
            (v.account.code, v.year, v.stage): v
            for v in RevenueValue.objects.filter(
                account__code__in={key[0] for key in batch}, year__in={key[1] for key in batch}
            ).select_related("account")
        }
        created, updated = self._money_changes(
            sheet,
            batch,
            stored,
            {"target": _("target"), "realization": _("realisation")},
            lambda key, account, values: RevenueValue(
                account=account, year=key[1], stage=key[2], **values
            ),
        )
        if self.report.ok:
            self.bulk(RevenueValue, created, updated, ["target", "realization"])

    def read_funding(self, sheet):
        """``Pendanaan``: allocation (pagu) and spending per program, year and funding scheme."""
        self.report.sheet(sheet.name)
        if not sheet.require("kode program", "tahun", "skema"):
            return
        if "pagu" not in sheet.columns and "realisasi" not in sheet.columns:
            sheet.require("pagu", "realisasi")
            return
        every_scheme = list(FundingScheme.objects.all())
        schemes = {normalise(scheme.name): scheme for scheme in every_scheme}
        schemes.update({normalise(scheme.code): scheme for scheme in every_scheme})
        seen, batch = {}, {}
        for number, row in sheet.rows():
            errors_before = self.report.error_count
            code = self.text(sheet, number, row, "kode program", required=True)
            program = self.programs.get(code)
            if code and program is None:
                self.err(sheet, number, "kode program", _("unknown program code %s") % code)
            year = self._money_year(sheet, number, row)
            scheme_text = self.text(sheet, number, row, "skema", required=True)
            scheme = schemes.get(normalise(scheme_text)) if scheme_text else None
            if scheme_text and scheme is None:
                self.err(
                    sheet,
                    number,
                    "skema",
                    _("unknown funding scheme %(value)r; use one of: %(codes)s")
                    % {
                        "value": scheme_text,
                        "codes": ", ".join(scheme.code for scheme in every_scheme),
                    },
                )
            values = {
                "pagu": self._amount(sheet, number, row, "pagu"),
                "realization": self._amount(sheet, number, row, "realisasi"),
            }
            if self.report.error_count != errors_before:
                continue
            key = (code, year, scheme.code)
            if self._money_once(
                seen, sheet, number, "kode program", key, f"{code} {year} {scheme.code}"
            ):
                batch[key] = ((program, scheme), number, values)
            if len(batch) >= BATCH_ROWS:
                self._write_funding(sheet, batch)
                batch = {}
        self._write_funding(sheet, batch)

    def _write_funding(self, sheet, batch):
        if not batch:
            return
        stored = {
            (f.program.code, f.year, f.scheme.code): f
            for f in ProgramFunding.objects.filter(
                program__plan=self.plan,
                program__code__in={key[0] for key in batch},
                year__in={key[1] for key in batch},
            ).select_related("program", "scheme")
        }
        for key, (_owners, number, values) in list(batch.items()):
            if key not in stored and values["pagu"] is None:
                self.err(
                    sheet,
                    number,
                    "pagu",
                    _("required for funding not stored yet; the cell is empty"),
                )
                del batch[key]
        created, updated = self._money_changes(
            sheet,
            batch,
            stored,
            {"pagu": _("pagu"), "realization": _("realisation")},
            lambda key, owners, values: ProgramFunding(
                program=owners[0], year=key[1], scheme=owners[1], **values
            ),
        )
        if self.report.ok:
            self.bulk(ProgramFunding, created, updated, ["pagu", "realization"])

    def _money_changes(self, sheet, batch, stored, labels, make):
        """New and changed rows of a batch; blank cells keep what is stored."""
        report = self.report.sheet(sheet.name)
        created, updated = [], []
        for key, (owner, _number, values) in batch.items():
            given = {name: value for name, value in values.items() if value is not None}
            obj = stored.get(key)
            if obj is None:
                if given:
                    created.append(make(key, owner, given))
                    report.new += 1
                continue
            diffs = []
            for name, value in given.items():
                old = getattr(obj, name)
                if old != value:
                    diffs.append(f"{labels[name]}: {_describe(old)} → {_describe(value)}")
                    setattr(obj, name, value)
            if diffs:
                report.note_change(" ".join(str(part) for part in key) + " " + "; ".join(diffs))
                updated.append(obj)
            else:
                report.unchanged += 1
        return created, updated


class _Batch:
    """Values read from a few hundred rows, compared with the stored ones and written in bulk."""

    def __init__(self, run, sheet, count_rows=True):
        self.run = run
        self.sheet = sheet
        self.report = run.report.sheet(sheet.name)
        self.targets = {}
        self.realizations = {}
        self.rows = 0

    def flush(self):
        ids = {key[0] for key in self.targets} | {key[0] for key in self.realizations}
        if ids:
            self._targets(ids)
            self._realizations(ids)
        self.targets, self.realizations, self.rows = {}, {}, 0

    def _targets(self, ids):
        if not self.targets:
            return
        stored = {
            (t.indicator_id, t.year): t
            for t in Target.objects.filter(indicator_id__in=ids, year__in=self.run.plan.years)
        }
        created, updated = [], []
        for key, (indicator, (value, low, high)) in self.targets.items():
            target = stored.get(key)
            if target is None:
                created.append(
                    Target(indicator_id=key[0], year=key[1], value=value, low=low, high=high)
                )
                self.report.new += 1
            elif (target.value, target.low, target.high) != (value, low, high):
                self.report.note_change(
                    f"{indicator.code} {key[1]} target: {_describe_target(target.value, target.low, target.high)}"
                    f" → {_describe_target(value, low, high)}"
                )
                target.value, target.low, target.high = value, low, high
                updated.append(target)
            else:
                self.report.unchanged += 1
        if self.run.report.ok:
            self.run.bulk(Target, created, updated, ["value", "low", "high"])

    def _realizations(self, ids):
        if not self.realizations:
            return
        stored = {
            (r.indicator_id, r.year): r
            for r in Realization.objects.filter(indicator_id__in=ids, year__in=self.run.plan.years)
        }
        created, updated = [], []
        for key, (indicator, value, note, *where) in self.realizations.items():
            realization = stored.get(key)
            if realization is None:
                if value is None:
                    self.run.err(
                        self.sheet,
                        where[0] if where else 0,
                        "realisasi",
                        _("a note (keterangan) needs a realisation value"),
                    )
                    continue
                created.append(
                    Realization(indicator_id=key[0], year=key[1], value=value, note=note or "")
                )
                self.report.new += 1
                continue
            diffs = []
            if value is not None and realization.value != value:
                diffs.append(f"{_describe(realization.value)} → {_describe(value)}")
                realization.value = value
                if realization.status != Realization.Status.SUBMITTED:
                    realization.status = Realization.Status.DRAFT  # verified values go back
            if note is not None and realization.note != note:
                diffs.append(f"{_('note')}: {realization.note!r} → {note!r}")
                realization.note = note
            if diffs:
                self.report.note_change(
                    f"{indicator.code} {key[1]} {_('realisation')}: " + "; ".join(diffs)
                )
                updated.append(realization)
            else:
                self.report.unchanged += 1
        if self.run.report.ok:
            self.run.bulk(Realization, created, updated, ["value", "note", "status"])


def _describe(value):
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return numbers.format_plain(value)
    if hasattr(value, "code"):
        return value.code
    return str(value)


def _describe_target(value, low, high):
    if value is None and low is not None:
        return f"{numbers.format_plain(low)} - {numbers.format_plain(high)}"
    return _describe(value)


def import_workbook(
    path, *, plan, dry_run=False, by=None, reason="", only_units=None, door="import"
):
    """Read the workbook at ``path`` into ``plan``; returns an :class:`ImportReport`.

    Raises :class:`WorkbookUnreadable` for a file that is not a readable xlsx (or too large).
    Nothing is written when the report has errors, or for a dry run.
    """
    return WorkbookImport(
        plan=plan, dry_run=dry_run, by=by, reason=reason, only_units=only_units, door=door
    ).run(path)
