"""The sheets, their column headers and the words of the 责任类型 column."""

from __future__ import annotations

from riskmap import terms
from riskmap.core.history import ChangeWords

KINDS = ("department", "enterprise")
SHEET_DEPARTMENT = "部门监管责任清单"
SHEET_ENTERPRISE = "企业主体责任清单"
SHEETS = {"department": SHEET_DEPARTMENT, "enterprise": SHEET_ENTERPRISE}

H_UNIT = "责任单位"
H_ROLE = "责任类型"
H_LAYER = "图层"
H_DISTRICT = "区域"
H_SITE_ID = "风险点编号"
H_SITE_NAME = "风险点名称"
H_TOWNSHIP = "所属镇办"
H_NOTE = "说明"
H_CREDIT = "统一社会信用代码"
H_DISTRICT_CODE = "区划代码"
# The codes go last: people read and edit the names; the codes only settle ambiguous names.
_DEPARTMENT_HEADERS = (H_UNIT, H_ROLE, H_LAYER, H_DISTRICT, H_NOTE, H_CREDIT, H_DISTRICT_CODE)
HEADERS = {
    "department": _DEPARTMENT_HEADERS,
    "enterprise": (
        *_DEPARTMENT_HEADERS[:4],
        H_SITE_ID,
        H_SITE_NAME,
        H_TOWNSHIP,
        *_DEPARTMENT_HEADERS[4:],
    ),
}
_REQUIRED = {"department": (H_UNIT, H_ROLE), "enterprise": (H_UNIT, H_ROLE, H_SITE_ID)}
# Hidden, after the others: each duty's id and its version when exported. An import compares
# them with the database, so an old copy never undoes a newer change (see `importer`).
H_DUTY_ID = "条目编号"
H_VERSION = "版本号"
VERSION_HEADERS = (H_DUTY_ID, H_VERSION)
_KNOWN = set(HEADERS["enterprise"]) | set(VERSION_HEADERS)
# The export's facts: the database it came from, and the audit trail's last event then.
ABOUT_SHEET = "说明"
ABOUT_DATABASE = "数据库标识"
ABOUT_MARK = "导出时审计序号"

ROLE_WORDS = terms.words(terms.ROLE)
# Words the offices also write in the 责任类型 column.
_ROLE_ALIASES = {
    "行业主管": "regulator",
    "主管部门": "regulator",
    "监管部门": "supervisor",
    "综合监管": "supervisor",
    "属地管理": "territorial",
    "属地政府": "territorial",
    "企业主体": "enterprise",
    "审批部门": "approver",
}
ALL_LAYERS = "全部"
WHOLE_CITY = "全市"

# A duty's change in the words of the lists (the audit trail names columns).
CHANGE_WORDS = ChangeWords(
    names={
        "unit_id": H_UNIT,
        "role": H_ROLE,
        "layer": H_LAYER,
        "district_code": H_DISTRICT_CODE,
        "site_id": H_SITE_ID,
        "note": H_NOTE,
    },
    values={"role": ROLE_WORDS},
    colon="：",
    sep="；",
    created="新增",
    deleted="删除",
    nothing="无可见变化",
)
