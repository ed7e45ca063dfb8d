"""A file's rows against the database's as they are now: what changed since the export, and the
workflow steps a file may take.

An exported row carries the versions its hazard and rectification had (hidden columns), and the
file the database's identity (说明). An import compares: a row someone changed after the export
that the file would change is a conflict, listed with the audit events since the export, and
nothing is written unless the user forces it. A row without versions (a unit's own 台账) may only
fill blank fields. The workflow is never moved by a file except forward along the ledger's
transitions, by the importing user; a file never moves a rectification back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmap.core.history import changes_since
from riskmap.core.ledger import TRANSITIONS
from riskmap.io.ledger_xlsx.columns import _ATTR_ZH, _BY_KEY, FIELD_ZH, STATUS_ZH
from riskmap.io.ledger_xlsx.read import _Row
from riskmap.io.ledger_xlsx.report import Conflict, Problem
from riskmap.store.access import Actor
from riskmap.store.schema import AuditEvent, Hazard, Rectification, User

# Set by the workflow's steps (submit, verify): who and the state are never written by a file
# as such; the dates of a step taken may be corrected (a paper submission entered a day late).
WORKFLOW = ("status", "submitted_by", "submitted_on", "verified_by", "verified_on")
RECORDED = ("status", "submitted_by", "verified_by")
# The steps a file may take, by the importing user: forward only (no reject).
_FORWARD = {k: v for k, v in TRANSITIONS.items() if k[1] != "reject"}
# A rectification field → the column a problem with it is reported in.
_COLUMN_OF = {"responsible_person": "person", "unit_id": "unit"}


def forward_path(start: str, goal: str) -> list[str] | None:
    """The actions from `start` to `goal` moving forward only ([] when equal); None when the
    goal is behind, or not reachable."""
    path: list[str] = []
    status = start
    while status != goal:
        step = next(((a, new) for (s, a), new in _FORWARD.items() if s == status), None)
        if step is None:
            return None
        path.append(step[0])
        status = step[1]
    return path


@dataclass(frozen=True)
class Step:
    """A workflow action the import takes on an existing rectification, as the importer."""

    action: str
    on: dt.date | None = None
    note: str = ""


@dataclass
class RoundTrip:
    """What the file's rows are, compared with the database: set up once per import."""

    s: Session
    actor: Actor
    today: dt.date
    trust: bool  # the file came from this database: its versions mean something
    force: bool  # the user's word: overwrite the conflicts (and a foreign file)
    foreign: bool  # the file came from another database (or cannot say)
    conflicts: list[Conflict] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    steps: dict[int, list[Step]] = field(default_factory=dict)  # rectification id → steps
    stepped: set[int] = field(default_factory=set)  # the hazards of those rectifications
    forced: dict[tuple[str, int], int] = field(default_factory=dict)  # (table, id) → Excel row
    people: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        users = self.s.execute(select(User.name, User.display_name))
        self.people = {u.name: u.display_name for u in users}

    # -- per row -----------------------------------------------------------------------------

    def versions(self, row: _Row) -> tuple[int | None, int | None, bool]:
        """(hazard version, rectification version, versioned) the row was exported at."""
        c = row.cells
        hv = c.get("hazard_version") if "hazard_version" not in row.bad else None
        rv = c.get("rect_version") if "rect_version" not in row.bad else None
        return hv, rv, self.trust and hv is not None

    def stale_rect(self, row: _Row, old: Rectification | None) -> bool:
        _hv, rv, versioned = self.versions(row)
        return versioned and old is not None and old.version != rv

    def deleted_since(self, hazard_id: int) -> bool:
        """Whether the audit trail has this hazard's deletion (else it never was here)."""
        stmt = select(AuditEvent.id).where(
            AuditEvent.table == "hazards",
            AuditEvent.row_id == hazard_id,
            AuditEvent.action == "delete",
        )
        return self.s.scalar(stmt.limit(1)) is not None

    def workflow(self, v: Any, row: _Row, r: dict[str, Any], old: Rectification) -> None:
        """The file's status for an existing rectification: kept, or reached by forward steps
        as the importer (filling who and when), or refused. `r` is changed in place."""
        wanted = {k: r[k] for k in WORKFLOW}
        same = {k: getattr(old, k) for k in WORKFLOW}
        if wanted == same:
            return
        _hv, _rv, versioned = self.versions(row)
        if not versioned and not (self.foreign and self.force):
            return  # a file without versions only fills blanks: `compare` says what it may not
        stale = self.stale_rect(row, old)
        path = forward_path(old.status, r["status"])
        recorded_same = all(wanted[k] == same[k] for k in RECORDED)
        if path is None or (not path and not recorded_same):
            if stale:
                # The file holds the state from before someone else's step: the conflict names
                # it, and even forced, the workflow stays where they took it.
                r.update(same)
                self.notices.append(
                    Problem(
                        row.n,
                        v.named.get("status") or _BY_KEY["status"].header,
                        f"整改状态保持「{STATUS_ZH[old.status]}」：表格不会退回工作流",
                        f"the status stays {old.status}: a file never moves the workflow back",
                    )
                )
                return
            if path is None:
                v.problem(
                    row,
                    "status",
                    f"表格不能把整改状态从「{STATUS_ZH[old.status]}」改为「{STATUS_ZH[r['status']]}」"
                    "（退回整改须由验收人在台账中操作）",
                    f"a file cannot move a rectification from {old.status} to {r['status']}",
                )
            else:
                changed = [k for k in RECORDED if wanted[k] != same[k]]
                v.problem(
                    row,
                    changed[0],
                    f"{'、'.join(_ATTR_ZH[k] for k in changed)}由提交验收、验收销号记录，"
                    "不能在表格中修改",
                    f"{', '.join(changed)} are recorded by the workflow, not by a file",
                )
            r.update(same)  # one problem, not a second one for the fields of that state
            return
        if not path:
            return  # the dates of the steps taken, corrected
        steps = []
        for action in path:
            if action == "submit":
                steps.append(Step("submit", self._by_importer(v, row, r, "submitted")))
            elif action == "verify":
                on = self._by_importer(v, row, r, "verified")
                steps.append(Step("verify", on, r["review_note"] or ""))
            else:
                steps.append(Step(action))
        self.steps[old.id] = steps
        self.stepped.add(old.hazard_id)

    def _by_importer(self, v: Any, row: _Row, r: dict[str, Any], what: str) -> dt.date:
        """提交人/验收人 of a step the import takes: the importer (blank means them)."""
        by, on = f"{what}_by", f"{what}_on"
        given = r[by]
        if given and given not in (self.actor.name, self.actor.label):
            zh_step = "提交验收" if what == "submitted" else "验收销号"
            v.problem(
                row,
                by,
                f"导入即由您（{self.actor.label}）{zh_step}，{_ATTR_ZH[by]}不能填写为「{given}」"
                f"（请由{given}本人操作，或留空）",
                f"the import takes this step as {self.actor.name}; {by} cannot be {given!r}",
            )
        r[by] = self.actor.name
        r[on] = r[on] or self.today
        return r[on]

    def compare(
        self,
        v: Any,
        row: _Row,
        hazard: dict[str, Any],
        rect: dict[str, Any] | None,
        wanted_rect: dict[str, Any] | None,
        old: Hazard | None,
        old_rect: Rectification | None,
    ) -> None:
        """Conflicts (versioned rows changed since the export), the blanks-only rule (rows
        without versions), and the rows a force overwrites."""
        hid = row.cells.get("hazard_id")
        hv, rv, versioned = self.versions(row)
        if old is None:
            if versioned and hid is not None and self.deleted_since(hid):
                self._conflict(row, "hazards", hid, hid, (), None)
            return
        h_diff = tuple(k for k, val in hazard.items() if getattr(old, k) != val)
        r_diff: tuple[str, ...] = ()
        if old_rect is not None and wanted_rect is not None:
            r_diff = tuple(k for k, val in wanted_rect.items() if getattr(old_rect, k) != val)
        if versioned:
            if h_diff and old.version != hv:
                self._conflict(row, "hazards", old.id, old.id, h_diff, hv)
            if r_diff and old_rect is not None and old_rect.version != rv:
                self._conflict(row, "rectifications", old_rect.id, old.id, r_diff, rv)
            return
        if self.foreign:
            if self.force:
                for table, diff, rid in (
                    ("hazards", h_diff, old.id),
                    ("rectifications", r_diff, old_rect.id if old_rect else 0),
                ):
                    if diff:
                        self.forced[(table, rid)] = row.n
            return
        for obj, diff in ((old, h_diff), (old_rect, r_diff)):
            for k in diff:
                have = getattr(obj, k)
                if have is None or have == "":
                    continue
                key = _COLUMN_OF.get(k, k)
                key = key if key in _BY_KEY else "status"
                v.problem(
                    row,
                    key,
                    f"本文件不含导出版本号（不是从本系统导出的台账），只能新增隐患、填写空白项，"
                    f"不能修改已有的「{FIELD_ZH.get(k, k)}」",
                    f"the file has no export versions: it may add rows and fill blank fields, "
                    f"not change {k}",
                )

    def _conflict(
        self,
        row: _Row,
        table: str,
        row_id: int,
        hazard_id: int,
        fields: tuple[str, ...],
        version: int | None,
    ) -> None:
        changes = tuple(changes_since(self.s, table, row_id, version))
        found = Conflict(row.n, table, row_id, hazard_id, fields, changes, self.people)
        self.conflicts.append(found)
        if self.force:
            self.forced[(table, row_id)] = row.n
