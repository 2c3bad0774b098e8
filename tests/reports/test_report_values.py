"""What the reports print, on a small plan made here: capaian as printed tables show it (107,8061
→ 107,81; 99,996 not achieved → 99,99) on the page, in the workbook and in the PDF; E.79's
triwulan columns and their roll-up by calculation type; the program's money once per program."""

import io
import os
import re
import shutil
import subprocess
from decimal import Decimal

import factory
import pytest
from openpyxl import load_workbook

from indicators.models import QuarterlyRealization
from reports import documents, registry, xlsx
from reports.reads import Scope
from tests.budgets.factories import ProgramFundingFactory
from tests.factories import IndicatorFactory, ProgramFactory, RealizationFactory, TargetFactory

D = Decimal


class QuarterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyRealization

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2021
    quarter = 1
    value = D(1)


@pytest.fixture
def small(plan):
    """Two indicators of one program: capaian 107,8061 and 99,996 in 2021."""
    program = ProgramFactory(objective__goal__mission__plan=plan)
    above = IndicatorFactory(program=program, code="IP.ABOVE", baseline=D(90), final_target=D(120))
    below = IndicatorFactory(program=program, code="IP.BELOW", baseline=D(90), final_target=D(120))
    for indicator, value in ((above, D("107.8061")), (below, D("99.996"))):
        TargetFactory(indicator=indicator, year=2021, value=D(100))
        RealizationFactory(indicator=indicator, year=2021, value=value)
    ProgramFundingFactory(program=program, year=2021, pagu=D(5_000_000), realization=D(4_500_000))
    return plan


def build(plan, code, **scope):
    return documents.build(registry.get(code), Scope(plan=plan, year=2021, **scope))


def capaian_cells(document):
    return {row.key: row.cells for row in document.table.data_rows}


@pytest.mark.parametrize("code,column", [("e79", 10), ("e78", 7 + 2 * 5 + 4)])
def test_capaian_on_the_page_is_rounded_half_up_never_up_to_the_threshold(small, code, column):
    document = build(small, code)
    cells = capaian_cells(document)
    assert cells["IP.ABOVE"][column].shown == D("107.81")
    assert cells["IP.BELOW"][column].shown == D("99.99")
    assert not cells["IP.BELOW"][column].achieved
    html = documents.body_html(document)
    assert ">107,81<" in html and ">99,99<" in html
    assert ">100,00<" not in html and ">107,80<" not in html


def test_capaian_in_the_workbook(small):
    sheet = load_workbook(io.BytesIO(xlsx.workbook_bytes(build(small, "e79").table))).active
    values = {sheet.cell(r, 2).value: sheet.cell(r, 11) for r in range(6, sheet.max_row + 1)}
    assert values["IP.ABOVE"].value == pytest.approx(107.81)
    assert values["IP.BELOW"].value == pytest.approx(99.99)
    assert values["IP.BELOW"].number_format == "0.00"


@pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="poppler-utils is not installed (CI installs it: see .ci/run)",
)
def test_capaian_in_the_pdf(small, tmp_path):
    path = tmp_path / "e79.pdf"
    path.write_bytes(documents.pdf_bytes(build(small, "e79")))
    subprocess.run(["pdftotext", "-layout", str(path), str(tmp_path / "e79.txt")], check=True)
    text = (tmp_path / "e79.txt").read_text()
    assert re.search(r"\b107,81\b", text) and re.search(r"\b99,99\b", text)
    assert not re.search(r"\b100,00\b", text) and not re.search(r"\b107,80\b", text)


def test_a_programs_money_is_printed_once_on_its_first_indicator(small):
    cells = capaian_cells(build(small, "e79"))
    assert cells["IP.ABOVE"][11].value == D(5_000_000)
    assert cells["IP.ABOVE"][12].value == D(4_500_000)
    assert cells["IP.BELOW"][11] is None


@pytest.mark.parametrize(
    "calculation,total_to_tw2,capaian_to_tw2",
    [
        ("cumulative", D(30), D("30.00")),
        ("last", D(20), D("20.00")),
        ("average", D(15), D("15.00")),
    ],
)
def test_e79_rolls_up_the_triwulan_by_calculation_type(
    plan, calculation, total_to_tw2, capaian_to_tw2
):
    indicator = IndicatorFactory(
        program=ProgramFactory(objective__goal__mission__plan=plan),
        calculation_type=calculation,
    )
    TargetFactory(indicator=indicator, year=2021, value=D(100))
    for quarter, value in enumerate((10, 20, 30, 40), 1):
        QuarterFactory(indicator=indicator, quarter=quarter, value=D(value))
    RealizationFactory(indicator=indicator, year=2021, value=D(100), source="quarters")
    (row,) = build(plan, "e79", quarter=2).table.data_rows
    assert row.cells[5:9] == [D(10), D(20), None, None]
    assert row.cells[9] == total_to_tw2
    assert row.cells[10].shown == capaian_to_tw2
    for whole_year in (None, 4):
        (year_row,) = build(plan, "e79", quarter=whole_year).table.data_rows
        assert year_row.cells[5:9] == [D(10), D(20), D(30), D(40)]
        assert year_row.cells[9] == D(100)  # the year's value as the app holds it
        assert year_row.cells[10].achieved


def test_e78_gives_the_final_performance_so_far_and_its_ratio_to_the_final_target(small):
    cells = capaian_cells(build(small, "e78"))
    # 107,8061 against the final target of 120.
    assert cells["IP.ABOVE"][-3] == D("107.8061")
    assert cells["IP.ABOVE"][-2].shown == D("89.84")


def test_text_that_looks_like_a_formula_is_escaped_in_the_workbook(plan):
    indicator = IndicatorFactory(
        program=ProgramFactory(objective__goal__mission__plan=plan), name="=SUM(A1:A9)"
    )
    TargetFactory(indicator=indicator)
    RealizationFactory(indicator=indicator, faktor_penghambat="+62 hujan")
    sheet = load_workbook(io.BytesIO(xlsx.workbook_bytes(build(plan, "e79").table))).active
    texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert "'=SUM(A1:A9)" in texts and "'+62 hujan" in texts
    assert "=SUM(A1:A9)" not in texts
