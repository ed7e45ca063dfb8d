"""The ledger's rules: transitions, the verifier, roles, escalation, the audit trail, undo."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import func, select, text

from riskmap.core.ledger import (
    ACTIONS,
    TRANSITIONS,
    Ledger,
    allowed_actions,
    due_for_escalation,
    next_status,
    resolve_actor,
    site_history,
)
from riskmap.errors import ConflictError, LedgerError, PermissionDenied
from riskmap.store.access import Actor
from riskmap.store.engine import open_store
from riskmap.store.schema import RECT_STATUSES, AuditEvent, Hazard, Rectification, Site, Unit

EDITOR = Actor("zhangwei", "editor", "张伟")
# A four-eyes step needs a person who proved who they are (their password, in the window).
VERIFIER = Actor("lina", "editor", "李娜", authenticated=True)
ADMIN = Actor("admin", "admin", "系统管理员")
VIEWER = Actor("wall", "viewer", "指挥中心大屏")


@pytest.fixture
def store(demo_copy: str):
    s = open_store(demo_copy)
    yield s
    s.dispose()


@pytest.fixture
def today(demo_anchor: dt.date) -> dt.date:
    return demo_anchor


def _ledger(store, actor: Actor, today: dt.date) -> Ledger:
    return Ledger(store, actor, today=today)


def _site(store, layer: str = "chemical_plants") -> int:
    with store.session() as s:
        return s.scalar(select(Site.id).where(Site.layer == layer).order_by(Site.id).limit(1))


def _unit(store) -> int:
    with store.session() as s:
        return s.scalar(select(Unit.id).order_by(Unit.id).limit(1))


def _events(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent))


def _new_rect(store, today: dt.date, level: str = "general", deadline_days: int = 10):
    led = _ledger(store, EDITOR, today)
    with led.edit() as tx:
        hid = tx.create_hazard(_site(store), level, "消防通道堵塞", found_on=today)
        rid = tx.set_rectification(
            hid, "清理通道", today + dt.timedelta(days=deadline_days), _unit(store), "赵六"
        )
    return hid, rid


def _rect(store, rid: int) -> Rectification:
    with store.session() as s:
        return s.get(Rectification, rid)


def _drive(store, rid: int, today: dt.date, to: str) -> None:
    """Bring a rectification to status `to` along the allowed path."""
    path = {"open": [], "in_progress": ["start"], "submitted": ["start", "submit"]}
    path["verified"] = [*path["submitted"], "verify"]
    for action in path[to]:
        actor = VERIFIER if action == "verify" else EDITOR
        with _ledger(store, actor, today).edit() as tx:
            tx.transition(rid, action, note="现场复核合格" if action == "verify" else "")


# -- the state machine ---------------------------------------------------------------------


NOTES = {"reject": "整改不到位", "verify": "现场复核合格"}


@pytest.mark.parametrize(("status", "action"), sorted(TRANSITIONS))
def test_every_allowed_transition(store, today, status: str, action: str) -> None:
    _, rid = _new_rect(store, today)
    _drive(store, rid, today, status)
    actor = VERIFIER if action in ("verify", "reject") else EDITOR
    with _ledger(store, actor, today).edit() as tx:
        new = tx.transition(rid, action, note=NOTES.get(action, ""))
    r = _rect(store, rid)
    assert new == r.status == TRANSITIONS[(status, action)]
    if action == "submit":
        assert (r.submitted_by, r.submitted_on) == ("zhangwei", today)
    if action == "verify":
        assert (r.verified_by, r.verified_on) == ("lina", today)
        assert r.review_note == "现场复核合格"
    if action == "reject":
        assert r.review_note == "整改不到位"
        assert r.submitted_by is None


FORBIDDEN = sorted(
    (s, a) for s, a in itertools.product(RECT_STATUSES, ACTIONS) if (s, a) not in TRANSITIONS
)


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_every_forbidden_transition_changes_nothing(store, today, status, action) -> None:
    _, rid = _new_rect(store, today)
    _drive(store, rid, today, status)
    before, n = _rect(store, rid), _events(store)
    with (
        pytest.raises(LedgerError, match=f"cannot {action} a rectification that is {status}"),
        _ledger(store, VERIFIER, today).edit() as tx,
    ):
        tx.transition(rid, action, note="x")
    after = _rect(store, rid)
    assert (after.status, after.version) == (before.status, before.version)
    assert _events(store) == n


def test_next_status_names_what_is_allowed() -> None:
    with pytest.raises(LedgerError, match="from open you can start"):
        next_status("open", "verify")
    with pytest.raises(LedgerError, match="unknown action"):
        next_status("open", "close")


def test_the_submitter_cannot_verify_or_reject(store, today) -> None:
    _, rid = _new_rect(store, today)
    _drive(store, rid, today, "submitted")
    for action in ("verify", "reject"):
        with (
            pytest.raises(LedgerError, match="another person must"),
            _ledger(store, EDITOR, today).edit() as tx,
        ):
            tx.transition(rid, action, note="x")
    assert _rect(store, rid).status == "submitted"
    assert allowed_actions("submitted", EDITOR, "zhangwei") == []
    assert allowed_actions("open", EDITOR, None, has_order=False) == []
    assert allowed_actions("open", EDITOR, None) == ["start"]
    assert allowed_actions("submitted", VERIFIER, "zhangwei") == ["verify", "reject"]
    assert allowed_actions("submitted", VIEWER, "zhangwei") == []


def test_the_verifier_rule_holds_outside_the_ledger_api_too(store, today) -> None:
    _, rid = _new_rect(store, today)
    _drive(store, rid, today, "submitted")
    with pytest.raises(LedgerError, match="cannot also verify"), store.begin(EDITOR) as s:
        r = s.get(Rectification, rid)
        r.status, r.verified_by, r.verified_on = "verified", "zhangwei", today
    assert _rect(store, rid).status == "submitted"


def test_rejecting_needs_a_reason(store, today) -> None:
    _, rid = _new_rect(store, today)
    _drive(store, rid, today, "submitted")
    with pytest.raises(LedgerError, match="say why"), _ledger(store, VERIFIER, today).edit() as tx:
        tx.transition(rid, "reject")


def test_verifying_needs_an_acceptance_note_and_a_signed_in_verifier(store, today) -> None:
    hid, rid = _new_rect(store, today)
    _drive(store, rid, today, "submitted")
    n = _events(store)
    with pytest.raises(LedgerError, match="验收意见"), _ledger(store, VERIFIER, today).edit() as tx:
        tx.transition(rid, "verify", note="   ")
    # The same person by name only (a script's --user): not enough for four eyes.
    unproven = Actor("lina", "editor", "李娜")
    for action in ("verify", "reject"):
        with (
            pytest.raises(PermissionDenied, match="lina must sign in with their password"),
            _ledger(store, unproven, today).edit() as tx,
        ):
            tx.transition(rid, action, note="现场复核合格")
    assert _events(store) == n and _rect(store, rid).status == "submitted"
    with _ledger(store, VERIFIER, today).edit() as tx:
        tx.transition(rid, "verify", note="  现场复核合格，通道已清空  ")
    r = _rect(store, rid)
    assert (r.status, r.verified_by) == ("verified", "lina")
    assert r.review_note == "现场复核合格，通道已清空"
    newest = site_history(store, _site(store), limit=1)[0]
    assert (newest.user, newest.note) == ("lina", "现场复核合格，通道已清空")
    assert newest.headline == f"verify and close (hazard #{hid})"


def test_an_undo_is_named_as_the_undo_of_the_original_by_whoever_undid_it(store, today) -> None:
    hid, rid = _new_rect(store, today)
    _drive(store, rid, today, "in_progress")
    led = _ledger(store, EDITOR, today)
    with led.edit() as tx:
        tx.transition(rid, "submit")
        submitted = tx.events
    with led.edit() as tx:
        tx.revert(submitted)
        undone = tx.events
    with led.edit() as tx:
        tx.revert(undone)
    redo, undo, submit = site_history(store, _site(store), limit=3)
    assert (submit.user, submit.headline) == ("zhangwei", f"submit for acceptance (hazard #{hid})")
    # Not "send back for rectification", which zhangwei, the submitter, may not do.
    assert undo.user == "zhangwei"
    assert undo.headline == f"undo: submit for acceptance (hazard #{hid})"
    assert (undo.reverts, undo.original.id) == (submitted[0], submitted[0])
    assert redo.headline == f"redo: submit for acceptance (hazard #{hid})"
    assert _rect(store, rid).status == "submitted"


def test_older_events_name_their_hazard_from_the_rectification(store) -> None:
    # The demo's trail predates full snapshots: its rectification events carry no hazard_id.
    with store.session() as s:
        rid, hid, site = s.execute(
            select(Rectification.id, Rectification.hazard_id, Hazard.site_id)
            .join(Hazard, Hazard.id == Rectification.hazard_id)
            .order_by(Rectification.id)
            .limit(1)
        ).one()
        created = s.scalar(
            select(AuditEvent).where(
                AuditEvent.table == "rectifications",
                AuditEvent.row_id == rid,
                AuditEvent.action == "create",
            )
        )
        assert "hazard_id" not in (created.after or {})
    entries = [e for e in site_history(store, site) if e.table == "rectifications"]
    ordered = next(e for e in entries if e.row_id == rid and e.action == "create")
    assert ordered.headline == f"rectification ordered (hazard #{hid})"
    assert all("#?" not in e.headline for e in entries)


def test_a_verified_rectification_cannot_be_changed(store, today) -> None:
    hid, rid = _new_rect(store, today)
    _drive(store, rid, today, "verified")
    with pytest.raises(LedgerError, match="verified"), _ledger(store, EDITOR, today).edit() as tx:
        tx.set_rectification(hid, "别的措施", today + dt.timedelta(days=3))


# -- roles ---------------------------------------------------------------------------------


def test_a_viewer_changes_nothing(store, today) -> None:
    n = _events(store)
    with (
        pytest.raises(PermissionDenied, match="viewer"),
        _ledger(store, VIEWER, today).edit() as tx,
    ):
        tx.create_hazard(_site(store), "general", "x")
    # Not even through a raw session: the flush refuses.
    with pytest.raises(PermissionDenied, match="wall is a viewer"), store.begin(VIEWER) as s:
        s.get(Hazard, 1).description = "改"
    with pytest.raises(PermissionDenied, match="no current user"), store.begin() as s:
        s.get(Hazard, 1).description = "改"
    assert _events(store) == n
    with store.session() as s:
        assert s.get(Hazard, 1).description != "改"


def test_units_and_duties_need_an_admin(store, today) -> None:
    with (
        pytest.raises(PermissionDenied, match="needs the admin role"),
        _ledger(store, EDITOR, today).edit() as tx,
    ):
        tx.create_unit(name="青岚某化工有限公司", kind="enterprise")
    with _ledger(store, ADMIN, today).edit() as tx:
        uid = tx.create_unit(name="青岚某化工有限公司", kind="enterprise")
        tx.create_duty(unit_id=uid, role="enterprise", site_id=_site(store))
    with store.session() as s:
        assert s.get(Unit, uid).name == "青岚某化工有限公司"


def test_the_current_user_comes_from_the_users_table(store, monkeypatch) -> None:
    assert resolve_actor(store, "lina") == Actor("lina", "editor", "李娜")
    stranger = resolve_actor(store, "nobody")
    assert (stranger.role, stranger.known) == ("viewer", False)
    monkeypatch.setenv("RISKMAP_USER", "wall")
    assert resolve_actor(store).role == "viewer"
    # Whoever created the database is its admin.
    assert resolve_actor(store, "admin").role == "admin"


# -- escalation ----------------------------------------------------------------------------


def test_overdue_major_hazards_are_escalated_on_their_first_overdue_day(store, today) -> None:
    deadline = today + dt.timedelta(days=5)
    major, major_rid = _new_rect(store, today, "major", 5)
    general, _ = _new_rect(store, today, "general", 5)
    closed, closed_rid = _new_rect(store, today, "major", 5)
    _drive(store, closed_rid, today, "verified")
    with store.session() as s:
        assert major not in {e.hazard_id for e in due_for_escalation(s, deadline)}
        due = {e.hazard_id: e for e in due_for_escalation(s, deadline + dt.timedelta(days=1))}
    assert major in due and general not in due and closed not in due
    assert due[major].escalated_on == deadline + dt.timedelta(days=1)
    later = deadline + dt.timedelta(days=20)
    with _ledger(store, EDITOR, later).edit() as tx:
        done = tx.escalate_due()
    assert major in {e.hazard_id for e in done}
    with store.session() as s:
        h = s.get(Hazard, major)
        assert (h.escalation, h.escalated_on) == (1, deadline + dt.timedelta(days=1))
        assert major not in {e.hazard_id for e in due_for_escalation(s, later)}
    del major_rid


def test_demo_escalations_are_dated(demo_url: str) -> None:
    store = open_store(demo_url)
    with store.engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT h.escalated_on, r.deadline FROM hazards h JOIN rectifications r"
                " ON r.hazard_id = h.id WHERE h.escalation = 1"
            )
        ).all()
    store.dispose()
    assert rows
    for on, deadline in rows:
        assert dt.date.fromisoformat(on) == dt.date.fromisoformat(deadline) + dt.timedelta(1)


# -- the audit trail -----------------------------------------------------------------------


def _new_events(store, since: int) -> list[AuditEvent]:
    with store.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.id > since)))


def _last_event_id(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.max(AuditEvent.id))) or 0


def test_each_edit_writes_exactly_one_event_with_before_and_after(store, today) -> None:
    site = _site(store)
    led = _ledger(store, EDITOR, today)

    mark = _last_event_id(store)
    with led.edit() as tx:
        hid = tx.create_hazard(site, "general", "配电箱无防护", found_on=today)
    [ev] = _new_events(store, mark)
    assert (ev.action, ev.table, ev.row_id, ev.user, ev.site_id) == (
        "create",
        "hazards",
        hid,
        "zhangwei",
        site,
    )
    assert ev.before is None and ev.after["description"] == "配电箱无防护"

    mark = _last_event_id(store)
    with led.edit() as tx:
        tx.update_hazard(hid, {"level": "major", "category": "电气"})
    [ev] = _new_events(store, mark)
    assert ev.action == "update"
    changed = {k for k in ev.after if ev.before[k] != ev.after[k]}
    assert changed == {"level", "category", "version"}
    assert (ev.before["level"], ev.after["level"]) == ("general", "major")

    mark = _last_event_id(store)
    with led.edit() as tx:
        rid = tx.set_rectification(hid, "加装防护罩", today + dt.timedelta(days=7))
    [ev] = _new_events(store, mark)
    assert (ev.action, ev.table, ev.row_id, ev.site_id) == ("create", "rectifications", rid, site)

    mark = _last_event_id(store)
    with led.edit() as tx:
        tx.transition(rid, "start")
    [ev] = _new_events(store, mark)
    assert (ev.before["status"], ev.after["status"]) == ("open", "in_progress")

    mark = _last_event_id(store)
    with led.edit() as tx:
        tx.delete_hazard(hid)
    evs = _new_events(store, mark)
    assert [(e.action, e.table) for e in evs] == [
        ("delete", "rectifications"),
        ("delete", "hazards"),
    ]
    assert all(e.after is None and e.before["id"] in (hid, rid) for e in evs)

    history = site_history(store, site)
    assert [h.action for h in history[:5]] == ["delete", "delete", "update", "create", "update"]


def test_units_duties_and_patrol_areas_are_audited(store, today) -> None:
    import shapely

    mark = _last_event_id(store)
    with _ledger(store, ADMIN, today).edit() as tx:
        uid = tx.create_unit(name="测试单位", kind="regulator")
        did = tx.create_duty(unit_id=uid, role="regulator", layer="mines")
        pid = tx.create_patrol_area(
            name="测试巡查区", geom=shapely.box(500000, 3000000, 501000, 3001000)
        )
        tx.update_unit(uid, {"phone": "0871-1234567"})
        tx.delete_duty(did)
        tx.delete_patrol_area(pid)
    evs = [(e.action, e.table) for e in _new_events(store, mark)]
    assert evs == [
        ("create", "units"),
        ("create", "duties"),
        ("create", "patrol_areas"),
        ("update", "units"),
        ("delete", "duties"),
        ("delete", "patrol_areas"),
    ]


def test_a_failed_edit_leaves_no_event(store, today) -> None:
    n = _events(store)
    with (
        pytest.raises(LedgerError, match="description"),
        _ledger(store, EDITOR, today).edit() as tx,
    ):
        tx.create_hazard(_site(store), "general", "ok")
        tx.create_hazard(_site(store), "general", "   ")
    assert _events(store) == n


# -- undo and conflicts --------------------------------------------------------------------


def test_revert_undoes_a_create_an_update_and_a_delete(store, today) -> None:
    led = _ledger(store, EDITOR, today)
    with led.edit() as tx:
        hid = tx.create_hazard(_site(store), "general", "原描述", found_on=today)
        created = tx.events
    with led.edit() as tx:
        tx.update_hazard(hid, {"description": "新描述"})
        updated = tx.events
    with led.edit() as tx:
        tx.revert(updated)
    with store.session() as s:
        assert s.get(Hazard, hid).description == "原描述"
    with store.session() as s:
        snapshot = {c.key: getattr(s.get(Hazard, hid), c.key) for c in Hazard.__table__.c}
    with led.edit() as tx:
        tx.delete_hazard(hid)
        deleted = tx.events
    with led.edit() as tx:
        tx.revert(deleted)
    with store.session() as s:
        back = s.get(Hazard, hid)
        assert {k: v for k, v in snapshot.items() if k != "version"} == {
            c.key: getattr(back, c.key) for c in Hazard.__table__.c if c.key != "version"
        }
    with led.edit() as tx:
        tx.revert(created)
    with store.session() as s:
        assert s.get(Hazard, hid) is None


def test_revert_refuses_when_someone_changed_the_row_since(store, today) -> None:
    hid, rid = _new_rect(store, today)
    with _ledger(store, EDITOR, today).edit() as tx:
        tx.update_hazard(hid, {"description": "张伟改的"})
        mine = tx.events
    with _ledger(store, VERIFIER, today).edit() as tx:
        tx.update_hazard(hid, {"category": "李娜改的"})
    with (
        pytest.raises(ConflictError, match="changed by lina"),
        _ledger(store, EDITOR, today).edit() as tx,
    ):
        tx.revert(mine)
    with store.session() as s:
        h = s.get(Hazard, hid)
        assert (h.description, h.category) == ("张伟改的", "李娜改的")
    with (
        pytest.raises(PermissionDenied, match="only zhangwei or an admin"),
        _ledger(store, VERIFIER, today).edit() as tx,
    ):
        tx.revert(mine)
    del rid


def test_a_stale_version_is_refused_with_the_other_change(store, today) -> None:
    _, rid = _new_rect(store, today)
    seen = _rect(store, rid).version
    with _ledger(store, VERIFIER, today).edit() as tx:
        tx.transition(rid, "start")
    with (
        pytest.raises(ConflictError, match=r"lina .*status: open → in_progress"),
        _ledger(store, EDITOR, today).edit() as tx,
    ):
        tx.transition(rid, "start", expected_version=seen)


def test_units_duties_and_users_are_checked(store, today) -> None:
    led = _ledger(store, ADMIN, today)
    with store.session() as s:
        uid = s.scalar(select(Unit.id).where(Unit.credit_code != "").order_by(Unit.id).limit(1))
        code = s.get(Unit, uid).credit_code
    with pytest.raises(LedgerError, match="unknown layer 'no_such_layer'"), led.edit() as tx:
        tx.create_duty(unit_id=uid, role="regulator", layer="no_such_layer")
    with pytest.raises(LedgerError, match="no district with code 999"), led.edit() as tx:
        tx.create_duty(unit_id=uid, role="territorial", district_code="999")
    with pytest.raises(LedgerError, match="on layer chemical_plants, not mines"), led.edit() as tx:
        tx.create_duty(unit_id=uid, role="enterprise", site_id=_site(store), layer="mines")
    with pytest.raises(LedgerError, match="already belongs to"), led.edit() as tx:
        tx.create_unit(name="重名单位", kind="enterprise", credit_code=code)
    with pytest.raises(LedgerError, match="still named by"), led.edit() as tx:
        tx.delete_unit(uid)
    with pytest.raises(LedgerError, match="deactivate yourself"), led.edit() as tx:
        tx.set_user("admin", "admin", active=False)
    with pytest.raises(LedgerError, match="no duty with id 999999"), led.edit() as tx:
        tx.delete_duty(999999)
