"""Sorting a table by a column sorts by what the cells say: numbers by value as Indonesian writes
them (100,7058 is a decimal), bands by rank, cells without a value last."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from demo import plan as demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BAND_ORDER = ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]

# data-sort keys as a localised template once wrote them, and shown numbers without a key.
TABLE = """<!DOCTYPE html><html lang="{lang}"><body>
<table class="sortable" id="t"><thead><tr>
  <th data-type="number">Capaian</th><th data-type="number">Nilai</th>
  <th data-type="band">Predikat</th><th data-type="status">Status</th><th>Nama</th>
</tr></thead><tbody>
  <tr id="a"><td data-sort="100,7058">100,71%</td><td>1.234,5</td>
    <td><span class="band sangat-rendah">Sangat Rendah</span></td><td class="status no-data">–</td><td>Beta</td></tr>
  <tr id="b"><td data-sort="100.0000">100,00%</td><td>Rp&nbsp;5.909.045</td>
    <td><span class="band tinggi">Tinggi</span></td><td class="status achieved">✔</td><td>alfa</td></tr>
  <tr id="c"><td data-sort="99.5">99,50%</td><td>–</td><td>–</td>
    <td class="status not-achieved">✘</td><td>Gamma 10</td></tr>
  <tr id="d"><td data-sort="">–</td><td>87,5</td>
    <td><span class="band sangat-tinggi">Sangat Tinggi</span></td><td class="status achieved">✔</td><td>Gamma 9</td></tr>
  <tr id="e"><td data-sort="100,70">100,70%</td><td>2,725</td>
    <td><span class="band sedang">Sedang</span></td><td class="status not-achieved">✘</td><td>–</td></tr>
</tbody></table><script src="{script}"></script></body></html>"""


def order(page):
    return page.eval_on_selector_all("#t tbody tr", "rows => rows.map(row => row.id).join('')")


def sort_by(page, column):
    page.locator("#t thead th", has_text=column).click()
    return order(page)


def test_numbers_sort_by_value_bands_by_rank_and_empty_cells_last(live_server, page):
    page.set_content(TABLE.format(lang="id", script=f"{live_server.url}/static/js/sort-table.js"))
    expect(page.locator("#t th.sort-header").first).to_be_visible()
    # 99,5 < 100,0 < 100,70 < 100,7058; read as whole numbers the last three were equal.
    assert sort_by(page, "Capaian") == "cbead"
    assert sort_by(page, "Capaian") == "aebcd"
    # 2,725 < 87,5 < 1.234,5 < Rp 5.909.045; "–" has no value.
    assert sort_by(page, "Nilai") == "edabc"
    assert sort_by(page, "Nilai") == "badec"
    assert sort_by(page, "Predikat") == "dbeac"
    assert sort_by(page, "Predikat") == "aebdc"
    assert sort_by(page, "Status") == "bdeca"  # ties keep the order they had
    assert sort_by(page, "Nama") == "badce"  # alfa, Beta, Gamma 9, Gamma 10, then no name


def test_english_pages_read_english_numbers(live_server, page):
    page.set_content(TABLE.format(lang="en", script=f"{live_server.url}/static/js/sort-table.js"))
    expect(page.locator("#t th.sort-header").first).to_be_visible()
    page.evaluate(
        """() => { const cells = [...document.querySelectorAll('#t tbody tr td:nth-child(2)')];
                   ['1,234.5', 'Rp 5,909,045', '–', '87.5', '2.725'].forEach((t, i) => cells[i].textContent = t); }"""
    )
    assert sort_by(page, "Nilai") == "edabc"


def test_a_units_indicators_sort_by_capaian_and_by_band(live_server, page):
    demo.load_bekasi_demo()
    demo.ensure_demo_role_users(get_user_model())
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", "pimpinan")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click(".login-card button[type=submit]")
    page.goto(f"{live_server.url}/perangkat-daerah/1.02.01/?year=2021")
    header = page.locator("#indicator-table thead th", has_text="Capaian")
    expect(header).to_have_class(re.compile(r"\bsort-header\b"))
    header.click()
    shown = page.eval_on_selector_all(
        "#indicator-table tbody td[data-label=Capaian]", "cells => cells.map(c => c.dataset.sort)"
    )
    values = [float(v) for v in shown if v]
    assert values == sorted(values) and len(set(values)) > 1

    page.locator("#indicator-table thead th", has_text="Predikat").click()
    bands = page.eval_on_selector_all(
        "#indicator-table tbody .band", "badges => badges.map(b => b.textContent.trim())"
    )
    ranks = [BAND_ORDER.index(band) for band in bands]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1
