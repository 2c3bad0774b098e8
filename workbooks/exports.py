"""Workbooks handed out: the whole plan, the template, a realisation sheet per perangkat daerah,
and the changes of a preview. Built from the registered writers, so every sheet an app
registers is exported, and everything written reads back unchanged (an export re-imported
reports zero changes). Text a spreadsheet would take for a formula gets a leading apostrophe
(:mod:`core.cells`), which the reader removes again.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core import xlsx_stream
from core.cells import escape_text, xlsx_escaped, xlsx_text
from indicators.workbook_sheets import realization_sheet

from . import registry

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GUIDE_HEADERS = ["Lembar", "Kolom", "Penjelasan"]
GENERAL_GUIDE = [
    "Baris pertama setiap lembar adalah judul kolom; jangan diubah. Data dimulai pada baris "
    "kedua. Contoh pengisian ada di bawah, pada lembar ini; lembar data tidak berisi contoh.",
    "Kode adalah kunci: mengunggah kode yang sudah ada memperbarui datanya, kode baru menambah "
    "data. Mengunggah berkas yang sama dua kali tidak mengubah apa pun.",
    "Kode hanya memakai huruf A–Z, angka 0–9, dan . - _ di antaranya (tanpa spasi atau /).",
    "Sel kosong, '-' dan 'N/A' berarti tidak ada nilai: nilai yang tersimpan tidak berubah.",
    "Angka boleh berupa sel angka atau teks berformat Indonesia: 1.234,56 · 85,5 % · Rp 1.500.000.",
    "Satu kesalahan saja membuat seluruh berkas ditolak; semua kesalahan dilaporkan dengan "
    "lembar, baris dan kolomnya.",
]


def cell(value, *, text=xlsx_text):
    """A value as a worksheet cell: numbers as numbers when a spreadsheet holds them exactly,
    else as exact text (2,5); text escaped by ``text``."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        if Decimal(repr(as_float)) == value:
            return as_float
        return format(value.normalize(), "f").replace(".", ",")
    return text(value)


def _header(ws, count):
    for column in range(1, count + 1):
        ws.cell(row=1, column=column).font = HEADER_FONT
        ws.cell(row=1, column=column).fill = HEADER_FILL
        ws.column_dimensions[ws.cell(row=1, column=column).column_letter].width = 18


def write_plan(plan, stream):
    """The whole plan: every registered sheet with its stored rows (written as text by
    :mod:`core.xlsx_stream`: a plan of 20,000 indicators is hundreds of thousands of cells)."""
    xlsx_stream.write_sheets(stream, (_stored_sheet(writer, plan) for writer in registry.writers()))


def _stored_sheet(writer, plan):
    headers = writer.headers(plan)
    # The stream writer writes the format's own escapes itself: only the formula guard here.
    rows = ([cell(value, text=escape_text) for value in row] for row in writer.rows(plan))
    return xlsx_stream.Sheet(writer.title, headers, rows, widths=(18,) * len(headers))


def write_template(plan, stream):
    """Every registered sheet with its headers and choice lists, and the instructions sheet with
    an example row per sheet. The data sheets hold no example: nothing in a template is data."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    guide = workbook.create_sheet("Petunjuk")
    guide.append(GUIDE_HEADERS)
    for line in GENERAL_GUIDE:
        guide.append(["(semua)", "", line])
    # A writer may stay out of the template (``in_template = False``): a sheet for exports only.
    writers = [writer for writer in registry.writers() if getattr(writer, "in_template", True)]
    for writer in writers:
        guide_lines = writer.guide
        for column, text in guide_lines:
            guide.append([writer.title, column, text])
    for writer in writers:
        examples = writer.examples(plan)
        if examples:
            guide.append([])
            guide.append([_("Example: sheet %(sheet)s") % {"sheet": writer.title}])
            guide.append(writer.template_headers(plan)[: len(examples[0])])
            for row in examples:
                guide.append([cell(value) for value in row])
    _header(guide, 3)
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["B"].width = 40
    guide.column_dimensions["C"].width = 100
    for writer in writers:
        headers = writer.template_headers(plan)
        ws = workbook.create_sheet(writer.title)
        ws.append(headers)
        _header(ws, len(headers))
        for letter, choices in writer.choices.items():
            listed = ",".join(choices)
            validation = DataValidation(
                type="list",
                formula1=f'"{listed}"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Not allowed"),
                error=f"Pilih salah satu: {listed}",
            )
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}5000")
    workbook.save(stream)


FILL_IN = PatternFill("solid", fgColor="FFF2CC")  # the cells an operator fills in
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
# Widths (characters) that fit the usual content: code, name, unit, direction, target,
# realisation, its four triwulan, the four texts, status.
REALIZATION_WIDTHS = [16, 48, 14, 28, 14, 14, 12, 12, 12, 12, 30, 30, 30, 30, 16]
HEADER_ROW = 5  # after the title, its two lines and a blank row


LINE_HEIGHT = 15  # points per line of wrapped text


def lines_needed(values):
    """The lines the row's longest wrapped cell takes at the sheet's widths: spreadsheet
    programs do not grow a row for wrapped text they did not write themselves."""
    needed = 1
    for value, width in zip(values, REALIZATION_WIDTHS, strict=False):
        if isinstance(value, str):
            chars = max(width - 2, 1)
            needed = max(needed, sum(-(-max(len(part), 1) // chars) for part in value.split("\n")))
    return min(needed, 15)


def write_realization_sheet(plan, unit, year, stream):
    """One perangkat daerah's (None: all) realisations of a year, for the operator to fill in.

    The data sheet opens with its title (unit, year, plan), then the wide layout's header,
    frozen, and one row per indicator. Only the yellow cells (the value, the note and faktor
    texts) are unlocked: the sheet is protected without a password, so nothing stops the
    reading of the file, and a changed target is refused at upload anyway. The value cells
    take decimals (ya/tidak for yes/no indicators). The Petunjuk sheet, which no reader reads,
    holds the instructions.
    """
    sheet = realization_sheet(plan, unit, year)
    workbook = Workbook()
    ws = workbook.active
    ws.title = f"Realisasi {year}"[:31]
    last = get_column_letter(len(sheet.headers))
    # Title and lines hold names from the plan: escaped like every cell of text (not as
    # formulas: they are the sheet's own prose).
    ws["A1"] = xlsx_escaped(sheet.title)
    ws["A1"].font = TITLE_FONT
    for number, line in enumerate(sheet.lines, start=2):
        ws.cell(row=number, column=1, value=xlsx_escaped(line))
    for number in range(1, 2 + len(sheet.lines)):
        ws.merge_cells(f"A{number}:{last}{number}")
    for column, header in enumerate(sheet.headers, start=1):
        header_cell = ws.cell(row=HEADER_ROW, column=column, value=header)
        header_cell.font, header_cell.fill, header_cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    for column, width in enumerate(REALIZATION_WIDTHS[: len(sheet.headers)], start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    filled = {column + 1 for column in sheet.filled_columns}
    ws.row_dimensions[HEADER_ROW].height = LINE_HEIGHT * 2
    for offset, values in enumerate(sheet.rows):
        number = HEADER_ROW + 1 + offset
        ws.row_dimensions[number].height = LINE_HEIGHT * lines_needed(values)
        for column, value in enumerate(values, start=1):
            target = ws.cell(row=number, column=column, value=cell(value))
            target.alignment = WRAP
            if column in filled:
                target.protection = Protection(locked=False)
                target.fill = FILL_IN
            else:
                target.fill = LOCKED_FILL
    first, end = HEADER_ROW + 1, HEADER_ROW + max(len(sheet.rows), 1)
    number_letters = [get_column_letter(column + 1) for column in sheet.number_columns]
    decimal = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000000000",
        formula2="1000000000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Bukan angka",
        error="Isi angka, misalnya 85,5.",
    )
    yes_no = DataValidation(
        type="list",
        formula1='"ya,tidak"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Bukan ya/tidak",
        error="Pilih ya atau tidak.",
    )
    for offset, is_yes_no in enumerate(sheet.yes_no):
        for letter in number_letters:
            (yes_no if is_yes_no else decimal).add(f"{letter}{first + offset}")
    for validation in (decimal, yes_no):
        if validation.sqref:
            ws.add_data_validation(validation)
    ws.freeze_panes = f"C{first}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{end}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths and heights stay the user's to change
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = False
    guide = workbook.create_sheet("Petunjuk")
    guide.append(["Petunjuk pengisian"])
    guide["A1"].font = TITLE_FONT
    for line in sheet.guide:
        guide.append([xlsx_escaped(line)])
    guide.column_dimensions["A"].width = 110
    for row in guide.iter_rows(min_row=2):
        row[0].alignment = WRAP
    workbook.save(stream)


def write_changes(changes, errors, stream):
    """A preview's changes (and errors) as a workbook: what the planner confirms, to keep."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(_("Changes")[:31])
    ws.append([_("Sheet"), _("Row"), _("Code"), _("Year"), _("Field"), _("Old"), _("New")])
    for change in changes:
        ws.append([cell(value) for value in change])
    if errors:
        ws = workbook.create_sheet(_("Errors")[:31])
        ws.append([_("Sheet"), _("Row"), _("Column"), _("Message")])
        for error in errors:
            ws.append(
                [cell(error["sheet"]), error["row"], cell(error["column"]), cell(error["message"])]
            )
    workbook.save(stream)
