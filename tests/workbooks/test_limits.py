"""Limits that hold whatever the file says: parts by their role, rows, cells, text per cell."""

import zipfile

import pytest

from indicators.models import ImportBatch, Realization
from tests.factories import IndicatorFactory
from tests.workbooks import build, run_import
from workbooks import limits

pytestmark = pytest.mark.django_db

STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


@pytest.fixture
def indicator(plan):
    return IndicatorFactory(program__objective__goal__mission__plan=plan, code="IK.1")


def with_strings_part(source, target, part, strings):
    """``source`` with a shared strings part named ``part``, declared as a spreadsheet does."""
    name = part.rsplit("/", 1)[-1]
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    f'<Override PartName="/{part}" ContentType="{STRINGS_TYPE}"/></Types>'.encode(),
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="'
                    + name.encode()
                    + b'"/></Relationships>',
                )
            new.writestr(item, data)
        new.writestr(
            part,
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"".join(b"<si><t>" + s.encode() + b"</t></si>" for s in strings)
            + b"</sst>",
        )
    return str(target)


def test_shared_strings_are_limited_by_their_role_not_their_name(indicator, tmp_path, settings):
    settings.WORKBOOK_LIMITS = {"strings_mb": 1}
    good = build(tmp_path / "good.xlsx", {"M": [["Kode Indikator", "Realisasi 2021"]]})
    strings = ["a" * 1000] * 1500  # 1.5 MB unpacked, a few KB packed
    for part in ("xl/sharedStrings.xml", "xl/strs.xml"):
        bomb = with_strings_part(good, tmp_path / "bomb.xlsx", part, strings)
        assert (tmp_path / "bomb.xlsx").stat().st_size < 100_000
        code, _out, err = run_import(bomb)
        assert code == 2, (part, err)
        assert "melebihi batas yang diterima server" in err
    assert not ImportBatch.objects.exists()


def test_too_many_rows_are_refused_at_once_naming_the_sheet(indicator, tmp_path, settings):
    settings.WORKBOOK_LIMITS = {"max_rows": 100}
    rows = [["Kode Indikator", "Realisasi 2021"]] + [["IK.1", 1]] * 150
    code, _out, err = run_import(build(tmp_path / "rows.xlsx", {"Matriks": rows}))
    assert code == 2
    assert "Matriks" in err and "100" in err
    assert not Realization.objects.exists()


def test_too_many_cells_are_refused(indicator, tmp_path, settings):
    settings.WORKBOOK_LIMITS = {"max_cells": 50}
    rows = [["Kode Indikator", "Realisasi 2021"]] + [["IK.1", 1]] * 40
    code, _out, err = run_import(build(tmp_path / "cells.xlsx", {"Matriks": rows}))
    assert code == 2 and "Matriks" in err


def test_a_too_long_text_is_refused_naming_the_cell(indicator, tmp_path, settings):
    settings.WORKBOOK_LIMITS = {"max_text": 50}
    rows = [["Kode Indikator", "Realisasi 2021"], ["IK.1", "x" * 60]]
    code, _out, err = run_import(build(tmp_path / "text.xlsx", {"Matriks": rows}))
    assert code == 2
    assert "Matriks!2" in err and "60" in err and "50" in err


@pytest.mark.parametrize(
    ("overrides", "wrong"),
    [({"max_rows": "abc"}, "max_rows"), ({"max_rows": 0}, "max_rows"), ({"rows": 5}, "rows")],
)
def test_limits_are_validated_numerically(overrides, wrong):
    problems = limits.problems(overrides)
    assert len(problems) == 1 and wrong in problems[0]


def test_a_bad_limit_stops_the_app_with_a_check(settings):
    settings.WORKBOOK_LIMITS = {"max_rows": -1}
    assert [error.id for error in limits.check_limits()] == ["workbooks.E001"]
