"""The money sheets of the workbook, registered with the workbook engine: ``Pendapatan``
(target and realisation per leaf revenue account, year and budget stage) and ``Pendanaan``
(pagu and spending per program, year and funding scheme). Both upsert by those keys, take exact
rupiah (at most two decimals) and keep a stored value where a cell is blank.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core import numbers
from indicators.models import Program
from indicators.workbook_sheets.printed import FUNDING, PrintedTableReader

from .models import BudgetStage, FundingScheme, ProgramFunding, RevenueAccount, RevenueValue

ROWS_PER_BATCH = 500
REVENUE_HEADERS = ["Kode Rekening", "Tahun", "Tahap", "Target", "Realisasi"]
FUNDING_HEADERS = ["Kode Program", "Tahun", "Skema", "Pagu", "Realisasi"]


def shown(value):
    return "–" if value is None else numbers.format_input(value)


class MoneyReader:
    """What both money sheets share: key, year, two amounts, compared a batch at a time."""

    key = ""
    code_header = ""
    amounts = ()  # (header, attname, label)
    model = None
    conflict = ()

    def recognises(self, sheet):
        return sheet.key == self.key

    def read(self, sheet, context):
        self.sheet, self.context, self.rows = sheet, context, []
        if context.operator:
            context.refuse_for_operators(sheet, "money")
            return
        if not sheet.require(self.code_header, "tahun", self.third):
            return
        if not any(sheet.has(header) for header, _a, _l in self.amounts):
            sheet.require(*(header for header, _a, _l in self.amounts))
            return
        self.prepare(context)
        batch = {}
        report = context.report
        progress = (lambda n: context.progress(rows=n)) if context.progress else None
        for number, row in sheet.rows(progress):
            before = report.error_count
            owner, code = self.owner(number, row)
            year = self.year(number, row)
            third, third_code = self.third_value(number, row)
            values = {
                attname: sheet.money(number, row, header) for header, attname, _l in self.amounts
            }
            if report.error_count != before or owner is None:
                continue
            key = (code, year, third_code)
            label = f"{code} {year} {third_code}"
            if context.once(
                (self.key, key),
                sheet,
                number,
                self.code_header,
                _("%(key)s is given twice in this file (first at %(first)s)"),
                key=label,
            ):
                batch[key] = (owner, third, number, values)
            if len(batch) >= ROWS_PER_BATCH:
                self.compare(batch)
                batch = {}
        self.compare(batch)

    def year(self, number, row):
        year = self.sheet.whole(number, row, "tahun")
        if year is None:
            if "tahun" not in row:
                self.sheet.error(number, "tahun", _("required; the cell is empty"))
            return None
        plan = self.context.plan
        if year not in plan.years:
            self.sheet.error(
                number,
                "tahun",
                _("%(year)s lies outside the plan period %(start)s–%(end)s")
                % {"year": year, "start": plan.start_year, "end": plan.end_year},
            )
            return None
        return year

    def compare(self, batch):
        if not batch:
            return
        stored = self.stored(batch)
        sheet, context = self.sheet, self.context
        for key, (owner, third, number, values) in batch.items():
            given = {name: value for name, value in values.items() if value is not None}
            old = stored.get(key)
            if old is None:
                if not self.may_create(number, given):
                    continue
                if given:
                    label = f"{key[0]} {key[2]}"
                    for position, (name, value) in enumerate(given.items()):
                        context.change(
                            sheet,
                            number,
                            label,
                            key[1],
                            self.label_of(name),
                            None,
                            shown(value),
                            counted=position == 0,
                        )
                    self.rows.append((True, owner, key[1], third, given))
                    context.shared_changed |= self.shared
                continue
            diffs = [(n, old[n], v) for n, v in given.items() if old[n] != v]
            if not diffs:
                context.report.count_unchanged(sheet.name)
                continue
            for position, (name, before, after) in enumerate(diffs):
                context.change(
                    sheet,
                    number,
                    f"{key[0]} {key[2]}",
                    key[1],
                    self.label_of(name),
                    shown(before),
                    shown(after),
                    counted=position == 0,
                )
            self.rows.append((False, owner, key[1], third, {**old, **given}))
            context.shared_changed |= self.shared

    def label_of(self, name):
        return next(label for _h, attname, label in self.amounts if attname == name)

    def may_create(self, number, given):
        return True

    def write(self, batch):
        rows = [
            (is_new, self.row(owner, year, third, values, batch))
            for is_new, owner, year, third, values in self.rows
        ]
        batch.save(
            self.model,
            rows,
            conflict=self.conflict,
            update=[attname for _h, attname, _l in self.amounts],
        )


class RevenueReader(MoneyReader):
    order = 90
    key, code_header, third = "pendapatan", "kode rekening", "tahap"
    label = _("Pendapatan (Kode Rekening, Tahun, Tahap, Target, Realisasi)")
    amounts = (
        ("target", "target", _("target")),
        ("realisasi", "realization", _("realisation")),
    )
    model, conflict, shared = RevenueValue, ("account", "year", "stage"), True

    def prepare(self, context):
        self.accounts = {a.code: a for a in RevenueAccount.objects.all()}
        self.parents = {a.parent_id for a in self.accounts.values()}

    def owner(self, number, row):
        sheet = self.sheet
        code = sheet.text(number, row, "kode rekening", required=True)
        if not code:
            return None, code
        account = self.accounts.get(code)
        if account is None:
            sheet.error(number, "kode rekening", _("unknown account code %s") % code)
        elif account.pk in self.parents:
            sheet.error(
                number,
                "kode rekening",
                _(
                    "%(code)s has sub-accounts: its values are the sums of theirs. "
                    "Enter values on the sub-accounts."
                )
                % {"code": code},
            )
            return None, code
        return account, code

    def third_value(self, number, row):
        stages = {stage.value: stage.value for stage in BudgetStage}
        stage = self.sheet.choice(
            number,
            row,
            "tahap",
            stages,
            _("unknown stage %(value)s; use murni or perubahan"),
            required=True,
        )
        return stage, stage

    def stored(self, batch):
        return {
            (code, year, stage): {"target": target, "realization": realization}
            for code, year, stage, target, realization in RevenueValue.objects.filter(
                account__code__in={key[0] for key in batch}, year__in={key[1] for key in batch}
            ).values_list("account__code", "year", "stage", "target", "realization")
        }

    def row(self, owner, year, third, values, batch):
        return {"account_id": owner.pk, "year": year, "stage": third, **values}


class FundingReader(MoneyReader):
    order = 100
    key, code_header, third = "pendanaan", "kode program", "skema"
    label = _("Pendanaan (Kode Program, Tahun, Skema, Pagu, Realisasi)")
    amounts = (
        ("pagu", "pagu", _("pagu")),
        ("realisasi", "realization", _("realisation")),
    )
    model, conflict, shared = ProgramFunding, ("program", "year", "scheme"), False

    def prepare(self, context):
        plan = context.plan
        self.programs = context.lookup(
            "program", lambda: {p.code: p for p in Program.objects.filter(plan=plan)}
        )
        every = list(FundingScheme.objects.all())
        self.every_scheme = every
        self.schemes = {" ".join(s.name.lower().split()): s for s in every}
        self.schemes.update({s.code.lower(): s for s in every})

    def owner(self, number, row):
        code = self.sheet.code(number, row, "kode program")
        if not code:
            return None, code
        program = self.context.find(
            self.sheet, number, "kode program", "program", code, _("unknown program code %s")
        )
        return program, code

    def third_value(self, number, row):
        message = _("unknown funding scheme %(value)s; use one of: %(codes)s").replace(
            "%(codes)s", ", ".join(s.code for s in self.every_scheme)
        )
        scheme = self.sheet.choice(number, row, "skema", self.schemes, message, required=True)
        return scheme, None if scheme is None else scheme.code

    def stored(self, batch):
        return {
            (code, year, scheme): {"pagu": pagu, "realization": realization}
            for code, year, scheme, pagu, realization in ProgramFunding.objects.filter(
                program__plan=self.context.plan,
                program__code__in={key[0] for key in batch},
                year__in={key[1] for key in batch},
            ).values_list("program__code", "year", "scheme__code", "pagu", "realization")
        }

    def may_create(self, number, given):
        if given.get("pagu") is None:
            self.sheet.error(
                number, "pagu", _("required for funding not stored yet; the cell is empty")
            )
            return False
        return True

    def row(self, owner, year, third, values, batch):
        program_id = owner.pk if owner.pk is not None else batch.ids["program"][owner.code]
        return {"program_id": program_id, "year": year, "scheme_id": third.pk, **values}


class PrintedFundingReader(FundingReader):
    """The Rp per year of a printed table's programs (T-C.27, Renstra Tabel 5.1), as the
    indicators' printed-table reader found them: pagu under the APBD scheme."""

    order = 101
    fallback = True
    label = _("the Rp columns of a printed table (pagu per program and year, APBD)")

    def __init__(self):
        self.tables = PrintedTableReader()

    def recognises(self, sheet):
        return self.tables.recognises(sheet)

    def read(self, sheet, context):
        self.sheet, self.context, self.rows = sheet, context, []
        if context.operator:
            return  # the table itself is refused, once
        found = [f for f in context.lookups.get(FUNDING, []) if f[0] == sheet.name]
        if not found:
            return
        scheme = FundingScheme.objects.filter(code="apbd").first()
        if scheme is None:
            context.report.error(sheet.name, 0, "", _("no funding scheme apbd to put the Rp in"))
            return
        self.prepare(context)
        batch = {}
        for _sheet, program, year, amount, row in found:
            if year not in context.plan.years:
                continue
            batch[(program.code, year, scheme.code)] = (program, scheme, row, {"pagu": amount})
        self.compare(batch)


READERS = [RevenueReader, FundingReader, PrintedFundingReader]


# -- writers ----------------------------------------------------------------------------


def _example_account():
    leaves = RevenueAccount.objects.filter(children__isnull=True).order_by("code")
    return leaves.values_list("code", flat=True).first() or "4.1.01"


def _scheme_codes():
    return ", ".join(FundingScheme.objects.values_list("code", flat=True)) or "apbd"


class RevenueWriter:
    order, title = 90, "Pendapatan"
    choices = {"C": [stage.value for stage in BudgetStage]}

    def headers(self, plan):
        return REVENUE_HEADERS

    template_headers = headers

    def rows(self, plan):
        values = RevenueValue.objects.filter(year__in=plan.years).select_related("account")
        for value in values.order_by("account__code", "year", "stage"):
            yield [value.account.code, value.year, value.stage, value.target, value.realization]

    def examples(self, plan):
        year = plan.start_year + 1 if plan else 2021
        return [[_example_account(), year, BudgetStage.MURNI.value, 1500000000, None]]

    guide = [
        (
            "Kode Rekening",
            "Kode rekening pendapatan (Permendagri 90/2019), mis. 4.1.01. Hanya rekening paling "
            "rinci (tanpa sub-rekening) yang diisi; nilai rekening induk adalah jumlah "
            "sub-rekeningnya dan dihitung otomatis.",
        ),
        ("Tahun", "Tahun anggaran, dalam periode RPJMD."),
        ("Tahap", "murni (APBD murni) atau perubahan (APBD perubahan)."),
        (
            "Target / Realisasi",
            "Target dan realisasi pendapatan dalam rupiah, mis. 1500000000 atau Rp 1.500.000.000 "
            "(paling banyak dua angka desimal). Satu rekening-tahun-tahap hanya boleh muncul "
            "sekali dalam satu berkas.",
        ),
    ]


class FundingWriter:
    order, title = 100, "Pendanaan"
    choices = {}

    def headers(self, plan):
        return FUNDING_HEADERS

    template_headers = headers

    def rows(self, plan):
        funding = ProgramFunding.objects.filter(program__plan=plan, year__in=plan.years)
        funding = funding.select_related("program", "scheme")
        for row in funding.order_by("program__code", "year", "scheme__order", "scheme__code"):
            yield [row.program.code, row.year, row.scheme.code, row.pagu, row.realization]

    def examples(self, plan):
        year = plan.start_year + 1 if plan else 2021
        return [["1.02.02", year, "apbd", 2500000000, None]]

    @property
    def guide(self):
        return [
            ("Kode Program", "Kode program (lembar Program atau yang sudah tersimpan)."),
            ("Tahun", "Tahun anggaran, dalam periode RPJMD."),
            ("Skema", "Kode atau nama skema pendanaan: " + _scheme_codes() + "."),
            (
                "Pagu / Realisasi",
                "Pagu (alokasi) dan realisasi belanja program dalam rupiah; pagu wajib untuk "
                "baris baru. Satu program-tahun-skema hanya boleh muncul sekali dalam satu berkas.",
            ),
        ]


WRITERS = [RevenueWriter(), FundingWriter()]
