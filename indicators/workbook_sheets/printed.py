"""The printed-table reader: a sheet that is none of the app's own layouts, read as the table
behind a printed RPJMD / Renstra / LKjIP document, then written through the same comparisons
and set-based writes as the app's own sheets (so a re-import reports 0 changes).

What the table does not say is made here and shown: codes (stable: an existing node or
indicator of the same name keeps its code), perangkat daerah (matched by name or abbreviation,
else created), the parents a table leaves out (placeholders), directions (``higher`` unless a
column says otherwise; names that suggest ``lower`` are flagged).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import codes

from ..models import ImportBatch, Indicator, PerangkatDaerah
from ..printed.layout import HEADER_SEARCH, Grid, NoHeader, find_header
from ..printed.table import Node, guess_direction, read_table, shown
from .shown import DIRECTION_WORDS
from .structure import (
    GoalsReader,
    MissionsReader,
    ObjectivesReader,
    ProgramsReader,
    UnitsReader,
    lookup,
)
from .values import IndicatorsReader, ValuesReader, with_values

FUNDING = "printed funding"  # context lookup: (sheet, program, year, Rp, row) for budgets
PREFIX = {"misi": "M", "tujuan": "T", "sasaran": "S", "program": "P"}
MODEL_OF = {"misi": "mission", "tujuan": "goal", "sasaran": "objective", "program": "program"}
PLACEHOLDER = {
    "misi": ("TBL-M", "(misi tidak tercantum dalam tabel)"),
    "tujuan": ("TBL-T", "(tujuan tidak tercantum dalam tabel)"),
    "sasaran": ("TBL-S", "(sasaran tidak tercantum dalam tabel)"),
}
NO_UNIT = ("PD-BELUM", "Perangkat daerah belum ditentukan")
KINDS = {
    "dinas": PerangkatDaerah.Kind.DINAS,
    "badan": PerangkatDaerah.Kind.BADAN,
    "kecamatan": PerangkatDaerah.Kind.KECAMATAN,
    "kelurahan": PerangkatDaerah.Kind.KECAMATAN,
    "sekretariat": PerangkatDaerah.Kind.SEKRETARIAT,
    "inspektorat": PerangkatDaerah.Kind.INSPEKTORAT,
    "satuan": PerangkatDaerah.Kind.SATUAN,
    "rsud": PerangkatDaerah.Kind.RUMAH_SAKIT,
    "rumah": PerangkatDaerah.Kind.RUMAH_SAKIT,
}
STOP = {"dan", "serta", "kota", "kabupaten", "provinsi", "daerah", "of", "the", "kab."}


def unit_keys(name):
    """The ways one unit is written: ``Dinas Kesehatan Kota Bekasi`` ≡ ``dinas kesehatan`` ≡
    ``kesehatan``."""
    text = re.sub(r"[^\w\s]", " ", (name or "").lower())
    text = " ".join(text.split())
    if not text:
        return set()
    keys = {text}
    short = re.sub(r"\s+\b(kota|kabupaten|kab|provinsi|propinsi)\b.*$", "", text).strip()
    keys.add(short)
    for prefix in ("dinas ", "badan ", "kantor "):
        if short.startswith(prefix):
            keys.add(short[len(prefix) :])
    return {key for key in keys if key}


def unit_code(name, taken):
    found = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in STOP]
    letters = "".join(w[0] for w in found)
    if len(letters) < 2:  # "Sekretariat Daerah": SEKR, not S
        letters = found[0][:4] if found else "PD"
    base = letters.upper()[:12]
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}{n}"
    return code


def no_indicator_column(missing):
    return _("no indicator column (Indikator, Indikator Kinerja, Uraian) in rows %(rows)s") % {
        "rows": f"{missing.first}–{missing.last}"
    }


class PrintedTableReader:
    """One printed table (Tabel 8.1 / IKU, T-C.27, Renstra, LKjIP) on a sheet of its own."""

    order = 55
    fallback = True  # tried on the sheets no other reader takes
    label = gettext_lazy(
        "a printed RPJMD / Renstra / LKjIP table (a header naming an Indikator column, "
        "targets per year or Tahun 1 … N)"
    )

    def __init__(self):
        self.problems = {}
        self.parts = []

    def recognises(self, sheet):
        """A sheet whose first rows hold a header naming an indicator column."""
        if sheet.name in self.problems:
            return False
        rows = []
        for number, values in sheet.workbook.rows(sheet.index):
            if number > HEADER_SEARCH + 6:
                break
            rows.append((number, values))
        try:
            find_header(Grid(rows))  # cheap: most sheets that are no table stop here
            find_header(Grid(rows, sheet.workbook.merged_cells(sheet.index)))
        except NoHeader as missing:
            self.problems[sheet.name] = no_indicator_column(missing)
            return False
        return True

    def read(self, sheet, context):
        report = context.report
        if context.operator:
            context.refuse_for_operators(sheet, "structure")
            return
        workbook = sheet.workbook
        grid = Grid(workbook.rows(sheet.index), workbook.merged_cells(sheet.index))
        try:
            header = find_header(grid)
        except NoHeader as missing:
            report.error(sheet.name, 0, "", no_indicator_column(missing))
            return
        plan = context.plan
        all_choices = getattr(context, "printed_choices", None) or {}
        signature = header.signature()
        choices, chosen_in = all_choices.get(sheet.name) or all_choices.get(signature), None
        if choices is None:
            choices, chosen_in = saved_choices(signature)
        choices = choices or {}
        table = read_table(
            grid, header, start_year=plan.start_year, end_year=plan.end_year, choices=choices
        )
        for row, column, message in table.errors:
            report.error(sheet.name, row, column, message)
        if not table.indicators:
            if report.ok:
                report.error(
                    sheet.name,
                    0,
                    "",
                    _("no indicator rows below the header (rows %(rows)s)")
                    % {"rows": header.rows_text()},
                )
            return
        Writer(sheet, context, table, self, choices, chosen_in).stage()

    def write(self, batch):
        for part in self.parts:
            part.write(batch)


def saved_choices(signature):
    """The choices of the latest import of a table of this shape, and its batch number."""
    batch = (
        ImportBatch.objects.filter(shape=signature)
        .order_by("-created_at", "-pk")
        .values("pk", "choices")
        .first()
    )
    if batch is None:
        return None, None
    return (batch["choices"] or {}).get(signature), batch["pk"]


class PrintedValues(ValuesReader):
    """The targets and realisations of a printed table, compared and written as the wide
    layout's are."""

    def start(self, sheet, context):
        self.sheet, self.context = sheet, context
        from ..models import YearLock

        self.locks = context.lookup(
            "locks",
            lambda: dict(YearLock.objects.filter(plan=context.plan).values_list("year", "reason")),
        )
        self.targets, self.realizations, self.quarters = [], [], []


class Hierarchy:
    """The nodes and perangkat daerah of one table as the plan's objects: stored ones matched
    (by code, else by text), new ones staged, missing parents made."""

    def __init__(self, sheet, context, table, reader, choices=None, chosen_in=None):
        self.sheet, self.context, self.table, self.reader = sheet, context, table, reader
        self.choices, self.chosen_in = choices or {}, chosen_in
        self.directions = self.choices.get("directions") or {}
        self.parts = {
            "unit": UnitsReader(),
            "mission": MissionsReader(),
            "goal": GoalsReader(),
            "objective": ObjectivesReader(),
            "program": ProgramsReader(),
            "indicator": IndicatorsReader(),
        }
        self.values = PrintedValues()
        self.values.start(sheet, context)
        reader.parts = [*self.parts.values(), self.values]
        self.objects = {}  # id(node) → model object or Pending
        self.used = {name: set() for name in MODEL_OF.values()}
        self.units = {}  # name → (object, matched?)
        self.made = []  # what was made: (kind, code, text)
        self.names = None  # stored indicators by parent and name (see by_name)

    def cut(self, text, limit, row):
        """``text`` within a field's length; a cut is flagged, never silent."""
        if len(text) <= limit:
            return text
        self.table.flag(
            row,
            _("%(text)r is longer than %(limit)s characters: cut to fit")
            % {"text": text[:40] + "…", "limit": limit},
        )
        return text[:limit]

    # -- perangkat daerah -----------------------------------------------------------------

    def unit(self, name, row):
        name = name or NO_UNIT[1]
        if name in self.units:
            return self.units[name][0]
        existing = lookup(self.context, "unit")
        wanted = unit_keys(name)
        found = None
        for obj in existing.values():
            keys = unit_keys(getattr(obj, "name", "")) | unit_keys(getattr(obj, "abbreviation", ""))
            if wanted & keys:
                found = obj
                break
        if found is None:
            code = NO_UNIT[0] if name == NO_UNIT[1] else unit_code(name, set(existing))
            first = name.split()[0].lower() if name.split() else ""
            values = {
                "name": self.cut(name, 200, row),
                "kind": KINDS.get(first, PerangkatDaerah.Kind.LAINNYA),
            }
            self.parts["unit"].compare(self.sheet, row, code, None, values, existing, self.context)
            found = existing[code]
            self.made.append(("unit", code, name))
        self.units[name] = (found, found.pk is not None)
        return found

    # -- the hierarchy --------------------------------------------------------------------

    def node_object(self, node):
        if id(node) in self.objects:
            return self.objects[id(node)]
        kind = MODEL_OF[node.level]
        existing = lookup(self.context, kind)
        parent = self.parent_object(node)
        code = self.node_code(node, existing, kind)
        node.code = code
        obj = existing.get(code)
        values = (
            {"text": node.text}
            if kind != "program"
            else {"name": self.cut(node.text, 300, node.row)}
        )
        if kind == "mission":
            if obj is None:
                numbers_used = {m.number for m in existing.values() if getattr(m, "number", None)}
                number = int(code) if code.isdigit() and int(code) not in numbers_used else None
                values["number"] = number or max(numbers_used, default=0) + 1
        elif kind == "goal":
            values["mission"] = parent
        elif kind == "objective":
            values["goal"] = parent
        else:
            values["objective"] = parent
            values["perangkat_daerah"] = self.unit(node.unit_name, node.row)
            if node.printed_code and re.match(r"^\d+\.\d{2}(\.\d{2})+$", node.printed_code):
                values["nomenclature_code"] = node.printed_code[:30]
        self.parts[kind].compare(self.sheet, node.row, code, obj, values, existing, self.context)
        self.objects[id(node)] = existing[code]
        return existing[code]

    def parent_object(self, node):
        """The model parent of a node (a placeholder where the table names none)."""
        wanted = {"tujuan": "misi", "sasaran": "tujuan", "program": "sasaran"}.get(node.level)
        if wanted is None:
            return None
        parent = node.model_parent()
        if parent is not None and parent.level == wanted:
            return self.node_object(parent)
        return self.placeholder(wanted, parent)

    def placeholder(self, level, above=None):
        """A made-up parent at ``level`` (under ``above`` when the table names a higher one)."""
        key = ("placeholder", level, id(above) if above is not None else None)
        if key in self.objects:
            return self.objects[key]
        code, text = PLACEHOLDER[level]
        if above is not None:
            code = f"{self.node_object(above).code}-{PLACEHOLDER[level][0][-1]}"
        kind = MODEL_OF[level]
        existing = lookup(self.context, kind)
        obj = existing.get(code)
        values = {"text": text}
        if level == "misi" and obj is None:
            used = {m.number for m in existing.values() if getattr(m, "number", None)}
            values["number"] = max(used, default=0) + 1
        elif level == "tujuan":
            values["mission"] = (
                self.node_object(above)
                if above is not None and above.level == "misi"
                else self.placeholder("misi")
            )
        elif level == "sasaran":
            values["goal"] = (
                self.node_object(above)
                if above is not None and above.level == "tujuan"
                else self.placeholder("tujuan", above if above and above.level == "misi" else None)
            )
        if obj is None or getattr(obj, "text", text) == text:
            self.parts[kind].compare(self.sheet, 0, code, obj, values, existing, self.context)
        self.made.append((kind, code, text))
        self.objects[key] = existing[code]
        return existing[code]

    def node_code(self, node, existing, kind):
        used = self.used[kind]
        printed = node.printed_code
        same_level = [n for n in self.table.nodes if n.level == node.level]
        if printed and codes.PATTERN.match(printed):
            twins = {n.text for n in same_level if n.printed_code == printed}
            code = printed
            if len(twins) > 1 and node.parent is not None:
                parent = self.objects.get(id(node.parent))
                code = f"{parent.code}.{printed}" if parent is not None else printed
            if code not in used:
                used.add(code)
                return code
        for obj in existing.values():
            text = getattr(obj, "text", None) or getattr(obj, "name", None)
            if text == node.text and obj.code not in used:
                used.add(obj.code)
                return obj.code
        n = 1
        while f"{PREFIX[node.level]}{n}" in existing or f"{PREFIX[node.level]}{n}" in used:
            n += 1
        code = f"{PREFIX[node.level]}{n}"
        used.add(code)
        node.generated = True
        self.made.append((kind, code, node.text))
        return code

    def group_objective(self, groups):
        """A table grouped by aspek / fokus / urusan only: the innermost group is stored as the
        sasaran its indicators sit under (coded by the groups' printed codes), and flagged."""
        group = groups[-1]
        key = ("group", id(group))
        if key not in self.objects:
            printed = [g.printed_code for g in groups if g.printed_code]
            path = ".".join(printed) if len(printed) == len(groups) else None
            node = Node("sasaran", path, group.text, group.row)
            self.objects[key] = self.node_object(node)
            group.code = node.code
            self.table.flag(
                group.row,
                _("%(level)s %(text)r is stored as a sasaran (the table names none)")
                % {"level": group.level, "text": group.text[:60]},
            )
        return self.objects[key]


class Writer(Hierarchy):
    """Turns one :class:`~.table.Table` into staged writes, and its understanding into the
    report."""

    def stage(self):
        table, context = self.table, self.context
        existing = lookup(context, "indicator")
        printed = [i.printed_code for i in table.indicators]
        as_printed = all(printed) and len(set(printed)) == len(printed)
        as_printed = as_printed and any("." in c for c in printed)
        used = set()
        for item in table.indicators:
            values, _node, prefix, note = self.indicator_parent(item)
            code = self.indicator_code(item, existing, used, as_printed, prefix, values)
            item.code = code
            obj = existing.get(code)
            values.update(
                name=self.cut(item.name, 500, item.row),
                unit=self.cut(item.unit or "", 50, item.row),
            )
            values["perangkat_daerah"] = self.unit(item.unit_name, item.row)
            if self.directions.get(code) in Indicator.Direction.values:
                item.direction, item.direction_chosen = self.directions[code], True
            if item.direction:
                values["direction"] = item.direction
            elif obj is None:
                values["direction"] = Indicator.Direction.HIGHER
            if self.direction_refused(item, code, obj, values):
                continue
            if item.baseline is not None:
                values["baseline"] = item.baseline
            if isinstance(item.final, tuple):
                values.update(
                    final_target=None,
                    final_target_low=item.final[0],
                    final_target_high=item.final[1],
                )
            elif item.final is not None:
                values.update(
                    final_target=item.final, final_target_low=None, final_target_high=None
                )
            if obj is None:
                if item.calculation:
                    values["calculation_type"] = item.calculation
                definition = "\n".join(filter(None, [note, item.definition]))
                if definition:
                    values["definition"] = definition
                if item.data_source:
                    values["data_source"] = item.data_source
            before = context.report.error_count
            self.parts["indicator"].compare(
                self.sheet, item.row, code, obj, values, existing, context
            )
            if context.report.error_count != before:
                continue
            self.stage_values(item, existing[code])
        self.values.flush()
        self.stage_funding()
        context.report.understood.append(understanding(self))

    def direction_refused(self, item, code, obj, values):
        """An import never changes the direction of an indicator that has values (it would
        change what they mean): one error at the row."""
        if obj is None or obj.pk is None or values.get("direction", obj.direction) == obj.direction:
            return False
        if obj.pk not in with_values(self.context):
            return False
        self.context.report.error(
            self.sheet.name,
            item.row,
            _("direction"),
            _(
                "%(code)s already has targets or realisations: its direction (%(old)s) cannot "
                "be changed to %(new)s by an import"
            )
            % {
                "code": code,
                "old": DIRECTION_WORDS[obj.direction],
                "new": DIRECTION_WORDS[values["direction"]],
            },
        )
        return True

    def stage_values(self, item, indicator):
        for year, value in sorted(item.targets.items()):
            target = (None, *value) if isinstance(value, tuple) else (value, None, None)
            self.values.targets.append((indicator, year, target, item.row, f"{_('target')} {year}"))
        for year, value in sorted(item.realisations.items()):
            self.values.realizations.append(
                (indicator, year, value, {}, item.row, f"{_('realisation')} {year}")
            )

    def stage_funding(self):
        """Each program's Rp per year (its heading row's, else its first indicator's with Rp),
        left in the context for the funding reader of the budgets app."""
        funding = self.context.lookups.setdefault(FUNDING, [])
        for node in self.table.nodes:
            if node.level != "program" or id(node) not in self.objects:
                continue
            money = node.money
            if not money:
                money = next(
                    (i.money for i in self.table.indicators if i.parent is node and i.money), {}
                )
            for year, amount in sorted(money.items()):
                funding.append((self.sheet.name, self.objects[id(node)], year, amount, node.row))
        for item in self.table.indicators:
            parent = item.parent
            if item.money and (parent is None or parent.level != "program"):
                self.table.flag(
                    item.row,
                    _("Rp of %(code)s shown, not stored: funding is kept per program")
                    % {"code": item.code},
                )

    def indicator_parent(self, item):
        """(parent fields, the parent node, the code prefix, a note) of an indicator."""
        node, note = item.parent, ""
        prefix_node = node
        if node is not None and node.level == "kegiatan":
            note = _("Kegiatan %(code)s %(name)s") % {
                "code": node.printed_code or "",
                "name": node.text,
            }
        groups = []
        while node is not None and not node.is_model:
            groups.insert(0, node)
            node = node.parent
        groups = [g for g in groups if g.level != "kegiatan"]
        fields = {"goal": None, "objective": None, "program": None}
        if node is None and groups:
            parent, level = self.group_objective(groups), "sasaran"
        elif node is None:
            parent, level = self.placeholder("sasaran"), "sasaran"
        elif node.level == "misi":
            parent, level = self.placeholder("tujuan", node), "tujuan"
        else:
            parent, level = self.node_object(node), node.level
        field = {"tujuan": "goal", "sasaran": "objective", "program": "program"}[level]
        fields[field] = parent
        fields["level"] = level
        if prefix_node is not None and prefix_node.level == "kegiatan" and prefix_node.printed_code:
            prefix = prefix_node.printed_code
        else:
            prefix = parent.code
        return fields, node, prefix, note

    def by_name(self, existing):
        """{(parent field, parent id, name): [codes]} of the stored indicators, made once."""
        if self.names is None:
            self.names = {}
            for obj in existing.values():
                if obj.pk is None:
                    continue
                for field in ("goal", "objective", "program"):
                    parent_id = getattr(obj, f"{field}_id", None)
                    if parent_id is not None:
                        self.names.setdefault((field, parent_id, obj.name), []).append(obj.code)
        return self.names

    def indicator_code(self, item, existing, used, as_printed, prefix, values):
        parent_field = {"tujuan": "goal", "sasaran": "objective", "program": "program"}[
            values["level"]
        ]
        parent = values[parent_field]
        if as_printed:
            code = item.printed_code
        elif item.printed_code:
            code = f"{prefix}.{item.printed_code}"
        else:
            code = None
            if parent.pk is not None:
                same = self.by_name(existing).get((parent_field, parent.pk, item.name), ())
                code = next((c for c in same if c not in used), None)
            n = 1
            while code is None:
                candidate = f"{prefix}.{n}"
                if candidate not in existing and candidate not in used:
                    code = candidate
                    self.made.append(("indicator", code, item.name))
                n += 1
        base, n = code[:50], 1
        while code in used:
            n += 1
            code = f"{base}-{n}"
        used.add(code)
        return code


def understanding(writer):
    """What the preview shows of one table: its layout, tree, values, units and guesses."""
    table, header = writer.table, writer.table.header
    years = table.years

    def node_dict(node):
        return {
            "level": node.level,
            "code": node.code or node.printed_code or "",
            "text": node.text,
            "row": node.row,
            "generated": node.generated,
            "children": [],
            "indicators": [],
        }

    nodes = {id(n): node_dict(n) for n in table.nodes}
    tree = []
    for node in table.nodes:
        parent = nodes.get(id(node.parent)) if node.parent is not None else None
        (parent["children"] if parent else tree).append(nodes[id(node)])
    indicators = []
    for item in table.indicators:
        entry = {
            "row": item.row,
            "code": item.code,
            "printed_code": item.printed_code,
            "name": item.name,
            "unit": item.unit,
            "perangkat_daerah": item.unit_name or NO_UNIT[1],
            "direction": item.direction or "higher",
            "direction_printed": bool(item.direction) and not item.direction_chosen,
            "direction_chosen": item.direction_chosen,
            "direction_flag": guess_direction(item.name)
            if not item.direction or item.direction_chosen
            else None,
            "baseline": shown(item.baseline) if item.baseline is not None else "",
            "final": shown(item.final) if item.final is not None else "",
            "targets": {str(y): shown(v) for y, v in sorted(item.targets.items())},
            "realisations": {str(y): shown(v) for y, v in sorted(item.realisations.items())},
            "capaian": {str(y): shown(v) for y, v in sorted(item.capaian.items())},
            "money": {str(y): shown(v) for y, v in sorted(item.money.items())},
        }
        indicators.append(entry)
        if item.parent is not None and id(item.parent) in nodes:
            nodes[id(item.parent)]["indicators"].append(item.code)
    return {
        "sheet": writer.sheet.name,
        "title": table.title,
        "signature": header.signature(),
        "choices": writer.choices,
        "choices_from": writer.chosen_in,
        "header_rows": header.rows_text(),
        "title_rows": header.title_rows,
        "data_start": header.data_start,
        "offset": table.offset,
        "columns": [c.as_dict(years.get(n)) for n, c in sorted(table.columns.items())],
        "tree": tree,
        "indicators": indicators,
        "units": [
            {"name": name, "code": obj.code, "matched": matched}
            for name, (obj, matched) in writer.units.items()
        ],
        "made": [list(m) for m in writer.made],
        "flags": [[row, text] for row, text in table.flags],
        "skipped": [[row, str(why)] for row, why in table.skipped],
    }
