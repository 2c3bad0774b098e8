"""Triwulan values in workbooks: the long layout's Triwulan column, the wide layout's
``Realisasi YYYY TW1`` columns and the Indikator sheet's Cara Hitung; the year value rolls up by
the calculation type; all-or-nothing, locks, and export → re-import changing nothing."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators import services
from indicators.models import Indicator, QuarterlyRealization, Realization, YearLock
from tests.factories import IndicatorFactory, TargetFactory
from tests.workbooks import build
from workbooks.engine import import_workbook
from workbooks.exports import write_plan

pytestmark = pytest.mark.django_db

LONG = ["Kode Indikator", "Tahun", "Triwulan", "Target", "Realisasi", "Keterangan"]


@pytest.fixture
def indicators(plan):
    first = IndicatorFactory(
        program__objective__goal__mission__plan=plan,
        code="IK.SUM",
        calculation_type=Indicator.CalculationType.CUMULATIVE,
    )
    program = first.program
    IndicatorFactory(program=program, code="IK.LAST", calculation_type="last")
    IndicatorFactory(program=program, code="IK.AVG", calculation_type="average")
    TargetFactory(indicator=first, year=2022, value=Decimal(100))
    return plan


def year_value(code, year=2022):
    realization = Realization.objects.get(indicator__code=code, year=year)
    return realization.value, realization.source


def long_rows(code, values, year=2022, numerals=("I", "II", "III", "IV")):
    return [
        [code, year, numeral, None, value, None]
        for numeral, value in zip(numerals, values, strict=False)
    ]


@pytest.mark.parametrize(
    ("code", "year"),
    [("IK.SUM", Decimal(100)), ("IK.LAST", Decimal(30)), ("IK.AVG", Decimal(25))],
)
def test_long_layout_triwulan_values_give_the_year_by_its_calculation_type(
    indicators, tmp_path, code, year
):
    values = [10, "20", "40,0", 30] if code != "IK.AVG" else [10, 20, 30, 40]
    if code == "IK.SUM":
        values = [10, 20, 30, 40]
    path = build(tmp_path / "tw.xlsx", {"Realisasi": [LONG, *long_rows(code, values)]})
    report = import_workbook(path, plan=indicators)
    assert report.ok, report.errors
    assert QuarterlyRealization.objects.filter(indicator__code=code).count() == 4
    assert year_value(code) == (year, Realization.Source.QUARTERS)


def test_numbered_triwulan_and_wide_columns_read_the_same(indicators, tmp_path):
    long = build(
        tmp_path / "long.xlsx",
        {"Realisasi": [LONG, *long_rows("IK.SUM", [1, 2, 3, 4], numerals=(1, "2", "3", "IV"))]},
    )
    assert import_workbook(long, plan=indicators).ok
    assert year_value("IK.SUM") == (Decimal(10), "quarters")
    wide = build(
        tmp_path / "wide.xlsx",
        {
            "Matriks": [
                [
                    "Kode Indikator",
                    "Realisasi 2022 TW1",
                    "Realisasi 2022 TW2",
                    "Realisasi 2022 TW 3",
                ],
                ["IK.SUM", 5, 5, "5"],
                ["IK.LAST", 7, None, "9,5"],
            ]
        },
    )
    report = import_workbook(wide, plan=indicators)
    assert report.ok, report.errors
    assert year_value("IK.SUM") == (Decimal(19), "quarters")  # 5 + 5 + 5 + 4
    assert year_value("IK.LAST") == (Decimal("9.5"), "quarters")


def test_a_year_value_in_the_file_wins_over_the_roll_up(indicators, tmp_path):
    rows = [LONG, ["IK.SUM", 2022, None, None, 77, "BPS"], *long_rows("IK.SUM", [1, 2])]
    report = import_workbook(build(tmp_path / "f.xlsx", {"Realisasi": rows}), plan=indicators)
    assert report.ok, report.errors
    assert year_value("IK.SUM") == (Decimal(77), "direct")
    assert services.quarterly_roll_up_value(Indicator.objects.get(code="IK.SUM"), 2022) == 3


def test_a_typed_year_value_replaces_a_roll_up_and_says_so(indicators, tmp_path):
    path = build(tmp_path / "a.xlsx", {"Realisasi": [LONG, *long_rows("IK.SUM", [1, 2])]})
    assert import_workbook(path, plan=indicators).ok
    path = build(tmp_path / "b.xlsx", {"Realisasi": [LONG, ["IK.SUM", 2022, None, None, 9, None]]})
    assert import_workbook(path, plan=indicators).ok
    assert year_value("IK.SUM") == (Decimal(9), "direct")


def test_cara_hitung_sets_the_calculation_type(indicators, tmp_path):
    indicator = Indicator.objects.get(code="IK.LAST")
    header = ["Kode Indikator", "Nama Indikator", "Satuan", "Arah", "Tingkat", "Kode Program"]
    base = [
        indicator.code,
        indicator.name,
        indicator.unit,
        "naik",
        "program",
        indicator.program.code,
    ]
    path = build(
        tmp_path / "ind.xlsx",
        {
            "Indikator": [header + ["Cara Hitung"], base + ["Kumulatif"]],
            "Realisasi": [LONG, *long_rows("IK.LAST", [1, 2, 3])],
        },
    )
    report = import_workbook(path, plan=indicators)
    assert report.ok, report.errors
    indicator.refresh_from_db()
    assert indicator.calculation_type == "cumulative"
    assert year_value("IK.LAST") == (Decimal(6), "quarters")
    # now that it has triwulan values, its calculation stays
    path = build(
        tmp_path / "ind2.xlsx", {"Indikator": [header + ["Cara Hitung"], base + ["rata-rata"]]}
    )
    report = import_workbook(path, plan=indicators)
    assert not report.ok
    assert "Cara Hitung" in str(report.errors[0])
    path = build(
        tmp_path / "ind3.xlsx", {"Indikator": [header + ["Cara Hitung"], base + ["median"]]}
    )
    assert not import_workbook(path, plan=indicators).ok


def test_one_bad_cell_writes_nothing(indicators, tmp_path):
    rows = [LONG, *long_rows("IK.SUM", [1, 2]), ["IK.AVG", 2022, "V", None, 3, None]]
    report = import_workbook(build(tmp_path / "bad.xlsx", {"Realisasi": rows}), plan=indicators)
    assert not report.ok
    assert "Realisasi!4" in str(report.errors[0]) and "Triwulan" in str(report.errors[0])
    assert not QuarterlyRealization.objects.exists()
    assert not Realization.objects.exists()
    rows = [LONG, *long_rows("IK.SUM", [1, 2]), ["IK.SUM", 2022, "I", None, 5, None]]
    report = import_workbook(build(tmp_path / "twice.xlsx", {"Realisasi": rows}), plan=indicators)
    assert not report.ok and not QuarterlyRealization.objects.exists()
    rows = [LONG, ["IK.SUM", 2022, "I", 50, 5, None]]
    report = import_workbook(build(tmp_path / "target.xlsx", {"Realisasi": rows}), plan=indicators)
    assert not report.ok and not QuarterlyRealization.objects.exists()


def test_a_locked_year_refuses_triwulan_cells(indicators, tmp_path):
    path = build(tmp_path / "a.xlsx", {"Realisasi": [LONG, *long_rows("IK.SUM", [1, 2])]})
    assert import_workbook(path, plan=indicators).ok
    YearLock.objects.create(plan=indicators, year=2022, reason="Evaluasi selesai")
    same = build(tmp_path / "same.xlsx", {"Realisasi": [LONG, *long_rows("IK.SUM", [1, 2])]})
    assert import_workbook(same, plan=indicators).ok  # unchanged values pass
    changed = build(tmp_path / "b.xlsx", {"Realisasi": [LONG, *long_rows("IK.SUM", [1, 3])]})
    report = import_workbook(changed, plan=indicators)
    assert not report.ok
    assert "Realisasi!3" in str(report.errors[0])
    assert year_value("IK.SUM") == (Decimal(3), "quarters")


def test_export_then_reimport_changes_nothing(indicators, tmp_path):
    services.realization_record(
        indicator=Indicator.objects.get(code="IK.AVG"), year=2021, value=Decimal(4), note="BPS"
    )
    for quarter, value in ((1, 3), (2, 4)):
        services.quarterly_realization_record(
            indicator=Indicator.objects.get(code="IK.SUM"),
            year=2022,
            quarter=quarter,
            value=Decimal(value),
            note=f"TW {quarter}",
        )
    services.quarterly_realization_record(
        indicator=Indicator.objects.get(code="IK.AVG"), year=2021, quarter=1, value=Decimal(8)
    )
    buffer = io.BytesIO()
    write_plan(indicators, buffer)
    path = tmp_path / "export.xlsx"
    path.write_bytes(buffer.getvalue())
    workbook = load_workbook(path, read_only=True)
    year_rows = list(workbook["Realisasi"].iter_rows(values_only=True))
    assert ("IK.SUM", 2022, 100, 7) in [row[:4] for row in year_rows]  # the rolled-up year
    rows = list(workbook["Realisasi Triwulan"].iter_rows(values_only=True))
    assert rows[0] == ("Kode Indikator", "Tahun", "Triwulan", "Realisasi", "Keterangan")
    assert ("IK.SUM", 2022, "I", 3, "TW 1") in rows
    assert load_workbook(path, read_only=True)["Indikator"]["L1"].value == "Cara Hitung"
    report = import_workbook(str(path), plan=indicators)
    assert report.ok, report.errors
    assert (report.new, report.changed) == (0, 0)
    assert year_value("IK.SUM") == (Decimal(7), "quarters")
    assert year_value("IK.AVG", 2021) == (Decimal(4), "direct")


def test_a_realisasi_triwulan_sheet_reads_like_the_triwulan_column(indicators, tmp_path):
    header = ["Kode Indikator", "Tahun", "Triwulan", "Realisasi", "Keterangan"]
    rows = [header, ["IK.AVG", 2022, "I", 2, None], ["IK.AVG", 2022, "II", 3, "naik"]]
    path = build(tmp_path / "tw.xlsx", {"Realisasi Triwulan": rows})
    report = import_workbook(path, plan=indicators)
    assert report.ok, report.errors
    assert year_value("IK.AVG") == (Decimal("2.5"), "quarters")
    path = build(tmp_path / "bad.xlsx", {"Realisasi Triwulan": [header[:2] + header[3:]]})
    assert not import_workbook(path, plan=indicators).ok  # the Triwulan column is required there
