"""The Indikator sheet and the yearly values: the wide layout (``Target YYYY`` /
``Realisasi YYYY`` columns of any sheet with ``Kode Indikator``) and the long ``Realisasi`` sheet.

Values are compared with the stored ones a few hundred rows at a time (one query each for
targets and realisations) and only new and changed ones are staged. A locked year refuses only
a real change, at its cell. An imported change to a verified (or returned) realisation makes it
a draft again, so "changed since verification" shows it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core import numbers, quarters

from ..models import Indicator, QuarterlyRealization, Realization, Target, YearLock
from .quarters import QUARTER_TARGET, QuarterValues
from .shown import CALCULATIONS, DIRECTION_WORDS, DIRECTIONS, shown, shown_target
from .structure import Pending, StructureReader, lookup, max_length, resolve

VALUES_PER_BATCH = 5000  # compared with the stored ones in one query each
# Messages made once: a lazy message per cell would cost more than reading the cell.
UNKNOWN_INDICATOR = _("unknown indicator code %s")
TWICE = _("%(kind)s of %(code)s for %(year)s is given twice in this file (first at %(first)s)")
KINDS = {
    "target": _("the target"),
    "realisasi": _("the realisation"),
    "triwulan": _("the triwulan realisation"),
}
DIRECT = Realization.Source.DIRECT.value
# The texts a realisation carries, by header: the note and the evaluation form's three columns
# (E.79). A blank cell keeps the stored text, as a blank value cell keeps the stored value. A
# triwulan value carries its note only.
TEXT_COLUMNS = {
    "keterangan": "note",
    "faktor pendorong": "faktor_pendorong",
    "faktor penghambat": "faktor_penghambat",
    "tindak lanjut": "tindak_lanjut",
}
TEXT_FIELDS = tuple(TEXT_COLUMNS.values())
TEXT_WORDS = {
    "note": _("note"),
    "faktor_pendorong": _("supporting factors (faktor pendorong)"),
    "faktor_penghambat": _("inhibiting factors (faktor penghambat)"),
    "tindak_lanjut": _("follow-up (tindak lanjut)"),
}
QUARTER_TEXTS = _(
    "faktor pendorong, faktor penghambat and tindak lanjut are given per year: leave them empty "
    "on a triwulan row"
)
OPERATOR_TARGETS = _("only planning staff may change targets")
LEVEL_PARENTS = {
    "program": ("kode program", "program", "program"),
    "sasaran": ("kode sasaran", "objective", "objective"),
    "tujuan": ("kode tujuan", "goal", "goal"),
}


def indicator_query(plan):
    # No related rows: a change shows the old parent's code by one query, the few times it does.
    return Indicator.objects.filter(plan=plan)


def with_values(context):
    """Ids of the plan's indicators that have a target or a realisation."""

    def load():
        plan = context.plan
        found = set(
            Target.objects.filter(indicator__plan=plan).values_list("indicator_id", flat=True)
        )
        found |= set(
            Realization.objects.filter(indicator__plan=plan).values_list("indicator_id", flat=True)
        )
        return found

    return context.lookup("indicators with values", load)


def with_quarters(context):
    """Ids of the plan's indicators that have a triwulan value."""

    def load():
        return set(
            QuarterlyRealization.objects.filter(indicator__plan=context.plan).values_list(
                "indicator_id", flat=True
            )
        )

    return context.lookup("indicators with triwulan values", load)


class IndicatorsReader(StructureReader):
    order, key, name, model = 60, "indikator", "indicator", Indicator
    label = _(
        "Indikator (Kode Indikator, Nama Indikator, Satuan, Arah, Tingkat, the parent's code, "
        "Kode Perangkat Daerah, Kondisi Awal, Target Akhir, Cara Hitung)"
    )
    code_header = "kode indikator"
    required = ("kode indikator", "nama indikator", "satuan", "arah", "tingkat")
    keep = ("provenance", "source_url", "definition", "data_source")

    def parse(self, sheet, number, row, obj, context):
        values = {}
        for header, name in (("nama indikator", "name"), ("satuan", "unit")):
            text = self.text(sheet, number, row, header, name, obj)
            if text:
                values[name] = text
        direction = sheet.choice(
            number,
            row,
            "arah",
            DIRECTIONS,
            _("unknown direction %(value)s; use naik, turun, rentang or ya-tidak"),
            required=obj is None,
        )
        changes_meaning = direction and obj is not None and direction != obj.direction
        if changes_meaning and obj.pk in with_values(context):
            sheet.error(
                number,
                "arah",
                _(
                    "%(code)s already has targets or realisations: its direction (%(old)s) "
                    "cannot be changed to %(new)s by an import"
                )
                % {
                    "code": obj.code,
                    "old": DIRECTION_WORDS[obj.direction],
                    "new": DIRECTION_WORDS[direction],
                },
            )
            return None
        if direction:
            values["direction"] = direction
        self.parse_level(sheet, number, row, obj, context, values)
        unit_code = sheet.code(number, row, "kode perangkat daerah", required=False)
        if unit_code:
            lookup(context, "unit")
            unit = context.find(
                sheet, number, "kode perangkat daerah", "unit", unit_code, _("unknown code %s")
            )
            if unit is not None:
                values["perangkat_daerah"] = unit
        elif obj is None and unit_code == "":
            program = values.get("program")
            if program is not None:
                values["perangkat_daerah"] = program.perangkat_daerah
            else:
                sheet.error(number, "kode perangkat daerah", _("required; the cell is empty"))
        self.parse_calculation(sheet, number, row, obj, context, values)
        if "kondisi awal" in row:
            baseline = sheet.number(number, row, "kondisi awal")
            if baseline is not None:
                values["baseline"] = baseline
        if "target akhir" in row:
            self.parse_final_target(sheet, number, row, values)
        return values

    def parse_calculation(self, sheet, number, row, obj, context, values):
        calculation = sheet.choice(
            number,
            row,
            "cara hitung",
            CALCULATIONS,
            _("unknown calculation %(value)s; use kumulatif, nilai akhir or rata-rata"),
        )
        if not calculation:
            return
        changes = obj is not None and calculation != obj.calculation_type
        if changes and obj.pk in with_quarters(context):
            sheet.error(
                number,
                "cara hitung",
                _(
                    "%(code)s already has triwulan values: its calculation cannot change "
                    "(the year values rolled up from them would change)"
                )
                % {"code": obj.code},
            )
            return
        values["calculation_type"] = calculation

    def parse_level(self, sheet, number, row, obj, context, values):
        levels = {level.value: level.value for level in Indicator.Level}
        level = sheet.choice(
            number,
            row,
            "tingkat",
            levels,
            _("unknown level %(value)s; use tujuan, sasaran or program"),
            required=obj is None,
        )
        if not level:
            return
        header, kind, field = LEVEL_PARENTS[level]
        code = sheet.code(number, row, header, required=False)
        if code == "":
            sheet.error(number, header, _("required for an indicator at level %s") % level)
            return
        if code is None:
            return
        lookup(context, kind)
        parent = context.find(sheet, number, header, kind, code, _("unknown code %s"))
        if parent is None:
            return
        values["level"] = level
        for _header, _kind, other in LEVEL_PARENTS.values():
            values[other] = parent if other == field else None

    def parse_final_target(self, sheet, number, row, values):
        raw = row.get("target akhir")
        if numbers.looks_like_range(raw):
            band = sheet.parsed(number, row, "target akhir", numbers.parse_range)
            if band is not None:
                values.update(
                    final_target=None, final_target_low=band[0], final_target_high=band[1]
                )
        else:
            value = sheet.number(number, row, "target akhir")
            if value is not None:
                values.update(final_target=value, final_target_low=None, final_target_high=None)


class ValuesReader(QuarterValues):
    """What the two layouts share: finding the indicator, parsing, comparing, staging, writing."""

    order = 0

    def read(self, sheet, context):
        self.sheet, self.context = sheet, context
        self.indicators = lookup(context, "indicator")
        self.locks = context.lookup(
            "locks",
            lambda: dict(YearLock.objects.filter(plan=context.plan).values_list("year", "reason")),
        )
        self.targets, self.realizations, self.quarters = [], [], []
        self.read_rows(sheet, context)
        self.flush()

    def indicator(self, number, row):
        sheet, context = self.sheet, self.context
        code = sheet.code(number, row, "kode indikator", max_length=max_length(Indicator, "code"))
        if not code:
            return None
        indicator = context.find(
            sheet, number, "kode indikator", "indicator", code, UNKNOWN_INDICATOR
        )
        if indicator is None:
            return None
        if context.operator and indicator.perangkat_daerah_id not in context.only_units:
            sheet.error(
                number,
                "kode indikator",
                _("%(code)s belongs to %(unit)s, not to your perangkat daerah")
                % {"code": code, "unit": indicator.perangkat_daerah},
            )
            return None
        return indicator

    def in_period(self, number, header, year):
        plan = self.context.plan
        if year in plan.years:
            return True
        self.sheet.error(
            number,
            header,
            _("%(year)s lies outside the plan period %(start)s–%(end)s")
            % {"year": year, "start": plan.start_year, "end": plan.end_year},
        )
        return False

    def target(self, number, row, header, indicator, year):
        direction = indicator.direction
        raw = row.get(header)
        if direction == Indicator.Direction.RANGE or (
            direction != Indicator.Direction.BINARY and numbers.looks_like_range(raw)
        ):
            band = self.sheet.parsed(number, row, header, numbers.parse_range)
            value = None if band is None else (None, *band)
        else:
            parse = numbers.parse_yes_no if direction == Indicator.Direction.BINARY else None
            single = self.sheet.parsed(number, row, header, parse or numbers.parse_number)
            value = None if single is None else (single, None, None)
        if value is not None and self.first(indicator, year, "target", number, header):
            self.targets.append((indicator, year, value, number, header))

    def texts(self, number, row):
        """{field: (text, header)} of the note and faktor cells given in ``row``; None after an
        error in one of them."""
        found = {}
        for header, field in TEXT_COLUMNS.items():
            if header in row:
                text = self.sheet.text(number, row, header)
                if text is None:
                    return None
                if text:
                    found[field] = (text, header)
        return found

    def realization(self, number, row, header, indicator, year, texts=None):
        given, value = self.measured(number, row, header, indicator)
        if given and value is None:
            return
        if (value is not None or texts) and self.first(
            indicator, year, "realisasi", number, header
        ):
            self.realizations.append((indicator, year, value, texts or {}, number, header))

    def first(self, indicator, year, kind, number, header):
        return self.context.once(
            (kind, indicator.code, year),
            self.sheet,
            number,
            header,
            TWICE,
            kind=KINDS[kind],
            code=indicator.code,
            year=year,
        )

    def full(self):
        return len(self.targets) + len(self.realizations) + len(self.quarters) >= VALUES_PER_BATCH

    # -- comparing a batch with what is stored ------------------------------------------

    def flush(self):
        ids = {
            i.pk
            for i, *_rest in self.targets + self.realizations + self.quarters
            if i.pk is not None
        }
        years = list(self.context.plan.years)
        stored_targets = {}
        stored_realizations = {}
        if ids and self.targets:
            stored_targets = {
                (i, y): (v, lo, hi)
                for i, y, v, lo, hi in Target.objects.filter(
                    indicator_id__in=ids, year__in=years
                ).values_list("indicator_id", "year", "value", "low", "high")
            }
        if ids and self.realizations:
            stored_realizations = {
                (i, y): (v, s, dict(zip(TEXT_FIELDS, texts, strict=True)), source)
                for i, y, v, s, source, *texts in Realization.objects.filter(
                    indicator_id__in=ids, year__in=years
                ).values_list("indicator_id", "year", "value", "status", "source", *TEXT_FIELDS)
            }
        stored_quarters = {}
        if ids and self.quarters:
            stored_quarters = {
                (i, y, q): (v, s, {"note": n}, None)
                for i, y, q, v, n, s in QuarterlyRealization.objects.filter(
                    indicator_id__in=ids, year__in=years
                ).values_list("indicator_id", "year", "quarter", "value", "note", "status")
            }
        records = []
        self.words = {
            "target": str(_("target")),
            "realisasi": str(_("realisation")),
            **{field: str(word) for field, word in TEXT_WORDS.items()},
            "triwulan": str(_("realisation triwulan %s")),
        }
        for indicator, year, value, number, header in self.targets:
            old = stored_targets.get((indicator.pk, year))
            if old == value:
                self.context.report.count_unchanged(self.sheet.name)
            elif self.context.operator:
                # Operators enter realisations; the targets in their own downloaded sheet pass
                # when unchanged, any other is one error at its cell.
                self.sheet.error(number, header, OPERATOR_TARGETS)
            elif self.unlocked(year, number, header):
                self.context.change(
                    self.sheet,
                    number,
                    indicator.code,
                    year,
                    self.words["target"],
                    old,
                    value,
                    shown=lambda target: shown_target(*target),
                )
                records.append(("t", indicator.pk, indicator.code, year, value, old is None))
        for indicator, year, value, texts, number, header in self.realizations:
            old = stored_realizations.get((indicator.pk, year))
            records.extend(
                self.compare_realization(indicator, year, value, texts, number, header, old)
            )
        for indicator, year, quarter, value, note, number, header, note_header in self.quarters:
            texts = {} if note is None else {"note": (note, note_header)}
            old = stored_quarters.get((indicator.pk, year, quarter))
            records.extend(
                self.compare_realization(
                    indicator, year, value, texts, number, header, old, quarter=quarter
                )
            )
        self.context.stage(self).add(records)
        self.targets, self.realizations, self.quarters = [], [], []

    def compare_realization(self, indicator, year, value, texts, number, header, old, quarter=None):
        """The record of one year (or, with ``quarter``, one triwulan) value: ("r" or "q", …,
        its written columns — see ``stored`` — , is new). ``texts``: {field: (text, header)}."""
        context, sheet = self.context, self.sheet
        if quarter is None:
            kind, word, fields = "r", self.words["realisasi"], TEXT_FIELDS
        else:
            kind, word, fields = "q", self.words["triwulan"] % quarters.ROMAN[quarter], ("note",)
        if old is None:
            if value is None:
                field, (_text, text_header) = next(iter(texts.items()))
                sheet.error(
                    number,
                    text_header,
                    _("%(what)s needs a realisation value") % {"what": TEXT_WORDS[field]},
                )
                return []
            if not self.unlocked(year, number, header):
                return []
            context.change(sheet, number, indicator.code, year, word, None, value, shown=shown)
            for field, (text, _text_header) in texts.items():
                context.change(
                    sheet,
                    number,
                    indicator.code,
                    year,
                    self.words[field],
                    None,
                    text,
                    counted=False,
                )
            final = {field: texts.get(field, ("",))[0] for field in fields}
            stored = self.stored(value, "draft", final, fields, quarter, DIRECT)
            return [(kind, indicator.pk, indicator.code, year, stored, True)]
        old_value, status, old_texts, source = old
        diffs = []
        if value is not None and value != old_value:
            diffs.append((header, word, shown(old_value), shown(value)))
        for field, (text, text_header) in texts.items():
            if text != old_texts[field]:
                diffs.append((text_header, self.words[field], old_texts[field] or "–", text or "–"))
        if not diffs:
            context.report.count_unchanged(sheet.name)
            return []
        if not self.unlocked(year, number, diffs[0][0]):
            return []
        for position, (_header, field, before, after) in enumerate(diffs):
            context.change(
                sheet, number, indicator.code, year, field, before, after, counted=position == 0
            )
        if value is not None and value != old_value and status != Realization.Status.SUBMITTED:
            status = Realization.Status.DRAFT  # a verified or returned value goes back
        if value is not None and value != old_value:
            source = DIRECT  # a year value typed in wins over the triwulan roll-up
        final = {field: texts[field][0] if field in texts else old_texts[field] for field in fields}
        stored = self.stored(
            old_value if value is None else value, status, final, fields, quarter, source
        )
        return [(kind, indicator.pk, indicator.code, year, stored, False)]

    @staticmethod
    def stored(value, status, texts, fields, quarter, source):
        """A value's written columns after (indicator, year): for a year value
        (value, status, note, faktor…, source), for a triwulan (quarter, value, status, note)."""
        if quarter is None:
            return (value, status, *(texts[field] for field in fields), source)
        return (quarter, value, status, texts["note"])

    def unlocked(self, year, number, header):
        if year not in self.locks:
            return True
        self.sheet.error(
            number,
            header,
            _(
                "%(year)s is locked (%(reason)s): its values cannot change until a planner unlocks it"
            )
            % {"year": year, "reason": self.locks[year]},
        )
        return False

    # -- writing --------------------------------------------------------------------------

    def write(self, batch):
        for records in batch.staged(self):
            targets, realizations, quarterly = [], [], []
            for kind, pk, code, year, value, is_new in records:
                indicator_id = pk if pk is not None else batch.ids["indicator"][code]
                rows = {"t": targets, "r": realizations, "q": quarterly}[kind]
                rows.append((is_new, (indicator_id, year, *value)))
            batch.save(
                Target,
                targets,
                conflict=("indicator", "year"),
                update=("value", "low", "high"),
                columns=("indicator_id", "year", "value", "low", "high"),
            )
            batch.save(
                Realization,
                realizations,
                conflict=("indicator", "year"),
                update=("value", "status", *TEXT_FIELDS, "source"),
                columns=("indicator_id", "year", "value", "status", *TEXT_FIELDS, "source"),
            )
            if quarterly:
                batch.save(
                    QuarterlyRealization,
                    quarterly,
                    conflict=("indicator", "year", "quarter"),
                    update=("value", "status", "note"),
                    columns=("indicator_id", "year", "quarter", "value", "status", "note"),
                )
                self.roll_up(batch, {(values[0], values[1]) for _new, values in quarterly})


class WideValuesReader(ValuesReader):
    order = 70
    label = _("any sheet with Kode Indikator and Target YYYY / Realisasi YYYY columns")

    def recognises(self, sheet):
        return (
            sheet.key not in ("realisasi", "realisasitriwulan")
            and sheet.has("kode indikator")
            and bool(sheet.year_columns or sheet.quarter_columns)
        )

    def read_rows(self, sheet, context):
        columns = [c for c in sheet.year_columns if self.in_period(sheet.header_row, c[2], c[1])]
        quarterly = [
            c for c in sheet.quarter_columns if self.in_period(sheet.header_row, c[2], c[0])
        ]
        text_year = self.text_year(sheet, columns)
        watched = {header for *_rest, header in columns + quarterly}
        if text_year is not None:
            watched |= TEXT_COLUMNS.keys()
        progress = (lambda n: context.progress(rows=n)) if context.progress else None
        for number, row in sheet.rows(progress):
            if not any(header in row for header in watched):
                continue
            indicator = self.indicator(number, row)
            if indicator is None:
                continue
            texts = {}
            if text_year is not None:
                texts = self.texts(number, row)
                if texts is None:
                    continue
            for kind, year, header in columns:
                if kind == "realisasi" and year == text_year:
                    if numbers.is_blank(row.get(header)):
                        row.pop(header, None)
                    if header in row or texts:
                        self.realization(number, row, header, indicator, year, texts)
                    continue
                if numbers.is_blank(row.get(header)):
                    continue
                if kind == "target":
                    self.target(number, row, header, indicator, year)
                else:
                    self.realization(number, row, header, indicator, year)
            for year, quarter, header in quarterly:
                if not numbers.is_blank(row.get(header)):
                    self.quarter(number, row, header, indicator, year, quarter)
            if self.full():
                self.flush()

    def text_year(self, sheet, columns):
        """The year the sheet's note and faktor columns belong to: the one year it has a
        Realisasi column of (the operator's sheet). A matrix of several years keeps its
        ``Keterangan`` column unread, as it always was: which year would it be about?"""
        if not any(sheet.has(header) for header in TEXT_COLUMNS):
            return None
        years = {year for kind, year, _header in columns if kind == "realisasi"}
        return years.pop() if len(years) == 1 else None


class LongValuesReader(ValuesReader):
    order = 80
    label = _(
        "Realisasi (Kode Indikator, Tahun, Target, Realisasi, Keterangan, optional Triwulan) "
        "and Realisasi Triwulan (Kode Indikator, Tahun, Triwulan, Realisasi, Keterangan)"
    )

    def recognises(self, sheet):
        return sheet.key in ("realisasi", "realisasitriwulan")

    def read_rows(self, sheet, context):
        if not sheet.require("kode indikator", "tahun"):
            return
        if sheet.key == "realisasitriwulan" and not sheet.require("triwulan", "realisasi"):
            return
        if not sheet.has("target") and not sheet.has("realisasi"):
            sheet.require("realisasi")
            return
        progress = (lambda n: context.progress(rows=n)) if context.progress else None
        for number, row in sheet.rows(progress):
            indicator = self.indicator(number, row)
            year = sheet.whole(number, row, "tahun")
            if year is None:
                if "tahun" not in row and indicator is not None:
                    sheet.error(number, "tahun", _("required; the cell is empty"))
                continue
            if indicator is None or not self.in_period(number, "tahun", year):
                continue
            quarter = None
            if "triwulan" in row:
                quarter = sheet.parsed(number, row, "triwulan", quarters.parse_quarter)
                if quarter is None:
                    continue  # its error is recorded
            if not numbers.is_blank(row.get("target")):
                if quarter is not None:
                    sheet.error(number, "target", QUARTER_TARGET)
                    continue
                self.target(number, row, "target", indicator, year)
            texts = self.texts(number, row)
            if texts is None:
                continue
            if numbers.is_blank(row.get("realisasi")):
                row.pop("realisasi", None)
            if quarter is None:
                self.realization(number, row, "realisasi", indicator, year, texts)
            elif set(texts) - {"note"}:
                sheet.error(
                    number, next(h for f, (_t, h) in texts.items() if f != "note"), QUARTER_TEXTS
                )
            else:
                note, note_header = texts.get("note", (None, None))
                self.quarter(number, row, "realisasi", indicator, year, quarter, note, note_header)
            if self.full():
                self.flush()


__all__ = ["IndicatorsReader", "LongValuesReader", "Pending", "WideValuesReader", "resolve"]
