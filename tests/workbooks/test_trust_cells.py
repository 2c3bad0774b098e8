"""Issue 9's importer findings on a small plan: cells are read exactly, or give one precise error."""

import zipfile
from decimal import Decimal

import pytest

from indicators.models import (
    Indicator,
    Mission,
)
from tests.factories import IndicatorFactory, RealizationFactory
from tests.workbooks import build, run_import

pytestmark = pytest.mark.django_db

INDICATOR_HEADER = [
    "Kode Indikator",
    "Nama Indikator",
    "Satuan",
    "Arah",
    "Tingkat",
    "Kode Program",
    "Kode Perangkat Daerah",
    "Kondisi Awal",
    "Target Akhir",
]


def export(plan, path):
    from workbooks.exports import write_plan

    with open(path, "wb") as handle:
        write_plan(plan, handle)
    return str(path)


def error_lines(err):
    return [line for line in err.splitlines() if "!" in line.split(":")[0]]


@pytest.fixture
def demo_plan(module_demo_plan):
    return module_demo_plan


@pytest.fixture
def indicator(demo_plan):
    """A 'higher' program indicator of the demo with a verified 2021 realisation."""
    return (
        Indicator.objects.filter(
            plan=demo_plan,
            direction="higher",
            realizations__year=2021,
            realizations__status="verified",
        )
        .order_by("code")
        .first()
    )


def test_a_range_final_target_is_read_and_round_trips(plan, tmp_path):
    """Finding 7."""
    program = IndicatorFactory(program__objective__goal__mission__plan=plan).program
    row = ["IK.R", "Inflasi", "persen", "rentang", "program", program.code]
    row += [program.perangkat_daerah.code, "3,2", "70,6-71"]
    path = build(tmp_path / "akhir.xlsx", {"Indikator": [INDICATOR_HEADER, row]})
    code, _out, err = run_import(path)
    assert code == 0, err
    indicator = Indicator.objects.get(code="IK.R")
    assert (indicator.final_target, indicator.final_target_low, indicator.final_target_high) == (
        None,
        Decimal("70.6"),
        Decimal("71"),
    )
    again = export(plan, tmp_path / "export.xlsx")
    code, out, err = run_import(again, "--dry-run")
    assert code == 0, err
    assert "akan menulis 0 baru, 0 berubah" in out


class TestCodes:
    """Finding 12 (import half): look-alike codes are refused, never a second indicator."""

    @pytest.mark.parametrize("code", ["ІР.065", "IP.065\u200b", "IP/065"])
    def test_a_look_alike_code_is_refused(self, plan, code, tmp_path):
        program = IndicatorFactory(
            program__objective__goal__mission__plan=plan, code="IP.065"
        ).program
        row = [
            code,
            "Tiruan",
            "persen",
            "naik",
            "program",
            program.code,
            program.perangkat_daerah.code,
        ]
        path = build(tmp_path / "kode.xlsx", {"Indikator": [INDICATOR_HEADER[:7], row]})
        code_, _out, err = run_import(path)
        assert code_ == 1
        lines = error_lines(err)
        assert len(lines) == 1 and lines[0].startswith("Indikator!2: Kode Indikator: ")
        assert Indicator.objects.filter(plan=plan).count() == 1


class TestModelLimits:
    """Finding 14: the model's limits, per cell, the same on SQLite and PostgreSQL."""

    def test_too_long_texts_and_out_of_range_numbers(self, plan, tmp_path):
        program = IndicatorFactory(program__objective__goal__mission__plan=plan).program
        unit = program.perangkat_daerah.code
        path = build(
            tmp_path / "limits.xlsx",
            {
                "Misi": [["Kode", "Nomor", "Uraian"], ["M7", 70000, "Misi tujuh"]],
                "Indikator": [
                    INDICATOR_HEADER[:7],
                    ["IK.L", "n" * 600, "persen", "naik", "program", program.code, unit],
                    ["X" * 300, "nama", "persen", "naik", "program", program.code, unit],
                ],
            },
        )
        code, _out, err = run_import(path)
        assert code == 1
        lines = error_lines(err)
        assert lines[0].startswith("Misi!2: Nomor: 70000 di atas batas terbesar")
        assert lines[1].startswith("Indikator!2: Nama Indikator: paling banyak 500 karakter")
        assert lines[2].startswith("Indikator!3: Kode Indikator: kode paling banyak 50 karakter")
        assert len(lines) == 3
        assert "basis data" not in err
        assert not Indicator.objects.filter(code="IK.L").exists()

    def test_a_32000_character_cell_is_refused_at_once_naming_the_cell(self, plan, tmp_path):
        program = IndicatorFactory(program__objective__goal__mission__plan=plan).program
        row = ["IK.L", "n" * 32000, "persen", "naik", "program", program.code]
        path = build(tmp_path / "long.xlsx", {"Indikator": [INDICATOR_HEADER[:6], row]})
        code, _out, err = run_import(path)
        assert code == 2
        assert "Indikator!2: B" in err and "32000" in err
        assert not Indicator.objects.filter(code="IK.L").exists()


class TestSilentLoss:
    """Finding 15."""

    def test_a_sheet_whose_part_is_missing_is_an_error(self, plan, tmp_path):
        good = build(
            tmp_path / "good.xlsx",
            {"Matriks": [["Kode Indikator", "Realisasi 2021"]], "Lain": [["Kode Indikator"]]},
        )
        bad = tmp_path / "bad.xlsx"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
            for item in source.infolist():
                if item.filename != "xl/worksheets/sheet2.xml":
                    target.writestr(item, source.read(item.filename))
        code, _out, err = run_import(str(bad))
        assert code == 2
        assert "Lain" in err

    def test_two_sheets_whose_names_normalise_alike(self, plan, tmp_path):
        path = build(
            tmp_path / "dua.xlsx",
            {
                "Realisasi": [["Kode Indikator", "Tahun", "Realisasi"]],
                "REAL ISASI": [["Kode Indikator", "Tahun", "Realisasi"]],
            },
        )
        code, _out, err = run_import(path)
        assert code == 1
        assert "REAL ISASI" in err and "Realisasi" in err

    def test_nan_cell_misi_6_7_and_true_are_cell_errors(self, plan, tmp_path):
        indicator = IndicatorFactory(program__objective__goal__mission__plan=plan, code="IK.1")
        RealizationFactory(indicator=indicator, year=2020, value=5)
        path = build(
            tmp_path / "cells.xlsx",
            {
                "Misi": [["Kode", "Nomor", "Uraian"], ["M6", 6.7, "Misi enam"]],
                "Matriks": [
                    ["Kode Indikator", "Realisasi 2021", "Realisasi 2022"],
                    ["IK.1", 1.5, True],
                ],
            },
        )
        # A NaN cell, as some tools write one: <v>NaN</v>.
        raw = tmp_path / "nan.xlsx"
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(raw, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet2.xml":
                    data = data.replace(b"<v>1.5</v>", b"<v>NaN</v>")
                target.writestr(item, data)
        code, _out, err = run_import(str(raw))
        assert code == 1, err
        lines = error_lines(err)
        assert lines[0].startswith("Misi!2: Nomor: ")
        assert lines[1].startswith("Matriks!2: Realisasi 2021: bukan angka")
        assert lines[2].startswith("Matriks!2: Realisasi 2022: sel ya/tidak ('TRUE')")
        assert len(lines) == 3
        assert not Mission.objects.filter(code="M6").exists()
