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
