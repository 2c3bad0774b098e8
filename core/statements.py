"""Querysets turned into SQL once, run many times: for the read paths that serve every visitor.

Building a queryset with a large expression (the achievement rule, five filtered joins) and
compiling it costs the ORM more than the database takes to answer it: 3 ms of Python for a
0.7 ms query on the dashboard. A :func:`rows` call names what it asks for with a key (everything
the SQL depends on: the caller's arguments) and builds the queryset only the first time a
process sees that key; afterwards it runs the SQL it compiled then. Nothing read is kept: each
call reads the database afresh, so this is no cache of results, only of the SQL's text.

Rows come back as tuples, with the database's values turned into the fields' Python values by
the converters Django's compiler would apply (Decimal columns on SQLite, booleans, dates).
"""

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router

# Distinct keys a process keeps (plans × years × levels × misi × verified-only, a few hundred).
KEPT = 512


@dataclass(frozen=True)
class Statement:
    alias: str
    sql: str
    params: tuple
    converters: tuple  # (position, (converter, …), expression) of the columns that have any
    width: int | None  # columns the caller asked for, when the SQL selects more (for ordering)

    @classmethod
    def of(cls, queryset):
        """The statement of a ``values()`` or ``values_list()`` queryset."""
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            sql, params = "", ()
        selected = compiler.select[: compiler.col_count] if sql else []
        converters = tuple(
            (position, tuple(functions), expression)
            for position, (functions, expression) in compiler.get_converters(
                [column for column, _sql, _alias in selected]
            ).items()
        )
        width = compiler.col_count if sql and compiler.has_extra_select else None
        return cls(queryset.db, sql, tuple(params), converters, width)

    def rows(self, params=None):
        """The rows read now, with the statement's own parameters or ``params`` in their place."""
        if not self.sql:
            return []
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params if params is None else params)
            found = cursor.fetchall()
        if self.width is not None:
            found = [row[: self.width] for row in found]
        if not self.converters:
            return found
        converted = []
        for row in found:
            row = list(row)
            for position, functions, expression in self.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            converted.append(tuple(row))
        return converted

    def rows_with(self, value, stand_in):
        """The rows read now with ``value`` for every parameter equal to ``stand_in``: for a
        lookup that each request makes with another value (a primary key, a session key),
        compiled once with ``stand_in`` in its place. ``stand_in`` must be a value no other
        parameter of the query takes, of the type the database is given for ``value`` (an int
        for an integer key, a string for a text one)."""
        if stand_in not in self.params:
            raise ValueError(f"the SQL takes no parameter {stand_in!r} to stand in for")
        return self.rows(tuple(value if param == stand_in else param for param in self.params))


_compiled = OrderedDict()
_lock = Lock()


def statement(model, key, build):
    """The :class:`Statement` of ``build()`` (a ``values()``/``values_list()`` queryset of
    ``model``), compiled the first time ``key`` is asked for in this process from the database
    the router reads ``model`` from now."""
    alias = router.db_for_read(model)
    key = (alias, *key)
    with _lock:
        found = _compiled.get(key)
        if found is not None:
            _compiled.move_to_end(key)  # the least recently used make way first
            return found
    found = Statement.of(build().using(alias))
    with _lock:
        _compiled[key] = found
        while len(_compiled) > KEPT:
            _compiled.popitem(last=False)
    return found


def rows(model, key, build):
    """The rows (tuples) of ``build()``'s queryset of ``model``, read now; its SQL compiled once
    per ``key`` (a tuple) and database.

    ``key`` must name everything the SQL depends on: usually the calling function and its
    arguments.
    """
    return statement(model, key, build).rows()


def rows_for(model, key, build, value, stand_in):
    """The rows of ``build(value)`` read now, its SQL compiled once per ``key`` from
    ``build(stand_in)`` (see :meth:`Statement.rows_with`)."""
    return statement(model, key, lambda: build(stand_in)).rows_with(value, stand_in)


def kept():
    """How many statements this process keeps compiled."""
    return len(_compiled)


def forget():
    """Drop every compiled statement (after a migration in tests, say)."""
    with _lock:
        _compiled.clear()


def shape(queryset):
    """What a queryset's own SQL is (its text and parameters), for the key of a statement built
    from it: two querysets filtered alike give the same shape. A manager's own queryset, as
    :class:`ShapedManager` hands it out (every row, nothing chained on it), is known without
    compiling it."""
    query = queryset.query
    if getattr(queryset, "_fresh_query", None) is query:
        return ("every row",)
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:
        return ("nothing",)
    return sql, tuple(params)


class ShapedManager(models.Manager):
    """A manager whose fresh querysets say so to :func:`shape`: the dashboard asks the model's
    manager for every indicator on each request, and compiling that queryset only to learn
    that it is the plain one cost as much as the query's own run. Anything chained on it
    (``filter()``, a related manager's filter …) is a new queryset without the mark."""

    def get_queryset(self):
        queryset = super().get_queryset()
        queryset._fresh_query = queryset.query
        return queryset
