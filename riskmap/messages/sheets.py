"""Messages of the ledger and duty-list workbooks (riskmap.io.ledger_xlsx, riskmap.io.duties_xlsx)
and of the sign-in and passwords (riskmap.core.accounts, riskmap.store.passwords)."""

from riskmap.messages.template import Template as T

MESSAGES = {
    # -- an XLSX workbook that cannot be opened -----------------------------------------------
    "xlsx.is_folder": T(
        "{path} is a directory, not an XLSX file", "{path} 是文件夹，不是 XLSX 文件"
    ),
    "xlsx.password": T(
        "{name} is password-protected; save it without a password and import again",
        "{name} 设有打开密码；请另存为不带密码的文件后再导入",
    ),
    "xlsx.old_xls": T(
        "{name} is an old Excel 97-2003 (.xls) workbook; save it as .xlsx",
        "{name} 是旧版 Excel 97-2003（.xls）工作簿；请另存为 .xlsx 文件",
    ),
    "xlsx.not_xlsx": T(
        "{name} is not an XLSX workbook (save it from Excel or WPS as .xlsx)",
        "{name} 不是 XLSX 工作簿（请在 Excel 或 WPS 中另存为 .xlsx 文件）",
    ),
    "xlsx.not_zip": T(
        "{name} is damaged (not a readable XLSX/ZIP file)",
        "{name} 已损坏（不是可读取的 XLSX/ZIP 文件）",
    ),
    "xlsx.xlsb": T(
        "{name} is a binary .xlsb workbook; save it as .xlsx",
        "{name} 是二进制 .xlsb 工作簿；请另存为 .xlsx 文件",
    ),
    "xlsx.zip_not_xlsx": T(
        "{name} is a ZIP file but not an XLSX workbook", "{name} 是 ZIP 文件，但不是 XLSX 工作簿"
    ),
    "xlsx.chart_sheet": T(
        "{name}: sheet {sheet} is a chart, not a table", "{name}：工作表“{sheet}”是图表，不是表格"
    ),
    "xlsx.unreadable": T(
        "{name} is not a readable XLSX workbook ({detail})",
        "{name} 不是可读取的 XLSX 工作簿（{detail}）",
    ),
    # -- the ledger workbook ------------------------------------------------------------------
    "ledger_file.no_header": T(
        "no header row found: expected a row with column names such as "
        "隐患编号, 风险点编号, 隐患名称, 整改期限 in the first rows of the sheet",
        "找不到表头：工作表开头几行中应有一行列名，如 隐患编号、风险点编号、隐患名称、整改期限",
    ),
    "ledger_file.unknown_field": T(
        "mapping {column}={field}: unknown field {field!r} (fields: {fields})",
        "列“{column}”对应的字段“{field}”不存在（可选字段：{fields}）",
    ),
    "ledger_file.mapped_missing": T(
        "mapping names columns the header row does not have: {columns}",
        "表头行中没有以下列：{columns}",
    ),
    "ledger_file.no_rows": T(
        "{name}: no rows with ledger data below the header (row {row})",
        "{name}：表头（第 {row} 行）下方没有台账数据",
    ),
    "ledger_file.cannot_import": T(
        "{who} is {article} {role} and cannot import the ledger",
        "{who} 的角色是{role}，不能导入台账",
    ),
    "ledger_file.cannot_read": T("cannot read the ledger: {detail}", "无法读取台账：{detail}"),
    "ledger_file.cannot_write": T("cannot write the ledger: {detail}", "无法写入台账：{detail}"),
    "ledger_file.race": T(
        "someone else changed the ledger during the import; nothing was written, try again",
        "导入期间有人修改了台账，未写入任何数据；请重试",
    ),
    "ledger_file.race_detail": T(
        "someone else changed the ledger during the import; nothing was written, try again "
        "({detail})",
        "导入期间有人修改了台账，未写入任何数据；请重试（{detail}）",
    ),
    "ledger_file.report_suffix": T(
        "save the report as .csv or .xlsx, not {format}",
        "导入报告只能保存为 .csv 或 .xlsx 文件，不能保存为 {format}",
    ),
    "ledger_file.districts_named": T(
        "several districts are named {name} ({codes}); give the code",
        "有多个行政区划名为“{name}”（{codes}）；请填写区划代码",
    ),
    "ledger_file.no_district": T(
        "no district with code or name {name!r}", "没有代码或名称为“{name}”的行政区划"
    ),
    "ledger_file.status_filter": T(
        "unknown status filter {status!r} (use one of {choices})",
        "未知的状态筛选“{status}”（可选：{choices}）",
    ),
    # -- the duty lists' workbook ---------------------------------------------------------------
    "duties_file.no_sheets": T("{name} has no sheet named {sheets}", "{name} 中没有工作表{sheets}"),
    # -- sign-in and passwords --------------------------------------------------------------------
    "account.wrong": T("wrong user name or password", "用户名或密码错误"),
    "account.first_password": T(
        "{user} has no password yet; set the first one", "{user} 还没有密码；请设置第一个密码"
    ),
    "account.no_password": T(
        "{user} has no password yet; an admin sets the first one",
        "{user} 还没有密码；请管理员为其设置",
    ),
    "account.on_server": T(
        "on PostgreSQL people sign in with their database login; its password is changed on the "
        "server",
        "使用 PostgreSQL 数据库时以数据库账号登录，密码须在数据库服务器上修改",
    ),
    "account.no_user": T("no user {user}", "没有用户 {user}"),
    "account.too_short": T(
        "a password needs at least {count} characters", "密码至少需要 {count} 个字符"
    ),
    "account.empty": T("a password cannot be empty", "密码不能为空"),
    "account.wrong_current": T(
        "the current password is wrong; nothing was changed", "当前密码不正确，未作任何修改"
    ),
    "account.admin_only": T(
        "only a signed-in admin can set another person's password ({user})",
        "只有已登录的管理员才能设置他人（{user}）的密码",
    ),
}
