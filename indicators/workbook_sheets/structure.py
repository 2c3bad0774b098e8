"""Readers of the plan's structure sheets: Perangkat Daerah, Misi, Tujuan, Sasaran, Program and
Indikator. Each upserts by code; a blank cell keeps what is stored; every limit of the model
(lengths, number ranges, codes) is checked per cell, so the database never has to refuse.
A row with an error is refused whole, and later references to its code stay silent (its own
error says it all).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Goal, Mission, Objective, PerangkatDaerah, Program
from .shown import shown

SMALL_INT = 32767  # PositiveSmallIntegerField, the same on SQLite and PostgreSQL


def max_length(model, name):
    return model._meta.get_field(name).max_length


class Pending:
    """An object this file creates: known by code, not yet in the database."""

    def __init__(self, lookup_name, code, **values):
        self.__dict__.update(values)
        self.lookup_name, self.code, self.pk = lookup_name, code, None


def resolve(value, batch):
    """A foreign key's id: the stored object's, or the one just written for a pending code."""
    if value is None or isinstance(value, int):
        return value
    return value.pk if value.pk is not None else batch.ids[value.lookup_name][value.code]


def queries(plan):
    return {
        "unit": lambda: PerangkatDaerah.objects.all(),
        "mission": lambda: Mission.objects.filter(plan=plan),
        "goal": lambda: Goal.objects.filter(plan=plan).select_related("mission"),
        "objective": lambda: Objective.objects.filter(plan=plan).select_related("goal"),
        "program": lambda: Program.objects.filter(plan=plan).select_related(
            "objective", "perangkat_daerah"
        ),
    }


def lookup(context, name):
    """The shared lookup ``name`` ({code: object}); indicators add theirs in values.py."""
    if name in context.lookups:
        return context.lookups[name]
    from .values import indicator_query

    query = queries(context.plan).get(name) or (lambda: indicator_query(context.plan))
    return context.lookup(name, lambda: {obj.code: obj for obj in query()})


class StructureReader:
    """One code-keyed sheet. ``parse`` returns {field name: value} of the cells given."""

    order = 0
    key = ""
    name = ""
    model = None
    code_header = "kode"
    required = ()
    conflict = ("plan", "code")
    shared = False  # rows every plan shares (perangkat daerah): a change bumps every plan

    def __init__(self):
        self.rows = []

    def recognises(self, sheet):
        return sheet.key == self.key

    def read(self, sheet, context):
        if context.operator:
            context.refuse_for_operators(sheet, "structure")
            return
        if not sheet.require(*self.required):
            return
        existing = lookup(context, self.name)
        report = context.report
        progress = (lambda n: context.progress(rows=n)) if context.progress else None
        for number, row in sheet.rows(progress):
            before = report.error_count
            code = sheet.code(
                number, row, self.code_header, max_length=max_length(self.model, "code")
            )
            if not code:
                continue
            if not context.once(
                (self.name, code),
                sheet,
                number,
                self.code_header,
                _("code %(code)s appears twice in this sheet (first at %(first)s)"),
                code=code,
            ):
                continue
            obj = existing.get(code)
            values = self.parse(sheet, number, row, obj, context)
            if report.error_count != before or values is None:
                context.reject(self.name, code)
                continue
            self.compare(sheet, number, code, obj, values, existing, context)

    def compare(self, sheet, number, code, obj, values, existing, context):
        if obj is None:
            existing[code] = Pending(self.name, code, **values)
            label = values.get("name") or values.get("text") or code
            context.change(sheet, number, code, None, self.model._meta.verbose_name, None, label)
            self.rows.append((True, code, values))
            return
        diffs = []
        for name, new in values.items():
            field = self.model._meta.get_field(name)
            old = getattr(obj, field.attname)
            if field.is_relation:
                new_pk = None if new is None else new.pk
                if new_pk != old or (new is not None and new_pk is None):
                    diffs.append((field, getattr(obj, name), new))
            elif old != new:
                diffs.append((field, old, new))
        if not diffs:
            context.report.count_unchanged(sheet.name)
            return
        for position, (field, old, new) in enumerate(diffs):
            context.change(
                sheet,
                number,
                code,
                None,
                field.verbose_name,
                shown(old),
                shown(new),
                counted=position == 0,
            )
            if not field.is_relation:
                setattr(obj, field.attname, new)
            elif new is None or new.pk is not None:
                setattr(obj, field.attname, None if new is None else new.pk)
        current = {f.name: getattr(obj, f.attname) for f in self.fields()}
        self.rows.append((False, code, {**current, **values}))
        if self.shared:
            context.shared_changed = True

    def fields(self):
        return [f for f in self.model._meta.concrete_fields if not f.primary_key]

    def write(self, batch):
        if not self.rows:
            return
        rows = []
        for is_new, code, values in self.rows:
            full = {"code": code}
            if "plan" in self.conflict:
                full["plan_id"] = batch.plan.pk
            for name, value in values.items():
                field = self.model._meta.get_field(name)
                full[field.attname] = resolve(value, batch) if field.is_relation else value
            rows.append((is_new, full))
        if self.shared and any(is_new for is_new, _full in rows):
            batch.context.shared_changed = True
        ids = batch.save(self.model, rows, conflict=self.conflict, update=self.update_fields())
        batch.ids.setdefault(self.name, {}).update({key[-1]: pk for key, pk in ids.items()})

    def update_fields(self):
        return [f.name for f in self.fields() if f.name not in ("code", "plan", *self.keep)]

    keep = ("provenance", "source_url")  # not in the sheet: what is stored stays

    # -- helpers for parse ----------------------------------------------------------------

    def text(self, sheet, number, row, header, name, obj, required=True):
        """The text of a cell, within the field's length; required for a new object."""
        field = self.model._meta.get_field(name)
        limit = getattr(field, "max_length", None) or sheet.workbook.limits.max_text
        return sheet.text(number, row, header, required=required and obj is None, max_length=limit)

    def parent(self, sheet, number, row, header, context, name, obj, required=True):
        code = sheet.code(number, row, header, required=required and obj is None)
        if not code:
            return None
        lookup(context, name)
        return context.find(sheet, number, header, name, code, _("unknown code %s"))


class UnitsReader(StructureReader):
    order, key, name, model = 10, "perangkatdaerah", "unit", PerangkatDaerah
    label = _("Perangkat Daerah (Kode, Nama, Singkatan, Jenis)")
    required = ("kode", "nama")
    conflict = ("code",)
    shared = True
    keep = ("source_url",)

    def parse(self, sheet, number, row, obj, context):
        kinds = {k.value: k.value for k in PerangkatDaerah.Kind}
        kinds.update(
            {" ".join(str(k.label).lower().split()): k.value for k in PerangkatDaerah.Kind}
        )
        values = {}
        for header, name in (("nama", "name"), ("singkatan", "abbreviation")):
            text = self.text(sheet, number, row, header, name, obj, required=name == "name")
            if text:
                values[name] = text
        message = _("unknown kind %(value)s; use one of: %(kinds)s")
        kind = sheet.choice(
            number, row, "jenis", kinds, message.replace("%(kinds)s", ", ".join(kinds_list()))
        )
        if kind:
            values["kind"] = kind
        elif obj is None and "jenis" not in row:
            values["kind"] = PerangkatDaerah.Kind.LAINNYA
        return values


def kinds_list():
    return [k.value for k in PerangkatDaerah.Kind]


class MissionsReader(StructureReader):
    order, key, name, model = 20, "misi", "mission", Mission
    label = _("Misi (Kode, Nomor, Uraian)")
    required = ("kode", "uraian")

    def parse(self, sheet, number, row, obj, context):
        values = {}
        text = self.text(sheet, number, row, "uraian", "text", obj)
        if text:
            values["text"] = text
        used = context.lookup("mission numbers", lambda: self.numbers(context))
        given = sheet.whole(number, row, "nomor", minimum=1, maximum=SMALL_INT)
        if given is not None:
            holder = used.get(given)
            if holder is not None and holder != sheet_code(obj, row):
                sheet.error(
                    number,
                    "nomor",
                    _("misi number %(number)s is already used by %(code)s")
                    % {"number": given, "code": holder},
                )
                return None
            values["number"] = given
        elif obj is None and "nomor" not in row:
            values["number"] = max(used, default=0) + 1
        if "number" in values:
            if obj is not None:
                used.pop(obj.number, None)
            used[values["number"]] = sheet_code(obj, row)
        return values

    def numbers(self, context):
        return {m.number: m.code for m in lookup(context, "mission").values() if m.pk}


def sheet_code(obj, row):
    return obj.code if obj is not None else row.get("kode")


class ChildReader(StructureReader):
    """Tujuan and Sasaran: ``Kode``, ``Uraian`` and the parent's code."""

    required = ("kode", "uraian")
    parent_header = parent_name = parent_field = ""

    def parse(self, sheet, number, row, obj, context):
        values = {}
        text = self.text(sheet, number, row, "uraian", "text", obj)
        if text:
            values["text"] = text
        parent = self.parent(sheet, number, row, self.parent_header, context, self.parent_name, obj)
        if parent is not None:
            values[self.parent_field] = parent
        return values

    def recognises(self, sheet):
        return sheet.key == self.key


class GoalsReader(ChildReader):
    order, key, name, model = 30, "tujuan", "goal", Goal
    label = _("Tujuan (Kode, Uraian, Kode Misi)")
    required = ("kode", "uraian", "kode misi")
    parent_header, parent_name, parent_field = "kode misi", "mission", "mission"


class ObjectivesReader(ChildReader):
    order, key, name, model = 40, "sasaran", "objective", Objective
    label = _("Sasaran (Kode, Uraian, Kode Tujuan)")
    required = ("kode", "uraian", "kode tujuan")
    parent_header, parent_name, parent_field = "kode tujuan", "goal", "goal"


class ProgramsReader(StructureReader):
    order, key, name, model = 50, "program", "program", Program
    label = _("Program (Kode Program, Nama Program, Kode Sasaran, Kode Perangkat Daerah)")
    code_header = "kode program"
    required = ("kode program", "nama program", "kode sasaran", "kode perangkat daerah")
    keep = ("provenance", "source_url", "nomenclature_code", "kind")

    def parse(self, sheet, number, row, obj, context):
        values = {}
        name = self.text(sheet, number, row, "nama program", "name", obj)
        if name:
            values["name"] = name
        for header, kind, field in (
            ("kode sasaran", "objective", "objective"),
            ("kode perangkat daerah", "unit", "perangkat_daerah"),
        ):
            parent = self.parent(sheet, number, row, header, context, kind, obj)
            if parent is not None:
                values[field] = parent
        return values
