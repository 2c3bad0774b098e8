"""Streaming a worksheet's cells (and the shared strings) with expat, as defusedxml guards it.

A worksheet is most of a workbook; building an element tree for every cell and walking it costs
more than everything else an import does. Expat's callbacks give each cell's type, style, value
and formula directly. The parser refuses what defusedxml's expat parsers refuse (a DTD, entity
declarations, external entities), with defusedxml's own exceptions.
"""

from __future__ import annotations

import re
from datetime import datetime
from xml.parsers import expat

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, FORMULA, INLINE = NS + "row", NS + "c", NS + "v", NS + "f", NS + "is"
TEXT, PHONETIC, STRING_ITEM = NS + "t", NS + "rPh", NS + "si"
CHUNK = 1 << 16


class UncachedFormula:
    def __repr__(self):
        return "<formula without a saved result>"

    def __reduce__(self):
        return "UNCACHED_FORMULA"  # one marker, also after a sheet's rows are replayed


UNCACHED_FORMULA = UncachedFormula()


class BadNumber(str):
    """A numeric cell whose stored text is not a number."""


class Limit(Exception):
    """A limit was passed: ``what`` (rows, cells, text) at ``where``."""

    def __init__(self, what, where, count=None):
        super().__init__(what)
        self.what, self.where, self.count = what, where, count


def guarded_parser():
    """An expat parser (namespaces as ``uri}name``) with defusedxml's refusals."""
    parser = expat.ParserCreate(namespace_separator="}")

    def doctype(name, sysid, pubid, has_internal_subset):
        raise DTDForbidden(name, sysid, pubid)

    def entity(name, is_parameter_entity, value, base, sysid, pubid, notation_name):
        raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)

    def unparsed(name, base, sysid, pubid, notation_name):
        raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)

    def external(context, base, sysid, pubid):
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = unparsed
    parser.ExternalEntityRefHandler = external
    parser.buffer_text = True
    return parser


def feed(parser, stream, collected):
    """Parse ``stream`` chunk by chunk; yield what the handlers collected after each chunk."""
    while True:
        chunk = stream.read(CHUNK)
        parser.Parse(chunk, not chunk)
        if collected:
            yield from collected
            collected.clear()
        if not chunk:
            return


# The format's escape of one character in text ("_x000D_"; "_x005F_" for "_" before such a
# pattern), which spreadsheet programs write for what XML cannot hold and show as the character.
ESCAPED_CHARACTER = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _character(match):
    code = int(match[1], 16)
    return match[0] if 0xD800 <= code <= 0xDFFF else chr(code)


def unescaped(text):
    """``text`` as a spreadsheet program shows it: each ``_xHHHH_`` escape read as its character."""
    return ESCAPED_CHARACTER.sub(_character, text) if "_x" in text else text


def shared_strings(stream, max_text):
    """The shared strings of a workbook, in order (rich text joined, phonetic hints left out)."""
    strings, parts = [], []
    state = {"text": None, "phonetic": 0}
    parser = guarded_parser()

    def start(name, attrs):
        if name == TEXT and not state["phonetic"]:
            state["text"] = []
        elif name == PHONETIC:
            state["phonetic"] += 1
        elif name == STRING_ITEM:
            parts.clear()

    def end(name):
        if name == TEXT and state["text"] is not None:
            parts.append("".join(state["text"]))
            state["text"] = None
        elif name == PHONETIC:
            state["phonetic"] -= 1
        elif name == STRING_ITEM:
            text = "".join(parts)
            if len(text) > max_text:
                raise Limit("text", len(strings), len(text))
            strings.append(unescaped(text))

    def characters(data):
        if state["text"] is not None:
            state["text"].append(data)

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = characters
    for _ in feed(parser, stream, []):
        pass
    return strings


class SheetCells:
    """Expat handlers that turn a worksheet into (row number, {column: value}) rows."""

    def __init__(self, strings, date_styles, date1904, limits):
        self.strings, self.date_styles = strings, date_styles
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.max_rows, self.max_cells, self.max_text = (
            limits.max_rows,
            limits.max_cells,
            limits.max_text,
        )
        self.rows_done = self.cells = self.number = self.column = 0
        self.values = {}
        self.ready = []
        self.text = None  # characters being collected (of <v> or an inline <t>)
        self.inline = None
        self.phonetic = 0
        self.kind = self.style = self.raw = None
        self.formula = False

    def parse(self, stream):
        parser = guarded_parser()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        yield from feed(parser, stream, self.ready)

    def start(self, name, attrs):
        if name == CELL:
            ref = attrs.get("r")
            self.column = _column(ref) if ref else self.column + 1
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.raw, self.formula, self.inline = None, False, None
            self.cells += 1
        elif name == VALUE:
            self.text = []
        elif name == ROW:
            self.rows_done += 1
            if self.rows_done > self.max_rows:
                raise Limit("rows", self.number + 1)
            ref = attrs.get("r")
            self.number = int(ref) if ref else self.number + 1
            self.values, self.column = {}, 0
        elif name == FORMULA:
            self.formula = True
        elif name == INLINE:
            self.inline = []
        elif name == TEXT and self.inline is not None and not self.phonetic:
            self.text = []
        elif name == PHONETIC:
            self.phonetic += 1

    def characters(self, data):
        if self.text is not None:
            self.text.append(data)

    def end(self, name):
        if name == VALUE:
            self.raw = "".join(self.text)
            self.text = None
        elif name == CELL:
            value = self.value()
            if value is not None and value != "":
                if isinstance(value, str) and len(value) > self.max_text:
                    raise Limit("text", (self.number, self.column), len(value))
                self.values[self.column] = value
        elif name == ROW:
            if self.cells > self.max_cells:
                raise Limit("cells", self.number)
            if self.values:
                self.ready.append((self.number, self.values))
        elif name == TEXT and self.text is not None and self.inline is not None:
            self.inline.append("".join(self.text))
            self.text = None
        elif name == PHONETIC:
            self.phonetic -= 1

    def value(self):
        kind, raw = self.kind, self.raw
        if kind == "s":
            return self.strings[int(raw)] if raw is not None else None
        if kind == "inlineStr":
            return unescaped("".join(self.inline)) if self.inline is not None else None
        if not raw:  # no <v>, or an empty one (openpyxl writes <v/> after a formula)
            return UNCACHED_FORMULA if self.formula else None
        if kind == "n":
            value = _number(raw)
            dated = self.style is not None and int(self.style) in self.date_styles
            if dated and not isinstance(value, BadNumber):
                return from_excel(value, epoch=self.epoch)
            return value
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            return datetime.fromisoformat(raw.strip())
        return raw  # "str" (a formula's text result) and "e" (an error such as #DIV/0!)


def _number(text):
    try:
        if "." in text or "e" in text or "E" in text or "n" in text.lower():
            return float(text)
        return int(text)
    except ValueError:
        return BadNumber(text)


def _column(ref):
    number = 0
    for char in ref:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number
