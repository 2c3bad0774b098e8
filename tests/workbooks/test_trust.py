"""Issue 9's importer findings: what is in the file is what is stored, or one precise error."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import (
    ImportBatch,
    Indicator,
    Mission,
    PerangkatDaerah,
    Realization,
    Target,
    YearLock,
)
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


class TestLockedYears:
    """Finding 3: a locked year refuses only real changes."""

    def test_unchanged_whole_plan_export_imports_with_zero_changes(self, demo_plan, tmp_path):
        YearLock.objects.create(plan=demo_plan, year=2021, reason="LKjIP 2021 selesai")
        path = export(demo_plan, tmp_path / "export.xlsx")
        code, out, err = run_import(path)
        assert code == 0, err
        assert "0 baru, 0 berubah" in out

    def test_a_real_change_to_a_locked_year_is_one_error_naming_cell_and_lock(
        self, demo_plan, indicator, tmp_path
    ):
        YearLock.objects.create(plan=demo_plan, year=2021, reason="LKjIP 2021 selesai")
        path = export(demo_plan, tmp_path / "export.xlsx")
        workbook = load_workbook(path)
        ws = workbook["Realisasi"]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == indicator.code and row[1].value == 2021:
                row[3].value = 12345
                changed_row = row[0].row
        workbook.save(path)
        code, _out, err = run_import(path)
        assert code == 1
        assert error_lines(err) == [
            f"Realisasi!{changed_row}: Realisasi: tahun 2021 terkunci (LKjIP 2021 selesai): "
            "nilainya tidak dapat diubah sampai perencana membukanya"
        ]


class TestVerification:
    """Finding 4 (import half): an imported change makes a verified value a draft again."""

    def rows(self, indicator):
        return [["Kode Indikator", "Realisasi 2021"], [indicator.code, "99,5"]]

    def assert_reset(self, indicator):
        realization = Realization.objects.get(indicator=indicator, year=2021)
        assert realization.value == Decimal("99.5")
        assert realization.status == Realization.Status.DRAFT
        assert realization.changed_since_verification

    def test_admin_upload(self, client, planner, indicator, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        client.force_login(planner)
        path = build(tmp_path / "isian.xlsx", {"Matriks": self.rows(indicator)})
        with open(path, "rb") as handle:
            uploaded = client.post(
                reverse("workbooks:upload"),
                {"file": SimpleUploadedFile("isian.xlsx", handle.read())},
            )
        token = client.get(uploaded.url).context["upload"].token
        response = client.post(reverse("workbooks:confirm", args=[token]))
        assert response.status_code == 302
        self.assert_reset(indicator)

    def test_operator_upload(self, client, indicator, tmp_path):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        operator = get_user_model().objects.create_user("op.uji", password="x")
        operator.groups.add(Group.objects.get(name="Operator perangkat daerah"))
        indicator.perangkat_daerah.operators.add(operator)
        client.force_login(operator)
        path = build(tmp_path / "isian.xlsx", {"Matriks": self.rows(indicator)})
        with open(path, "rb") as handle:
            response = client.post(
                reverse("realization_upload"),
                {"workbook": SimpleUploadedFile("isian.xlsx", handle.read())},
            )
        assert response.status_code == 302
        self.assert_reset(indicator)


def test_direction_of_an_indicator_with_values_cannot_change(demo_plan, indicator, tmp_path):
    """Finding 5 (import half)."""
    row = [indicator.code, indicator.name, indicator.unit, "rentang", "program"]
    row += [indicator.program.code, indicator.perangkat_daerah.code]
    path = build(tmp_path / "arah.xlsx", {"Indikator": [INDICATOR_HEADER[:7], row]})
    code, _out, err = run_import(path)
    assert code == 1
    assert error_lines(err) == [
        f"Indikator!2: Arah: {indicator.code} sudah memiliki target atau realisasi: arahnya "
        "(naik) tidak dapat diubah menjadi rentang lewat impor"
    ]
    assert Indicator.objects.get(pk=indicator.pk).direction == "higher"


class TestImportsSayWhatTheyDid:
    """Finding 6."""

    def test_a_workbook_with_no_recognised_sheet_exits_1_and_records_no_batch(
        self, demo_plan, tmp_path
    ):
        batches = ImportBatch.objects.count()
        path = build(tmp_path / "lain.xlsx", {"Sheet1": [["Nama", "Nilai"], ["a", 1]]})
        code, out, err = run_import(path)
        assert code == 1
        assert "Sheet1" in err and "tidak ada lembar yang dikenali" in err
        assert "Realisasi" in err and "Kode Indikator" in err  # what it expects
        assert ImportBatch.objects.count() == batches

    def test_the_templates_example_rows_are_not_data(self, demo_plan, tmp_path):
        from workbooks.exports import write_template

        path = tmp_path / "template.xlsx"
        with open(path, "wb") as handle:
            write_template(demo_plan, handle)
        units = PerangkatDaerah.objects.count()
        code, out, err = run_import(str(path))
        assert not PerangkatDaerah.objects.filter(name="Dinas Contoh").exists()
        assert PerangkatDaerah.objects.count() == units
        assert not Mission.objects.filter(code="M9").exists()

    def test_one_bad_cell_is_one_error_not_a_cascade(self, demo_plan, tmp_path):
        program = Indicator.objects.filter(plan=demo_plan, level="program").first().program
        header = INDICATOR_HEADER[:7] + ["Target 2022", "Realisasi 2021"]
        row = ["IK.BARU", "Indikator baru", "persen", "ke atas", "program", program.code]
        row += [program.perangkat_daerah.code, 50, 40]
        path = build(
            tmp_path / "cascade.xlsx",
            {
                "Indikator": [header, row],
                "Realisasi": [
                    ["Kode Indikator", "Tahun", "Realisasi"],
                    ["IK.BARU", 2021, 40],
                    ["IK.BARU", 2020, 30],
                ],
            },
        )
        code, out, err = run_import(path)
        assert code == 1
        assert error_lines(err) == [
            "Indikator!2: Arah: arah 'ke atas' tidak dikenal; gunakan naik, turun, rentang "
            "atau ya-tidak"
        ]

    def test_summary_lines_are_indonesian(self, demo_plan, indicator, tmp_path):
        path = build(
            tmp_path / "w.xlsx",
            {"Matriks": [["Kode Indikator", "Realisasi 2023"], [indicator.code, 5]]},
        )
        code, out, err = run_import(path, "--dry-run")
        assert code == 0, err
        assert "Matriks: 1 baru, 0 berubah, 0 tidak berubah, 0 kesalahan" in out
        assert "Uji coba: akan menulis 1 baru, 0 berubah, 0 tidak berubah" in out
        assert " new" not in out and "changed" not in out


class TestOperatorUploads:
    """Finding 10: an operator's upload changes realisations only."""

    @pytest.fixture
    def operator(self, indicator):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        user = get_user_model().objects.create_user("op.target", password="x")
        user.groups.add(Group.objects.get(name="Operator perangkat daerah"))
        indicator.perangkat_daerah.operators.add(user)
        return user

    @pytest.mark.parametrize(
        "sheet",
        [
            {
                "Realisasi": [
                    ["Kode Indikator", "Tahun", "Target", "Realisasi"],
                    ["{code}", 2022, 999999, None],
                ]
            },
            {"Matriks": [["Kode Indikator", "Target 2023"], ["{code}", 999999]]},
        ],
        ids=["long", "wide"],
    )
    def test_a_target_column_is_an_error(self, client, operator, indicator, sheet, tmp_path):
        before = list(Target.objects.filter(indicator=indicator).values_list("year", "value"))
        sheets = {
            title: [
                [c.format(code=indicator.code) if isinstance(c, str) else c for c in row]
                for row in rows
            ]
            for title, rows in sheet.items()
        }
        path = build(tmp_path / "op.xlsx", sheets)
        client.force_login(operator)
        with open(path, "rb") as handle:
            response = client.post(
                reverse("realization_upload"),
                {"workbook": SimpleUploadedFile("op.xlsx", handle.read())},
            )
        assert response.status_code == 200
        text = response.content.decode()
        assert "yang dapat mengubah target" in text
        assert text.count("yang dapat mengubah target") == 1  # one error, at the cell
        assert (
            list(Target.objects.filter(indicator=indicator).values_list("year", "value")) == before
        )
