"""A printed table's layout: its cells with the merged ones filled, its title rows, its header
(one or several rows, a row of column numbers below) and the role of each column.

Pure Python over ``{row: {column: value}}``: no database, no workbook engine.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

HEADER_SEARCH = 10  # the header starts within the first rows
LEVELS = ("misi", "tujuan", "sasaran", "program", "kegiatan")
GROUPS = ("urusan", "aspek", "fokus")


def words(value):
    return " ".join(str(value).split()).lower() if value is not None else ""


class Grid:
    """The sheet's cells; ``merged`` ranges hold their value in every cell they span."""

    def __init__(self, rows, merged=()):
        self.rows = {number: dict(values) for number, values in rows}
        self.merged = list(merged)
        self.span = {}  # (row, column) → (first row, first column, last row, last column)
        for ranged in self.merged:
            first_row, first_col, last_row, last_col = ranged
            for r in range(first_row, last_row + 1):
                for c in range(first_col, last_col + 1):
                    self.span[(r, c)] = ranged
        self.last_row = max(self.rows, default=0)
        self.last_col = max((c for values in self.rows.values() for c in values), default=0)

    def value(self, row, column):
        """The cell's own value, or its merged range's."""
        ranged = self.span.get((row, column))
        if ranged is not None:
            return self.rows.get(ranged[0], {}).get(ranged[1])
        return self.rows.get(row, {}).get(column)

    def own(self, row, column):
        return self.rows.get(row, {}).get(column)

    def continues(self, row, column):
        """Whether the cell lies in a merged range that began above it (a merged heading)."""
        ranged = self.span.get((row, column))
        return ranged is not None and ranged[0] < row

    def spans_columns(self, row, column):
        ranged = self.span.get((row, column))
        return ranged is not None and ranged[1] != ranged[3]

    def texts(self, row):
        return [(c, v) for c, v in sorted(self.rows.get(row, {}).items()) if not blank(v)]


def blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


# -- column roles -------------------------------------------------------------------------

INDICATOR = re.compile(r"^(indikator|uraian|nama indikator|indicator)\b|(/|\bdan)\s*indikator\b")
UNIT = re.compile(r"\bsatuan\b")
CODE = re.compile(r"^(kode|no\.?|nomor|no urut)\b")
UNIT_RESPONSIBLE = re.compile(
    r"perangkat daerah|\bopd\b|\bskpd\b|penanggung ?jawab|\bpd\b|unit kerja|pelaksana"
)
DIRECTION = re.compile(r"positif ?/ ?negatif|\barah\b|polaritas|\bsifat\b")
CALCULATION = re.compile(r"tipe peng?hitungan|cara (peng)?hitung|metode (peng)?hitungan")
BASELINE = re.compile(
    r"kondisi (kinerja )?(pada )?awal|capaian awal|baseline|tahun awal|data awal|kinerja awal|"
    r"awal periode|tahun dasar|"
    r"kondisi eksisting|tahun ?-? ?0\b|tahun ke ?-? ?0\b"
)
FINAL = re.compile(r"kondisi (kinerja )?akhir|target akhir|akhir periode|akhir renstra|akhir rpjmd")
MONEY = re.compile(
    r"^(rp\b.*|pagu.*|anggaran.*|dana|kebutuhan dana.*|pendanaan|\(rp\b.*\)|rupiah.*|k?rp)$"
)
REALISATION = re.compile(r"\brealisasi\b|\breal\.?\b")
CAPAIAN = re.compile(r"\bcapaian\b|\bpersentase capaian\b|\btingkat capaian\b")
TARGET = re.compile(r"\bt[ar]{2}get\b|\bk\b|\bkinerja\b")
DEFINITION = re.compile(r"definisi|formulasi|rumus")
SOURCE = re.compile(r"sumber data")
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d|2100)\b")
RELATIVE = re.compile(
    r"\btahun\s*(?:ke)?\s*[-–]?\s*([0-8])\b|\bth\.?\s*([0-8])\b|\bthn\.?\s*([0-8])\b"
)


@dataclass
class Column:
    number: int
    parts: list
    role: str = "ignore"  # see ROLES
    year: int | None = None  # a calendar year
    relative: int | None = None  # Tahun N
    level: str | None = None  # for a hierarchy column: its level, or "mixed"
    levels: tuple = ()  # the levels a mixed hierarchy column names, in order
    chosen: bool = False  # set by the planner's choice

    @property
    def letter(self):
        return get_column_letter(self.number)

    @property
    def label(self):
        return " / ".join(self.parts)

    def as_dict(self, year=None):
        return {
            "letter": self.letter,
            "label": self.label,
            "role": self.role,
            "year": year,
            "relative": self.relative,
            "level": self.level,
            "chosen": self.chosen,
        }


YEARLY = ("target", "realisation", "capaian", "money")
ROLES = (
    "indicator",
    "unit",
    "code",
    "perangkat_daerah",
    "direction",
    "calculation",
    "baseline",
    "final",
    "final_money",
    "target",
    "realisation",
    "capaian",
    "money",
    "hierarchy",
    "definition",
    "data_source",
    "ignore",
)


def classify(column):
    """The role of a column from its header parts (top to bottom)."""
    parts = [words(p) for p in column.parts if not blank(p)]
    label, last = " ".join(parts), (parts[-1] if parts else "")
    for part in reversed(parts):
        found = YEAR.search(part)
        if found:
            column.year = int(found[1])
            break
        found = RELATIVE.search(part)
        if found:
            column.relative = int(next(g for g in found.groups() if g))
            break
    if column.year is None and column.relative is None:
        found = RELATIVE.search(label)  # "Target Tahun ke-" above "1"
        if found:
            column.relative = int(next(g for g in found.groups() if g))
    timed = column.year is not None or column.relative is not None
    if MONEY.match(last.strip(" .:()")) or (last.startswith("rp") and len(last) <= 6):
        column.role = "final_money" if FINAL.search(label) else "money"
    elif BASELINE.search(label) or (column.relative == 0 and not REALISATION.search(label)):
        column.role = "baseline"
    elif FINAL.search(label):
        column.role = "final"
    elif REALISATION.search(last) or (REALISATION.search(label) and timed):
        column.role = "realisation"
    elif CAPAIAN.search(last) and timed:
        column.role = "capaian"
    elif INDICATOR.search(label):
        column.role = "indicator"
        column.levels = tuple(hierarchy_levels(label.split("indikator")[0]))
    elif timed:
        column.role = "target"
    elif UNIT.search(label):
        column.role = "unit"
    elif CODE.match(label):
        column.role = "code"
    elif DIRECTION.search(label):
        column.role = "direction"
    elif CALCULATION.search(label):
        column.role = "calculation"
    elif hierarchy_levels(label):
        column.role = "hierarchy"
        found = hierarchy_levels(label)
        column.levels = tuple(found)
        column.level = found[0] if len(found) == 1 else "mixed"
    elif UNIT_RESPONSIBLE.search(label):
        column.role = "perangkat_daerah"
    elif TARGET.search(label) or timed:
        column.role = "target"
    elif DEFINITION.search(label):
        column.role = "definition"
    elif SOURCE.search(label):
        column.role = "data_source"
    if column.role == "hierarchy" and UNIT_RESPONSIBLE.search(label):
        column.role = "perangkat_daerah"
    return column


def hierarchy_levels(label):
    found = []
    for level in (*LEVELS, *GROUPS):
        if re.search(rf"\b{level}\b", label):
            found.append(level)
    return found


# -- the header ---------------------------------------------------------------------------

NUMBER_CELL = re.compile(r"^[(\[]?\s*\d{1,2}\s*[)}\]]?$")


def column_numbers_row(grid, row, width=0):
    """A row of column numbers ``1 2 3 …`` or ``(1) (2) …``: at least three, increasing, over
    most of the table's ``width`` (``Tahun ke-`` over ``1 2 3 4 5`` is a header row)."""
    cells = grid.texts(row)
    if len(cells) < max(3, int(width * 0.6)):
        return False
    found = []
    for _c, value in cells:
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        if not NUMBER_CELL.match(text.strip()):
            return False
        found.append(int(re.sub(r"\D", "", text)))
    return all(b > a for a, b in zip(found, found[1:], strict=False))


HEADER_WORD = re.compile(
    r"^(t[ar]{2}get|rp\.?|realisasi|capaian|k|%|tahun\s*[-–]?\s*\d|th\.?\s*\d|\d{4}|[0-8]|"
    r"kondisi.*|satuan|kinerja|pagu|anggaran|\(rp\.?\)|capaian\s*\(%\)|nilai)$"
)


@dataclass
class Header:
    first: int
    last: int
    numbers_row: int | None
    title_rows: list = field(default_factory=list)
    columns: dict = field(default_factory=dict)  # column number → Column

    @property
    def data_start(self):
        return (self.numbers_row or self.last) + 1

    def rows_text(self):
        last = self.numbers_row or self.last
        return f"{self.first}–{last}" if last != self.first else str(self.first)

    def signature(self):
        """The table's shape: its header labels, as a short stable text."""
        labels = "|".join(words(c.label) for _n, c in sorted(self.columns.items()))
        return hashlib.sha256(labels.encode()).hexdigest()[:32]


class NoHeader(Exception):
    """What the table lacks (``what``) in rows ``first``–``last``."""

    def __init__(self, what, first, last):
        super().__init__(what)
        self.what, self.first, self.last = what, first, last


def find_header(grid):
    """The header: the first row (within the first rows) naming an indicator column, the rows its
    merged cells span, the header-word rows below it, and a row of column numbers."""
    last_search = min(grid.last_row, HEADER_SEARCH)
    first = None
    for row in range(1, last_search + 1):
        labels = [words(v) for _c, v in grid.texts(row)]
        if any(INDICATOR.search(label) and len(label) <= 120 for label in labels) and (
            len(labels) >= 2
        ):
            first = row
            break
    if first is None:
        raise NoHeader("indicator", 1, max(last_search, 1))
    last = first
    for column in range(1, grid.last_col + 1):
        ranged = grid.span.get((first, column))
        if ranged is not None and ranged[0] == first:
            last = max(last, ranged[2])
    width = len({c for r in range(first, last + 1) for c, _v in grid.texts(r)})
    row = last + 1
    while row <= grid.last_row and row <= first + 4:
        if column_numbers_row(grid, row, width):
            break
        cells = [words(v) for _c, v in grid.texts(row)]
        if cells and all(HEADER_WORD.match(cell) for cell in cells):
            last = row
            row += 1
            continue
        break
    numbers_row = last + 1 if column_numbers_row(grid, last + 1, width) else None
    header = Header(first, last, numbers_row, title_rows=list(range(1, first)))
    for column in range(1, grid.last_col + 1):
        parts = []
        for r in range(first, last + 1):
            value = grid.value(r, column)
            if blank(value):
                continue
            text = " ".join(str(value).split())
            if not parts or parts[-1] != text:
                parts.append(text)
        if parts:
            header.columns[column] = classify(Column(column, parts))
    return header
