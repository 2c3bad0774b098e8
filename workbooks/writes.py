"""Set-based writes: rows upserted a few hundred per statement, and their history rows copied
from the written rows in one ``INSERT … SELECT`` per statement.

``INSERT … ON CONFLICT (key) DO UPDATE … RETURNING`` works the same on SQLite (3.35+) and
PostgreSQL, so a batch of new and changed rows is one statement whatever its mix. On PostgreSQL
the rows travel as one array per column (``SELECT * FROM unnest(…)``): a handful of parameters
instead of thousands, several times faster than a long ``VALUES`` list. History is
exact: each written row gets one history row (``+`` new, ``~`` changed) holding the row as
stored, with the import's user, time and reason (the batch and the door), as
django-simple-history's own rows do. Readers decide what to write; they never see SQL.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

CHUNK = 500
ARRAY_CHUNK = 5000  # rows per statement on PostgreSQL
# The driver's own placeholders: the upserts go to the driver's cursor directly, since Django's
# SQLite cursor rewrites every "%s" of a 7,000-parameter statement with a regex first.
PLACEHOLDER = {"sqlite": "?", "postgresql": "%s"}


class TableWriter:
    """Upserts of one model by its natural key (``conflict``: field names)."""

    def __init__(self, model, conflict, update):
        self.model = model
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.attnames = [f.attname for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields}
        by_name = {f.name: f for f in fields}
        self.conflict = [by_name[name].attname for name in conflict]
        self.update = [by_name[name].attname if name in by_name else name for name in update]
        quote = connection.ops.quote_name
        columns = {f.attname: quote(f.column) for f in fields}
        self.column_names = [f.column for f in fields]
        self.table = quote(model._meta.db_table)
        self.columns_sql = ", ".join(columns[a] for a in self.attnames)
        self.conflict_sql = ", ".join(columns[a] for a in self.conflict)
        self.update_sql = ", ".join(f"{columns[a]} = EXCLUDED.{columns[a]}" for a in self.update)
        self.returning_sql = ", ".join(["id", *(columns[a] for a in self.conflict)])
        self.row_sql = "(" + ", ".join([PLACEHOLDER[connection.vendor]] * len(self.attnames)) + ")"
        self.unnest_sql = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)

    def row(self, values):
        """A full row from ``values`` ({attname: value}); fields not given take their defaults."""
        defaults = self.defaults
        return tuple(values[a] if a in values else defaults[a] for a in self.attnames)

    def filler(self, attnames):
        """A function making full rows from tuples of ``attnames`` (faster than :meth:`row`)."""
        template = [self.defaults[a] for a in self.attnames]
        positions = [self.attnames.index(a) for a in attnames]

        def fill(values):
            row = template.copy()
            for position, value in zip(positions, values, strict=True):
                row[position] = value
            return row

        return fill

    def upsert(self, rows):
        """Write ``rows`` (tuples from :meth:`row`); returns {conflict key tuple: id}."""
        if connection.vendor == "postgresql":
            return self.upsert_arrays(rows)
        ids = {}
        connection.ensure_connection()
        cursor = connection.connection.cursor()
        try:
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start : start + CHUNK]
                sql = (
                    f"INSERT INTO {self.table} ({self.columns_sql}) VALUES "
                    + ", ".join([self.row_sql] * len(chunk))
                    + f" ON CONFLICT ({self.conflict_sql}) DO UPDATE SET {self.update_sql}"
                    + f" RETURNING {self.returning_sql}"
                )
                with connection.wrap_database_errors:  # Django's exceptions, as elsewhere
                    cursor.execute(sql, [value for row in chunk for value in row])
                for found in cursor.fetchall():
                    ids[tuple(found[1:])] = found[0]
        finally:
            cursor.close()
        return ids

    def upsert_arrays(self, rows):
        ids = {}
        sql = (
            f"INSERT INTO {self.table} ({self.columns_sql}) SELECT * FROM unnest({self.unnest_sql})"
            f" ON CONFLICT ({self.conflict_sql}) DO UPDATE SET {self.update_sql}"
            f" RETURNING {self.returning_sql}"
        )
        with connection.cursor() as cursor:
            for start in range(0, len(rows), ARRAY_CHUNK):
                chunk = rows[start : start + ARRAY_CHUNK]
                columns = [list(column) for column in zip(*chunk, strict=True)]
                cursor.execute(sql, columns)
                for found in cursor.fetchall():
                    ids[tuple(found[1:])] = found[0]
        return ids

    def copy_new(self, rows):
        """PostgreSQL: rows known to be new, by ``COPY`` with ids taken from the table's
        sequence first (what ``RETURNING`` would give); returns the ids in order."""
        with connection.cursor() as cursor, connection.wrap_database_errors:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [self.model._meta.db_table, len(rows)],
            )
            ids = [found[0] for found in cursor.fetchall()]
            with cursor.cursor.copy(
                f"COPY {self.table} (id, {self.columns_sql}) FROM STDIN"
            ) as copy:
                for pk, row in zip(ids, rows, strict=True):
                    copy.write_row((pk, *row))
        return ids


class HistoryWriter:
    """History rows of a model copied from its table, for ids just written."""

    def __init__(self, model):
        history = self.model = model.history.model
        quote = connection.ops.quote_name
        columns = [f.column for f in history._meta.local_fields]
        copied = [c for c in columns if not c.startswith("history_")]
        self.copied = copied
        self.copy_sql = (
            f"COPY {quote(history._meta.db_table)} ({', '.join(quote(c) for c in copied)}, "
            "history_date, history_change_reason, history_type, history_user_id) FROM STDIN"
        )
        self.sql = (
            f"INSERT INTO {quote(history._meta.db_table)} "
            f"({', '.join(quote(c) for c in copied)}, history_date, history_change_reason, "
            f"history_type, history_user_id) "
            f"SELECT {', '.join(quote(c) for c in copied)}, %s, %s, %s, %s "
            f"FROM {quote(model._meta.db_table)} WHERE id IN "
        )

    def copy(self, writer, ids, rows, kind, *, when, reason, user_id):
        """PostgreSQL: the history rows of rows just copied in, from the same values."""
        where = [None if c == "id" else writer.column_names.index(c) for c in self.copied]
        tail = (when, reason, kind, user_id)
        with (
            connection.cursor() as cursor,
            connection.wrap_database_errors,
            cursor.cursor.copy(self.copy_sql) as copy,
        ):
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk if i is None else row[i] for i in where] + list(tail))

    def write(self, ids, kind, *, when, reason, user_id):
        ids = list(ids)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for start in range(0, len(ids), ARRAY_CHUNK):
                    cursor.execute(
                        self.sql.removesuffix("IN ") + "= ANY(%s)",
                        [when, reason, kind, user_id, ids[start : start + ARRAY_CHUNK]],
                    )
            return
        with connection.cursor() as cursor:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                cursor.execute(
                    self.sql + "(" + ", ".join(["%s"] * len(chunk)) + ")",
                    [when, reason, kind, user_id, *chunk],
                )


class WriteBatch:
    """The write phase of one import, handed to each reader's ``write(batch)``."""

    def __init__(self, context, *, reason, batch_id):
        self.context = context
        self.plan = context.plan
        self.reason = reason
        self.batch_id = batch_id
        self.user_id = getattr(context.by, "pk", None)
        self.when = connection.ops.adapt_datetimefield_value(timezone.now())
        self.writers = {}
        self.histories = {}
        self.ids = {}  # {lookup name: {code: id}} of the rows written so far

    def staged(self, reader):
        """The chunks of records ``reader`` staged while reading."""
        stage = self.context.stages.get(reader)
        return iter(stage) if stage is not None else iter(())

    def writer(self, model, conflict, update):
        key = (model, tuple(conflict), tuple(update))
        if key not in self.writers:
            self.writers[key] = TableWriter(model, conflict, update)
        return self.writers[key]

    def save(self, model, rows, *, conflict, update, columns=None):
        """Upsert ``rows`` of ``model`` with their history rows: [(is_new, {attname: value})],
        or with ``columns`` (attnames, the conflict key first) [(is_new, (value, …))];
        returns {natural key tuple: id}."""
        if not rows:
            return {}
        writer = self.writer(model, conflict, update)
        if columns is not None:
            fill, width = writer.filler(columns), len(writer.conflict)
            full = [fill(values) for _new, values in rows]
            keys = [tuple(values[:width]) for _new, values in rows]
        else:
            full = [writer.row(values) for _new, values in rows]
            keys = [tuple(values[a] for a in writer.conflict) for _new, values in rows]
        flags = [is_new for is_new, _values in rows]
        if connection.vendor == "postgresql":
            return self.save_copying(model, writer, flags, keys, full)
        ids = writer.upsert(full)
        return self.record_history(model, ids, list(zip(flags, keys, strict=True)))

    def models_written(self):
        """The models this batch wrote rows of, and their history models."""
        models = list(dict.fromkeys(model for model, _conflict, _update in self.writers))
        return [*models, *(self.histories[model].model for model in self.histories)]

    def history(self, model):
        if model not in self.histories:
            self.histories[model] = HistoryWriter(model)
        return self.histories[model]

    def save_copying(self, model, writer, flags, keys, full):
        """PostgreSQL: new rows (and their history) by COPY, changed ones by upsert."""
        new = [(key, row) for flag, key, row in zip(flags, keys, full, strict=True) if flag]
        changed = [(key, row) for flag, key, row in zip(flags, keys, full, strict=True) if not flag]
        history, ids, stamp = (
            self.history(model),
            {},
            {
                "when": self.when,
                "reason": self.reason,
                "user_id": self.user_id,
            },
        )
        if new:
            new_ids = writer.copy_new([row for _key, row in new])
            ids.update({key: pk for (key, _row), pk in zip(new, new_ids, strict=True)})
            history.copy(writer, new_ids, [row for _key, row in new], "+", **stamp)
        if changed:
            found = writer.upsert([row for _key, row in changed])
            ids.update(found)
            history.write([found[key] for key, _row in changed], "~", **stamp)
        return ids

    def record_history(self, model, ids, keyed):
        history = self.history(model)
        new, changed = [], []
        for is_new, key in keyed:
            (new if is_new else changed).append(ids[key])
        for kind, chunk in (("+", new), ("~", changed)):
            if chunk:
                history.write(chunk, kind, when=self.when, reason=self.reason, user_id=self.user_id)
        return ids
