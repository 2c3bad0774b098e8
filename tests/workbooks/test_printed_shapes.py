"""Further printed shapes, made here: a Tabel 8.1 with ``Tahun 1 … 5`` and MISI heading rows, a
T-C.27 with merged misi cells and rupiah per year, an LKjIP evaluation table; and a table the
reader cannot understand."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from budgets.models import ProgramFunding
from indicators.models import ImportBatch, Indicator, Mission, PerangkatDaerah, Plan
from tests.workbooks import run_import

pytestmark = pytest.mark.django_db


def save(path, rows, merged=()):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tabel"
    for row in rows:
        sheet.append(row)
    for ranged in merged:
        sheet.merge_cells(ranged)
    workbook.save(path)
    return str(path)


def make_plan(code="UJI", period="2020-2025"):
    call_command("create_plan", code, "--name", code, "--period", period)
    return Plan.objects.get(code=code)


def imported(path, plan, *extra):
    with translation.override("id"):
        return run_import(path, "--plan", plan.code, *extra)


TABEL_8_1 = [
    ["Tabel 8.1 Penetapan Indikator Kinerja Utama Kota Contoh"],
    [
        "No",
        "Indikator Kinerja Utama",
        "Kondisi Kinerja Awal",
        "Target Kinerja",
        None,
        None,
        None,
        None,
        "Kondisi Akhir",
    ],
    [None, None, None, "Tahun 1", "Tahun 2", "Tahun 3", "Tahun 4", "Tahun 5", None],
    ["1", "2", "3", "4", "5", "6", "7", "8", "9"],
    ["MISI 1: Mewujudkan ekonomi yang tangguh"],
    ["Tujuan 1.1: Meningkatkan kesejahteraan"],
    ["1", "Pertumbuhan ekonomi (%)", "5,2", "5,3", "5,4", "5,5", "5,6", "5,7", "5,7"],
    [
        "2",
        "Angka kemiskinan",
        "(143.034 : 178.793) x 100% = 8%",
        "7,9",
        "7,8",
        "7,6",
        "7,4",
        "7,2",
        "7,2",
    ],
    ["MISI 2: Mewujudkan tata kelola yang baik"],
    ["Sasaran 2.1.1: Meningkatnya akuntabilitas"],
    ["1", "Nilai SAKIP", "62,5", "65", "67,5", "70", "72,5", "75", "70 - 75"],
]


def test_a_tabel_8_1_with_tahun_1_to_5_and_misi_headings(tmp_path):
    plan = make_plan()
    path = save(
        tmp_path / "t81.xlsx",
        TABEL_8_1,
        [
            "A1:I1",
            "D2:H2",
            "A2:A3",
            "B2:B3",
            "C2:C3",
            "I2:I3",
            "A5:I5",
            "A6:I6",
            "A9:I9",
            "A10:I10",
        ],
    )
    code, out, err = imported(path, plan)
    assert code == 0, out + err
    growth = Indicator.objects.get(plan=plan, name="Pertumbuhan ekonomi (%)")
    assert growth.unit == "%"
    assert growth.level == "tujuan" and growth.goal.mission.text.startswith("Mewujudkan ekonomi")
    assert {t.year: t.value for t in growth.targets.all()} == {
        2021: Decimal("5.3"),
        2022: Decimal("5.4"),
        2023: Decimal("5.5"),
        2024: Decimal("5.6"),
        2025: Decimal("5.7"),
    }
    poverty = Indicator.objects.get(plan=plan, name="Angka kemiskinan")
    assert poverty.baseline == Decimal("8")
    assert poverty.direction == "higher"
    assert "kemiskinan" in out and "periksa" in out  # flagged for the planner
    sakip = Indicator.objects.get(plan=plan, name="Nilai SAKIP")
    assert sakip.level == "sasaran" and sakip.objective.goal.mission.number == 2
    assert (sakip.final_target_low, sakip.final_target_high) == (Decimal(70), Decimal(75))
    assert "Tahun 1 … dibaca sebagai 2021" in out
    codes = set(Indicator.objects.filter(plan=plan).values_list("code", flat=True))
    code, out, err = imported(path, plan)
    assert code == 0 and "0 baru, 0 berubah" in out
    assert set(Indicator.objects.filter(plan=plan).values_list("code", flat=True)) == codes


def test_a_later_edition_shows_exactly_what_changed(tmp_path):
    plan = make_plan()
    path = save(tmp_path / "a.xlsx", TABEL_8_1, ["A2:A3", "B2:B3", "C2:C3", "D2:H2", "I2:I3"])
    assert imported(path, plan)[0] == 0
    later = [list(row) for row in TABEL_8_1]
    later[6][5] = "5,45"  # Tahun 3 of Pertumbuhan ekonomi
    path = save(tmp_path / "b.xlsx", later, ["A2:A3", "B2:B3", "C2:C3", "D2:H2", "I2:I3"])
    code, out, err = imported(path, plan)
    assert code == 0, out + err
    assert "0 baru, 1 berubah" in out
    assert "2023 target: 5,5 → 5,45" in out


def test_a_tc27_with_merged_misi_cells_rupiah_and_a_known_unit(tmp_path):
    plan = make_plan("TC27", "2018-2023")
    dinkes = PerangkatDaerah.objects.create(
        code="DINKES", name="Dinas Kesehatan", kind="dinas", abbreviation="Dinkes"
    )
    rows = [
        ["T-C.27 Indikasi Rencana Program Prioritas yang Disertai Kebutuhan Pendanaan"],
        [
            "Misi",
            "Program Prioritas",
            "Indikator Kinerja Program",
            "Satuan",
            "Kondisi Awal 2018",
            "2019",
            None,
            "2020",
            None,
            "Kondisi Akhir",
            None,
            "PD Penanggung Jawab",
        ],
        [None, None, None, None, None, "Target", "Rp", "Target", "Rp", "Target", "Rp", None],
        [
            "Misi 1 Sehat",
            "1.02.02 Program Pemenuhan Upaya Kesehatan",
            "Cakupan imunisasi",
            "%",
            "90",
            "92",
            "Rp 1.500.000",
            "94",
            "1.750.000",
            "94",
            "3.250.000",
            "Dinas Kesehatan Kota Contoh",
        ],
        [
            None,
            None,
            "Angka kematian bayi",
            "per 1.000 KH",
            "12",
            "11,5",
            None,
            "11",
            None,
            "11",
            None,
            "dinas  kesehatan",
        ],
    ]
    path = save(tmp_path / "tc27.xlsx", rows, ["A4:A5", "B4:B5", "F2:G2", "H2:I2", "J2:K2"])
    code, out, err = imported(path, plan)
    assert code == 0, out + err
    immunisation = Indicator.objects.get(plan=plan, name="Cakupan imunisasi")
    assert immunisation.program.code == "1.02.02" and immunisation.perangkat_daerah == dinkes
    assert immunisation.program.perangkat_daerah == dinkes
    infant = Indicator.objects.get(plan=plan, name="Angka kematian bayi")
    assert infant.program == immunisation.program and infant.perangkat_daerah == dinkes
    assert {t.year: t.value for t in infant.targets.all()} == {
        2019: Decimal("11.5"),
        2020: Decimal(11),
    }
    assert Mission.objects.get(plan=plan).text == "Sehat"
    assert "Rp 2019: 1.500.000" in out
    funding = ProgramFunding.objects.filter(program=immunisation.program, scheme__code="apbd")
    assert {f.year: f.pagu for f in funding} == {2019: Decimal(1500000), 2020: Decimal(1750000)}
    assert "DINKES Dinas Kesehatan Kota Contoh (cocok dengan yang ada)" in out


def test_an_lkjip_table_stores_targets_and_realisations(tmp_path):
    plan = make_plan("LKJIP", "2018-2023")
    rows = [
        ["Sasaran Strategis 2: Meningkatnya kualitas pelayanan publik"],
        ["No", "Indikator Kinerja", "Satuan", "Target 2021", "Realisasi 2021", "Capaian (%) 2021"],
        ["1", "Indeks Kepuasan Masyarakat", "Indeks", "80", "82,4", "103"],
        ["2", "Persentase pengaduan selesai", "%", "90 %", "85%", "94,44"],
    ]
    path = save(tmp_path / "lkjip.xlsx", rows)
    code, out, err = imported(path, plan)
    assert code == 0, out + err
    ikm = Indicator.objects.get(plan=plan, name="Indeks Kepuasan Masyarakat")
    assert ikm.objective.code == "2" and ikm.unit == "Indeks"
    assert ikm.realizations.get(year=2021).value == Decimal("82.4")
    complaints = Indicator.objects.get(plan=plan, name="Persentase pengaduan selesai")
    assert complaints.targets.get(year=2021).value == Decimal(90)
    assert complaints.realizations.get(year=2021).value == Decimal(85)


def test_a_table_without_an_indicator_column_says_so_in_indonesian_and_writes_nothing(tmp_path):
    plan = make_plan()
    path = save(tmp_path / "x.xlsx", [["Daftar hadir"], ["Nama", "Jabatan"], ["Ani", "Staf"]])
    batches, missions = ImportBatch.objects.count(), Mission.objects.count()
    code, out, err = imported(path, plan)
    assert code == 1
    assert "tidak ada kolom indikator (Indikator, Indikator Kinerja, Uraian) di baris 1–3" in err
    assert ImportBatch.objects.count() == batches and Mission.objects.count() == missions


def test_a_year_outside_the_plan_is_an_error_and_nothing_is_written(tmp_path):
    plan = make_plan("LUAR", "2018-2023")
    rows = [["No", "Indikator", "Satuan", "Target 2030"], ["1", "Indeks X", "indeks", "5"]]
    code, out, err = imported(save(tmp_path / "y.xlsx", rows), plan)
    assert code == 1 and "2030" in err
    assert not Indicator.objects.filter(plan=plan).exists()


def test_a_renstra_table_with_uraian_headings_unit_headings_and_qualitative_targets(tmp_path):
    plan = make_plan("RENSTRA", "2020-2025")
    rows = [
        ["Tabel 6.1 Rencana Program dan Kegiatan"],
        [
            "Kode",
            "Uraian",
            "Indikator Kinerja",
            "Satuan",
            "Kondisi Kinerja pada Awal Periode RPJMD",
            "Target Capaian Setiap Tahun",
            None,
            None,
            "Kondisi Kinerja pada Akhir Periode RPJMD",
        ],
        [None, None, None, None, None, 2021, 2022, 2023, None],
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
        [None, "DINAS PENDIDIKAN"],
        ["2", "Meningkatnya mutu pendidikan", None],
        ["2.1", "Meningkatnya angka partisipasi sekolah", "APK SMP", "%", 95.5, 96, 97, 98, 98],
        [
            "1.01.02",
            "Program Pengelolaan Pendidikan",
            "Opini BPK atas laporan",
            "predikat",
            "WTP",
            "WTP",
            "WTP",
            "WTP",
            "WTP",
        ],
        [None, None, "Persentase sekolah terakreditasi A", "%", "60", "65", "70", "75", "75"],
    ]
    merged = ["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:H2", "I2:I3"]
    code, out, err = imported(save(tmp_path / "renstra.xlsx", rows, merged), plan)
    assert code == 0, out + err
    apk = Indicator.objects.get(plan=plan, name="APK SMP")
    assert apk.level == "sasaran" and apk.objective.code == "2.1"
    assert apk.objective.goal.code == "2" and apk.baseline == Decimal("95.5")
    assert apk.perangkat_daerah.name == "Dinas Pendidikan"
    accredited = Indicator.objects.get(plan=plan, name="Persentase sekolah terakreditasi A")
    assert accredited.program.code == "1.01.02" and accredited.final_target == 75
    assert accredited.program.perangkat_daerah.name == "Dinas Pendidikan"
    opinion = Indicator.objects.get(plan=plan, name="Opini BPK atas laporan")
    assert not opinion.targets.exists()
    assert "'WTP' di kolom F bukan angka: tidak disimpan" in out


def test_an_operator_cannot_bring_a_printed_table(tmp_path):
    from workbooks.engine import import_workbook

    plan = make_plan()
    unit = PerangkatDaerah.objects.create(code="DINKES", name="Dinas Kesehatan", kind="dinas")
    path = save(tmp_path / "t81.xlsx", TABEL_8_1)
    report = import_workbook(path, plan=plan, only_units=[unit.pk])
    assert not report.ok and not report.written
    assert not Indicator.objects.filter(plan=plan).exists()


def test_a_tabel_8_1_grouped_by_aspek_and_fokus_in_the_indicator_column(tmp_path):
    plan = make_plan("IKD", "2020-2025")
    rows = [
        ["TABEL 8.1"],
        ["PENETAPAN INDIKATOR KINERJA DAERAH"],
        [None],
        [
            "NO",
            "ASPEK/FOKUS/BIDANG URUSAN/INDIKATOR KINERJA PEMBANGUNAN DAERAH",
            "KONDISI KINERJA PADA AWAL PERIODE RPJMD",
            "TARGET CAPAIAN SETIAP TAHUN",
            None,
            None,
            None,
            None,
            "KONDISI KINERJA PADA AKHIR PERIODE RPJMD",
        ],
        [None, None, "2020", "2021", "2022", "2023", "2024", "2025", "2025"],
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
        ["A", "ASPEK KESEJAHTERAAN MASYARAKAT"],
        ["I", "Fokus Kesejahteraan dan Pemerataan Ekonomi"],
        [
            "1",
            "Pertumbuhan Ekonomi (%)",
            "5,07",
            "5,1-5,3",
            "5,3-5,5",
            "5,5-5,7",
            "5,7-5,9",
            "6",
            "6",
        ],
        ["2", "Indeks Gini", "0,38", "0,37", "0,36", "0,35", "0,34", "0,33", "0,33"],
        ["B", "ASPEK PELAYANAN UMUM"],
        ["1", "Angka Partisipasi Murni SD", "98,5", "98,6", "98,7", "98,8", "98,9", "99", "99"],
    ]
    merged = ["A1:I1", "A2:I2", "A4:A5", "B4:B5", "D4:H4", "B7:I7", "B8:I8", "B11:I11"]
    code, out, err = imported(save(tmp_path / "ikd.xlsx", rows, merged), plan)
    assert code == 0, out + err
    growth = Indicator.objects.get(plan=plan, code="A.I.1")
    assert growth.name == "Pertumbuhan Ekonomi (%)" and growth.unit == "%"
    assert growth.objective.text == "Fokus Kesejahteraan dan Pemerataan Ekonomi"
    assert growth.targets.get(year=2021).low == Decimal("5.1")
    assert growth.baseline == Decimal("5.07") and growth.final_target == 6
    assert Indicator.objects.get(plan=plan, code="B.1").objective.text == "ASPEK PELAYANAN UMUM"
    assert "gini" in out  # flagged: lower is better?
    assert imported(save(tmp_path / "ikd.xlsx", rows, merged), plan)[1].count("0 baru, 0 berubah")


def test_a_dry_run_prints_the_understanding_and_decides_ambiguous_numbers_by_column(tmp_path):
    plan = make_plan("AMBIGU", "2018-2023")
    PerangkatDaerah.objects.create(
        code="DINKES", name="Dinas Kesehatan", abbreviation="Dinkes", kind="dinas"
    )
    rows = [
        ["No", "Indikator", "Satuan", "Target 2019", "Target 2020", "OPD"],
        ["1", "Indeks A", "indeks", "68.5", "1.234", "DINKES"],
        ["2", "Indeks B", "indeks", "70.78", "2.5", "dinkes"],
    ]
    path = save(tmp_path / "ambigu.xlsx", rows)
    code, out, err = imported(path, plan, "--dry-run")
    assert code == 0, out + err
    assert "header di baris 1; data mulai baris 2" in out
    assert "D: Target 2019 → target 2019" in out
    assert "target 2020: 1,234" in out  # the column writes a decimal point
    assert "'1.234' di kolom E dibaca sebagai 1,234 (sel lain di kolom ini memakai titik" in out
    assert "DINKES Dinas Kesehatan" not in out or "cocok" in out
    assert not Indicator.objects.filter(plan=plan).exists()  # a dry run writes nothing
    assert imported(path, plan)[0] == 0
    assert Indicator.objects.get(plan=plan, name="Indeks A").perangkat_daerah.code == "DINKES"
    assert Indicator.objects.get(plan=plan, name="Indeks A").targets.get(year=2020).value == (
        Decimal("1.234")
    )


def test_a_printed_table_beside_the_apps_own_sheets_and_a_note(tmp_path):
    plan = make_plan("CAMPUR", "2018-2023")
    workbook = Workbook()
    units = workbook.active
    units.title = "Perangkat Daerah"
    units.append(["Kode", "Nama", "Singkatan", "Jenis"])
    units.append(["DINKES", "Dinas Kesehatan", "Dinkes", "dinas"])
    note = workbook.create_sheet("Catatan")
    note.append(["Disusun oleh Bapelitbangda"])
    table = workbook.create_sheet("IKU")
    for row in [
        ["No", "Indikator", "Satuan", "Target 2019", "OPD"],
        ["1", "Angka harapan hidup", "tahun", "73,5", "Dinkes"],
    ]:
        table.append(row)
    path = tmp_path / "campur.xlsx"
    workbook.save(path)
    code, out, err = imported(str(path), plan)
    assert code == 0, out + err
    assert "Catatan: tidak dikenali, diabaikan" in out
    life = Indicator.objects.get(plan=plan, name="Angka harapan hidup")
    assert life.perangkat_daerah.code == "DINKES"
    assert life.targets.get(year=2019).value == Decimal("73.5")


def test_choices_on_the_command_line_and_a_direction_an_import_may_not_change(tmp_path):
    import json
    from pathlib import Path

    plan = make_plan("PILIH", "2020-2025")
    table = Path(__file__).parent / "printed" / "surakarta_iku_esakip.xlsx"
    choices = tmp_path / "pilihan.json"
    choices.write_text(json.dumps({"IKU": {"offset": 2020, "directions": {"S2.1": "lower"}}}))
    code, out, err = imported(str(table), plan, "--choices", str(choices))
    assert code == 0, out + err
    inflation = Indicator.objects.get(plan=plan, code="S2.1")
    assert inflation.direction == "lower" and inflation.targets.get(year=2021).value == Decimal(
        "2.19"
    )
    choices.write_text(json.dumps({"IKU": {"offset": 2020, "directions": {"S2.1": "higher"}}}))
    code, out, err = imported(str(table), plan, "--choices", str(choices))
    assert code == 1
    assert "S2.1 sudah memiliki target atau realisasi" in err
    assert Indicator.objects.get(pk=inflation.pk).direction == "lower"


def test_tahun_ke_above_year_numbers_is_header_not_column_numbers(tmp_path):
    plan = make_plan("TAHUNKE", "2020-2025")
    rows = [
        [
            "No",
            "Indikator",
            "Satuan",
            "Kondisi Awal",
            "Target Tahun ke-",
            None,
            None,
            None,
            None,
            "Kondisi Akhir",
        ],
        [None, None, None, None, "1", "2", "3", "4", "5", None],
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
        [
            "1",
            "Indeks Pembangunan Manusia",
            "poin",
            "72",
            "72,5",
            "73",
            "73,5",
            "74",
            "74,5",
            "74,5",
        ],
    ]
    merged = ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:I1", "J1:J2"]
    code, out, err = imported(save(tmp_path / "ke.xlsx", rows, merged), plan)
    assert code == 0, out + err
    ipm = Indicator.objects.get(plan=plan, name="Indeks Pembangunan Manusia")
    assert {t.year: t.value for t in ipm.targets.all()} == {
        2021: Decimal("72.5"),
        2022: Decimal(73),
        2023: Decimal("73.5"),
        2024: Decimal(74),
        2025: Decimal("74.5"),
    }
