"""What a printed table says, row by row: its hierarchy (heading rows, hierarchy columns, merged
cells that span many rows), its indicators and every value as read, and each guess it made.

Pure Python over a :class:`~.layout.Grid` and its :class:`~.layout.Header`; the database side
(codes, perangkat daerah, what is stored) is :mod:`.reader`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core import numbers

from .layout import GROUPS, LEVELS, YEARLY, blank, column_numbers_row, words

HEADING = re.compile(
    r"^\s*(?P<code>(?:\d+|[a-z]|[A-Z]{1,3}(?=\.))(?:\.\d+)*\.?)?\s*"
    r"(?P<kw>misi|tujuan|sasaran\s+strategis|sasaran|sub\s+kegiatan|kegiatan|program|"
    r"bidang\s+urusan|urusan|aspek|fokus)\b\s*"
    r"(?P<num>(?:\d+|[IVX]+)(?:\.\d+)*)?\s*(?P<sep>[:.\-–])?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
CODED = re.compile(
    r"^\s*(?P<code>(?:[A-Z]{1,3}[.-]?)?\d+(?:\.\d+)*|[IVXL]{1,5}|[a-zA-Z])"
    r"(?:[.)]\s*|:\s*|\s+)(?P<rest>\S.*)$",
    re.DOTALL,
)
NAME_CODE = re.compile(
    r"^\s*(?P<code>\d{1,3}(?:\.\d{1,3})*|[a-zA-Z])[.)]\s+(?P<name>\S.*)$|"
    r"^\s*(?P<code2>\d{1,3}(?:\.\d{1,3})*)\s+(?P<name2>[A-Z].*)$",
    re.DOTALL,
)
SUMMARY = re.compile(r"^(jumlah|total|rata\s*-?\s*rata|rerata|sub\s*total)\b", re.IGNORECASE)
NOTE = re.compile(r"^(sumber|catatan|keterangan\s*:|ket\s*:|\*)", re.IGNORECASE)
UNIT_IN_NAME = re.compile(r"\((?P<unit>[^()]{1,20})\)\s*$")
UNIT_WORDS = {
    "%",
    "persen",
    "tahun",
    "orang",
    "jiwa",
    "km",
    "ha",
    "ton",
    "unit",
    "poin",
    "point",
    "indeks",
    "nilai",
    "rp",
    "rupiah",
    "kasus",
    "desa",
    "kelurahan",
    "hari",
    "bulan",
    "per 1.000 kh",
    "per 100.000 kh",
    "predikat",
    "skor",
    "kali",
    "meter",
    "m2",
    "m3",
    "liter",
    "kg",
}
LEVEL_OF_WORD = {
    "misi": "misi",
    "tujuan": "tujuan",
    "sasaran": "sasaran",
    "sasaran strategis": "sasaran",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub kegiatan": "kegiatan",
    "urusan": "urusan",
    "bidang urusan": "urusan",
    "aspek": "aspek",
    "fokus": "fokus",
}
RANK = {level: rank for rank, level in enumerate(LEVELS)}
GROUP_RANK = {"aspek": 0, "fokus": 1, "urusan": 2}  # Tabel 8.1: aspek → fokus → urusan
UNIT_NAME = re.compile(
    r"\b(dinas|badan|kecamatan|kelurahan|sekretariat|inspektorat|satuan polisi|rsud|"
    r"rumah sakit|kantor|bagian)\b.*",
    re.IGNORECASE,
)
UNIT_END = re.compile(r"\s+\b(provinsi|propinsi|tahun|periode|th\.?)\b.*$", re.IGNORECASE)
REGION_END = re.compile(r"\s+\b(kabupaten|kota|kab\.)\b.*$", re.IGNORECASE)
LOWER_WORDS = (
    "kemiskinan",
    "miskin",
    "pengangguran",
    "kematian",
    "stunting",
    "inflasi",
    "gizi buruk",
    "kriminalitas",
    "kecelakaan",
    "prevalensi",
    "kesakitan",
    "putus sekolah",
    "buta aksara",
    "ketimpangan",
    "gini",
    "genangan",
    "banjir",
    "kemacetan",
    "kumuh",
    "pelanggaran",
    "backlog",
    "kejahatan",
    "penyalahgunaan",
    "pencemaran",
    "tunggakan",
    "defisit",
)
DIRECTION_WORDS = {
    "↑": "higher",
    "↓": "lower",
    "positif": "higher",
    "naik": "higher",
    "meningkat": "higher",
    "+": "higher",
    "negatif": "lower",
    "turun": "lower",
    "menurun": "lower",
    "-": "lower",
    "rentang": "range",
    "range": "range",
    "ya/tidak": "binary",
    "ya-tidak": "binary",
}
CALCULATIONS = {
    "kumulatif": "cumulative",
    "non kumulatif": "last",
    "non-kumulatif": "last",
    "nonkumulatif": "last",
    "akhir periode": "last",
    "nilai akhir": "last",
    "rata-rata": "average",
    "rata rata": "average",
}


def clean(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def code_of(text):
    """A printed code as a stored one: ``1.1.`` → ``1.1``, ``a.`` → ``a``."""
    code = (text or "").strip().rstrip(".").strip()
    return code or None


def guess_direction(name):
    lowered = name.lower()
    return next((word for word in LOWER_WORDS if word in lowered), None)


def unit_from_title(text):
    """The perangkat daerah a table's title names (``… DINAS KESEHATAN KABUPATEN SIAK``)."""
    match = UNIT_NAME.search(text or "")
    if match is None:
        return None
    name = UNIT_END.sub("", match[0]).strip(" ,.;:")
    if match[1].lower() in ("kecamatan", "kelurahan", "bagian"):
        name = REGION_END.sub("", name)
    if name.isupper():
        name = name.title()
    return name or None


def responsible(text):
    """The unit a 'penanggung jawab' cell names first (``X didukung oleh Y, Z`` → X)."""
    name = re.split(r"\s+(?:didukung|dibantu)\s+oleh\s+|;|\n", clean(text), maxsplit=1)[0]
    return name.strip(" ,.") or None


@dataclass
class Node:
    level: str
    printed_code: str | None
    text: str
    row: int
    parent: Node | None = None
    unit_name: str | None = None
    code: str | None = None  # the stored code (given by the reader)
    generated: bool = False
    money: dict = field(default_factory=dict)  # Rp per year printed on the heading row

    @property
    def is_model(self):
        return self.level in ("misi", "tujuan", "sasaran", "program")

    def model_parent(self):
        node = self.parent
        while node is not None and not node.is_model:
            node = node.parent
        return node


@dataclass
class IndicatorRow:
    row: int
    printed_code: str | None
    name: str
    parent: Node | None
    unit: str = ""
    unit_name: str | None = None
    direction: str | None = None
    calculation: str | None = None
    definition: str = ""
    data_source: str = ""
    baseline: object = None
    final: object = None
    targets: dict = field(default_factory=dict)
    realisations: dict = field(default_factory=dict)
    capaian: dict = field(default_factory=dict)
    money: dict = field(default_factory=dict)
    final_money: object = None
    printed: dict = field(default_factory=dict)  # column letter → the cell as printed
    code: str | None = None
    direction_chosen: bool = False

    def flagged_direction(self):
        return None if self.direction else guess_direction(self.name)


@dataclass
class Table:
    """The understanding of one printed table."""

    header: object
    columns: dict
    years: dict  # column number → year (targets, realisations, capaian, money, baseline)
    title: str
    unit_name: str | None
    nodes: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    flags: list = field(default_factory=list)  # (row, text)
    errors: list = field(default_factory=list)  # (row, column label, message)
    skipped: list = field(default_factory=list)  # (row, why)
    decimals: dict = field(default_factory=dict)
    offset: int = 0  # Tahun N = offset + N

    def flag(self, row, text):
        self.flags.append((row, text))


def read_table(grid, header, *, start_year, end_year, choices=None):
    """The :class:`Table` a grid holds, given the plan's period (``start_year`` is tahun 0)."""
    choices = choices or {}
    columns = dict(header.columns)
    apply_choices(columns, choices)
    captions, titles = [], []
    for r in header.title_rows:
        for _c, v in grid.texts(r):
            level, code, text = parse_heading(clean(v))
            (captions if level else titles).append((r, level, code, text, clean(v)))
    title = " ".join(item[4] for item in titles)
    table = Table(header, columns, {}, title, unit_from_title(title))
    indicator_col = choose_indicator_column(grid, header, columns)
    if indicator_col is None:
        return table
    offset = int(choices.get("offset") or start_year)
    table.offset = offset
    title_year = next(iter(reversed(re.findall(r"\b(20\d\d)\b", title))), None)
    for number, column in columns.items():
        if column.role in (*YEARLY, "baseline"):
            year = column.year
            if year is None and column.relative is not None:
                year = offset + column.relative
            if year is None and column.role != "baseline" and title_year:
                year = int(title_year)
                table.flag(
                    header.first,
                    _("column %(column)s has no year: the title's year %(year)s is taken")
                    % {"column": column.letter, "year": year},
                )
            if year is not None:
                table.years[number] = year
            if column.role in YEARLY and year is not None and not start_year <= year <= end_year:
                table.errors.append(
                    (
                        header.first,
                        column.label,
                        _("%(year)s lies outside the plan period %(start)s–%(end)s")
                        % {"year": year, "start": start_year, "end": end_year},
                    )
                )
            if column.role in YEARLY and year is None:
                table.errors.append(
                    (header.first, column.label, _("this column's year is not known: choose it"))
                )
    for column in columns.values():
        if column.relative and column.role in YEARLY:
            table.flag(
                header.first,
                _("Tahun 1 … is read as %(first)s …: Tahun N = %(start)s + N")
                % {"first": offset + 1, "start": offset},
            )
            break
    rows = TableRows(grid, header, table, indicator_col)
    for r, _level, _code, _text, value in captions:
        rows.heading(r, 0, value)
    rows.read()
    return table


def apply_choices(columns, choices):
    for letter, chosen in (choices.get("columns") or {}).items():
        column = next((c for c in columns.values() if c.letter == letter), None)
        if column is None:
            continue
        role = chosen.get("role")
        if role:
            column.role, column.chosen = role, True
            if role == "hierarchy" and not column.level:
                column.level = chosen.get("level") or "sasaran"
        if chosen.get("year"):
            column.year, column.relative, column.chosen = int(chosen["year"]), None, True


def choose_indicator_column(grid, header, columns):
    """The indicator column: of those whose header says so, the one with most distinct names;
    the others (a sasaran's indicators written as text in merged cells) are shown, not read."""
    candidates = [c for c in columns.values() if c.role == "indicator"]
    if not candidates:
        return None

    def distinct(column):
        found = set()
        for row in range(header.data_start, grid.last_row + 1):
            value = grid.own(row, column.number)
            if not blank(value) and not grid.continues(row, column.number):
                found.add(clean(value))
        return len(found)

    def named(column):
        return words(column.label).startswith(("indikator", "indicator"))

    best = max(candidates, key=lambda c: (c.chosen, named(c), distinct(c), c.number))
    for column in candidates:
        if column is best or column.chosen:
            continue
        if named(column):
            column.role = "ignore"  # a sasaran's indicators as text: shown, not read
        else:  # "Uraian" beside an indicator column: the headings of misi … kegiatan
            column.role, column.level = "hierarchy", "mixed"
            column.levels = ("tujuan", "sasaran", "program", "kegiatan")
    return best.number


class CellValues:
    """An indicator row's cells: unit, direction, calculation, texts, and every number as
    printed (flagging what it had to decide)."""

    def cell(self, item, row, number, column, value):
        table, role = self.table, column.role
        if role == "unit":
            item.unit = clean(value)
        elif role == "direction":
            word = words(value)
            item.direction = DIRECTION_WORDS.get(word)
            if item.direction is None:
                table.flag(row, _("direction %(value)r not understood") % {"value": clean(value)})
        elif role == "calculation":
            item.calculation = CALCULATIONS.get(words(value))
        elif role == "definition":
            item.definition = "\n".join(filter(None, [item.definition, clean(value)]))
        elif role == "data_source":
            item.data_source = clean(value)[:300]
        elif role in (*YEARLY, "baseline", "final", "final_money"):
            self.value(item, row, number, column, value)

    def value(self, item, row, number, column, value):
        table, role = self.table, column.role
        decimal = self.decimals.get(number)
        try:
            if role in ("money", "final_money"):
                read = numbers.parse_printed_number(value, decimal or numbers.COMMA)
                if read is not None:
                    read = numbers.parse_money(read)
            else:
                read = numbers.parse_printed(value, decimal)
        except numbers.NumberError as exc:
            leading = LEADING_NUMBER.match(str(value)) if isinstance(value, str) else None
            if leading and role not in ("money", "final_money"):
                try:
                    read = numbers.parse_printed(leading["number"], decimal)
                except numbers.NumberError:
                    read = None
                if read is not None:
                    table.flag(
                        row,
                        _(
                            "%(value)r in column %(column)s read as %(read)s (the words after it "
                            "are left out)"
                        )
                        % {
                            "value": clean(value)[:60],
                            "column": column.letter,
                            "read": shown(read),
                        },
                    )
                    self.keep(item, row, number, column, value, read)
                    return
            if isinstance(value, str) and re.search(r"[A-Za-z]", printed_words(value)):
                # Qualitative text (``WTP``, ``Baik``): shown, never stored as a number.
                table.flag(
                    row,
                    _("%(value)r in column %(column)s is not a number: not stored")
                    % {"value": clean(value)[:60], "column": column.letter},
                )
                return
            table.errors.append((row, f"{column.letter} ({column.label})", str(exc)))
            return
        if read is None:
            return
        factor = money_factor(column.label) if role in ("money", "final_money") else 1
        if factor != 1:
            read = numbers.parse_money(read * factor)
        self.keep(item, row, number, column, value, read)

    def keep(self, item, row, number, column, value, read):
        table, role = self.table, column.role
        decimal = self.decimals.get(number)
        if numbers.is_ambiguous(value):
            table.flag(
                row,
                _("%(value)r in column %(column)s read as %(read)s (%(why)s)")
                % {
                    "value": clean(value),
                    "column": column.letter,
                    "read": shown(read),
                    "why": _("the column's other cells use a decimal point")
                    if decimal == numbers.DOT
                    else _("the column's other cells use a decimal comma")
                    if decimal == numbers.COMMA
                    else _("no other cell says: read as Indonesian, the dot groups thousands"),
                },
            )
        if isinstance(value, str) and "=" in value:
            table.flag(
                row, _("%(value)r: the result after = is taken") % {"value": clean(value)[:60]}
            )
        year = table.years.get(number)
        if role == "baseline":
            if isinstance(read, tuple):
                table.flag(row, _("a range as baseline: its lower bound is taken"))
                read = read[0]
            item.baseline = read
            return
        if role == "final":
            item.final = read
            return
        if role == "final_money":
            item.final_money = read
            return
        if year is None:
            return
        if role == "capaian" and isinstance(read, tuple):
            read = read[0]
        if role == "realisation" and isinstance(read, tuple):
            table.errors.append(
                (row, column.label, _("a realisation is one number, not a range: %s") % value)
            )
            return
        {"target": item.targets, "realisation": item.realisations, "capaian": item.capaian}.get(
            role, item.money
        )[year] = read


class TableRows(CellValues):
    """Reads the data rows: headings open nodes, indicator rows take their values."""

    def __init__(self, grid, header, table, indicator_col):
        self.grid, self.header, self.table = grid, header, table
        self.indicator_col = indicator_col
        self.columns = table.columns
        self.by_role = {}
        for number, column in sorted(self.columns.items()):
            self.by_role.setdefault(column.role, []).append(number)
        self.open = {}  # level → Node
        self.group = None  # the latest urusan / aspek / fokus / perangkat daerah heading
        self.unit_heading = None
        self.depths = {n: self.depth_levels(n) for n in self.by_role.get("hierarchy", [])}
        self.decimals = {}
        for number, column in self.columns.items():
            if column.role in (*YEARLY, "baseline", "final", "final_money"):
                cells = [grid.own(r, number) for r in range(header.data_start, grid.last_row + 1)]
                self.decimals[number] = numbers.column_decimal(cells)
        table.decimals = self.decimals

    # -- headings --------------------------------------------------------------------------

    def depth_levels(self, number):
        """For a column that holds several levels (``Tujuan / Sasaran / Program``): which level
        a code of each depth is, for cells that do not name their level."""
        column = self.columns[number]
        if column.level != "mixed":
            return {}
        named, depths = set(), set()
        for row in range(self.header.data_start, self.grid.last_row + 1):
            value = self.grid.own(row, number)
            if blank(value):
                continue
            level, code, _text = parse_heading(clean(value))
            code = code or self.code_cell(row)
            if level:
                named.add(level)
            elif code:
                depths.add(code.count(".") + 1)
        rest = [level for level in column.levels if level not in named]
        return dict(zip(sorted(depths), rest, strict=False))

    def heading(self, row, number, value, code_hint=None):
        """Open the node a hierarchy cell names (its code printed in it, or ``code_hint``, the
        row's code column); returns it."""
        column = self.columns.get(number)
        level, code, text = parse_heading(clean(value))
        code = code or code_hint
        if level is None and column is not None and column.role == "hierarchy":
            if column.level != "mixed":
                level = column.level
            elif code:
                level = self.depths.get(number, {}).get(code.count(".") + 1)
        if level is None:
            return None
        if level in GROUPS:
            above = self.group
            while above is not None and GROUP_RANK[above.level] >= GROUP_RANK[level]:
                above = above.parent
            self.group = Node(level, code, text, row, parent=above)
            self.table.nodes.append(self.group)
            return self.group
        current = self.open.get(level)
        if current is not None and current.text == text and current.printed_code == code:
            return current
        parent = None
        for upper in reversed(LEVELS[: RANK[level]]):
            if upper in self.open:
                parent = self.open[upper]
                break
        node = Node(level, code, text, row, parent=parent)
        if parent is None and self.group is not None:
            node.parent = self.group
        self.open[level] = node
        for deeper in LEVELS[RANK[level] + 1 :]:
            self.open.pop(deeper, None)
        self.table.nodes.append(node)
        return node

    def deepest(self):
        for level in reversed(LEVELS):
            if level in self.open:
                return self.open[level]
        return self.group

    # -- rows ------------------------------------------------------------------------------

    def read(self):
        grid, table = self.grid, self.table
        for row in range(self.header.data_start, grid.last_row + 1):
            cells = grid.texts(row)
            if not cells or column_numbers_row(grid, row):
                continue
            first = clean(cells[0][1])
            if NOTE.match(first):
                table.skipped.append((row, _("a note below the table")))
                continue
            name = self.indicator_cell(row)
            opened, code = [], self.code_cell(row)
            for number in self.by_role.get("hierarchy", []):
                value = grid.own(row, number)
                if not blank(value) and not grid.continues(row, number):
                    node = self.heading(row, number, value, code_hint=code)
                    if node is not None:
                        opened.append(node)
            if code and any(node.printed_code == code for node in opened):
                code = None  # the row's code is its heading's, not its indicator's
            if name is None:
                if SUMMARY.match(first):
                    table.skipped.append((row, _("a total or average row")))
                    continue
                if not opened:
                    opened = self.heading_row(row, cells)
                if opened and code and not opened[-1].printed_code:
                    opened[-1].printed_code = code
                if opened:
                    opened[-1].money = self.heading_money(row)
                unit = self.unit_cell(row)
                for node in opened:
                    if node.level == "program" and unit:
                        node.unit_name = unit
                continue
            self.indicator(row, name, code)

    def heading_money(self, row):
        """The Rp per year a heading row prints (a program's pagu in a T-C.27)."""
        holder = IndicatorRow(row, None, "", None)
        for number, column in self.columns.items():
            value = self.grid.own(row, number)
            if column.role == "money" and not blank(value) and not self.grid.continues(row, number):
                self.value(holder, row, number, column, value)
        return holder.money

    def heading_row(self, row, cells):
        """A row without an indicator: a heading (misi, tujuan, …, a perangkat daerah), or text
        whose level is unknown (shown as a flag)."""
        for number, value in cells:
            column = self.columns.get(number)
            text = clean(value)
            if column is not None and column.role in (*YEARLY, "baseline", "final"):
                continue
            if column is not None and column.role == "code" and " " not in text:
                continue
            if parse_heading(text)[0] is None and UNIT_NAME.match(text):
                self.unit_heading = unit_from_title(text) or text
                return []
            node = self.heading(row, number, text)
            if node is not None:
                return [node]
            self.table.flag(
                row,
                _("heading %(text)r: its level is not known; it is shown, not stored")
                % {"text": text[:60]},
            )
            return []
        return []

    def indicator_cell(self, row):
        """The indicator's name on this row, or None: also for a heading written in the
        indicator column (``ASPEK …``, ``MISI 1: …``) on a row without values."""
        number = self.indicator_col
        value = self.grid.own(row, number)
        if blank(value) or self.grid.continues(row, number):
            return None
        text = clean(value)
        if parse_heading(text)[0] is not None and not self.has_values(row):
            return None
        return text

    def has_values(self, row):
        roles = (*YEARLY, "baseline", "final", "unit")
        return any(
            not blank(self.grid.own(row, n))
            for n, column in self.columns.items()
            if column.role in roles
        )

    def code_cell(self, row):
        for number in self.by_role.get("code", []):
            value = self.grid.own(row, number)
            if not blank(value) and not self.grid.continues(row, number):
                return code_of(clean(value))
        return None

    def unit_cell(self, row):
        for number in self.by_role.get("perangkat_daerah", []):
            value = self.grid.value(row, number)
            if not blank(value):
                return responsible(value)
        return None

    def indicator(self, row, text, code=None):
        table, grid = self.table, self.grid
        match = NAME_CODE.match(text)
        printed_code, name = None, text
        if match:
            printed_code = match["code"] or match["code2"]
            name = (match["name"] or match["name2"]).strip()
        printed_code = code or printed_code
        parent = self.deepest()
        item = IndicatorRow(row, code_of(printed_code), name, parent)
        for number, column in sorted(self.columns.items()):
            value = grid.own(row, number)
            if grid.continues(row, number) and column.role not in ("perangkat_daerah",):
                value = None
            if blank(value):
                continue
            item.printed[column.letter] = clean(value)
            self.cell(item, row, number, column, value)
        unit = self.unit_cell(row)
        if unit:
            whole = clean(grid.value(row, self.by_role["perangkat_daerah"][0]))
            if whole != unit:
                table.flag(
                    row,
                    _("perangkat daerah %(whole)r: %(unit)r is taken as responsible")
                    % {"whole": whole[:80], "unit": unit},
                )
            item.unit_name = unit
        else:
            program = parent
            while program is not None and program.level != "program":
                program = program.parent
            item.unit_name = (
                (program.unit_name if program is not None else None)
                or self.unit_heading
                or table.unit_name
            )
        if parent is not None and parent.level == "program" and not parent.unit_name:
            parent.unit_name = item.unit_name
        if not item.unit:
            found = UNIT_IN_NAME.search(item.name)
            if found and words(found["unit"]) in UNIT_WORDS:
                item.unit = found["unit"].strip()
                table.flag(
                    row,
                    _("unit %(unit)r read from the name") % {"unit": item.unit},
                )
            elif re.match(r"^(persentase|prosentase|proporsi|rasio)\b", item.name, re.I):
                item.unit = "%"
                table.flag(row, _("no unit printed: percent guessed from the name"))
            else:
                table.flag(row, _("no unit printed"))
        guess = item.flagged_direction()
        if guess:
            table.flag(
                row,
                _(
                    "%(name)s: no direction printed, stored as higher is better, but the name "
                    "says %(word)r (lower is better?): check it"
                )
                % {"name": item.name[:60], "word": guess},
            )
        table.indicators.append(item)


LEADING_NUMBER = re.compile(r"^\s*(?P<number>[-+]?\d[\d.,]*(?:\s*%)?)\s+(?P<words>[^\d\s].*)$")


def money_factor(label):
    """Rp columns headed in thousands, millions or billions (``Rp (juta)``)."""
    label = words(label)
    if re.search(r"\bmilyar\b|\bmiliar\b|\bm\b", label):
        return 1_000_000_000
    if re.search(r"\bjuta\b|\bjt\b", label):
        return 1_000_000
    if re.search(r"\bribu\b|\brb\b", label):
        return 1_000
    return 1


def printed_words(value):
    """The text of a cell without the marks numbers carry (Rp, %), to tell words from typos."""
    return re.sub(r"(?i)\brp\b|%|s\.?d\.?|s/d|sampai", "", str(value))


def parse_heading(text):
    """(level, code, text) of a heading cell: ``MISI 1: …``, ``1.1. Terwujudnya …``,
    ``Program: Program …``, ``1 Program Bina …``; level None when the text names none."""
    match = HEADING.match(text)
    if match:
        level = LEVEL_OF_WORD[" ".join(match["kw"].lower().split())]
        code = code_of(match["num"] or match["code"])
        if match["sep"] or match["num"]:
            rest = match["rest"].strip()
        else:
            rest = text[match.start("kw") :].strip()
        return level, code, rest or text
    match = CODED.match(text)
    if match:
        return None, code_of(match["code"]), match["rest"].strip()
    return None, None, text


def shown(value):
    if isinstance(value, tuple):
        return numbers.format_range_input(*value)
    return numbers.format_input(value)
