"""Sessions in the database, as Django's ``db`` engine keeps them, read by one compiled statement.

Every logged-in request reads its session first. Django's engine builds and compiles the same
``Session.objects.get(...)`` queryset for it each time, which cost more than the database took to
answer. This engine (``SESSION_ENGINE = "core.sessions"``) compiles that lookup once per process
(:func:`core.statements.rows_for`) and checks the expiry on the row read, as Django's query does
in SQL: a session whose ``expire_date`` has passed is no session. Writing, creating, deleting and
clearing expired sessions are Django's own.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from . import statements

# No session key takes this form (they are 32 lowercase letters and digits).
KEY_STAND_IN = "(the session key)"
FIELDS = ("session_key", "session_data", "expire_date")


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        found = statements.rows_for(
            model,
            ("session", model._meta.label),
            lambda key: model.objects.filter(session_key=key).values_list(*FIELDS),
            self.session_key,
            KEY_STAND_IN,
        )
        if found and found[0][2] > timezone.now():
            return model(**dict(zip(FIELDS, found[0], strict=True)))
        self._session_key = None
        return None
