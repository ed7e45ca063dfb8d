"""The responsibility lists (部门监管责任清单, 企业主体责任清单) as an XLSX workbook.

Units and districts are written by name, as offices keep these lists, with the unit's
统一社会信用代码 and the district's 区划代码 beside them: names are not unique in a real city
(three townships are called 城关镇; one company may run four scenic spots), so an import
resolves a name through its code when there is one, and refuses a name it cannot resolve
instead of guessing.

An import is one transaction through LedgerTx: every row is checked first, and one bad row
imports nothing; the report names each bad row by its sheet and Excel row number.

The modules: `columns` (the sheets, headers and role words), `refs` (units, districts and layers
by id and by name; the duties as the lists show them), `export`, `read` (the workbook's rows),
`report` (what an import found) and `importer` (all of it in one transaction).
"""

from riskmap.io.duties_xlsx.columns import (
    ALL_LAYERS,
    H_CREDIT,
    H_DISTRICT,
    H_DISTRICT_CODE,
    H_LAYER,
    H_NOTE,
    H_ROLE,
    H_SITE_ID,
    H_SITE_NAME,
    H_TOWNSHIP,
    H_UNIT,
    HEADERS,
    KINDS,
    ROLE_WORDS,
    SHEET_DEPARTMENT,
    SHEET_ENTERPRISE,
    SHEETS,
    WHOLE_CITY,
)
from riskmap.io.duties_xlsx.export import duty_tables, export_duties
from riskmap.io.duties_xlsx.importer import import_duties
from riskmap.io.duties_xlsx.refs import (
    DistrictRef,
    DutyRecord,
    DutyRefs,
    Refusal,
    UnitRef,
    load_duties,
    site_info,
)
from riskmap.io.duties_xlsx.report import DutyImportReport, RowProblem

__all__ = [
    "ALL_LAYERS",
    "HEADERS",
    "H_CREDIT",
    "H_DISTRICT",
    "H_DISTRICT_CODE",
    "H_LAYER",
    "H_NOTE",
    "H_ROLE",
    "H_SITE_ID",
    "H_SITE_NAME",
    "H_TOWNSHIP",
    "H_UNIT",
    "KINDS",
    "ROLE_WORDS",
    "SHEETS",
    "SHEET_DEPARTMENT",
    "SHEET_ENTERPRISE",
    "WHOLE_CITY",
    "DistrictRef",
    "DutyImportReport",
    "DutyRecord",
    "DutyRefs",
    "Refusal",
    "RowProblem",
    "UnitRef",
    "duty_tables",
    "export_duties",
    "import_duties",
    "load_duties",
    "site_info",
]
