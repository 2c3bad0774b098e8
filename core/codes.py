"""Codes: the natural keys users type in workbooks and see in URLs (``1.02.01``, ``IP.065``, ``M1``).

One rule at every door (forms, the admin, imports): a code is NFC-normalised and stripped, then
must be ASCII letters and digits, with ``.``, ``-`` and ``_`` between them, at most ``max_length``
characters. That keeps every code usable in a URL path segment (no ``/``), and refuses what
looks like an existing code but is not one: a Cyrillic ``ІР.065``, ``IP.065`` with a zero-width
space, a control character.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}  # control and format characters (zero-width space, …)


def normalise_code(text):
    """The code as it is stored: NFC, surrounding spaces removed."""
    return unicodedata.normalize("NFC", str(text)).strip()


def code_problem(code, max_length=50):
    """Why ``code`` (already normalised) is not a valid code, as a translated message; or None."""
    if not code:
        return _("a code cannot be empty")
    if len(code) > max_length:
        return _("a code has at most %(limit)d characters (this one has %(count)d)") % {
            "limit": max_length,
            "count": len(code),
        }
    invisible = [ch for ch in code if unicodedata.category(ch) in INVISIBLE]
    if invisible:
        return _("the code holds an invisible character (U+%(point)04X): retype it") % {
            "point": ord(invisible[0])
        }
    foreign = [ch for ch in code if ord(ch) > 127]
    if foreign:
        return _(
            "the code holds %(char)r, which is not a Latin letter or digit (a look-alike of "
            "another code?): use only A–Z, 0–9, and . - _ between them"
        ) % {"char": foreign[0]}
    if not PATTERN.match(code):
        return _(
            "a code uses only letters A–Z, digits 0–9, and . - _ between them (no spaces or /)"
        )
    return None


@deconstructible
class CodeValidator:
    """A model or form field validator with the rule of :func:`code_problem`."""

    def __init__(self, max_length=50):
        self.max_length = max_length

    def __call__(self, value):
        problem = code_problem(normalise_code(value), self.max_length)
        if problem is not None:
            raise ValidationError(problem, code="invalid_code")

    def __eq__(self, other):
        return isinstance(other, CodeValidator) and other.max_length == self.max_length
