"""Real published tables (RPJMD Buku Tabel, Renstra Tabel 5.1, LKjIP Tabel 3.5, IKU) import as
they are: ``create_plan`` with the table's period, ``import_workbook``, and every value the
table's JSON lists is stored; a re-import changes nothing.

The tables are read from ``tests/workbooks/printed/`` (in the repository) and, when present,
from the shared folder (``REAL_TABLES``, default ``../shared/data/real-tables`` from the root).
"""

import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from budgets.models import ProgramFunding
from indicators.models import Goal, Indicator, Mission, Objective, Plan, Program
from indicators.workbook_sheets.printed import NO_UNIT, unit_keys
from tests.workbooks import run_import
from workbooks.engine import import_workbook

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent / "printed"
SHARED = Path(os.environ.get("REAL_TABLES", ROOT / ".." / "shared" / "data" / "real-tables"))
# The period each table's plan is created with (START = tahun 0).
PERIODS = {
    "jabar_rpjmd_2018_2023_buku_tabel": "2018-2023",
    "siak_renstra_dinkes_tabel_5_1": "2011-2016",
    "gunung_kaler_lkjip_2020_tabel_3_5": "2018-2023",
    "surakarta_iku_esakip": "2021-2026",
}
MODELS = {"misi": Mission, "tujuan": Goal, "sasaran": Objective, "program": Program}


def tables():
    found = [pytest.param(path, id=f"repo-{path.stem}") for path in sorted(HERE.glob("*.json"))]
    if "REAL_TABLES" in os.environ or SHARED.is_dir():
        assert SHARED.is_dir(), f"REAL_TABLES points at {SHARED}, which does not exist"
        found += [
            pytest.param(path, id=f"shared-{path.stem}") for path in sorted(SHARED.glob("*.json"))
        ]
    return found


def expected(value):
    """A JSON value as the stored (value, low, high)."""
    if value is None:
        return (None, None, None)
    if isinstance(value, dict):
        return (None, Decimal(value["low"]), Decimal(value["high"]))
    return (Decimal(value), None, None)


def relative_year(plan, label):
    return plan.start_year + int(re.search(r"(\d+)$", label)[1])


@pytest.fixture
def imported(db, request, tmp_path):
    path = request.param
    spec = json.loads(path.read_text())
    workbook = path.with_name(spec["workbook"])
    code = path.stem.split("_")[0].upper()
    from django.core.management import call_command

    call_command(
        "create_plan",
        code,
        "--name",
        spec["source"]["document"][:200],
        "--period",
        PERIODS[path.stem],
    )
    plan = Plan.objects.get(code=code)
    with translation.override("id"):
        status, out, err = run_import(str(workbook), "--plan", code)
    assert status == 0, out + err
    report = import_workbook(workbook, plan=plan, dry_run=True)
    return spec, plan, report, out


def stored_values(indicator, kind):
    rows = getattr(indicator, "targets" if kind == "t" else "realizations").all()
    if kind == "t":
        return {t.year: (t.value, t.low, t.high) for t in rows}
    return {r.year: r.value for r in rows}


@pytest.mark.parametrize("imported", tables(), indirect=True)
def test_every_value_the_table_lists_is_stored(imported):
    spec, plan, report, out = imported
    (understood,) = report.understood
    by_row = {item["row"]: item for item in understood["indicators"]}
    flagged = {row for row, _text in understood["flags"]}
    assert len(by_row) == len(spec["indicators"])
    for entry in spec["indicators"]:
        seen = by_row[entry["row"]]
        indicator = Indicator.objects.get(plan=plan, code=seen["code"])
        where = f"row {entry['row']} ({indicator.code})"
        assert indicator.name == entry["name"], where
        if entry.get("unit") is not None:
            assert indicator.unit == entry["unit"], where
        else:
            assert indicator.unit in ("", "%") and entry["row"] in flagged, where
        level = {"kegiatan": "program"}.get(entry.get("level"), entry.get("level"))
        if level:
            assert indicator.level == level, where
        if "parent_code" in entry:
            assert indicator.parent.code == entry["parent_code"], where
        if "program" in entry:
            assert indicator.program.code == entry["program"]["code"], where
        if "kegiatan" in entry:  # no model of its own: under its program, named in the definition
            assert entry["kegiatan"]["code"].startswith(indicator.program.code), where
            assert entry["kegiatan"]["code"] in indicator.definition, where
            assert entry["kegiatan"]["name"] in indicator.definition, where
        if "sasaran" in entry:
            assert indicator.objective.text == entry["sasaran"], where
        baseline = entry.get("baseline")
        assert indicator.baseline == (expected(baseline["value"])[0] if baseline else None), where
        final = entry.get("final")
        final_value = expected(final["value"] if final else None)
        assert (
            indicator.final_target,
            indicator.final_target_low,
            indicator.final_target_high,
        ) == final_value, where
        targets = {int(y): expected(t["value"]) for y, t in entry.get("targets", {}).items()}
        for label, t in entry.get("targets_by_relative_year", {}).items():
            targets[relative_year(plan, label)] = expected(t["value"])
        targets = {y: v for y, v in targets.items() if v != (None, None, None)}
        assert stored_values(indicator, "t") == targets, where
        realisations = {int(y): Decimal(r["value"]) for y, r in entry["realisations"].items()}
        assert stored_values(indicator, "r") == realisations, where
        for year, printed in entry.get("capaian_printed", {}).items():
            assert Decimal(seen["capaian"][year].replace(",", ".")) == Decimal(printed["value"])
        money = {int(y): Decimal(m["value"]) for y, m in entry.get("funding_rp", {}).items()}
        for label, m in entry.get("funding_rp_by_relative_year", {}).items():
            if m["value"] is not None:
                money[relative_year(plan, label)] = Decimal(m["value"])
        read = {
            int(y): Decimal(v.replace(".", "").replace(",", ".")) for y, v in seen["money"].items()
        }
        assert read == money, where
        if indicator.level == "program" and entry.get("funding_rp"):
            funding = ProgramFunding.objects.filter(program=indicator.program, scheme__code="apbd")
            assert {f.year: f.pagu for f in funding} == money, where
        unit = indicator.perangkat_daerah
        if entry.get("perangkat_daerah"):
            named = entry["perangkat_daerah"].split(" didukung oleh ")[0]
            assert unit_keys(unit.name) & unit_keys(named), where
        else:
            assert unit.name == NO_UNIT[1], where
        if "direction_as_printed" in entry:
            printed = entry["direction_as_printed"]
            assert indicator.direction == ("lower" if printed == "Negatif" else "higher"), where
    for node in spec.get("hierarchy", []):
        model = MODELS.get(node["level"])
        if model is None:  # a kegiatan: no model of its own, named on its indicators
            assert Indicator.objects.filter(plan=plan, definition__contains=node["code"]).exists()
            continue
        obj = model.objects.get(plan=plan, code=node["code"])
        assert (obj.name if model is Program else obj.text) == node["text"]


@pytest.mark.parametrize("imported", tables(), indirect=True)
def test_a_reimport_reports_no_change(imported):
    spec, plan, report, out = imported
    assert report.new == 0 and report.changed == 0 and report.ok
    with translation.override("id"):
        status, out, err = run_import(str(HERE / spec["workbook"]), "--plan", plan.code)
    assert status == 0, out + err
    assert "0 baru, 0 berubah" in out
