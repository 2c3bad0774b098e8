"""Whole workbooks in and out: `import_workbook`, exports, and what hostile files get."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.cells import escape_text
from indicators import services
from indicators.models import Indicator, PerangkatDaerah, Program, Realization, Target
from tests.factories import IndicatorFactory, PlanFactory, TargetFactory
from tests.workbooks import build, run_import
from workbooks.engine import import_workbook
from workbooks.exports import write_plan, write_realization_sheet, write_template

pytestmark = pytest.mark.django_db


def export_values(plan):
    """Every cell of a full export, sheet by sheet: a picture of the plan's data."""
    buffer = io.BytesIO()
    write_plan(plan, buffer)
    workbook = load_workbook(buffer, read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


@pytest.fixture
def small_plan(plan):
    """Three program indicators (higher, range, yes/no) in a 2018–2023 plan."""
    higher = IndicatorFactory(program__objective__goal__mission__plan=plan, code="IK.1")
    program = higher.program
    IndicatorFactory(program=program, code="IK.2", direction=Indicator.Direction.RANGE)
    IndicatorFactory(program=program, code="IK.3", direction=Indicator.Direction.BINARY)
    TargetFactory(indicator=higher, year=2021, value=Decimal(80))
    return plan


class TestLayouts:
    def test_wide_and_long_layouts_store_the_same_values(self, small_plan, tmp_path):
        wide = build(
            tmp_path / "wide.xlsx",
            {
                "Matriks": [
                    ["Kode Indikator", "Target 2021", "Realisasi 2021", "Target 2022"],
                    ["IK.1", "85,5 %", "1.234,56", 90],
                    ["IK.2", "2 - 4", 3.5, "2–4,5"],
                    ["IK.3", "ya", "tidak", 1],
                ]
            },
        )
        report = import_workbook(wide, plan=small_plan)
        assert report.ok, report.errors
        wide_values = export_values(small_plan)["Realisasi"]
        Realization.objects.all().delete()
        Target.objects.all().delete()
        long = build(
            tmp_path / "long.xlsx",
            {
                " realisasi ": [
                    ["KODE INDIKATOR", "tahun", "Target", "Realisasi", "Keterangan"],
                    ["IK.1", 2021, 85.5, 1234.56, None],
                    ["IK.1", 2022, "90", None, None],
                    ["IK.2", 2021, "2-4", "3,5", None],
                    ["IK.2", "2022", "2 - 4,5", "-", None],
                    ["IK.3", 2021, 1, 0, None],
                    ["IK.3", 2022, "Ya", None, None],
                ]
            },
        )
        report = import_workbook(long, plan=small_plan)
        assert report.ok, report.errors
        assert export_values(small_plan)["Realisasi"] == wide_values
        target = Target.objects.get(indicator__code="IK.2", year=2022)
        assert (target.value, target.low, target.high) == (None, 2, Decimal("4.5"))

    def test_structure_sheets_upsert_by_code_and_reimport_changes_nothing(self, plan, tmp_path):
        PerangkatDaerah.objects.create(code="1.02.01", name="Dinas Kesehatan", kind="dinas")
        path = build(
            tmp_path / "plan.xlsx",
            {
                "Indikator": [
                    [
                        "Kode Indikator",
                        "Nama Indikator",
                        "Satuan",
                        "Arah",
                        "Tingkat",
                        "Kode Program",
                        "Kode Perangkat Daerah",
                        "Kondisi Awal",
                        "Target Akhir",
                        "Target 2019",
                        "Realisasi 2019",
                    ],
                    [
                        "IK.9",
                        "Cakupan imunisasi",
                        "persen",
                        "naik",
                        "program",
                        "1.02.02",
                        "1.02.01",
                        "80,5",
                        95,
                        85,
                        "86,25",
                    ],
                ],
                "Program": [
                    ["Kode Program", "Nama Program", "Kode Sasaran", "Kode Perangkat Daerah"],
                    ["1.02.02", "Program Pemenuhan Upaya Kesehatan", "S1", "1.02.01"],
                ],
                "Sasaran": [["Kode", "Uraian", "Kode Tujuan"], ["S1", "Sasaran 1", "T1"]],
                "Tujuan": [["Kode", "Uraian", "Kode Misi"], ["T1", "Tujuan 1", "M1"]],
                "Misi": [["Kode", "Uraian"], ["M1", "Misi pertama"]],
                "Petunjuk": [["anything"]],
            },
        )
        code, out, err = run_import(path)
        assert code == 0, err
        indicator = Indicator.objects.get(plan=plan, code="IK.9")
        assert indicator.baseline == Decimal("80.5")
        assert indicator.program.perangkat_daerah.code == "1.02.01"
        assert Realization.objects.get(indicator=indicator, year=2019).value == Decimal("86.25")
        assert Realization.history.filter(indicator_id=indicator.pk).count() == 1
        assert Indicator.history.filter(code="IK.9").count() == 1
        code, out, err = run_import(path)
        assert code == 0
        assert "0 baru, 0 berubah" in out
        assert Indicator.objects.filter(code="IK.9").count() == 1
        assert Program.history.count() == 1


class TestRoundTrip:
    def test_export_then_reimport_reports_zero_changes(self, demo_plan, tmp_path):
        path = tmp_path / "export.xlsx"
        with open(path, "wb") as handle:
            write_plan(demo_plan, handle)
        code, out, err = run_import(str(path), "--dry-run")
        assert code == 0, err
        assert "akan menulis 0 baru, 0 berubah" in out
        report = import_workbook(str(path), plan=demo_plan)
        assert report.ok and report.new == report.changed == 0 and report.unchanged > 2500

    def test_prefilled_realisation_sheet_round_trips(self, demo_plan, tmp_path):
        unit = PerangkatDaerah.objects.filter(indicators__plan=demo_plan).first()
        path = tmp_path / "pd.xlsx"
        with open(path, "wb") as handle:
            write_realization_sheet(demo_plan, unit, 2021, handle)
        ws = load_workbook(path).worksheets[0]
        assert unit.name in ws["A1"].value  # the title, above the header
        assert [c.value for c in ws[5]][:2] == ["Kode Indikator", "Nama Indikator"]
        assert ws.max_row == 5 + unit.indicators.filter(plan=demo_plan).count()
        report = import_workbook(str(path), plan=demo_plan, dry_run=True)
        assert report.ok and report.changed == report.new == 0

    def test_text_that_looks_like_a_formula_is_escaped_and_reads_back(self, small_plan, tmp_path):
        # A carriage return cannot survive XML (it reads back as a line feed): escape_text is
        # checked for it below.
        assert escape_text("\rx") == "'\rx"
        payloads = ['=HYPERLINK("http://evil","klik")', "+1+1", "-2+3", "@SUM(A1)", "\tx"]
        for number, payload in enumerate(payloads):
            IndicatorFactory(
                program=Indicator.objects.get(code="IK.1").program,
                code=f"X.{number}",
                name=payload,
            )
        path = tmp_path / "export.xlsx"
        with open(path, "wb") as handle:
            write_plan(small_plan, handle)
        ws = load_workbook(path)["Indikator"]
        names = {row[0].value: row[1] for row in ws.iter_rows(min_row=2)}
        for number, payload in enumerate(payloads):
            cell = names[f"X.{number}"]
            assert cell.data_type == "s" and cell.value == "'" + payload
        report = import_workbook(str(path), plan=small_plan, dry_run=True)
        assert report.ok and report.changed == 0, report.sheets

    def test_text_that_looks_like_the_formats_own_escapes_reads_back_as_typed(
        self, small_plan, tmp_path
    ):
        texts = ["kode_x0041_", "a_x005F_b", "baris\r\nbaru", "lonceng\x07"]
        for number, text in enumerate(texts):
            IndicatorFactory(
                program=Indicator.objects.get(code="IK.1").program, code=f"E.{number}", name=text
            )
        path = tmp_path / "export.xlsx"
        with open(path, "wb") as handle:
            write_plan(small_plan, handle)
        report = import_workbook(str(path), plan=small_plan, dry_run=True)
        assert report.ok and report.changed == 0, report.sheets
        # The operator's sheet (written by openpyxl, which refuses control characters and
        # turns CR LF into LF) too, with notes of that kind.
        for number, note in enumerate(["lihat_x0041_", "catatan\r\nbaru", "bel\x07"]):
            services.realization_record(
                indicator=Indicator.objects.get(code=f"E.{number}"),
                year=2021,
                value=Decimal(5),
                note=note,
            )
        indicator = Indicator.objects.get(code="E.0")
        indicator.perangkat_daerah.name = "Dinas\x07Uji"
        indicator.perangkat_daerah.save()
        sheet = tmp_path / "pd.xlsx"
        with open(sheet, "wb") as handle:
            write_realization_sheet(small_plan, indicator.perangkat_daerah, 2021, handle)
        report = import_workbook(str(sheet), plan=small_plan, dry_run=True)
        assert report.ok and report.changed == 0, report.sheets


class TestErrors:
    def test_one_bad_cell_among_thousands_rejects_the_whole_file(self, demo_plan, tmp_path):
        before = export_values(demo_plan)
        codes = list(Indicator.objects.filter(plan=demo_plan).values_list("code", "direction"))
        years = range(2019, 2024)
        header = ["Kode Indikator"] + [f"{k} {y}" for y in years for k in ("Target", "Realisasi")]
        rows = [header]
        for code, direction in codes:
            value = 1 if direction in ("binary",) else 50
            cells = []
            for _year in years:
                cells += [
                    "1 - 2" if direction == "range" else value,
                    value if direction != "range" else 1.5,
                ]
            rows.append([code, *cells])
        rows[100][4] = "lima puluh"  # Realisasi 2020 of the 99th indicator
        rows.append(["TIDAK.ADA", *([1] * 10)])
        rows.append([rows[5][0], *([None] * 9), 1])  # Realisasi 2023 again
        path = build(
            tmp_path / "bad.xlsx",
            {
                "Matriks": rows,
                "Tambahan": [["Kode Indikator", "Target 2030"], [codes[0][0], 5]],
                "Realisasi": [["Kode Indikator", "Realisasi"], [codes[0][0], 5]],
                "Indikator": [
                    [
                        "Kode Indikator",
                        "Nama Indikator",
                        "Satuan",
                        "Arah",
                        "Tingkat",
                        "Kode Program",
                    ],
                    [codes[1][0], "x", "persen", "ke atas", "program", None],
                ],
            },
        )
        code, out, err = run_import(path)
        assert code == 1
        assert "Matriks!101: Realisasi 2020: bukan angka: 'lima puluh'" in err
        assert "Matriks!289: Kode Indikator: kode indikator TIDAK.ADA tidak dikenal" in err
        assert (
            f"Matriks!290: Realisasi 2023: realisasi {rows[5][0]} tahun 2023 diisi dua kali "
            "dalam berkas ini (pertama kali pada Matriks!6)"
        ) in err
        assert "Tambahan!1: Target 2030: tahun 2030 berada di luar periode rencana 2018–2023" in err
        assert "Realisasi!1: Tahun: kolom wajib tidak ada" in err
        assert "Indikator!2: Arah: arah 'ke atas' tidak dikenal" in err
        assert "Indikator!2: Kode Program: wajib diisi untuk indikator tingkat program" in err
        assert "tidak ada yang ditulis" in err
        assert export_values(demo_plan) == before

    def test_a_formula_without_a_saved_result_says_to_save_the_file(self, small_plan, tmp_path):
        path = build(
            tmp_path / "formula.xlsx",
            {"Matriks": [["Kode Indikator", "Realisasi 2021"], ["IK.1", "=40+2"]]},
        )
        code, out, err = run_import(path)
        assert code == 1
        assert (
            "Matriks!2: Realisasi 2021: rumus tanpa hasil tersimpan: buka berkas di program "
            "spreadsheet, simpan, lalu unggah kembali"
        ) in err

    def test_values_outside_what_the_indicator_takes(self, small_plan, tmp_path):
        path = build(
            tmp_path / "bad.xlsx",
            {
                "Matriks": [
                    ["Kode Indikator", "Target 2021", "Realisasi 2021"],
                    ["IK.2", "4 - 2", 3],
                    ["IK.3", 1, 0.5],
                    ["IK.1", "sepuluh", 5],
                ]
            },
        )
        report = import_workbook(path, plan=small_plan)
        messages = [str(e) for e in report.errors]
        assert any(
            m.startswith("Matriks!2: Target 2021: batas bawah lebih besar") for m in messages
        )
        assert any(m.startswith("Matriks!3: Realisasi 2021: nilai ya/tidak") for m in messages)
        assert any(m.startswith("Matriks!4: Target 2021: bukan angka") for m in messages)
        assert not Realization.objects.exists()

    def test_plan_option_and_dry_run(self, small_plan, tmp_path):
        other = PlanFactory(code="lain")
        IndicatorFactory(program__objective__goal__mission__plan=other, code="IK.1")
        path = build(
            tmp_path / "w.xlsx", {"M": [["Kode Indikator", "Realisasi 2021"], ["IK.1", 7]]}
        )
        code, out, _err = run_import(path, "--plan", "lain", "--dry-run")
        assert code == 0 and "akan menulis 1 baru" in out
        assert not Realization.objects.exists()
        assert run_import(path, "--plan", "lain")[0] == 0
        assert Realization.objects.get().indicator.plan == other
        assert run_import(path, "--plan", "nope")[0] == 2


class TestHostileFiles:
    def test_not_a_workbook(self, small_plan, tmp_path):
        path = tmp_path / "data.xlsx"
        path.write_text("Kode Indikator;Realisasi 2021\nIK.1;5\n")
        code, _out, err = run_import(str(path))
        assert code == 2 and "bukan workbook Excel (.xlsx)" in err

    def test_truncated_workbook(self, small_plan, tmp_path):
        good = build(tmp_path / "good.xlsx", {"M": [["Kode Indikator", "Realisasi 2021"]]})
        data = Path(good).read_bytes()
        for cut in (len(data) // 2, len(data) - 10):
            bad = tmp_path / f"cut{cut}.xlsx"
            bad.write_bytes(data[:cut])
            code, _out, err = run_import(str(bad))
            assert code == 2, err
        missing = tmp_path / "missing.xlsx"
        assert run_import(str(missing))[0] == 2

    def test_damaged_member(self, small_plan, tmp_path):
        path = tmp_path / "damaged.xlsx"
        good = build(tmp_path / "good.xlsx", {"M": [["Kode Indikator", "Realisasi 2021"]]})
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename.startswith("xl/worksheets/"):
                    data = data[: len(data) // 2]
                target.writestr(item, data)
        code, _out, err = run_import(str(path))
        assert code == 2 and "Workbook rusak atau bukan .xlsx yang dapat dibaca" in err

    def test_too_large_and_zip_bombs_are_refused_before_parsing(
        self, small_plan, tmp_path, settings
    ):
        settings.MAX_UPLOAD_MB = 1
        settings.WORKBOOK_LIMITS = {"expanded_mb": 2}
        big = tmp_path / "big.xlsx"
        with open(big, "wb") as handle:
            handle.truncate(2 * 1024 * 1024)
        code, _out, err = run_import(str(big))
        assert code == 2 and "ukuran terbesar yang diterima 1 MB" in err
        bomb = tmp_path / "bomb.xlsx"
        good = build(tmp_path / "good.xlsx", {"M": [["Kode Indikator", "Realisasi 2021"]]})
        with (
            zipfile.ZipFile(good) as source,
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for item in source.infolist():
                if item.filename != "xl/sharedStrings.xml":
                    target.writestr(item, source.read(item.filename))
            strings = b"<si><t>a</t></si>" * (3 * 1024 * 1024 // 16)
            target.writestr(
                "xl/sharedStrings.xml",
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + strings
                + b"</sst>",
            )
        assert bomb.stat().st_size < 1024 * 1024
        code, _out, err = run_import(str(bomb))
        assert code == 2 and "melebihi batas yang diterima server" in err


class TestTemplate:
    def test_template_has_every_sheet_instructions_and_choice_lists(self, demo_plan, tmp_path):
        path = tmp_path / "template.xlsx"
        with open(path, "wb") as handle:
            write_template(demo_plan, handle)
        workbook = load_workbook(path)
        assert workbook.sheetnames == [
            "Petunjuk",
            "Perangkat Daerah",
            "Misi",
            "Tujuan",
            "Sasaran",
            "Program",
            "Indikator",
            "Realisasi",
            "Pendapatan",
            "Pendanaan",
        ]
        assert "Arah" in {row[1] for row in workbook["Petunjuk"].iter_rows(values_only=True)}
        lists = [v.formula1 for v in workbook["Indikator"].data_validations.dataValidation]
        assert '"naik,turun,rentang,ya-tidak"' in lists and '"tujuan,sasaran,program"' in lists
        report = import_workbook(str(path), plan=demo_plan, dry_run=True)
        assert report.ok, report.errors
        assert report.new == report.changed == 0  # the examples are on Petunjuk, not data
        guide = list(workbook["Petunjuk"].iter_rows(values_only=True))
        assert any(row[0] == "Contoh: lembar Indikator" for row in guide)


class TestHistory:
    def test_every_written_value_has_one_history_row_with_batch_door_and_user(
        self, small_plan, planner, tmp_path
    ):
        from indicators.models import ImportBatch

        path = build(
            tmp_path / "w.xlsx",
            {"Matriks": [["Kode Indikator", "Target 2021", "Realisasi 2021"], ["IK.1", 90, 85]]},
        )
        report = import_workbook(path, plan=small_plan, by=planner, door="admin")
        assert report.ok and report.new == 1 and report.changed == 1
        batch = ImportBatch.objects.get()
        assert (batch.id, batch.door, batch.imported_by) == (report.batch_id, "admin", planner)
        target = Target.objects.get(indicator__code="IK.1", year=2021)
        history = target.history.order_by("history_id")
        assert [(h.history_type, h.value) for h in history] == [("+", 80), ("~", 90)]
        latest = history.last()
        assert latest.history_user == planner
        assert latest.history_change_reason == f"Impor workbook #{batch.id} (admin): w.xlsx"
        realization = Realization.objects.get()
        assert realization.history.get().history_type == "+"
        assert import_workbook(path, plan=small_plan).new == 0
        assert target.history.count() == 2  # an unchanged re-import writes no history

    def test_the_command_is_quiet_when_not_on_a_terminal(self, small_plan, tmp_path):
        path = build(tmp_path / "w.xlsx", {"Matriks": [["Kode Indikator", "Realisasi 2021"]]})
        code, out, err = run_import(path)
        assert code == 0 and "\r" not in out + err and "baris terbaca" not in out + err
