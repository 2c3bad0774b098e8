"""The plan's sheets, registered with the workbook engine (``workbooks.registry``): readers in
dependency order (perangkat daerah → misi → tujuan → sasaran → program → indikator → yearly
values) and writers for exports and the template. The engine finds this module; this app never
imports the engine.
"""

from .printed import PrintedTableReader
from .structure import GoalsReader, MissionsReader, ObjectivesReader, ProgramsReader, UnitsReader
from .values import IndicatorsReader, LongValuesReader, WideValuesReader
from .writers import WRITERS, realization_sheet

READERS = [
    UnitsReader,
    MissionsReader,
    GoalsReader,
    ObjectivesReader,
    ProgramsReader,
    IndicatorsReader,
    WideValuesReader,
    LongValuesReader,
    PrintedTableReader,  # tried on the sheets none of the above takes
]

__all__ = ["READERS", "WRITERS", "realization_sheet"]
