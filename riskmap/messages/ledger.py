"""Messages of the ledger (riskmap.core.ledger, riskmap.store.access): roles and rules."""

from riskmap.messages.template import Template as T

MESSAGES = {
    # -- who may do what ----------------------------------------------------------------------
    "access.no_user": T(
        "cannot {action} {table}: no current user", "没有当前用户，无法修改{table}"
    ),
    "access.role": T(
        "{who} is {article} {role}; changing {table} needs the {need} role",
        "{who} 的角色是{role}；修改{table}需要{need}角色",
    ),
    "ledger.cannot_edit": T(
        "{who} is {article} {role} and cannot edit", "{who} 的角色是{role}，不能修改台账"
    ),
    "ledger.undo_not_yours": T(
        "only {user} or an admin can undo {user}'s edit",
        "只有 {user} 本人或管理员可以撤销 {user} 的修改",
    ),
    "ledger.lost_race": T(
        "someone else changed these records at the same moment; reload and try again",
        "有人同时修改了这些记录；请刷新后重试",
    ),
    # -- rectification workflow ---------------------------------------------------------------
    "ledger.unknown_action": T(
        "unknown action {action!r} (use one of {choices})", "未知的操作 {action}（可选：{choices}）"
    ),
    "ledger.bad_transition": T(
        "cannot {action} a rectification that is {status}",
        "整改状态为“{status}”，不能{action}",
    ),
    "ledger.bad_transition_hint": T(
        "cannot {action} a rectification that is {status}; from {status} you can {allowed}",
        "整改状态为“{status}”，不能{action}；此状态下可以：{allowed}",
    ),
    "ledger.future": T("{on} is in the future", "{on} 是将来的日期"),
    "ledger.submitted_before_found": T(
        "submitted on {on} is before the hazard was found ({found})",
        "提交日期 {on} 早于隐患发现日期（{found}）",
    ),
    "ledger.verified_before_submitted": T(
        "verified on {on} is before it was submitted ({submitted})",
        "验收日期 {on} 早于提交日期（{submitted}）",
    ),
    "ledger.same_verifier": T(
        "{user} submitted rectification {id}; another person must verify it",
        "整改 {id} 由 {user} 提交验收，须由另一人验收",
    ),
    "ledger.same_reviewer": T(
        "{user} submitted rectification {id}; another person must review it",
        "整改 {id} 由 {user} 提交验收，须由另一人审核",
    ),
    "ledger.verify_note": T(
        "say what the acceptance found (验收意见)", "请填写验收意见：验收发现了什么"
    ),
    "ledger.verify_sign_in": T(
        "{user} must sign in with their password to verify rectification {id}",
        "{user} 须以本人密码登录后才能验收整改 {id}",
    ),
    "ledger.review_sign_in": T(
        "{user} must sign in with their password to review rectification {id}",
        "{user} 须以本人密码登录后才能审核整改 {id}",
    ),
    "ledger.reject_reason": T(
        "say why the rectification is sent back (验收意见)", "请填写退回整改的理由（验收意见）"
    ),
    "ledger.no_verifier": T(
        "rectification {id}: verified without a verifier", "整改 {id}：已销号但没有验收人"
    ),
    "ledger.verifier_submitted": T(
        "rectification {id}: {user} submitted it and cannot also verify it",
        "整改 {id}：{user} 提交了验收，不能同时验收销号",
    ),
    # -- hazards and rectifications -------------------------------------------------------------
    "ledger.no_row": T("no {entity} with id {id}", "没有编号为 {id} 的{entity}"),
    "ledger.hazard_exists": T("hazard {id} already exists", "隐患 {id} 已存在"),
    "ledger.hazard_level": T(
        "hazard level must be general or major, not {level!r}",
        "隐患等级应为“一般”或“重大”，而不是 {level}",
    ),
    "ledger.hazard_description": T("a hazard needs a description", "请填写隐患描述"),
    "ledger.hazard_found_on": T("a hazard needs the date it was found", "请填写隐患发现日期"),
    "ledger.found_future": T("found on {on} is in the future", "发现日期 {on} 是将来的日期"),
    "ledger.rect_closed": T(
        "rectification {id} is verified (closed) and cannot change",
        "整改 {id} 已验收销号，不能再修改",
    ),
    "ledger.rect_measures": T("a rectification needs its measures (整改措施)", "请填写整改措施"),
    "ledger.rect_deadline": T("a rectification needs a deadline (整改期限)", "请填写整改期限"),
    "ledger.deadline_before_found": T(
        "deadline {deadline} is before the hazard was found ({found})",
        "整改期限 {deadline} 早于隐患发现日期（{found}）",
    ),
    "ledger.funds_negative": T("funds cannot be negative", "整改资金不能为负数"),
    "ledger.field_not_settable": T(
        "{field!r} is not a field you can set here", "此处不能设置字段 {field}"
    ),
    # -- undo -------------------------------------------------------------------------------------
    "ledger.undo_missing": T(
        "some of the edits to undo are not in the audit log",
        "要撤销的修改中有一些不在审计记录中",
    ),
    "ledger.undo_table": T("edits to {table} cannot be undone", "对{table}的修改不能撤销"),
    "ledger.undo_exists": T(
        "{table} {id} exists again; cannot restore it", "{table} {id} 已重新存在，无法恢复"
    ),
    "ledger.undo_action": T("cannot undo a {action!r} event", "不能撤销“{action}”类的记录"),
    "ledger.undo_deleted": T(
        "{table} {id} was deleted since; nothing to undo", "{table} {id} 已被删除，无可撤销"
    ),
}

# -- units, duties, patrol areas, users (riskmap.core.ledger_lists) -------------------------------
MESSAGES |= {
    "lists.unit_in_use": T(
        "unit {unit} is still named by {count} duties, rectifications, patrol areas, resources "
        "or users; reassign them first",
        "单位“{unit}”仍被 {count} 条包保责任、整改、巡查区域、应急资源或用户引用；请先改派",
    ),
    "lists.unit_name": T("a unit needs a name", "请填写单位名称"),
    "lists.unit_kind": T(
        "unit kind must be one of {choices}", "单位类型无效（可选代码：{choices}）"
    ),
    "lists.no_district": T("no district with code {code}", "没有代码为 {code} 的行政区划"),
    "lists.credit_code_taken": T(
        "credit code {code} already belongs to {unit}",
        "统一社会信用代码 {code} 已属于“{unit}”",
    ),
    "lists.duty_role": T(
        "role must be one of {choices}, not {role!r}", "责任类型无效：{role}（可选代码：{choices}）"
    ),
    "lists.duty_scope": T(
        "a duty names a site, or a layer and/or a district",
        "包保责任须指定一个场所，或一个图层和（或）一个行政区划",
    ),
    "lists.unknown_layer": T("unknown layer {layer!r}", "未知的图层 {layer}"),
    "lists.site_layer": T(
        "site {id} is on layer {layer}, not {wanted}",
        "场所 {id} 属于图层“{layer}”，不是“{wanted}”",
    ),
    "lists.patrol_name": T("a patrol area needs a name", "请填写巡查区域名称"),
    "lists.patrol_kind": T("a patrol area is an area or a route", "巡查区域须为区域或路线"),
    "lists.patrol_geometry": T("a patrol area needs a geometry", "请在地图上绘制巡查区域"),
    "lists.patrol_dates": T(
        "the patrol ends ({ends}) before it starts ({starts})",
        "巡查结束日期（{ends}）早于开始日期（{starts}）",
    ),
    "lists.patrol_polygon": T(
        "a patrol area is a polygon (draw a route for a line)",
        "巡查区域须为面（线状请绘制为巡查路线）",
    ),
    "lists.patrol_line": T("a patrol route is a line", "巡查路线须为线"),
    "lists.patrol_width": T(
        "a patrol route needs a corridor width greater than 0 metres",
        "巡查路线的缓冲宽度须大于 0 米",
    ),
    "lists.patrol_width_negative": T("a corridor width cannot be negative", "缓冲宽度不能为负数"),
    "lists.patrol_invalid": T(
        "the patrol's outline is not valid ({detail}); redraw it",
        "巡查区域的边界无效（{detail}）；请重新绘制",
    ),
    "lists.unknown_preset": T("unknown preset {preset!r}", "未知的节假日方案 {preset}"),
    "lists.user_role": T(
        "role must be one of {choices}, not {role!r}", "角色无效：{role}（可选：{choices}）"
    ),
    "lists.user_name": T("a user needs a name", "请填写用户名"),
    "lists.self_demotion": T(
        "you cannot take away your own admin role or deactivate yourself",
        "不能取消自己的管理员角色，也不能停用自己",
    ),
    "lists.last_admin": T(
        "{user} is the last active admin", "{user} 是最后一位在用的管理员，不能取消或停用"
    ),
}

# -- a unit's ledger written as it stands (riskmap.core.ledger_import) ----------------------------
MESSAGES |= {
    "ledger.import_twice": T(
        "hazard {id} appears twice in one import", "隐患 {id} 在同一次导入中出现了两次"
    ),
    "ledger.import_hazard": T("hazard {id}: {detail}", "隐患 {id}：{detail}"),
    "ledger.import_item": T("item {row}: {detail}", "第 {row} 条：{detail}"),
    "ledger.import_other_site": T(
        "the hazard is at site {id}, not {site}", "该隐患属于场所 {id}，不是场所 {site}"
    ),
    "ledger.found_after_deadline": T(
        "found on {found}, after the order's deadline {deadline}",
        "发现日期 {found} 晚于整改期限 {deadline}",
    ),
    "ledger.found_after_submitted": T(
        "found on {found}, after the order was submitted ({submitted})",
        "发现日期 {found} 晚于整改提交验收的日期（{submitted}）",
    ),
    "ledger.escalation": T(
        "escalation is 0 or 1, not {value!r}", "提级督办只能为 0（否）或 1（是），而不是 {value}"
    ),
    "ledger.escalated_future": T(
        "escalated on {on} is in the future", "提级日期 {on} 是将来的日期"
    ),
    "ledger.rect_status": T(
        "status must be one of {choices}, not {status!r}",
        "整改状态无效：{status}（可选：{choices}）",
    ),
    "ledger.import_not_submitted": T(
        "a rectification that is {status} has no submitter or verifier",
        "整改状态为“{status}”时不应有提交人或验收人",
    ),
    "ledger.import_submitter": T(
        "a submitted rectification needs its submitter and date",
        "待验收的整改须填写提交人和提交日期",
    ),
    "ledger.import_no_verifier_yet": T(
        "a submitted rectification has no verifier yet", "待验收的整改不应已有验收人"
    ),
    "ledger.import_verifier": T(
        "a verified rectification needs its verifier and date",
        "已销号的整改须填写验收人和验收日期",
    ),
    "ledger.import_same_verifier": T(
        "{user} submitted it and cannot also verify it", "{user} 提交了验收，不能同时验收销号"
    ),
    "ledger.submitted_future": T(
        "submitted on {on} is in the future", "提交日期 {on} 是将来的日期"
    ),
    "ledger.verified_future": T("verified on {on} is in the future", "验收日期 {on} 是将来的日期"),
}
