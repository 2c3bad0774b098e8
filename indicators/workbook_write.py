"""Workbooks handed out: the template, a realisation sheet per perangkat daerah, the whole plan.

Everything written here reads back through :mod:`indicators.workbook_read` unchanged (an export
re-imported reports zero changes). Text that a spreadsheet would take for a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or CR) is written with a leading apostrophe, which the
reader removes again.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from budgets.models import (
    BudgetStage,
    FundingScheme,
    ProgramFunding,
    RevenueAccount,
    RevenueValue,
)
from core.cells import escape_text

from .models import (
    Goal,
    Indicator,
    Mission,
    Objective,
    PerangkatDaerah,
    Program,
    Realization,
    Target,
)
from .workbook_read import DIRECTION_WORDS

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
EXAMPLE_FONT = Font(italic=True, color="808080")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

UNIT_HEADERS = ["Kode", "Nama", "Singkatan", "Jenis"]
MISSION_HEADERS = ["Kode", "Nomor", "Uraian"]
GOAL_HEADERS = ["Kode", "Uraian", "Kode Misi"]
OBJECTIVE_HEADERS = ["Kode", "Uraian", "Kode Tujuan"]
PROGRAM_HEADERS = ["Kode Program", "Nama Program", "Kode Sasaran", "Kode Perangkat Daerah"]
INDICATOR_HEADERS = [
    "Kode Indikator",
    "Nama Indikator",
    "Satuan",
    "Arah",
    "Tingkat",
    "Kode Program",
    "Kode Sasaran",
    "Kode Tujuan",
    "Kode Perangkat Daerah",
    "Kondisi Awal",
    "Target Akhir",
]
LONG_HEADERS = ["Kode Indikator", "Tahun", "Target", "Realisasi", "Keterangan"]
REVENUE_HEADERS = ["Kode Rekening", "Tahun", "Tahap", "Target", "Realisasi"]
FUNDING_HEADERS = ["Kode Program", "Tahun", "Skema", "Pagu", "Realisasi"]


def cell(value):
    """A value as a worksheet cell: numbers stay numbers, text is escaped."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return escape_text(value)


def money_cell(value):
    """An amount as a number cell when a spreadsheet holds it exactly, else as exact text."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(format(as_float, ".15g")) == value:
        return as_float
    return plain(value)


def plain(value):
    """A number as text in Indonesian notation without grouping (2,5), for range targets."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def target_cell(target):
    if target is None:
        return None
    if target.value is None:
        return escape_text(f"{plain(target.low)} - {plain(target.high)}")
    return cell(target.value)


def _sheet(workbook, title, headers):
    ws = workbook.create_sheet(title)
    ws.append(headers)
    return ws


def _style_header(ws, count):
    for column in range(1, count + 1):
        ws.cell(row=1, column=column).font = HEADER_FONT
        ws.cell(row=1, column=column).fill = HEADER_FILL
        letter = ws.cell(row=1, column=column).column_letter
        ws.column_dimensions[letter].width = 18


def _parent_codes(indicator):
    return (
        indicator.program.code if indicator.program_id else None,
        indicator.objective.code if indicator.objective_id else None,
        indicator.goal.code if indicator.goal_id else None,
    )


def write_plan(plan, stream):
    """The whole plan: every sheet the reader knows, values in the long ``Realisasi`` sheet."""
    workbook = Workbook(write_only=True)
    ws = _sheet(workbook, "Perangkat Daerah", UNIT_HEADERS)
    for unit in PerangkatDaerah.objects.order_by("code"):
        ws.append([cell(unit.code), cell(unit.name), cell(unit.abbreviation), unit.kind])
    ws = _sheet(workbook, "Misi", MISSION_HEADERS)
    for mission in Mission.objects.filter(plan=plan).order_by("number"):
        ws.append([cell(mission.code), mission.number, cell(mission.text)])
    ws = _sheet(workbook, "Tujuan", GOAL_HEADERS)
    for goal in Goal.objects.filter(plan=plan).select_related("mission").order_by("code"):
        ws.append([cell(goal.code), cell(goal.text), cell(goal.mission.code)])
    ws = _sheet(workbook, "Sasaran", OBJECTIVE_HEADERS)
    for objective in Objective.objects.filter(plan=plan).select_related("goal").order_by("code"):
        ws.append([cell(objective.code), cell(objective.text), cell(objective.goal.code)])
    ws = _sheet(workbook, "Program", PROGRAM_HEADERS)
    programs = Program.objects.filter(plan=plan).select_related("objective", "perangkat_daerah")
    for program in programs.order_by("code"):
        ws.append(
            [
                cell(program.code),
                cell(program.name),
                cell(program.objective.code),
                cell(program.perangkat_daerah.code),
            ]
        )
    ws = _sheet(workbook, "Indikator", INDICATOR_HEADERS)
    indicators = Indicator.objects.filter(plan=plan).select_related(
        "program", "objective", "goal", "perangkat_daerah"
    )
    for indicator in indicators.order_by("code").iterator(chunk_size=2000):
        ws.append(
            [
                cell(indicator.code),
                cell(indicator.name),
                cell(indicator.unit),
                DIRECTION_WORDS[indicator.direction],
                indicator.level,
                *(cell(code) for code in _parent_codes(indicator)),
                cell(indicator.perangkat_daerah.code),
                cell(indicator.baseline),
                cell(indicator.final_target),
            ]
        )
    _write_money(plan, workbook)
    ws = _sheet(workbook, "Realisasi", LONG_HEADERS)
    for code, year, target, realization in _yearly_values(plan):
        ws.append(
            [
                cell(code),
                year,
                target_cell(target),
                cell(realization.value) if realization else None,
                cell(realization.note) if realization and realization.note else None,
            ]
        )
    workbook.save(stream)


def _write_money(plan, workbook):
    """The ``Pendapatan`` and ``Pendanaan`` sheets: the stored values in the plan period."""
    ws = _sheet(workbook, "Pendapatan", REVENUE_HEADERS)
    values = RevenueValue.objects.filter(year__in=plan.years).select_related("account")
    for value in values.order_by("account__code", "year", "stage"):
        ws.append(
            [
                cell(value.account.code),
                value.year,
                value.stage,
                money_cell(value.target),
                money_cell(value.realization),
            ]
        )
    ws = _sheet(workbook, "Pendanaan", FUNDING_HEADERS)
    funding = ProgramFunding.objects.filter(program__plan=plan, year__in=plan.years)
    funding = funding.select_related("program", "scheme")
    for row in funding.order_by("program__code", "year", "scheme__order", "scheme__code"):
        ws.append(
            [
                cell(row.program.code),
                row.year,
                cell(row.scheme.code),
                money_cell(row.pagu),
                money_cell(row.realization),
            ]
        )


def _yearly_values(plan, indicators=None, years=None):
    """(indicator code, year, target or None, realisation or None), in code and year order."""
    targets = Target.objects.filter(indicator__plan=plan)
    realizations = Realization.objects.filter(indicator__plan=plan)
    if indicators is not None:
        targets = targets.filter(indicator__in=indicators)
        realizations = realizations.filter(indicator__in=indicators)
    if years is not None:
        targets = targets.filter(year__in=years)
        realizations = realizations.filter(year__in=years)
    by_key = {}
    for target in targets.select_related("indicator").only(
        "year", "value", "low", "high", "indicator__code"
    ):
        by_key[(target.indicator.code, target.year)] = [target, None]
    for realization in realizations.select_related("indicator").only(
        "year", "value", "note", "indicator__code"
    ):
        by_key.setdefault((realization.indicator.code, realization.year), [None, None])[1] = (
            realization
        )
    for (code, year), (target, realization) in sorted(by_key.items()):
        yield code, year, target, realization


def write_realization_sheet(plan, unit, year, stream):
    """The indicators of one perangkat daerah (None: all) for one year, in the wide layout."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(f"Realisasi {year}"[:31])
    ws.append(
        [
            "Kode Indikator",
            "Nama Indikator",
            "Satuan",
            "Arah",
            f"Target {year}",
            f"Realisasi {year}",
        ]
    )
    indicators = Indicator.objects.filter(plan=plan).order_by("code")
    if unit is not None:
        indicators = indicators.filter(perangkat_daerah=unit)
    values = {code: (t, r) for code, _y, t, r in _yearly_values(plan, indicators, [year])}
    for indicator in indicators:
        target, realization = values.get(indicator.code, (None, None))
        ws.append(
            [
                cell(indicator.code),
                cell(indicator.name),
                cell(indicator.unit),
                DIRECTION_WORDS[indicator.direction],
                target_cell(target),
                cell(realization.value) if realization else None,
            ]
        )
    workbook.save(stream)


def _instructions():
    return [
        ("Lembar", "Kolom", "Penjelasan"),
        (
            "(semua)",
            "",
            "Baris pertama setiap lembar adalah judul kolom; jangan diubah. Baris contoh (huruf miring abu-abu) boleh dihapus atau ditimpa.",
        ),
        (
            "(semua)",
            "",
            "Kode adalah kunci: mengunggah kode yang sudah ada memperbarui datanya, kode baru menambah data. Mengunggah berkas yang sama dua kali tidak mengubah apa pun.",
        ),
        (
            "(semua)",
            "",
            "Sel kosong, '-' dan 'N/A' berarti tidak ada nilai: nilai yang tersimpan tidak berubah.",
        ),
        (
            "(semua)",
            "",
            "Angka boleh berupa sel angka atau teks berformat Indonesia: 1.234,56 · 85,5 % · Rp 1.500.000.",
        ),
        (
            "(semua)",
            "",
            "Satu kesalahan saja membuat seluruh berkas ditolak; semua kesalahan dilaporkan dengan lembar, baris dan kolomnya.",
        ),
        ("Perangkat Daerah", "Kode", "Kode perangkat daerah, mis. 1.02.01."),
        ("Perangkat Daerah", "Nama", "Nama lengkap perangkat daerah."),
        ("Perangkat Daerah", "Singkatan", "Singkatan, mis. Dinkes (boleh kosong)."),
        (
            "Perangkat Daerah",
            "Jenis",
            "sekretariat, inspektorat, badan, dinas, satuan, rumah_sakit, kecamatan atau lainnya.",
        ),
        ("Misi", "Kode / Nomor / Uraian", "Kode misi (mis. M1), nomor urut, dan rumusan misi."),
        (
            "Tujuan",
            "Kode / Uraian / Kode Misi",
            "Kode tujuan, rumusan tujuan, dan kode misi induknya.",
        ),
        (
            "Sasaran",
            "Kode / Uraian / Kode Tujuan",
            "Kode sasaran, rumusan sasaran, dan kode tujuan induknya.",
        ),
        (
            "Program",
            "Kode Program / Nama Program",
            "Kode program (nomenklatur Permendagri 90/2019) dan namanya.",
        ),
        (
            "Program",
            "Kode Sasaran / Kode Perangkat Daerah",
            "Sasaran yang dilayani program dan perangkat daerah penanggung jawab.",
        ),
        (
            "Indikator",
            "Kode Indikator / Nama Indikator / Satuan",
            "Kode unik indikator, nama, dan satuan (persen, indeks, unit, …).",
        ),
        (
            "Indikator",
            "Arah",
            "naik (makin tinggi makin baik), turun (makin rendah makin baik), rentang (target berupa rentang, mis. 2 - 4) atau ya-tidak (nilai ya/tidak atau 1/0).",
        ),
        (
            "Indikator",
            "Tingkat",
            "tujuan, sasaran atau program; isi kolom kode induk yang sesuai (Kode Tujuan, Kode Sasaran atau Kode Program).",
        ),
        ("Indikator", "Kode Perangkat Daerah", "Perangkat daerah penanggung jawab indikator."),
        (
            "Indikator",
            "Kondisi Awal / Target Akhir",
            "Kondisi awal (tahun ke-0) dan target akhir periode RPJMD.",
        ),
        (
            "Indikator",
            "Target YYYY / Realisasi YYYY",
            "Target dan realisasi per tahun (tata letak lebar). Tahun harus dalam periode RPJMD.",
        ),
        (
            "Realisasi",
            "Kode Indikator / Tahun",
            "Satu baris per indikator per tahun (tata letak panjang).",
        ),
        (
            "Realisasi",
            "Target / Realisasi / Keterangan",
            "Target tahun itu (rentang ditulis 10 - 20), realisasi, dan keterangan. Satu indikator-tahun hanya boleh muncul sekali dalam satu berkas.",
        ),
        (
            "Pendapatan",
            "Kode Rekening",
            "Kode rekening pendapatan (Permendagri 90/2019), mis. 4.1.01. Hanya rekening paling rinci (tanpa sub-rekening) yang diisi; nilai rekening induk adalah jumlah sub-rekeningnya dan dihitung otomatis.",
        ),
        ("Pendapatan", "Tahun", "Tahun anggaran, dalam periode RPJMD."),
        ("Pendapatan", "Tahap", "murni (APBD murni) atau perubahan (APBD perubahan)."),
        (
            "Pendapatan",
            "Target / Realisasi",
            "Target dan realisasi pendapatan dalam rupiah, mis. 1500000000 atau Rp 1.500.000.000 (paling banyak dua angka desimal). Satu rekening-tahun-tahap hanya boleh muncul sekali dalam satu berkas.",
        ),
        ("Pendanaan", "Kode Program", "Kode program (lembar Program atau yang sudah tersimpan)."),
        ("Pendanaan", "Tahun", "Tahun anggaran, dalam periode RPJMD."),
        ("Pendanaan", "Skema", "Kode atau nama skema pendanaan: " + _scheme_codes() + "."),
        (
            "Pendanaan",
            "Pagu / Realisasi",
            "Pagu (alokasi) dan realisasi belanja program dalam rupiah; pagu wajib untuk baris baru. Satu program-tahun-skema hanya boleh muncul sekali dalam satu berkas.",
        ),
    ]


def _example_account():
    leaves = RevenueAccount.objects.filter(children__isnull=True).order_by("code")
    return leaves.values_list("code", flat=True).first() or "4.1.01"


def _scheme_codes():
    return ", ".join(FundingScheme.objects.values_list("code", flat=True)) or "apbd"


def write_template(plan, stream):
    """All sheets with their headers, one example row each, instructions and choice lists."""
    years = list(plan.years) if plan else []
    workbook = Workbook()
    workbook.remove(workbook.active)
    guide = workbook.create_sheet("Petunjuk")
    for row in _instructions():
        guide.append(row)
    _style_header(guide, 3)
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["B"].width = 40
    guide.column_dimensions["C"].width = 100
    first_target_year = years[1] if len(years) > 1 else (years[0] if years else 2021)
    examples = [
        ("Perangkat Daerah", UNIT_HEADERS, ["9.99.01", "Dinas Contoh", "DC", "dinas"]),
        ("Misi", MISSION_HEADERS, ["M9", 9, "Misi contoh"]),
        ("Tujuan", GOAL_HEADERS, ["T9.1", "Tujuan contoh", "M9"]),
        ("Sasaran", OBJECTIVE_HEADERS, ["S9.1.1", "Sasaran contoh", "T9.1"]),
        ("Program", PROGRAM_HEADERS, ["9.99.01.001", "Program contoh", "S9.1.1", "9.99.01"]),
    ]
    for title, headers, example in examples:
        ws = _sheet(workbook, title, headers)
        ws.append(example)
        _style_header(ws, len(headers))
        for column in range(1, len(headers) + 1):
            ws.cell(row=2, column=column).font = EXAMPLE_FONT
    year_headers = [f"{kind} {year}" for year in years for kind in ("Target", "Realisasi")]
    ws = _sheet(workbook, "Indikator", INDICATOR_HEADERS + year_headers)
    example = ["IK.9.001", "Indikator contoh", "persen", "naik", "program"]
    example += ["9.99.01.001", None, None, "9.99.01", 50, 75]
    for year in years:
        example += [50 + 5 * (year - years[0]), None]
    ws.append(example)
    _style_header(ws, len(INDICATOR_HEADERS) + len(year_headers))
    for column in range(1, len(example) + 1):
        ws.cell(row=2, column=column).font = EXAMPLE_FONT
    for letter, choices in (("D", "naik,turun,rentang,ya-tidak"), ("E", "tujuan,sasaran,program")):
        validation = DataValidation(
            type="list",
            formula1=f'"{choices}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Not allowed"),
            error=f"Pilih salah satu: {choices}",
        )
        ws.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")
    ws = _sheet(workbook, "Realisasi", LONG_HEADERS)
    ws.append(["IK.9.001", first_target_year, None, 52.5, "Contoh keterangan"])
    _style_header(ws, len(LONG_HEADERS))
    for column in range(1, len(LONG_HEADERS) + 1):
        ws.cell(row=2, column=column).font = EXAMPLE_FONT
    money = [
        (
            "Pendapatan",
            REVENUE_HEADERS,
            [_example_account(), first_target_year, BudgetStage.MURNI.value, 1500000000, None],
        ),
        (
            "Pendanaan",
            FUNDING_HEADERS,
            ["9.99.01.001", first_target_year, "apbd", 2500000000, None],
        ),
    ]
    for title, headers, example in money:
        ws = _sheet(workbook, title, headers)
        ws.append(example)
        _style_header(ws, len(headers))
        for column in range(1, len(headers) + 1):
            ws.cell(row=2, column=column).font = EXAMPLE_FONT
    stages = ",".join(stage.value for stage in BudgetStage)
    validation = DataValidation(
        type="list",
        formula1=f'"{stages}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not allowed"),
        error=f"Pilih salah satu: {stages}",
    )
    workbook["Pendapatan"].add_data_validation(validation)
    validation.add("C2:C5000")
    workbook.save(stream)
