"""The hazard ledger (隐患台账) as an XLSX file, with the column names units use.

Export writes one row per hazard (with its rectification) that opens cleanly in Excel and WPS.
Import reads a unit's ledger, checks every row against the database and the ledger's rules, and
then writes all rows in one transaction through `riskmap.core.ledger` (so roles and the audit
trail apply as for any edit), or writes nothing and reports every problem by Excel row and
column.

Qt-free: `riskmap ledger export|import` and the UI both call these functions.

The modules: `columns` (the columns and the words of their cells), `districts`, `export`, `read`
(the workbook, its header and its cells), `lookups` and `validate` (the rows against the
database and the rules), `versions` (the rows against the database since their export: conflicts,
rows without versions, the workflow steps a file may take), `report` (what an import found) and
`importer` (all of it in one transaction).
"""

from riskmap.io.ledger_xlsx.columns import (
    COLUMNS,
    DERIVED,
    HEADERS,
    LEVEL_ZH,
    SHEET,
    STATUS_ZH,
    Column,
)
from riskmap.io.ledger_xlsx.export import DATE_FORMAT, export_ledger
from riskmap.io.ledger_xlsx.importer import import_ledger
from riskmap.io.ledger_xlsx.report import Conflict, ImportReport, Problem

__all__ = [
    "COLUMNS",
    "DATE_FORMAT",
    "DERIVED",
    "HEADERS",
    "LEVEL_ZH",
    "SHEET",
    "STATUS_ZH",
    "Column",
    "Conflict",
    "ImportReport",
    "Problem",
    "export_ledger",
    "import_ledger",
]
