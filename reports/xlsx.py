"""A :class:`reports.table.Table` as a workbook laid out like the printed form: title rows,
merged header rows, the row of column numbers, heading rows per misi / tujuan / sasaran /
program grouped (outlined) under their misi, panes frozen below the header and right of the
indicator, landscape and fit to the page width. Numbers stay numbers (capaian as shown, two
decimals); text that a spreadsheet would run as a formula is escaped (:mod:`core.cells`).
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.cells import xlsx_text

from .table import Capaian, Money

WIDTHS = {"number": 11, "money": 17, "capaian": 10, "code": 10, "text": 14, "wide-text": 42}
FORMATS = {Money: "#,##0", Capaian: "0.00"}
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", start_color="E8EEF4")
HEADING_FILLS = {1: "D9E2EC", 2: "E6ECF2", 3: "EFF3F7", 4: "F6F8FA"}
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(wrap_text=True, horizontal="center", vertical="center")


def cell_value(value):
    """What a cell holds: numbers as numbers (capaian as shown), text escaped."""
    if isinstance(value, Capaian):
        return value.shown
    if isinstance(value, Money):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal | int | float) or value is None:
        return value
    return xlsx_text(str(value))


def number_format(value):
    if isinstance(value, Capaian | Money):
        return FORMATS[type(value)]
    if isinstance(value, Decimal):
        return "#,##0.####" if value != value.to_integral_value() else "#,##0"
    return None


def workbook_bytes(table, sheet_title="Laporan"):
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    width = table.width
    sheet.append([xlsx_text(table.title)])
    sheet.append([xlsx_text(table.subtitle)])
    for line in (1, 2):
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    first = 3
    for r, c, header in table.header_grid():
        cell = sheet.cell(first + r, c + 1, xlsx_text(header.text))
        if header.colspan > 1 or header.rowspan > 1:
            sheet.merge_cells(
                start_row=first + r,
                start_column=c + 1,
                end_row=first + r + header.rowspan - 1,
                end_column=c + header.colspan,
            )
    numbers_row = first + len(table.header)
    for column in range(1, width + 1):
        sheet.cell(numbers_row, column, column)
    for row_index in range(first, numbers_row + 1):
        for column in range(1, width + 1):
            cell = sheet.cell(row_index, column)
            cell.font, cell.fill, cell.alignment, cell.border = (
                Font(bold=True),
                HEADER_FILL,
                CENTRE,
                BOX,
            )
    row_index = numbers_row
    for row in table.rows:
        row_index += 1
        # Rows are outlined under their misi (and sasaran): a reader folds a misi away.
        sheet.row_dimensions[row_index].outline_level = min(max(row.level - 1, 0), 7)
        if row.is_heading:
            sheet.cell(row_index, 1, xlsx_text(row.heading)).font = Font(bold=True)
            sheet.merge_cells(
                start_row=row_index, start_column=1, end_row=row_index, end_column=width
            )
            fill = PatternFill("solid", start_color=HEADING_FILLS.get(row.level, "FFFFFF"))
            sheet.cell(row_index, 1).fill = fill
            continue
        for column, value in enumerate(row.padded(width), 1):
            cell = sheet.cell(row_index, column, cell_value(value))
            cell.border = BOX
            cell.alignment = WRAP
            if (fmt := number_format(value)) is not None:
                cell.number_format = fmt
    for column, kind in enumerate(table.kinds, 1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(kind, 12)
    sheet.sheet_properties.outlinePr.summaryBelow = False
    sheet.freeze_panes = f"{get_column_letter(table.frozen_columns + 1)}{numbers_row + 1}"
    sheet.print_title_rows = f"{first}:{numbers_row}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A3 if table.page_size == "A3" else sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
