"""Who may do what, checked on the server at every door: roles, verification, locked years,
evidence and the audit trail."""

import io
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from openpyxl import Workbook, load_workbook

from indicators import services
from indicators.models import Indicator, PerangkatDaerah, Realization, YearLock
from tests.workbooks import REALISASI_HEADER, build
from workbooks.engine import import_workbook

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% bukti dukung\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo_plan(module_demo_plan):
    """Every test here reads the demo data: load it once for the module."""
    return module_demo_plan


@pytest.fixture
def dinkes_indicator(demo_plan):
    unit = PerangkatDaerah.objects.get(name="Dinas Kesehatan")
    return Indicator.objects.filter(plan=demo_plan, perangkat_daerah=unit, level="program").first()


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def refused(response):
    """403, 404 or a redirect to a login page; never a 500, never a quiet success."""
    if response.status_code in (403, 404):
        return True
    return (
        response.status_code == 302
        and "login" in response["Location"]
        or (response.status_code == 302 and "/masuk/" in response["Location"])
    )


# -- the matrix ---------------------------------------------------------------------------------

ADMIN_MODELS = [m for m in admin.site._registry if m._meta.app_label in ("indicators", "budgets")]


@pytest.mark.parametrize(
    "model", ADMIN_MODELS, ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_admin_pages_are_for_planners_only(client, people, model):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = model.objects.first()
    urls = [reverse(f"{name}_changelist")]
    if obj is not None:
        urls += [reverse(f"{name}_change", args=[obj.pk]), reverse(f"{name}_delete", args=[obj.pk])]
    for role in ("anonymous", "operator", "other_operator", "official"):
        as_user(client, people[role])
        for url in [*urls, reverse(f"{name}_add")]:
            assert refused(client.get(url)), (role, url)
        if obj is not None:
            before = model.objects.count()
            response = client.post(reverse(f"{name}_delete", args=[obj.pk]), {"post": "yes"})
            assert refused(response), (role, "delete")
            assert model.objects.count() == before
    as_user(client, people["planner"])
    for url in urls:
        assert client.get(url).status_code == 200, url


EVERY_ROLE = {"planner", "operator", "other_operator", "official"}
READERS = {"planner", "official"}
MONEY_AND_CONTEXT = [
    "/pendapatan/",
    "/pendanaan/",
    "/pendanaan/kebutuhan/",
    "/isu-strategis/",
    "/tahapan/",
    "/kalender/",
    "/api/v1/revenue?year=2021",
    "/api/v1/funding?year=2021",
]


def read_matrix(dinkes_indicator):
    """(url, the roles that read it): everything else is refused. ``operator`` is Dinas
    Kesehatan's; ``outsider`` is logged in without a role."""
    unit = dinkes_indicator.perangkat_daerah.code
    return [
        ("/", EVERY_ROLE),
        ("/api/v1/achievement?year=2021", EVERY_ROLE),
        (f"/api/v1/achievement?year=2021&perangkat_daerah={unit}", EVERY_ROLE),
        (f"/perangkat-daerah/{unit}/", READERS | {"operator"}),
        (f"/indikator/{dinkes_indicator.code}/", READERS | {"operator"}),
        *[(url, READERS) for url in MONEY_AND_CONTEXT],
        ("/workbook/template.xlsx", EVERY_ROLE),
        ("/workbook/export.xlsx", READERS),
    ]


def test_who_reads_what(client, people, outsider, dinkes_indicator):
    """The README's "Who may do what", page by page and role by role."""
    people = {**people, "outsider": outsider}
    for url, readers in read_matrix(dinkes_indicator):
        for role, user in people.items():
            response = as_user(client, user).get(url)
            if role in readers:
                assert response.status_code == 200, (role, url)
            else:
                assert refused(response), (role, url, response.status_code)
                if role == "outsider":
                    assert response.status_code == 403, (role, url)


def test_an_operator_reads_only_its_own_units_pages(client, people, dinkes_indicator):
    """Another unit's perangkat daerah and indicator pages answer 404, as if they did not exist."""
    as_user(client, people["other_operator"])
    unit = dinkes_indicator.perangkat_daerah.code
    assert client.get(f"/perangkat-daerah/{unit}/").status_code == 404
    assert client.get(f"/indikator/{dinkes_indicator.code}/").status_code == 404
    own = Indicator.objects.filter(
        plan=dinkes_indicator.plan, perangkat_daerah__operators=people["other_operator"]
    ).first()
    assert client.get(f"/indikator/{own.code}/").status_code == 200
    menu = client.get("/").content.decode()
    assert "/pendapatan/" not in menu and "/kalender/" not in menu


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("workbooks:upload", {"planner"}),
        ("realization_list", {"planner", "operator", "other_operator"}),
        ("audit", {"planner"}),
    ],
)
def test_doors_open_only_to_their_roles(client, people, url_name, allowed):
    url = reverse(url_name)
    for role, user in people.items():
        response = as_user(client, user).get(url)
        if role in allowed:
            assert response.status_code == 200, role
        else:
            assert refused(response), role


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/workbook/template.xlsx", {"planner", "operator", "other_operator", "official"}),
        ("/workbook/export.xlsx", {"planner", "official"}),
        (
            "/workbook/realisasi.xlsx?year=2022",
            {"planner", "operator", "other_operator", "official"},
        ),
        (
            "/workbook/realisasi.xlsx?year=2022&perangkat_daerah=1.02.01",
            {"planner", "operator", "official"},
        ),
        ("/admin/indicators/realization/export/", {"planner"}),
    ],
)
def test_export_doors(client, people, outsider, url, allowed):
    for role, user in {**people, "outsider": outsider}.items():
        response = as_user(client, user).get(url)
        if role in allowed:
            assert response.status_code == 200, role
        else:
            assert refused(response), role


@pytest.mark.parametrize("model", ["target", "realization", "perangkatdaerah"])
def test_single_model_admin_pages_export_but_never_import(client, people, model):
    """django-import-export's import wrote past locks and verification: values come in through
    the workbook import only."""
    as_user(client, people["planner"])
    changelist = client.get(reverse(f"admin:indicators_{model}_changelist")).content.decode()
    assert f"/admin/indicators/{model}/export/" in changelist
    assert f"/admin/indicators/{model}/import/" not in changelist
    with pytest.raises(NoReverseMatch):
        reverse(f"admin:indicators_{model}_import")
    export = client.get(f"/admin/indicators/{model}/export/")
    assert export.status_code == 200
    assert "Ekspor" in export.content.decode()
    # The column choices are the workbook's Indonesian headers, not "Indicator (Kode Indikator)".
    labels = [
        str(field.label)
        for field in export.context["form"].fields.values()
        if getattr(field, "is_selectable_field", False)
    ]
    assert labels and "Kode" in " ".join(labels)
    assert not [
        label for label in labels if "(" in label or label[:1].isascii() and label in ENGLISH
    ]


ENGLISH = {"Indicator", "Year", "Value", "Note", "Status", "Code", "Name", "Abbreviation", "Kind"}


# -- the operator's path ------------------------------------------------------------------------


def test_operator_enters_and_submits_then_planner_verifies_and_history_shows_each_step(
    client, people, dinkes_indicator
):
    operator, planner = people["operator"], people["planner"]
    url = reverse("realization_edit", args=[dinkes_indicator.code, 2022])
    as_user(client, operator)
    response = client.post(url, {"value": "85,5", "note": "Data triwulan IV", "submit": "1"})
    assert response.status_code == 302
    realization = Realization.objects.get(indicator=dinkes_indicator, year=2022)
    assert (realization.value, realization.status) == (Decimal("85.5"), "submitted")

    as_user(client, planner)
    response = client.post(
        reverse("admin:indicators_realization_changelist"),
        {"action": "verify", "_selected_action": [realization.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 realisasi Dinkes 2022 diverifikasi." in [str(m) for m in response.context["messages"]]
    realization.refresh_from_db()
    assert (realization.status, realization.verified_value, realization.verified_by) == (
        "verified",
        Decimal("85.5"),
        planner,
    )

    as_user(client, operator)
    client.post(url, {"value": "86", "note": "Revisi"})
    realization.refresh_from_db()
    assert realization.status == "draft"
    assert realization.changed_since_verification

    steps = [
        (h.history_user.username, h.status, h.history_change_reason)
        for h in realization.history.order_by("history_date")
    ]
    assert steps == [  # "save and submit" is one write
        ("operator.dinkes", "submitted", services.DOOR_OPERATOR_PAGE),
        ("perencana", "verified", services.DOOR_ADMIN),
        ("operator.dinkes", "draft", services.DOOR_OPERATOR_PAGE),
    ]
    changed = as_user(client, planner).get(
        reverse("admin:indicators_realization_changelist"), {"berubah": "1"}
    )
    assert list(changed.context["cl"].result_list) == [realization]


def test_planner_returns_a_value_with_a_reason(client, people, dinkes_indicator):
    realization = services.realization_record(
        indicator=dinkes_indicator, year=2022, value=Decimal(1), by=people["operator"]
    )
    services.realization_submit(realization, by=people["operator"])
    as_user(client, people["planner"])
    changelist = reverse("admin:indicators_realization_changelist")
    form = client.post(
        changelist, {"action": "return_to_operator", "_selected_action": [realization.pk]}
    )
    assert form.status_code == 200 and "reason" in form.content.decode()
    client.post(
        changelist,
        {
            "action": "return_to_operator",
            "_selected_action": [realization.pk],
            "apply": "1",
            "reason": "Bukti dukung belum lengkap",
        },
    )
    realization.refresh_from_db()
    assert (realization.status, realization.return_reason) == (
        "returned",
        "Bukti dukung belum lengkap",
    )
    page = as_user(client, people["operator"]).get(reverse("realization_list") + "?year=2022")
    assert "Bukti dukung belum lengkap" in page.content.decode()


def test_operator_cannot_reach_another_units_indicator(client, people, dinkes_indicator):
    as_user(client, people["other_operator"])
    url = reverse("realization_edit", args=[dinkes_indicator.code, 2022])
    assert client.get(url).status_code == 404
    assert client.post(url, {"value": "1"}).status_code == 404
    assert not Realization.objects.filter(indicator=dinkes_indicator, year=2022).exists()
    with pytest.raises(Exception) as error:
        services.realization_record(
            indicator=dinkes_indicator,
            year=2022,
            value=Decimal(1),
            by=people["other_operator"],
            check_role=True,
        )
    assert error.type.__name__ == "PermissionDenied"


def sheet_for(tmp_path, rows):
    return build(tmp_path / "realisasi.xlsx", {"Realisasi": [REALISASI_HEADER, *rows]})


def test_operator_upload_touching_another_unit_is_refused_whole(
    client, people, dinkes_indicator, tmp_path
):
    other = Indicator.objects.exclude(perangkat_daerah=dinkes_indicator.perangkat_daerah).first()
    path = sheet_for(
        tmp_path, [[dinkes_indicator.code, 2022, None, 77, ""], [other.code, 2022, None, 5, ""]]
    )
    as_user(client, people["operator"])
    with open(path, "rb") as handle:
        response = client.post(reverse("realization_upload"), {"workbook": handle})
    content = response.content.decode()
    assert other.code in content and "Realisasi!3" in content
    assert not Realization.objects.filter(year=2022).exists()

    path = sheet_for(tmp_path, [[dinkes_indicator.code, 2022, None, 77, ""]])
    with open(path, "rb") as handle:
        client.post(reverse("realization_upload"), {"workbook": handle})
    assert Realization.objects.get(indicator=dinkes_indicator, year=2022).value == 77


def test_operators_cannot_change_targets_or_structure_by_upload(people, dinkes_indicator, tmp_path):
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Realisasi"
    ws.append(["Kode Indikator", "Tahun", "Target", "Realisasi", "Keterangan"])
    ws.append([dinkes_indicator.code, 2022, 999, None, ""])
    structure = workbook.create_sheet("Perangkat Daerah")
    structure.append(["Kode", "Nama", "Singkatan", "Jenis"])
    path = tmp_path / "sneaky.xlsx"
    workbook.save(path)
    report = import_workbook(
        path,
        plan=dinkes_indicator.plan,
        by=people["operator"],
        only_units={dinkes_indicator.perangkat_daerah_id},
    )
    assert not report.ok
    assert any("struktur rencana" in str(error) for error in report.errors)
    assert dinkes_indicator.targets.get(year=2022).value != 999


# -- locked years -------------------------------------------------------------------------------


def test_a_locked_year_cannot_change_through_any_door(client, people, dinkes_indicator, tmp_path):
    planner = people["planner"]
    realization = Realization.objects.get(indicator=dinkes_indicator, year=2021)
    before = realization.value
    as_user(client, planner)
    response = client.post(
        reverse("admin:indicators_yearlock_add"),
        {"plan": dinkes_indicator.plan_id, "year": 2021, "reason": "Evaluasi RKPD 2021 selesai"},
    )
    assert response.status_code == 302
    lock = YearLock.objects.get(year=2021)

    # admin
    response = client.post(
        reverse("admin:indicators_realization_change", args=[realization.pk]),
        {"indicator": dinkes_indicator.pk, "year": 2021, "value": "1", "note": ""},
    )
    assert response.status_code == 200 and "2021" in response.content.decode()
    # operator page
    as_user(client, people["operator"])
    url = reverse("realization_edit", args=[dinkes_indicator.code, 2021])
    assert client.post(url, {"value": "1"}).status_code == 403
    # services
    with pytest.raises(ValidationError):
        services.realization_record(indicator=dinkes_indicator, year=2021, value=Decimal(1))
    # import
    report = import_workbook(
        sheet_for(tmp_path, [[dinkes_indicator.code, 2021, None, 1, ""]]),
        plan=dinkes_indicator.plan,
        by=planner,
    )
    assert not report.ok and any("tahun 2021 terkunci" in str(e) for e in report.errors)
    # the database itself, whatever code runs
    with pytest.raises(IntegrityError), transaction.atomic():
        Realization.objects.filter(pk=realization.pk).update(value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Realization.objects.filter(pk=realization.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        dinkes_indicator.targets.filter(year=2021).update(value=1)
    realization.refresh_from_db()
    assert realization.value == before

    # unlocking opens it again, and both acts stay in the lock's history
    as_user(client, planner)
    # not the admin's "delete": unlocking is its own act, with a reason
    response = client.post(
        reverse("admin:indicators_yearlock_delete", args=[lock.pk]), {"post": "yes"}
    )
    assert response.status_code == 403 and YearLock.objects.exists()
    client.post(reverse("year_unlock"), {"lock": lock.pk, "reason": "koreksi data"})
    assert not YearLock.objects.exists()
    services.realization_record(indicator=dinkes_indicator, year=2021, value=Decimal(1), by=planner)
    acts = [(h.history_type, h.history_user) for h in YearLock.history.order_by("history_date")]
    assert acts == [("+", planner), ("-", planner)]


def test_only_planners_lock_years(people, demo_plan):
    for role in ("operator", "official"):
        with pytest.raises(Exception) as error:
            services.year_lock(plan=demo_plan, year=2021, reason="x", by=people[role])
        assert error.type.__name__ == "PermissionDenied"
    with pytest.raises(ValidationError):
        services.year_lock(plan=demo_plan, year=2021, reason=" ", by=people["planner"])


# -- evidence -----------------------------------------------------------------------------------


def test_evidence_is_checked_and_served_only_to_those_who_may_see_it(
    client, people, dinkes_indicator
):
    url = reverse("realization_edit", args=[dinkes_indicator.code, 2022])
    as_user(client, people["operator"])
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"value": "1", "evidence": fake})
    assert response.status_code == 200 and not Realization.objects.filter(year=2022).exists()

    good = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"value": "1", "evidence": good}).status_code == 302
    realization = Realization.objects.get(indicator=dinkes_indicator, year=2022)
    evidence_url = reverse("evidence", args=[realization.pk])

    for role, allowed in [
        ("operator", True),
        ("planner", True),
        ("official", True),
        ("other_operator", False),
        ("anonymous", False),
    ]:
        response = as_user(client, people[role]).get(evidence_url)
        if allowed:
            assert response.status_code == 200, role
            assert b"".join(response.streaming_content) == PDF
        else:
            assert refused(response), role


def test_evidence_has_a_size_limit(client, people, dinkes_indicator, settings):
    settings.EVIDENCE_MAX_MB = 0
    as_user(client, people["operator"])
    url = reverse("realization_edit", args=[dinkes_indicator.code, 2022])
    big = SimpleUploadedFile("bukti.pdf", PDF * 10, content_type="application/pdf")
    response = client.post(url, {"value": "1", "evidence": big})
    assert response.status_code == 200
    assert not Realization.objects.filter(year=2022).exists()


# -- the audit trail ----------------------------------------------------------------------------


def test_the_audit_trail_filters_and_exports(client, people, dinkes_indicator):
    services.realization_record(
        indicator=dinkes_indicator,
        year=2022,
        value=Decimal(5),
        note='=HYPERLINK("http://x")',
        by=people["operator"],
        door=services.DOOR_OPERATOR_PAGE,
    )
    as_user(client, people["planner"])
    page = client.get(reverse("audit"), {"user": "operator.dinkes"})
    changes = page.context["changes"]
    assert [c.indicator for c in changes] == [dinkes_indicator.code]
    assert changes[0].door == services.DOOR_OPERATOR_PAGE
    assert changes[0].new.startswith("5")

    other_unit = PerangkatDaerah.objects.get(name="Dinas Pendidikan")
    filtered = client.get(
        reverse("audit"), {"user": "operator.dinkes", "perangkat_daerah": other_unit.code}
    )
    assert filtered.context["changes"] == []

    export = client.get(reverse("audit"), {"user": "operator.dinkes", "format": "xlsx"})
    assert export.streaming
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)
    assert rows[1][4] == dinkes_indicator.code
    assert all(not (isinstance(v, str) and v.startswith("=")) for row in rows for v in row)


def test_the_audit_trail_shows_the_value_before_a_change_made_by_someone_else(
    client, people, dinkes_indicator
):
    for user, value in (("operator", 5), ("planner", 7)):
        services.realization_record(
            indicator=dinkes_indicator, year=2022, value=Decimal(value), by=people[user]
        )
    page = as_user(client, people["planner"]).get(reverse("audit"), {"user": "perencana"})
    [change] = [c for c in page.context["changes"] if c.what == "realisasi"]
    assert (change.old.split(";")[0], change.new.split(";")[0]) == ("5", "7")
