"""The ledger import's and the sign-in's refusals keep the command line's English sentence and
say themselves in Chinese, a cause inside an import's refusal included (a real demo database)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from riskmap.core.accounts import authenticate, change_password
from riskmap.core.ledger import ImportedHazard, Ledger, resolve_actor
from riskmap.errors import LedgerError, PermissionDenied
from riskmap.messages import text
from riskmap.store.engine import open_store
from riskmap.store.schema import Site


@pytest.fixture
def store(demo_copy: str):
    s = open_store(demo_copy)
    yield s
    s.dispose()


def _refused(store, today: dt.date, item: ImportedHazard) -> LedgerError:
    ledger = Ledger(store, resolve_actor(store, "zhangwei"), today)
    with pytest.raises(LedgerError) as refused, ledger.edit() as tx:
        tx.import_hazards([item])
    return refused.value


def test_an_import_refusal_names_the_item_and_its_cause_in_each_language(
    store, demo_anchor: dt.date
) -> None:
    hazard = {"level": "general", "description": "消防通道堵塞", "found_on": demo_anchor}
    err = _refused(store, demo_anchor, ImportedHazard(site_id=999_999, hazard=hazard))
    assert str(err) == "item 1: no site with id 999999"
    assert text(err, "zh") == "第 1 条：没有编号为 999999 的场所"

    with store.session() as s:
        site = s.scalar(select(Site.id).order_by(Site.id).limit(1))
    wrong = {**hazard, "escalation": 2}
    err = _refused(store, demo_anchor, ImportedHazard(site, wrong, hazard_id=880_001))
    assert str(err) == "hazard 880001: escalation is 0 or 1, not 2"
    assert text(err, "zh") == "隐患 880001：提级督办只能为 0（否）或 1（是），而不是 2"

    later = demo_anchor + dt.timedelta(days=3)
    rect = {
        "measures": "清理通道",
        "deadline": later,
        "status": "verified",
        "submitted_by": "lina",
        "submitted_on": demo_anchor,
        "verified_by": "lina",
        "verified_on": demo_anchor,
    }
    err = _refused(store, demo_anchor, ImportedHazard(site, hazard, rect))
    assert text(err, "en").startswith("item 1: ")
    zh = text(err, "zh")
    assert zh.startswith("第 1 条：") and "lina" in zh and "验收" in zh, zh
    assert not any(w in zh for w in ("submitted", "verify", "cannot")), zh


def test_sign_in_and_password_refusals_in_each_language(store) -> None:
    with pytest.raises(PermissionDenied) as wrong:
        authenticate(store, "lina", "guess")
    assert str(wrong.value) == "wrong user name or password"
    assert text(wrong.value, "zh") == "用户名或密码错误"
    lina = authenticate(store, "lina", "riskmap")
    with pytest.raises(PermissionDenied) as current:
        change_password(store, lina, "lina", "lina-2026-own", "not-it")
    assert str(current.value) == "the current password is wrong; nothing was changed"
    assert text(current.value, "zh") == "当前密码不正确，未作任何修改"
    with pytest.raises(PermissionDenied) as other:
        change_password(store, lina, "zhangwei", "zhangwei-2026")
    assert text(other.value, "zh") == "只有已登录的管理员才能设置他人（zhangwei）的密码"
    with pytest.raises(LedgerError) as short:
        change_password(store, lina, "lina", "abc", "riskmap")
    assert str(short.value) == "a password needs at least 6 characters"
    assert text(short.value, "zh") == "密码至少需要 6 个字符"
