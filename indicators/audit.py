"""The audit trail for planners: every change to indicators, targets, realisations and year locks —
who, when, through which door, old → new — filterable, paginated, and exportable to xlsx.

The database does the work: the four histories are one ``UNION ALL``, filtered and ordered in
SQL; a page is 50 changes and the total is one count. The value before a change comes from the
record's whole history, whoever made it and whenever: ``LAG`` over the history of each record on
the page (partitioned by record), so a filter on the user or the dates never hides it. Only the
changes shown are then read as model objects, to be written out the Indonesian way.
"""

import tempfile
from dataclasses import dataclass
from datetime import datetime, time
from types import SimpleNamespace

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core import xlsx_stream
from core.cells import escape_text
from core.formats import format_number, number_formatter

from . import roles
from .models import Indicator, PerangkatDaerah, Realization, Target, YearLock

PAGE_SIZE = 50
EXPORT_BATCH = 1000
# The export's column widths in characters: when, who, door, what, indicator, unit, year,
# action, old, new.
EXPORT_WIDTHS = (19, 18, 16, 12, 40, 24, 6, 10, 24, 24)
NONE = "–"
ACTIONS = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


@dataclass(frozen=True)
class Source:
    """One model's history in the trail: the fields shown and how a change finds its indicator."""

    kind: str
    model: type
    label: str
    fields: tuple
    year: bool = True
    indicator: str = "value"  # "value": through indicator_id; "self": the indicator's own row

    @property
    def table(self):
        return self.model.history.model._meta.db_table

    @property
    def read(self):
        """The fields a version is shown with (a range final target needs both bounds)."""
        extra = {
            "value": ("low", "high"),
            "final_target": ("final_target_low", "final_target_high"),
        }
        names = [*self.fields, "year"] if self.year else list(self.fields)
        for name in self.fields:
            if self.model is Target or name == "final_target":
                names += [n for n in extra.get(name, ()) if n not in names]
        return names


SOURCES = (
    Source("indicator", Indicator, gettext_lazy("indicator"),
           ("name", "unit", "direction", "baseline", "final_target"), year=False, indicator="self"),
    Source("realization", Realization, gettext_lazy("realisation"), ("value", "status", "note")),
    Source("target", Target, gettext_lazy("target"), ("value",)),
    Source("year_lock", YearLock, gettext_lazy("year lock"), ("year", "reason"), indicator=""),
)  # fmt: skip
BY_KIND = {source.kind: source for source in SOURCES}


@dataclass
class Change:
    when: datetime
    who: str
    door: str
    what: str
    indicator: str
    unit: str
    year: int | None
    action: str
    old: str
    new: str


class AuditFilter(forms.Form):
    user = forms.CharField(label=gettext_lazy("User"), required=False)
    perangkat_daerah = forms.ModelChoiceField(
        label=gettext_lazy("Perangkat daerah"),
        queryset=PerangkatDaerah.objects.order_by("code"),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("All perangkat daerah"),
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


# -- the SQL -----------------------------------------------------------------------------------


def _quote(name):
    return connection.ops.quote_name(name)


def _component(source, *, previous=False):
    """One history as rows of the trail: kind, ids, date, author, indicator code and unit (and,
    with ``previous``, the history id of each version's predecessor)."""
    table = _quote(source.table)
    indicators = _quote(Indicator._meta.db_table)
    if source.indicator == "value":
        code, unit = "i.code", "i.perangkat_daerah_id"
        join = f"LEFT JOIN {indicators} i ON i.id = h.indicator_id"
    elif source.indicator == "self":
        code, unit, join = "h.code", "h.perangkat_daerah_id", ""
    else:
        # Typed: each history is read on its own before the union (see _page_sql).
        code, unit, join = "CAST(NULL AS TEXT)", "CAST(NULL AS BIGINT)", ""
    lag = f", {_LAG.format(t='h.')} AS previous_id" if previous else ""
    return (
        f"SELECT '{source.kind}' AS kind, h.history_id AS history_id, h.id AS record_id, "
        f"h.history_date AS history_date, h.history_user_id AS user_id, "
        f"{code} AS indicator_code, {unit} AS unit_id{lag} FROM {table} h {join}"
    )


# The version before: the record's previous history row, whoever made it and whenever.
_LAG = "LAG({t}history_id) OVER (PARTITION BY {t}id ORDER BY {t}history_date, {t}history_id)"


def _filters(*, user="", perangkat_daerah=None, date_from=None, date_to=None):
    """The WHERE clause over the trail's rows, and its parameters."""
    conditions, params = [], []
    tz = timezone.get_current_timezone()
    if user:
        users = _quote(get_user_model()._meta.db_table)
        conditions.append(f"c.user_id IN (SELECT id FROM {users} WHERE username = %s)")
        params.append(user)
    if perangkat_daerah is not None:
        conditions.append("c.unit_id = %s")  # year locks belong to the plan: never a unit's
        params.append(perangkat_daerah.pk)
    if date_from:
        conditions.append("c.history_date >= %s")
        start = timezone.make_aware(datetime.combine(date_from, time.min), tz)
        params.append(connection.ops.adapt_datetimefield_value(start))
    if date_to:
        conditions.append("c.history_date <= %s")
        end = timezone.make_aware(datetime.combine(date_to, time.max), tz)
        params.append(connection.ops.adapt_datetimefield_value(end))
    return " AND ".join(conditions) or "1 = 1", params


def _changes_cte(*, previous=False):
    union = " UNION ALL ".join(_component(s, previous=previous) for s in SOURCES)
    return f"changes AS ({union})"


# Newest first; kind and history id only break ties.
ORDER = "{t}.history_date DESC, {t}.kind DESC, {t}.history_id DESC"
SHOWN = "{t}.kind, {t}.history_id, {p}.previous_id, {t}.indicator_code, pd.abbreviation, pd.name"


def _page_sql(where, *, oldest_first=False):
    """A page of changes (newest first) with the history id of each one's previous version:
    ``LAG`` over the whole history of just the records on the page. ``oldest_first`` counts the
    offset from the oldest change (a late page is then as quick to find as an early one)."""
    order = ORDER.replace("DESC", "ASC") if oldest_first else ORDER
    previous = " UNION ALL ".join(
        f"SELECT '{s.kind}' AS kind, history_id, {_LAG.format(t='')} AS previous_id "
        f"FROM {_quote(s.table)} WHERE id IN "
        f"(SELECT record_id FROM chosen WHERE kind = '{s.kind}')"
        for s in SOURCES
    )
    # Each history's own first rows in that order (found by its index on history_date, not by
    # sorting it whole), and the page among those: the rows before the page's end in the whole
    # trail are among each history's first that many.
    firsts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT * FROM ({_component(s)}) c WHERE {where} "
        f"ORDER BY {order.format(t='c')} LIMIT %s) first_rows"
        for s in SOURCES
    )
    units = _quote(PerangkatDaerah._meta.db_table)
    return (
        f"WITH chosen AS (SELECT * FROM ({firsts}) c ORDER BY {order.format(t='c')} "
        f"LIMIT %s OFFSET %s), "
        f"previous AS ({previous}) "
        f"SELECT {SHOWN.format(t='ch', p='p')} FROM chosen ch "
        "JOIN previous p ON p.kind = ch.kind AND p.history_id = ch.history_id "
        f"LEFT JOIN {units} pd ON pd.id = ch.unit_id ORDER BY {ORDER.format(t='ch')}"
    )


def _every_row_sql(where):
    """Every change (newest first) with its previous version: one pass, ``LAG`` over each whole
    history before the filters."""
    units = _quote(PerangkatDaerah._meta.db_table)
    return (
        f"WITH {_changes_cte(previous=True)} SELECT {SHOWN.format(t='c', p='c')} FROM changes c "
        f"LEFT JOIN {units} pd ON pd.id = c.unit_id WHERE {where} ORDER BY {ORDER.format(t='c')}"
    )


class AuditTrail:
    """The filtered trail as a sequence a :class:`Paginator` pages through: ``count()`` is one
    query, a slice is the page query plus one query per kind of change on it."""

    def __init__(self, **filters):
        self.where, self.params = _filters(**filters)

    @cached_property
    def total(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH {_changes_cte()} SELECT COUNT(*) FROM changes c WHERE {self.where}",
                self.params,
            )
            return cursor.fetchone()[0]

    def count(self):
        return self.total

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("The audit trail is read in pages: slice it.")
        start = index.start or 0
        stop = index.stop if index.stop is not None else start + PAGE_SIZE
        if start > self.total / 2:  # nearer the oldest end: count from there
            stop = min(stop, self.total)
            rows = self._rows(limit=max(0, stop - start), offset=self.total - stop, oldest=True)
            return changes_of(rows)  # the page itself is still ordered newest first
        return changes_of(self._rows(limit=max(0, stop - start), offset=start))

    def _rows(self, *, limit, offset=0, oldest=False):
        # Each history's filters and its share of the page's end, then the page itself.
        params = [*self.params, offset + limit] * len(SOURCES) + [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(_page_sql(self.where, oldest_first=oldest), params)
            return cursor.fetchall()

    def batches(self):
        """Every change in batches of ``EXPORT_BATCH``, newest first, read from one query as it
        runs (a server-side cursor where the database has them)."""
        with connection.chunked_cursor() as cursor:
            cursor.execute(_every_row_sql(self.where), self.params)
            while rows := cursor.fetchmany(EXPORT_BATCH):
                yield changes_of(rows)


def changes_of(rows):
    """The rows as :class:`Change`, each version and the one before it read as plain values
    (one query per kind of change among the rows; no model objects: an export reads 100,000)."""
    wanted = {}
    for kind, history_id, previous_id, *_rest in rows:
        wanted.setdefault(kind, set()).update(i for i in (history_id, previous_id) if i)
    records = {}
    for kind, ids in wanted.items():
        source = BY_KIND[kind]
        names = ["history_id", "history_date", "history_type", "history_change_reason"]
        names += [n for n in source.read if n not in names]
        found = source.model.history.filter(history_id__in=ids).values_list(
            *names, "history_user__username"
        )
        for *values, username in found:
            record = SimpleNamespace(**dict(zip(names, values, strict=True)), username=username)
            records[kind, record.history_id] = record
    labels = {kind: _Labels(source) for kind, source in BY_KIND.items() if kind in wanted}
    actions = {key: str(label) for key, label in ACTIONS.items()}
    values = {}  # a version is the new value of one change and the old of the next

    def shown_once(kind, history_id):
        if (kind, history_id) not in values:
            record = records.get((kind, history_id))
            values[kind, history_id] = shown(BY_KIND[kind], record, labels[kind])
        return values[kind, history_id]

    changes = []
    for kind, history_id, previous_id, code, abbreviation, unit_name in rows:
        source, record = BY_KIND[kind], records[kind, history_id]
        changes.append(
            Change(
                when=record.history_date,
                who=record.username or NONE,
                door=record.history_change_reason or "",
                what=labels[kind].what,
                indicator=code or "",
                unit=abbreviation or unit_name or "",
                year=getattr(record, "year", None) if source.year else None,
                action=actions.get(record.history_type, record.history_type),
                old=shown_once(kind, previous_id),
                new=shown_once(kind, history_id),
            )
        )
    return changes


# -- values the Indonesian way ----------------------------------------------------------------


class _Labels:
    """A source's words in the active language, looked up once for many rows."""

    def __init__(self, source):
        meta = source.model._meta
        self.what = str(source.label)
        self.fields = {name: str(meta.get_field(name).verbose_name) for name in source.fields}
        self.choices = {
            name: {key: str(label) for key, label in meta.get_field(name).flatchoices}
            for name in source.fields
            if meta.get_field(name).choices
        }
        self.decimal = {
            name
            for name in source.fields
            if meta.get_field(name).get_internal_type() == "DecimalField"
        }
        self.number = number_formatter()


def shown(source, record, labels=None):
    """A version's values as planners read them: "5; status verifikasi: terverifikasi; …"."""
    if record is None or record.history_type == "-":
        return NONE
    if source.model is Target:
        number = labels.number if labels else format_number
        if record.value is None and record.low is not None:
            return f"{number(record.low)} – {number(record.high)}"
        return number(record.value)
    labels = labels or _Labels(source)
    parts = []
    for name in source.fields:
        value = _field_value(record, name, labels)
        if value is None or value == "":
            continue
        parts.append(value if name == "value" else f"{labels.fields[name]}: {value}")
    return "; ".join(parts) or NONE


def _field_value(record, name, labels):
    if name == "final_target" and record.final_target is None and record.final_target_low:
        low, high = record.final_target_low, record.final_target_high
        return f"{labels.number(low)} – {labels.number(high)}"
    value = getattr(record, name)
    if value is None or value == "":
        return None
    if name in labels.choices:
        return labels.choices[name].get(value, value)
    if name in labels.decimal:
        return labels.number(value)
    return str(value)


# -- the page and the export ------------------------------------------------------------------


@require_GET
@login_required
def audit_list(request):
    if not roles.is_planner(request.user):
        raise PermissionDenied
    form = AuditFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    trail = AuditTrail(
        user=filters.get("user", ""),
        perangkat_daerah=filters.get("perangkat_daerah"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    if request.GET.get("format") == "xlsx":
        return _xlsx(trail)
    paginator = Paginator(trail, PAGE_SIZE)
    number = request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    kept = {k: v for k, v in request.GET.items() if k not in ("page", "format") and v}
    context = {
        "form": form,
        "page": page,
        "changes": page.object_list,
        "total": page.paginator.count,
        "query": urlencode(kept),
    }
    return render(request, "indicators/audit.html", context)


def _xlsx(trail):
    """Every change, written row by row to a temporary file (memory stays flat), then streamed."""
    header = [
        _("When"),
        _("Who"),
        _("Door"),
        _("What"),
        _("Indicator"),
        _("Perangkat daerah"),
        _("Year"),
        _("Action"),
        _("Old"),
        _("New"),
    ]
    rows = (
        [
            timezone.localtime(c.when).replace(tzinfo=None),
            *map(  # no formula runs from the trail
                escape_text,
                (c.who, c.door, c.what, c.indicator, c.unit, c.year, c.action, c.old, c.new),
            ),
        ]
        for batch in trail.batches()
        for c in batch
    )
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (the response closes it once streamed)
    xlsx_stream.write(handle, title=_("Audit"), header=header, rows=rows, widths=EXPORT_WIDTHS)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename="audit.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
