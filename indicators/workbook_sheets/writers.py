"""The plan's sheets as exports and the template write them: one writer per sheet, with its
headers, its rows (stored values, read back by the readers unchanged), its lines of the
instructions sheet, an example row (shown on the instructions sheet, never as data) and its
choice lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core import numbers, quarters

from ..models import (
    Goal,
    Indicator,
    Mission,
    Objective,
    PerangkatDaerah,
    Plan,
    Program,
    QuarterlyRealization,
    Realization,
    Target,
)
from .shown import CALCULATION_WORDS, DIRECTION_WORDS

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
    "Cara Hitung",
]
LONG_HEADERS = ["Kode Indikator", "Tahun", "Target", "Realisasi", "Keterangan"]
QUARTER_HEADERS = ["Kode Indikator", "Tahun", "Triwulan", "Realisasi", "Keterangan"]


def target_text(value, low, high):
    """A target as a cell holds it: the number, or a range as text (``70,6 - 71``)."""
    if value is None and low is not None:
        return numbers.format_range_input(low, high)
    return value


class Writer:
    order, title, headers_list, choices, guide = 0, "", [], {}, []
    in_template = True

    def headers(self, plan):
        return self.headers_list

    def template_headers(self, plan):
        return self.headers(plan)

    def examples(self, plan):
        return []


class UnitsWriter(Writer):
    order, title, headers_list = 10, "Perangkat Daerah", UNIT_HEADERS
    guide = [
        ("Kode", "Kode perangkat daerah, mis. 1.02.01."),
        ("Nama", "Nama lengkap perangkat daerah."),
        ("Singkatan", "Singkatan, mis. Dinkes (boleh kosong)."),
        (
            "Jenis",
            "sekretariat, inspektorat, badan, dinas, satuan, rumah_sakit, kecamatan atau lainnya.",
        ),
    ]

    def rows(self, plan):
        for unit in PerangkatDaerah.objects.order_by("code"):
            yield [unit.code, unit.name, unit.abbreviation, unit.kind]

    def examples(self, plan):
        return [["1.02.01", "Dinas Kesehatan", "Dinkes", "dinas"]]


class MissionsWriter(Writer):
    order, title, headers_list = 20, "Misi", MISSION_HEADERS
    guide = [("Kode / Nomor / Uraian", "Kode misi (mis. M1), nomor urut, dan rumusan misi.")]

    def rows(self, plan):
        for mission in Mission.objects.filter(plan=plan).order_by("number"):
            yield [mission.code, mission.number, mission.text]

    def examples(self, plan):
        return [["M1", 1, "Rumusan misi pertama"]]


class GoalsWriter(Writer):
    order, title, headers_list = 30, "Tujuan", GOAL_HEADERS
    guide = [("Kode / Uraian / Kode Misi", "Kode tujuan, rumusan tujuan, dan kode misi induknya.")]

    def rows(self, plan):
        for goal in Goal.objects.filter(plan=plan).select_related("mission").order_by("code"):
            yield [goal.code, goal.text, goal.mission.code]

    def examples(self, plan):
        return [["T1.1", "Rumusan tujuan", "M1"]]


class ObjectivesWriter(Writer):
    order, title, headers_list = 40, "Sasaran", OBJECTIVE_HEADERS
    guide = [
        ("Kode / Uraian / Kode Tujuan", "Kode sasaran, rumusan sasaran, dan kode tujuan induknya.")
    ]

    def rows(self, plan):
        objectives = Objective.objects.filter(plan=plan).select_related("goal").order_by("code")
        for objective in objectives:
            yield [objective.code, objective.text, objective.goal.code]

    def examples(self, plan):
        return [["S1.1.1", "Rumusan sasaran", "T1.1"]]


class ProgramsWriter(Writer):
    order, title, headers_list = 50, "Program", PROGRAM_HEADERS
    guide = [
        (
            "Kode Program / Nama Program",
            "Kode program (nomenklatur Permendagri 90/2019) dan namanya.",
        ),
        (
            "Kode Sasaran / Kode Perangkat Daerah",
            "Sasaran yang dilayani program dan perangkat daerah penanggung jawab.",
        ),
    ]

    def rows(self, plan):
        programs = Program.objects.filter(plan=plan).select_related("objective", "perangkat_daerah")
        for program in programs.order_by("code"):
            yield [
                program.code,
                program.name,
                program.objective.code,
                program.perangkat_daerah.code,
            ]

    def examples(self, plan):
        return [["1.02.02", "Program Pemenuhan Upaya Kesehatan", "S1.1.1", "1.02.01"]]


class IndicatorsWriter(Writer):
    order, title = 60, "Indikator"
    choices = {
        "D": ["naik", "turun", "rentang", "ya-tidak"],
        "E": ["tujuan", "sasaran", "program"],
        "L": ["kumulatif", "nilai akhir", "rata-rata"],
    }
    guide = [
        (
            "Kode Indikator / Nama Indikator / Satuan",
            "Kode unik indikator, nama, dan satuan (persen, indeks, unit, …).",
        ),
        (
            "Arah",
            "naik (makin tinggi makin baik), turun (makin rendah makin baik), rentang (target "
            "berupa rentang, mis. 2 - 4) atau ya-tidak (nilai ya/tidak atau 1/0). Arah indikator "
            "yang sudah memiliki target atau realisasi tidak dapat diubah lewat impor.",
        ),
        (
            "Tingkat",
            "tujuan, sasaran atau program; isi kolom kode induk yang sesuai (Kode Tujuan, Kode "
            "Sasaran atau Kode Program).",
        ),
        ("Kode Perangkat Daerah", "Perangkat daerah penanggung jawab indikator."),
        (
            "Kondisi Awal / Target Akhir",
            "Kondisi awal (tahun ke-0) dan target akhir periode RPJMD; target akhir boleh berupa "
            "rentang, mis. 70,6 - 71.",
        ),
        (
            "Cara Hitung",
            "Cara realisasi tahunan dihitung dari realisasi triwulan: kumulatif (jumlah triwulan "
            "I–IV), nilai akhir (triwulan terakhir yang diisi) atau rata-rata. Boleh kosong "
            "(nilai akhir). Tidak dapat diubah selama indikator memiliki realisasi triwulan.",
        ),
        (
            "Target YYYY / Realisasi YYYY",
            "Target dan realisasi per tahun (tata letak lebar). Tahun harus dalam periode RPJMD.",
        ),
        (
            "Realisasi YYYY TW1 … TW4",
            "Realisasi per triwulan (tata letak lebar); realisasi tahunan dihitung menurut Cara "
            "Hitung, kecuali realisasi tahunan diisi langsung (nilai tahunan itulah yang berlaku).",
        ),
    ]

    def headers(self, plan):
        return INDICATOR_HEADERS

    def template_headers(self, plan):
        years = list(plan.years) if plan else []
        return INDICATOR_HEADERS + [f"{k} {y}" for y in years for k in ("Target", "Realisasi")]

    def rows(self, plan):
        indicators = Indicator.objects.filter(plan=plan).select_related(
            "program", "objective", "goal", "perangkat_daerah"
        )
        for indicator in indicators.order_by("code").iterator(chunk_size=2000):
            yield [
                indicator.code,
                indicator.name,
                indicator.unit,
                DIRECTION_WORDS[indicator.direction],
                indicator.level,
                indicator.program.code if indicator.program_id else None,
                indicator.objective.code if indicator.objective_id else None,
                indicator.goal.code if indicator.goal_id else None,
                indicator.perangkat_daerah.code,
                indicator.baseline,
                target_text(
                    indicator.final_target, indicator.final_target_low, indicator.final_target_high
                ),
                CALCULATION_WORDS[indicator.calculation_type],
            ]

    def examples(self, plan):
        return [
            ["IK.1.02.001", "Cakupan imunisasi dasar lengkap", "persen", "naik", "program"]
            + ["1.02.02", None, None, "1.02.01", 80, 95, "nilai akhir"]
        ]


class LongValuesWriter(Writer):
    order, title, headers_list = 80, "Realisasi", LONG_HEADERS
    guide = [
        ("Kode Indikator / Tahun", "Satu baris per indikator per tahun (tata letak panjang)."),
        (
            "Target / Realisasi / Keterangan",
            "Target tahun itu (rentang ditulis 10 - 20), realisasi, dan keterangan. Satu "
            "indikator-tahun hanya boleh muncul sekali dalam satu berkas.",
        ),
        (
            "Triwulan (kolom tambahan)",
            "Kosong untuk nilai tahunan; I, II, III, IV (atau 1–4) untuk realisasi triwulan, "
            "tanpa target. Realisasi tahunan dihitung dari realisasi triwulan menurut Cara "
            "Hitung indikator, kecuali realisasi tahunan diisi langsung dengan nilai lain: "
            "nilai tahunan itulah yang berlaku.",
        ),
    ]

    def rows(self, plan):
        for code, year, target, realization in yearly_values(plan):
            yield [
                code,
                year,
                target_text(*target) if target else None,
                realization[0] if realization else None,
                realization[1] if realization and realization[1] else None,
            ]

    def examples(self, plan):
        year = plan.start_year + 1 if plan else 2021
        return [["IK.1.02.001", year, None, 52.5, "Contoh keterangan"]]


class QuarterValuesWriter(Writer):
    """The triwulan values, one row each, in the long layout with its Triwulan column (a sheet
    of their own, so the Realisasi sheet keeps one row per indicator and year)."""

    order, title, headers_list = 85, "Realisasi Triwulan", QUARTER_HEADERS
    in_template = False  # the template's Realisasi sheet takes the Triwulan column instead
    guide = [
        (
            "Kode Indikator / Tahun / Triwulan",
            "Satu baris per indikator, tahun dan triwulan (I, II, III, IV atau 1–4).",
        ),
        (
            "Realisasi / Keterangan",
            "Realisasi triwulan itu dan keterangannya. Realisasi tahunan dihitung menurut Cara "
            "Hitung indikator (kumulatif: jumlah; nilai akhir: triwulan terakhir yang diisi; "
            "rata-rata), kecuali realisasi tahunan diisi langsung.",
        ),
    ]

    def rows(self, plan):
        entries = (
            QuarterlyRealization.objects.filter(indicator__plan=plan)
            .order_by("indicator__code", "year", "quarter")
            .values_list("indicator__code", "year", "quarter", "value", "note")
        )
        for code, year, quarter, value, note in entries.iterator(chunk_size=5000):
            yield quarter_row(code, year, quarter, value, note)

    def examples(self, plan):
        year = plan.start_year + 1 if plan else 2021
        return [["IK.1.02.001", year, "I", 12.5, "Contoh realisasi triwulan I"]]


def quarter_row(code, year, quarter, value, note):
    return [code, year, quarters.ROMAN[quarter], value, note or None]


def yearly_values(plan, indicators=None, years=None):
    """(indicator code, year, (value, low, high) or None, (value, note) or None), sorted."""
    targets = Target.objects.filter(indicator__plan=plan)
    realizations = Realization.objects.filter(indicator__plan=plan)
    if indicators is not None:
        targets = targets.filter(indicator__in=indicators)
        realizations = realizations.filter(indicator__in=indicators)
    if years is not None:
        targets = targets.filter(year__in=years)
        realizations = realizations.filter(year__in=years)
    by_key = {}
    for code, year, value, low, high in targets.values_list(
        "indicator__code", "year", "value", "low", "high"
    ):
        by_key[(code, year)] = [(value, low, high), None]
    for code, year, value, note in realizations.values_list(
        "indicator__code", "year", "value", "note"
    ):
        by_key.setdefault((code, year), [None, None])[1] = (value, note)
    for (code, year), (target, realization) in sorted(by_key.items()):
        yield code, year, target, realization


ARAH_SHOWN = {
    Indicator.Direction.HIGHER: "naik (makin tinggi makin baik)",
    Indicator.Direction.LOWER: "turun (makin rendah makin baik)",
    Indicator.Direction.RANGE: "rentang (tercapai di dalam rentang)",
    Indicator.Direction.BINARY: "ya-tidak",
}
SHEET_TEXT_HEADERS = ["Keterangan", "Faktor Pendorong", "Faktor Penghambat", "Tindak Lanjut"]
STATUS_SHOWN = {
    "draft": "draf",
    "submitted": "diajukan",
    "verified": "terverifikasi",
    "returned": "dikembalikan",
}


@dataclass
class RealizationSheet:
    """One perangkat daerah's (None: every unit's) realisation sheet for one year: what the
    operator reads above the table, the table, and which columns the operator fills in.

    The table is the wide layout (``Kode Indikator``, ``Target YYYY``, ``Realisasi YYYY``, its
    triwulan ``Realisasi YYYY TW1`` … ``TW4``) with the note and faktor columns its reader takes
    for that one year; the rest is shown only.
    """

    title: str
    lines: list
    guide: list
    headers: list
    year: int
    rows: list = field(default_factory=list)
    yes_no: list = field(default_factory=list)  # per row: a ya/tidak indicator

    # The columns the operator fills in, found by their headers (0-based, as in ``rows``).
    @property
    def value_column(self):
        return self.headers.index(f"Realisasi {self.year}")

    @property
    def quarter_columns(self):
        return tuple(
            self.headers.index(f"Realisasi {self.year} TW{quarter}") for quarter in quarters.ROMAN
        )

    @property
    def text_columns(self):
        return tuple(self.headers.index(header) for header in SHEET_TEXT_HEADERS)

    @property
    def filled_columns(self):
        return (self.value_column, *self.quarter_columns, *self.text_columns)

    @property
    def number_columns(self):
        """The columns that take a number (or ya/tidak): the year's value and its triwulan."""
        return (self.value_column, *self.quarter_columns)


def plan_named(plan):
    """The plan's name with its period, once ("RPJMD Kota Bekasi 2018–2023")."""
    period = f"{plan.start_year}–{plan.end_year}"
    return plan.name if period in plan.name else f"{plan.name} ({period})"


def realization_sheet(plan, unit, year):
    """The realisation sheet of ``unit`` (None: all units) in ``year``, pre-filled."""
    who = f"{unit.name} ({unit.abbreviation or unit.code})" if unit else "semua perangkat daerah"
    lower = (
        "(2T − R) / T × 100"
        if plan.lower_formula == Plan.LowerFormula.DIFFERENCE
        else "T / R × 100"
    )
    sheet = RealizationSheet(
        title=f"Realisasi indikator kinerja {year} — {who}",
        lines=[
            f"{plan_named(plan)} · tahun {year}"
            + (" · TAHUN INI DIKUNCI: nilainya tidak dapat diubah" if plan.is_locked(year) else ""),
            "Isi hanya sel berlatar kuning; petunjuk lengkap di lembar Petunjuk.",
        ],
        guide=[
            f"Lembar ini berisi indikator {who} untuk tahun {year} ({plan_named(plan)}).",
            f"Isi hanya sel berlatar kuning: Realisasi {year}, Realisasi {year} TW1 sampai TW4, "
            "Keterangan, Faktor Pendorong, Faktor Penghambat dan Tindak Lanjut. Kode, nama, "
            "satuan, arah dan target dikunci (lembar diproteksi tanpa kata sandi); target hanya "
            "diubah oleh Bapelitbangda.",
            f"Realisasi per triwulan diisi di kolom TW1 sampai TW4. Realisasi {year} yang "
            "kosong, atau yang selama ini dihitung dari triwulan, dihitung dari nilai triwulan "
            "menurut cara hitung indikator (kumulatif, nilai akhir atau rata-rata); Realisasi "
            f"{year} yang diketik langsung tetap dipakai.",
            "Realisasi diisi angka dalam satuan indikator, misalnya 85,5 untuk 85,5 %. "
            "Indikator ya-tidak diisi ya atau tidak.",
            "Arah naik: capaian = realisasi / target × 100. Arah turun: capaian = "
            f"{lower}. Arah rentang: tercapai bila realisasi di dalam rentang target. "
            "Tercapai bila capaian mencapai "
            f"{numbers.format_input(plan.achievement_threshold)} %.",
            "Sel kosong berarti tidak diubah: nilai yang tersimpan tetap.",
            "Unggah berkas yang sudah diisi di halaman Isi realisasi. Satu kesalahan saja membuat "
            "seluruh berkas ditolak; semua kesalahan dilaporkan dengan baris dan kolomnya. "
            "Baris perangkat daerah lain dan perubahan target ditolak.",
            "Nilai yang diunggah tersimpan sebagai draf. Setelah unggah berhasil, tombol "
            "«Ajukan semua» mengajukan semua nilai yang diubah unggahan itu untuk verifikasi.",
            "Jangan mengubah judul kolom, urutan baris judul atau nama lembar. Mengunggah berkas "
            "yang sama dua kali tidak mengubah apa pun.",
        ],
        headers=[
            "Kode Indikator",
            "Nama Indikator",
            "Satuan",
            "Arah",
            f"Target {year}",
            f"Realisasi {year}",
            *(f"Realisasi {year} TW{quarter}" for quarter in quarters.ROMAN),
            *SHEET_TEXT_HEADERS,
            "Status Verifikasi",
        ],
        year=year,
    )
    indicators = Indicator.objects.filter(plan=plan).order_by("code")
    if unit is not None:
        indicators = indicators.filter(perangkat_daerah=unit)
    targets = {
        i: (v, lo, hi)
        for i, v, lo, hi in Target.objects.filter(indicator__in=indicators, year=year).values_list(
            "indicator_id", "value", "low", "high"
        )
    }
    stored = {
        r.indicator_id: r for r in Realization.objects.filter(indicator__in=indicators, year=year)
    }
    by_quarter = {
        (pk, quarter): value
        for pk, quarter, value in QuarterlyRealization.objects.filter(
            indicator__in=indicators, year=year
        ).values_list("indicator_id", "quarter", "value")
    }
    for indicator in indicators:
        target = targets.get(indicator.pk)
        realization = stored.get(indicator.pk)
        yes_no = indicator.direction == Indicator.Direction.BINARY

        def shown(value, yes_no=yes_no):
            if yes_no and value is not None:
                return "ya" if value == 1 else "tidak"
            return value

        sheet.rows.append(
            [
                indicator.code,
                indicator.name,
                indicator.unit,
                ARAH_SHOWN[indicator.direction],
                target_text(*target) if target else None,
                shown(realization.value if realization else None),
                *(shown(by_quarter.get((indicator.pk, quarter))) for quarter in quarters.ROMAN),
                *(
                    (getattr(realization, name) or None) if realization else None
                    for name in ("note", "faktor_pendorong", "faktor_penghambat", "tindak_lanjut")
                ),
                STATUS_SHOWN.get(realization.status) if realization else "belum diisi",
            ]
        )
        sheet.yes_no.append(yes_no)
    return sheet


WRITERS = [
    UnitsWriter(),
    MissionsWriter(),
    GoalsWriter(),
    ObjectivesWriter(),
    ProgramsWriter(),
    IndicatorsWriter(),
    LongValuesWriter(),
    QuarterValuesWriter(),
]
