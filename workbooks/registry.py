"""The registry of sheet readers and writers.

Each app that has sheets lists them in its own ``workbook_sheets`` module, found when the
registry is first used (as the admin finds ``admin`` modules): ``READERS``, classes with
``order`` (dependency order: structure before the values that refer to it), ``label`` (what
the sheet is, for "what the file should hold"), ``recognises(sheet)``, ``read(sheet, context)``
and ``write(batch)``; and ``WRITERS``, objects with ``order``, ``title``, ``headers(plan)``,
``rows(plan)`` (the export), ``guide`` (the instructions sheet's lines) and optionally
``examples(plan)``, ``choices`` ({column letter: [choices]}) and ``in_template`` (False: the
sheet is written by exports only). An app never imports
another's sheets, and adding a layout is adding a class to a list.
"""

from django.utils.module_loading import autodiscover_modules

MODULE = "workbook_sheets"
_found = {}


def _load():
    if not _found:
        readers, writers = [], []
        for module in _modules():
            readers.extend(getattr(module, "READERS", []))
            writers.extend(getattr(module, "WRITERS", []))
        _found["readers"] = sorted(readers, key=lambda reader: reader.order)
        _found["writers"] = sorted(writers, key=lambda writer: writer.order)
    return _found


def _modules():
    import sys

    from django.apps import apps

    autodiscover_modules(MODULE)
    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.{MODULE}")
        if module is not None:
            yield module


def reader_classes():
    return _load()["readers"]


def writers():
    return _load()["writers"]
