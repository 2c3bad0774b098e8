"""The `Pendapatan` and `Pendanaan` sheets of the workbook: read all or nothing, exported exactly."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from budgets.models import ProgramFunding, RevenueValue
from core import numbers
from indicators.models import PerangkatDaerah, Program
from tests.workbooks import build, run_import
from workbooks.engine import import_workbook
from workbooks.exports import write_plan, write_template

pytestmark = pytest.mark.django_db

REVENUE = ["Kode Rekening", "Tahun", "Tahap", "Target", "Realisasi"]
FUNDING = ["Kode Program", "Tahun", "Skema", "Pagu", "Realisasi"]


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.fixture
def demo_plan(module_demo_plan):
    """Every test here reads the demo data: load it once for the module."""
    return module_demo_plan


@pytest.fixture
def funding(demo_plan):
    """A stored program funding row of the demo, with a realisation."""
    return (
        ProgramFunding.objects.filter(program__plan=demo_plan, realization__isnull=False)
        .select_related("program", "scheme")
        .order_by("program__code", "year", "scheme__order")
        .first()
    )


def stored_money():
    """Every stored revenue and funding value: a picture to compare before and after."""
    return (
        sorted(
            RevenueValue.objects.values_list(
                "account__code", "year", "stage", "target", "realization"
            )
        ),
        sorted(
            ProgramFunding.objects.values_list(
                "program__code", "year", "scheme__code", "pagu", "realization"
            )
        ),
    )


def revenue(code="4.1.01", year=2021, stage="murni"):
    return RevenueValue.objects.get(account__code=code, year=year, stage=stage)


def test_export_then_reimport_reports_zero_changes(demo_plan, tmp_path):
    path = tmp_path / "export.xlsx"
    with open(path, "wb") as handle:
        write_plan(demo_plan, handle)
    workbook = load_workbook(path, read_only=True)
    assert list(next(workbook["Pendapatan"].iter_rows(values_only=True))) == REVENUE
    assert list(next(workbook["Pendanaan"].iter_rows(values_only=True))) == FUNDING
    workbook.close()
    report = import_workbook(str(path), plan=demo_plan, dry_run=True)
    assert report.ok, report.errors
    assert report.new == report.changed == 0
    revenue_sheet, funding_sheet = report.sheets["Pendapatan"], report.sheets["Pendanaan"]
    assert revenue_sheet.unchanged == RevenueValue.objects.filter(year__in=demo_plan.years).count()
    assert funding_sheet.unchanged == ProgramFunding.objects.filter(program__plan=demo_plan).count()
    assert revenue_sheet.unchanged > 90 and funding_sheet.unchanged > 800


def test_a_changed_amount_is_reported_and_written_with_history(demo_plan, funding, tmp_path):
    value = revenue(stage="perubahan")
    history = value.history.count()
    path = build(
        tmp_path / "change.xlsx",
        {
            " pendapatan ": [
                ["KODE REKENING", "tahun", "Tahap", "Target", "Realisasi"],
                ["4.1.01", 2021, "PERUBAHAN", "Rp 1.500.000.000", None],  # realisation kept
            ],
            "PENDANAAN": [
                FUNDING,
                [funding.program.code, funding.year, funding.scheme.name, 123.45, None],
            ],
        },
    )
    report = import_workbook(path, plan=demo_plan, dry_run=True)
    assert report.ok, report.errors
    assert [str(change) for change in report.sheets[" pendapatan "].changes] == [
        f"4.1.01 perubahan 2021 target: {numbers.format_input(value.target)} → 1.500.000.000"
    ]
    assert report.sheets["PENDANAAN"].changed == 1
    assert "pagu:" in str(report.sheets["PENDANAAN"].changes[0])
    assert revenue(stage="perubahan").target == value.target  # a dry run writes nothing

    report = import_workbook(path, plan=demo_plan, reason="APBD 2021")
    assert report.ok and report.written
    value.refresh_from_db()
    assert value.target == Decimal("1500000000.00")
    assert value.realization is not None  # the blank cell kept the stored realisation
    assert value.history.count() == history + 1
    assert "APBD 2021" in value.history.first().history_change_reason
    funding.refresh_from_db()
    assert funding.pagu == Decimal("123.45") and funding.realization is not None
    again = import_workbook(path, plan=demo_plan)
    assert again.ok and again.new == again.changed == 0 and again.unchanged == 2


def test_indonesian_amounts_are_read_exactly(demo_plan, tmp_path):
    path = build(
        tmp_path / "amounts.xlsx",
        {
            "Pendapatan": [
                REVENUE,
                ["4.1.01", 2022, "perubahan", "Rp 5.909.045.828.498,55", "1.234,56"],
                ["4.1.02", 2022, "perubahan", 5909045828498.0, "Rp. 1.500.000"],
                ["4.1.03", 2022, "perubahan", 1234.5600000000002, 0],
            ]
        },
    )
    report = import_workbook(path, plan=demo_plan)
    assert report.ok, report.errors
    assert report.sheets["Pendapatan"].new == 3
    assert (revenue("4.1.01", 2022, "perubahan").target) == Decimal("5909045828498.55")
    assert revenue("4.1.01", 2022, "perubahan").realization == Decimal("1234.56")
    assert revenue("4.1.02", 2022, "perubahan").target == Decimal("5909045828498")
    assert revenue("4.1.02", 2022, "perubahan").realization == Decimal("1500000")
    assert revenue("4.1.03", 2022, "perubahan").target == Decimal("1234.56")
    # …and an export holds them exactly, so that re-importing it changes nothing.
    buffer = io.BytesIO()
    write_plan(demo_plan, buffer)
    export = tmp_path / "export.xlsx"
    export.write_bytes(buffer.getvalue())
    report = import_workbook(str(export), plan=demo_plan, dry_run=True)
    assert report.ok and report.sheets["Pendapatan"].changed == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Rp 1.500.000", Decimal("1500000")),
        ("1.234,56", Decimal("1234.56")),
        ("Rp 5.909.045.828.498", Decimal("5909045828498")),
        (5909045828498.0, Decimal("5909045828498")),
        (0.1 + 0.2, Decimal("0.3")),
        ("-", None),
        (None, None),
    ],
)
def test_parse_money(raw, expected):
    assert numbers.parse_money(raw) == expected


@pytest.mark.parametrize("raw", ["satu juta", "-5", "12,5 %", "1,005", 1.005, "1.2.3", 10**18])
def test_parse_money_refuses(raw):
    with pytest.raises(numbers.NumberError):
        numbers.parse_money(raw)


def test_a_bad_amount_anywhere_rejects_the_whole_file(demo_plan, funding, tmp_path):
    before = stored_money()
    rows = [FUNDING]
    programs = list(Program.objects.filter(plan=demo_plan).values_list("code", flat=True))
    for code in programs:
        rows.append([code, 2022, "apbd", 1000, None])
    rows.append([funding.program.code, funding.year, funding.scheme.code, "satu juta", None])
    path = build(
        tmp_path / "bad.xlsx",
        {
            "Pendapatan": [REVENUE, ["4.1.01", 2021, "murni", 1, 1]],
            "Program": [
                ["Kode Program", "Nama Program", "Kode Sasaran", "Kode Perangkat Daerah"],
                [
                    "9.99.01",
                    "Program baru",
                    *Program.objects.values_list(
                        "objective__code", "perangkat_daerah__code"
                    ).first(),
                ],
            ],
            "Pendanaan": rows + [["9.99.01", 2021, "csr", 5, 5]],
        },
    )
    code, _out, err = run_import(path)
    assert code == 1
    assert f"Pendanaan!{len(programs) + 2}: Pagu: not a number: 'satu juta'" in err
    assert "nothing was written" in err
    assert stored_money() == before
    assert not Program.objects.filter(code="9.99.01").exists()


def test_funding_of_a_program_from_the_same_file(demo_plan, tmp_path):
    program = Program.objects.filter(plan=demo_plan).first()
    path = build(
        tmp_path / "new.xlsx",
        {
            "Pendanaan": [FUNDING, ["9.99.01", 2021, "CSR", "Rp 5.000.000", None]],
            "Program": [
                ["Kode Program", "Nama Program", "Kode Sasaran", "Kode Perangkat Daerah"],
                ["9.99.01", "Program baru", program.objective.code, program.perangkat_daerah.code],
            ],
        },
    )
    report = import_workbook(path, plan=demo_plan)
    assert report.ok, report.errors
    stored = ProgramFunding.objects.get(program__code="9.99.01")
    assert (stored.year, stored.scheme.code, stored.pagu) == (2021, "csr", Decimal(5000000))


def test_every_wrong_key_is_reported(demo_plan, funding, tmp_path):
    before = stored_money()
    program, year = funding.program.code, funding.year
    path = build(
        tmp_path / "keys.xlsx",
        {
            "Pendapatan": [
                REVENUE,
                ["4.1", 2021, "murni", 10, None],
                ["9.9.99", 2021, "murni", 10, None],
                ["4.1.01", 2021, "induk", 10, None],
                ["4.1.01", 2030, "murni", 10, None],
                ["4.1.01", 2021, "Perubahan", 10, None],
                ["4.1.01", 2021, "perubahan", 11, None],
            ],
            "Pendanaan": [
                FUNDING,
                ["X.99", 2021, "apbd", 10, None],
                [program, year, "hibah luar negeri", 10, None],
                [program, year, funding.scheme.code, "Rp 10", None],
                [program, year, funding.scheme.name.upper(), 10, None],
                [program, 2022, "kpbu", None, 10],
            ],
        },
    )
    report = import_workbook(path, plan=demo_plan)
    assert not report.ok and not report.written
    errors = [str(error) for error in report.errors]
    assert errors == [
        "Pendapatan!2: Kode Rekening: 4.1 has sub-accounts: its values are the sums of theirs. "
        "Enter values on the sub-accounts.",
        "Pendapatan!3: Kode Rekening: unknown account code 9.9.99",
        "Pendapatan!4: Tahap: unknown stage 'induk'; use murni or perubahan",
        "Pendapatan!5: Tahun: 2030 lies outside the plan period 2018–2023",
        "Pendapatan!7: Kode Rekening: 4.1.01 2021 perubahan is given twice in this file "
        "(first at Pendapatan!6)",
        "Pendanaan!2: Kode Program: unknown program code X.99",
        "Pendanaan!3: Skema: unknown funding scheme 'hibah luar negeri'; use one of: "
        "apbd, apbn-dak, bankeu-provinsi, kpbu, csr, pinjaman-daerah, obligasi-daerah",
        f"Pendanaan!5: Kode Program: {program} {year} {funding.scheme.code} is given twice in "
        "this file (first at Pendanaan!4)",
        "Pendanaan!6: Pagu: required for funding not stored yet; the cell is empty",
    ]
    assert stored_money() == before


def test_operators_may_not_upload_money(demo_plan, tmp_path):
    unit = PerangkatDaerah.objects.filter(indicators__plan=demo_plan).first()
    path = build(tmp_path / "op.xlsx", {"Pendapatan": [REVENUE, ["4.1.01", 2021, "murni", 1, 1]]})
    report = import_workbook(path, plan=demo_plan, only_units=[unit.pk])
    assert [str(e) for e in report.errors] == [
        "Pendapatan!1: : only planning staff may change revenue and funding"
    ]


def test_template_has_both_sheets_and_reads_back(demo_plan, tmp_path):
    path = tmp_path / "template.xlsx"
    with open(path, "wb") as handle:
        write_template(demo_plan, handle)
    workbook = load_workbook(path)
    assert [c.value for c in workbook["Pendapatan"][1]] == REVENUE
    assert [c.value for c in workbook["Pendanaan"][1]] == FUNDING
    guide = {(row[0], row[1]) for row in workbook["Petunjuk"].iter_rows(values_only=True)}
    assert {("Pendapatan", "Tahap"), ("Pendanaan", "Skema")} <= guide
    lists = [v.formula1 for v in workbook["Pendapatan"].data_validations.dataValidation]
    assert lists == ['"murni,perubahan"']
    report = import_workbook(str(path), plan=demo_plan, dry_run=True)
    assert report.ok, report.errors
    assert report.new == report.changed == 0  # examples are on Petunjuk, never data
    guide = list(workbook["Petunjuk"].iter_rows(values_only=True))
    assert any(row[0] == "Example: sheet Pendanaan" for row in guide)
