"""Helpers for tests that build workbooks and run the import command."""

from io import StringIO

from django.core.management import CommandError, call_command
from openpyxl import Workbook

REALISASI_HEADER = ["Kode Indikator", "Tahun", "Target", "Realisasi", "Keterangan"]


def build(path, sheets):
    """A workbook at ``path`` with {sheet title: [header row, data rows…]}."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    workbook.save(path)
    return str(path)


def run_import(*args):
    """``import_workbook`` as from the shell: (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_workbook", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()
