"""The fast one-sheet writer of the big exports (core/xlsx_stream.py): what openpyxl and
LibreOffice read back from it."""

import csv
import datetime
import io
import tempfile
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core import xlsx_stream
from tests.office import convert, needs

HEADER = ["Kapan", "Siapa", "Nilai", "Tahun"]


def written(rows, header=HEADER, **options):
    buffer = io.BytesIO()
    count = xlsx_stream.write(
        buffer, title=options.pop("title", "Audit"), header=header, rows=rows, **options
    )
    buffer.seek(0)
    return count, buffer


def read_back(buffer):
    return load_workbook(buffer).active


def test_every_kind_of_value_reads_back_as_written():
    when = datetime.datetime(2021, 3, 31, 14, 5, 9)
    rows = [
        [when, "operator.dinkes", Decimal("12.50"), 2021],
        [datetime.date(2022, 1, 2), "", 7.25, True],
        [None, "=SUM(A1:A9)", Decimal("-0.001"), False],
    ]
    count, buffer = written(rows)
    sheet = read_back(buffer)
    assert count == 3
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[2]] == [when, "operator.dinkes", 12.5, 2021]
    assert sheet["A2"].is_date and sheet["A2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert sheet["A3"].value == datetime.datetime(2022, 1, 2)
    assert sheet["A3"].number_format == "yyyy-mm-dd"
    assert [c.value for c in sheet[3]][1:] == ["", 7.25, True]
    # Text is text: a formula-looking string is never run (it is an inline string).
    assert [c.value for c in sheet[4]] == [None, "=SUM(A1:A9)", -0.001, False]
    assert sheet["B4"].data_type == "s"


def test_text_keeps_markup_unicode_and_characters_xml_cannot_hold():
    tricky = [
        'a < b & "c" > d',
        "Rp 1.234,5 – naik ✓ 한글",
        "tab\there\nline",
        "bell\x07",
        "_x0041_",
    ]
    _count, buffer = written([[t, None, None, None] for t in tricky])
    values = [row[0] for row in read_back(buffer).iter_rows(min_row=2, values_only=True)]
    assert values[:3] == tricky[:3]
    # The format's escapes: a spreadsheet program shows the character itself, and text that
    # looked like an escape stays as it was typed.
    assert values[3] == "bell_x0007_"
    assert values[4] == "_x005F_x0041_"
    raw = zipfile.ZipFile(buffer).read(xlsx_stream.SHEET).decode()
    assert "\x07" not in raw


def test_rows_stream_from_a_generator_and_the_count_is_returned():
    rows = ([datetime.datetime(2020, 1, 1), f"u{n}", n, 2020] for n in range(2500))
    count, buffer = written(rows)
    sheet = read_back(buffer)
    assert count == 2500 and sheet.max_row == 2501
    assert sheet.cell(2501, 2).value == "u2499"


def test_an_empty_export_is_a_header_alone():
    count, buffer = written([])
    sheet = read_back(buffer)
    assert count == 0 and sheet.max_row == 1


def test_a_sheet_name_a_spreadsheet_would_refuse_is_made_acceptable():
    _count, buffer = written([], title="Audit [2021]: a/b?*" + "x" * 40)
    name = load_workbook(buffer).sheetnames[0]
    assert len(name) == 31 and not set(name) & set("[]:*?/\\")


def test_widths_are_set_per_column():
    _count, buffer = written([], widths=(19, 18, 10, 6))
    sheet = read_back(buffer)
    assert [sheet.column_dimensions[c].width for c in "ABCD"] == [19, 18, 10, 6]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ([1, 2, 3, 4, 5], ValueError),  # longer than the header: nothing is dropped silently
        ([datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC), "", 1, 1], ValueError),
        ([object(), "", 1, 1], TypeError),
    ],
)
def test_a_row_it_cannot_write_as_given_is_refused(row, error):
    with pytest.raises(error):
        written([row])


def test_a_shorter_row_leaves_its_last_cells_empty():
    _count, buffer = written([[1, "a"]])
    assert [c.value for c in read_back(buffer)[2]] == [1, "a", None, None]


def test_several_sheets_in_order_each_with_its_rows():
    buffer = io.BytesIO()
    counts = xlsx_stream.write_sheets(
        buffer,
        [
            xlsx_stream.Sheet("Misi", ["Kode", "Misi"], [["1", "Cerdas"], ["2", "Kreatif"]]),
            xlsx_stream.Sheet("Indikator", ["Kode"], iter([["IP.001"]])),
            xlsx_stream.Sheet("Kosong", ["Kode"], []),
        ],
    )
    assert counts == [2, 1, 0]
    workbook = load_workbook(buffer)
    assert workbook.sheetnames == ["Misi", "Indikator", "Kosong"]
    assert list(workbook["Misi"].iter_rows(values_only=True)) == [
        ("Kode", "Misi"),
        ("1", "Cerdas"),
        ("2", "Kreatif"),
    ]
    assert workbook["Indikator"]["A2"].value == "IP.001"


def test_two_sheets_of_one_name_are_refused():
    with pytest.raises(ValueError):
        xlsx_stream.write_sheets(
            io.BytesIO(),
            [xlsx_stream.Sheet("Misi", ["a"], []), xlsx_stream.Sheet("misi", ["a"], [])],
        )


def test_our_reader_reads_back_every_character():
    from workbooks.xlsx import WorkbookFile

    tricky = ["bell\x07", "_x0041_", "a_x005F_b", "line\nbreak", "cr\r\nlf", "=1+1"]
    _count, buffer = written([[t, None, None, None] for t in tricky])
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        handle.write(buffer.getvalue())
        handle.flush()
        with WorkbookFile(handle.name) as workbook:
            values = [cells[1] for _number, cells in workbook.rows(0)][1:]
    assert values == tricky


def test_not_a_number_is_written_as_its_text():
    _count, buffer = written([[Decimal("NaN"), float("inf"), None, None]])
    assert [c.value for c in read_back(buffer)[2]][:2] == ["NaN", "inf"]


@needs("soffice")
def test_libreoffice_opens_it(tmp_path):
    rows = [
        [datetime.datetime(2021, 3, 31, 14, 5, 9), "operator.dinkes", Decimal("12.5"), 2021],
        [None, 'a < b & "c"', None, 2022],
    ]
    _count, buffer = written(rows)
    source = tmp_path / "audit.xlsx"
    source.write_bytes(buffer.getvalue())
    as_csv = convert(source, "csv", tmp_path, profile=tmp_path / "lo-profile")
    lines = list(csv.reader(as_csv.open(encoding="utf-8")))
    assert lines[0] == HEADER
    assert lines[1][1:] == ["operator.dinkes", "12.5", "2021"]
    assert lines[1][0].startswith("2021-03-31 14:05")
    assert lines[2] == ["", 'a < b & "c"', "", "2022"]
