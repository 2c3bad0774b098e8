"""The evaluation reports on the Kota Bekasi demo: every form for 2021 lists all 270 program
indicators; E.78's tingkat capaian for 2021 counts 193 at or above the threshold; the workbook is
laid out like the printed form and opens in LibreOffice; the PDF renders (pdftoppm); each form
reads a fixed number of queries."""

import csv
import io
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from indicators.models import Plan
from reports import documents, registry, xlsx
from reports.reads import Scope
from reports.table import Capaian
from tests.office import convert, needs

YEAR = 2021


@pytest.fixture(scope="module")
def built(module_demo_world, django_db_blocker):
    """Every form for 2021, its workbook, and the PDFs of E.79 and the summary: made once."""
    with django_db_blocker.unblock(), translation.override("id"):
        plan = Plan.objects.get(pk=module_demo_world.pk)
        result = {}
        for form in registry.all_forms():
            document = documents.build(form, Scope(plan=plan, year=YEAR))
            result[form.code] = {
                "document": document,
                "html": documents.body_html(document),
                "xlsx": xlsx.workbook_bytes(document.table),
            }
        for code in ("e79", "ringkasan"):
            result[code]["pdf"] = documents.pdf_bytes(result[code]["document"])
        return result


def e78_capaian_column(table, year):
    """The index of E.78's tingkat capaian column of ``year``."""
    plan_years = list(range(2019, 2024))
    return 7 + plan_years.index(year) * 5 + 4


class TestEveryIndicator:
    @pytest.mark.parametrize("code", ["e79", "e78", "tc27"])
    def test_the_2021_forms_list_all_270_program_indicators(self, built, code):
        table = built[code]["document"].table
        keys = [row.key for row in table.data_rows]
        assert len(keys) == len(set(keys)) == 270
        html = built[code]["html"]
        assert html.count("<tr>") - len(table.header) >= 270

    def test_e78_counts_193_at_or_above_the_threshold_in_2021(self, built):
        table = built["e78"]["document"].table
        column = e78_capaian_column(table, YEAR)
        assert table.header[2][4 + 3 * 0].text  # the K/Rp row is there
        values = table.column(column)
        reached = [v for v in values if isinstance(v, Capaian) and v.reaches_threshold]
        achieved = [v for v in values if isinstance(v, Capaian) and v.achieved]
        assert len(reached) == 193
        assert len(achieved) == 193
        # Later years have no realisation yet through the RKPD of 2021.
        assert all(v is None for v in table.column(e78_capaian_column(table, 2022)))

    def test_e79_says_the_same_as_the_dashboard(self, built):
        table = built["e79"]["document"].table
        capaian = [v for v in table.column(10) if isinstance(v, Capaian)]
        assert sum(v.achieved for v in capaian) == 193
        assert sum(not v.achieved for v in capaian) == 77

    def test_the_summary_says_193_of_270_in_indonesian(self, built):
        html = built["ringkasan"]["html"]
        assert "Pada tahun 2021, 193 dari 270 indikator program (71,5%) tercapai" in html
        meeting = built["ringkasan"]["document"].context["meeting"]
        assert len(meeting.laggards) == 5
        assert meeting.risers and meeting.fallers
        assert meeting.outlooks.counts.total == 270


class TestWorkbook:
    def test_laid_out_like_the_printed_form(self, built):
        table = built["e79"]["document"].table
        sheet = load_workbook(io.BytesIO(built["e79"]["xlsx"])).active
        merged = {str(r) for r in sheet.merged_cells.ranges}
        assert "A3:A4" in merged  # No. spans both header rows
        assert any(r.startswith("F3:") for r in merged)  # realisasi per triwulan over I–IV
        numbers = [sheet.cell(5, c).value for c in range(1, table.width + 1)]
        assert numbers == list(range(1, table.width + 1))
        assert sheet.freeze_panes == "D6"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        levels = {sheet.row_dimensions[r].outline_level for r in range(6, sheet.max_row + 1)}
        assert {0, 1, 2, 3, 4} <= levels
        codes = [sheet.cell(r, 2).value for r in range(6, sheet.max_row + 1)]
        assert sum(1 for c in codes if c and c.startswith("IP.")) == 270

    def test_capaian_cells_are_numbers_as_shown(self, built):
        sheet = load_workbook(io.BytesIO(built["e79"]["xlsx"])).active
        row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 11).value is not None)
        cell = sheet.cell(row, 11)
        assert isinstance(cell.value, float | int) and cell.number_format == "0.00"

    @needs("soffice")
    @pytest.mark.parametrize("code", ["e79", "e78"])
    def test_opens_in_libreoffice(self, built, code, tmp_path):
        source = tmp_path / f"{code}.xlsx"
        source.write_bytes(built[code]["xlsx"])
        written = convert(source, "csv", tmp_path, profile=tmp_path / "lo-profile")
        rows = list(csv.reader(written.open(encoding="utf-8", errors="replace")))
        codes = [row[1] for row in rows if len(row) > 1 and row[1].startswith("IP.")]
        assert len(codes) == 270


class TestPdf:
    @needs("pdftoppm")
    @pytest.mark.parametrize("code", ["e79", "ringkasan"])
    def test_renders_pages(self, built, code, tmp_path):
        pdf = built[code]["pdf"]
        assert pdf.startswith(b"%PDF")
        path = tmp_path / f"{code}.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pages = sorted(tmp_path.glob("page*.png"))
        assert pages and all(page.stat().st_size > 1000 for page in pages)
        if code == "ringkasan":
            assert len(pages) <= 2

    @needs("pdftotext")
    def test_the_pdf_holds_every_indicator(self, built, tmp_path):
        path = tmp_path / "e79.pdf"
        path.write_bytes(built["e79"]["pdf"])
        subprocess.run(["pdftotext", str(path), str(tmp_path / "e79.txt")], check=True)
        text = (tmp_path / "e79.txt").read_text()
        for row in built["e79"]["document"].table.data_rows[::27]:
            assert row.cells[2][:20] in text.replace("\n", " ")


@pytest.mark.parametrize("code,queries", [("e79", 5), ("e78", 3), ("tc27", 3), ("ringkasan", 4)])
def test_each_form_reads_a_fixed_number_of_queries(
    demo_plan, code, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        documents.build(registry.get(code), Scope(plan=demo_plan, year=YEAR, quarter=2))


class TestCommand:
    def test_writes_each_format(self, demo_plan, tmp_path):
        for output in ("xlsx", "html"):
            path = tmp_path / f"e79.{output}"
            call_command(
                "evaluation_report",
                "--form",
                "e79",
                "--year",
                "2021",
                "--triwulan",
                "2",
                "--format",
                output,
                "--output",
                str(path),
                stdout=io.StringIO(),
            )
            assert path.stat().st_size > 10_000
        html = (tmp_path / "e79.html").read_text()
        assert "Realisasi sampai dengan triwulan II" in html

    def test_narrows_to_one_unit(self, demo_plan, tmp_path):
        from indicators.models import Indicator, PerangkatDaerah

        unit = PerangkatDaerah.objects.get(name="Dinas Kesehatan")
        path = tmp_path / "tc27.xlsx"
        out = io.StringIO()
        call_command(
            "evaluation_report",
            *("--form", "tc27", "--year", "2021", "--perangkat-daerah", unit.code),
            *("--format", "xlsx", "--output", str(path)),
            stdout=out,
        )
        sheet = load_workbook(path).active
        codes = {sheet.cell(r, 2).value for r in range(6, sheet.max_row + 1)} - {None}
        expected = set(
            Indicator.objects.filter(level="program", perangkat_daerah=unit).values_list(
                "code", flat=True
            )
        )
        assert codes == expected

    @pytest.mark.parametrize(
        "arguments,message",
        [
            (("--form", "e79", "--year", "2030"), "di luar"),
            (("--form", "e79", "--year", "2021", "--perangkat-daerah", "X.99"), "tidak dikenal"),
            (("--form", "e78", "--year", "2021", "--triwulan", "2"), "triwulan"),
        ],
    )
    def test_refuses_in_indonesian(self, demo_plan, tmp_path, arguments, message):
        """A CommandError: ``manage.py`` prints it and exits with 1."""
        target = tmp_path / "x.xlsx"
        with pytest.raises(CommandError, match=message):
            call_command(
                "evaluation_report", *arguments, "--format", "xlsx", "--output", str(target)
            )
        assert not target.exists()

    def test_an_unwritable_file_exits_with_2(self, demo_plan, tmp_path):
        err = io.StringIO()
        with pytest.raises(SystemExit) as stopped:
            call_command(
                "evaluation_report",
                *("--form", "ringkasan", "--year", "2021", "--format", "html"),
                *("--output", str(tmp_path / "missing" / "x.html")),
                stderr=err,
            )
        assert stopped.value.code == 2
        assert "Tidak dapat menulis" in err.getvalue()
