"""A printed evaluation table as data: merged header rows, a row of column numbers, heading rows
per misi / tujuan / sasaran / program and the indicator rows.

One :class:`Table` is written three ways from the same cells: as HTML (the page, which also
prints, and the PDF made from it) and as xlsx (:mod:`reports.xlsx`). Cells hold values, not
text: a :class:`Money`, a :class:`Capaian`, a ``Decimal``, a string or ``None``; each writer
formats them (the page in the active language, the workbook as numbers with a number format).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.formats import capaian_shown


@dataclass(frozen=True)
class Money:
    """An amount in rupiah."""

    value: Decimal | None


@dataclass(frozen=True)
class Capaian:
    """A tingkat capaian (%), shown as printed reports show it (:func:`capaian_shown`)."""

    value: Decimal | None
    threshold: Decimal = Decimal(100)
    achieved: bool = False

    @property
    def shown(self):
        return capaian_shown(self.value, threshold=self.threshold)

    @property
    def reaches_threshold(self):
        shown = self.shown
        return shown is not None and shown >= self.threshold


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Row:
    """A data row (``cells``, one per column) or a heading row (``heading``: one text across the
    table) at ``level`` (1 misi, 2 tujuan, 3 sasaran, 4 program; data rows below their heading)."""

    cells: list = field(default_factory=list)
    heading: str | None = None
    level: int = 0
    key: str = ""  # the indicator code of a data row

    @property
    def is_heading(self):
        return self.heading is not None

    def padded(self, width):
        """The cells, with empty ones up to ``width``."""
        return list(self.cells) + [None] * (width - len(self.cells))


@dataclass
class Table:
    title: str
    subtitle: str
    header: list[list[HeaderCell]]
    kinds: list[str]  # per column: text, wide-text, number, capaian, money
    rows: list[Row] = field(default_factory=list)
    frozen_columns: int = 2  # columns kept in view when scrolling sideways (xlsx)
    page_size: str = "A4"  # landscape; A3 for the widest forms
    notes: list[str] = field(default_factory=list)

    @property
    def width(self):
        return len(self.kinds)

    @property
    def data_rows(self):
        return [row for row in self.rows if not row.is_heading]

    def column(self, index):
        """The values of column ``index`` over the data rows."""
        return [row.cells[index] for row in self.data_rows]

    def header_grid(self):
        """Every header cell with its (row, column) position, resolving row and column spans
        the way an HTML table does: [(row, column, cell)]."""
        taken = set()
        placed = []
        for r, cells in enumerate(self.header):
            c = 0
            for cell in cells:
                while (r, c) in taken:
                    c += 1
                placed.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
        return placed
