"""The registry of evaluation forms: each form (E.79, E.78, T-C.27, the meeting summary) is its
own small class that turns a :class:`reports.reads.Scope` into a :class:`reports.table.Table`
(and, for the summary, a page of its own). Pages, downloads and the command look forms up here.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from core.formats import format_number
from indicators import achievement

from .table import Capaian, Row

FORMS = {}
ORDER = ("e79", "e78", "tc27", "ringkasan")  # as the agency files them


def register(form_class):
    FORMS[form_class.code] = form_class()
    return form_class


def get(code):
    return FORMS.get(code)


def all_forms():
    """Every registered form, in the order the agency files them."""
    rank = {code: index for index, code in enumerate(ORDER)}
    return sorted(FORMS.values(), key=lambda form: (rank.get(form.code, len(rank)), form.code))


class EvaluationForm:
    """One form. ``code`` names it in URLs and on the command line; ``quarterly`` forms are
    listed per triwulan; ``whole_city`` forms cannot be narrowed to one perangkat daerah."""

    code = ""
    quarterly = False
    whole_city = False
    template = "reports/_table.html"

    @property
    def name(self):
        raise NotImplementedError

    def table(self, scope):
        raise NotImplementedError

    def parts(self, scope):
        """The table, and what the page template needs beside it."""
        return self.table(scope), {}

    def file_name(self, scope, extension):
        parts = [self.code, str(scope.year)]
        if scope.quarter:
            parts.append(f"tw{scope.quarter}")
        parts += [unit.code for unit in scope.units[:1]]
        return "-".join(part.replace(".", "_") for part in parts) + f".{extension}"


def heading_texts(indicator):
    """The misi, tujuan, sasaran and program a program indicator serves, as printed headings."""
    program = indicator.program
    objective = program.objective
    goal = objective.goal
    mission = goal.mission
    return [
        (
            mission.pk,
            _("Misi %(number)s: %(text)s") % {"number": mission.number, "text": mission.text},
        ),
        (goal.pk, _("Tujuan %(code)s: %(text)s") % {"code": goal.code, "text": goal.text}),
        (
            objective.pk,
            _("Sasaran %(code)s: %(text)s") % {"code": objective.code, "text": objective.text},
        ),
        (
            program.pk,
            _("Program %(code)s: %(name)s") % {"code": program.code, "name": program.name},
        ),
    ]


def hierarchy_rows(indicators, make_cells):
    """Heading rows per misi / tujuan / sasaran / program before the rows of their indicators;
    ``make_cells(number, indicator, first_of_program)`` gives an indicator's cells (a program's
    money goes on its first indicator's row only, so that a column sums to the whole)."""
    current = [None] * 4
    rows = []
    for number, indicator in enumerate(indicators, 1):
        first_of_program = False
        for level, (pk, text) in enumerate(heading_texts(indicator)):
            if current[level] != pk:
                current[level:] = [pk] + [None] * (3 - level)
                rows.append(Row(heading=text, level=level + 1))
                first_of_program = True
        rows.append(
            Row(cells=make_cells(number, indicator, first_of_program), level=5, key=indicator.code)
        )
    return rows


def target_cell(target):
    """A yearly or final target as a cell: its value, or its range as text (69,1 – 69,5)."""
    if target is None or not target.is_given:
        return None
    if target.value is not None:
        return Decimal(target.value)
    return f"{format_number(target.low)} – {format_number(target.high)}"


def capaian_cell(result):
    """An :class:`achievement.Achievement` as a :class:`Capaian` cell (None without data)."""
    if result is None or result.status is achievement.Status.NO_DATA:
        return None
    return Capaian(result.capaian, threshold=result.threshold, achieved=result.achieved)


def unit_label(indicator):
    unit = indicator.perangkat_daerah
    return unit.abbreviation or unit.name
